package metrics

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Store is what the metrics read from the database at each scrape.
type Store interface {
	Queued() int                           // submissions waiting for the writer
	FileSizes() (db, wal int64, err error) // the file and its write-ahead log
	Writable() error                       // why the last write failed for want of space, or nil
}

// WatchStore adds gauges read from st at each scrape: submissions queued,
// the database's and the WAL's size, and whether the disk is full.
func (m *Metrics) WatchStore(st Store) {
	sizes := func(wal bool) float64 {
		db, w, err := st.FileSizes()
		if err != nil {
			return 0
		}
		if wal {
			return float64(w)
		}
		return float64(db)
	}
	m.reg.MustRegister(
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "kinderstem_submissions_queued",
			Help: "Submissions waiting for the group-commit writer."}, func() float64 { return float64(st.Queued()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "kinderstem_database_size_bytes",
			Help: "Size of the SQLite database file."}, func() float64 { return sizes(false) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "kinderstem_wal_size_bytes",
			Help: "Size of the SQLite write-ahead log; one that only grows means a checkpoint cannot finish."},
			func() float64 { return sizes(true) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "kinderstem_storage_full",
			Help: "1 while the last write failed because the disk or the file is full (children are told to try again), else 0."},
			func() float64 {
				if st.Writable() != nil {
					return 1
				}
				return 0
			}),
	)
}

// Drill is what the last restore drill left behind (see internal/drill).
type Drill func() (lastRun, lastSuccess time.Time, ok bool)

// WatchDrill adds the restore drill's gauges, read at each scrape: when it
// last ran, when it last succeeded (0 when never), and whether the last
// run passed. An alert on time() minus the last success catches a drill
// that stopped running as well as one that fails.
func (m *Metrics) WatchDrill(read Drill) {
	unix := func(t time.Time) float64 {
		if t.IsZero() {
			return 0
		}
		return float64(t.UnixNano()) / 1e9
	}
	m.reg.MustRegister(
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "kinderstem_restore_drill_last_run_timestamp_seconds",
			Help: "When the restore drill last ran (Unix time), 0 when never."},
			func() float64 { t, _, _ := read(); return unix(t) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "kinderstem_restore_drill_last_success_timestamp_seconds",
			Help: "When the restore drill last passed (Unix time), 0 when never."},
			func() float64 { _, t, _ := read(); return unix(t) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "kinderstem_restore_drill_ok",
			Help: "1 when the last restore drill passed, 0 when it failed or never ran."},
			func() float64 {
				if _, _, ok := read(); ok {
					return 1
				}
				return 0
			}),
	)
}

// Erasure is the last pass that erased children's views whose retention
// was over (see internal/decision): when it ran, and how many requests
// due it could not erase (-1 when it could not list them).
type Erasure func() (lastRun time.Time, failed int)

// WatchErasure adds the erasure pass's gauges, read at each scrape: when
// it last ran and how many requests due it could not erase. A failed
// request is tried again at the next pass; an alert on a count above 0
// for more than one pass catches one that stays stuck.
func (m *Metrics) WatchErasure(read Erasure) {
	m.reg.MustRegister(
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "kinderstem_voice_erase_last_run_timestamp_seconds",
			Help: "When the pass erasing children's views whose retention is over last ran (Unix time), 0 when never."},
			func() float64 {
				t, _ := read()
				if t.IsZero() {
					return 0
				}
				return float64(t.UnixNano()) / 1e9
			}),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "kinderstem_voice_erase_failed",
			Help: "Children's views due for erasure that the last pass could not erase (tried again at the next), -1 when it could not list them."},
			func() float64 { _, n := read(); return float64(n) }),
	)
}
