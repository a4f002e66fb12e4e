package decision

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/kinderstem/kinderstem/internal/store"
)

// ErasePass is what one pass of EraseDue did.
type ErasePass struct {
	At     time.Time
	Erased int
	// Failed counts the requests due that could not be erased; they are
	// due again at the next pass.
	Failed int
}

// EraseFailed is EraseDue's error when some requests due could not be
// erased and the others were: the pass went on past each failure.
type EraseFailed struct {
	IDs []int64
	Err error // every failure, joined
}

func (e *EraseFailed) Error() string {
	return fmt.Sprintf("%d of the children's views due could not be erased (tried again at the next pass): %v", len(e.IDs), e.Err)
}

func (e *EraseFailed) Unwrap() error { return e.Err }

// erasures remembers a Service's last pass for the operator's metrics.
type erasures struct {
	mu   sync.Mutex
	last ErasePass
}

// LastErasure is the Service's last erasure pass; zero before the first.
func (s *Service) LastErasure() ErasePass {
	s.erasures.mu.Lock()
	defer s.erasures.mu.Unlock()
	return s.erasures.last
}

// EraseDue erases every request whose time is over: read by the child at
// least its organisation's retention ago, or untouched for Backstop days.
// Run at start-up, every hour while serving, and before every backup, so
// a backup never holds what should be gone. Each erasure is logged.
func (s *Service) EraseDue(ctx context.Context, log *slog.Logger) (int, error) {
	n, err := EraseDue(ctx, s.st, log)
	pass := ErasePass{At: s.st.Now(), Erased: n}
	if f := (*EraseFailed)(nil); errors.As(err, &f) {
		pass.Failed = len(f.IDs)
	} else if err != nil {
		pass.Failed = -1 // the requests due could not be listed
	}
	s.erasures.mu.Lock()
	s.erasures.last = pass
	s.erasures.mu.Unlock()
	return n, err
}

// EraseDue is Service.EraseDue for a store without the key file (the
// backup command): erasing needs no key. One request that cannot be
// erased does not stop the others: it is logged, audited
// (voice_erase_failed) and left for the next pass, and the error is an
// *EraseFailed naming it.
func EraseDue(ctx context.Context, st *store.Store, log *slog.Logger) (int, error) {
	ids, err := st.VoiceDue(ctx, st.Now(), DefaultRetention, Backstop)
	if err != nil {
		return 0, err
	}
	n := 0
	var failed []int64
	var errs []error
	for _, id := range ids {
		if err := ctx.Err(); err != nil {
			return n, err
		}
		if err := st.EraseVoice(ctx, id); err != nil {
			failed, errs = append(failed, id), append(errs, err)
			if log != nil {
				log.Error("a child's view due for erasure could not be erased; tried again at the next pass", "request", id, "err", err)
			}
			_ = st.Audit(ctx, 0, "voice_erase_failed", target(id), err.Error())
			continue
		}
		_ = st.Audit(ctx, 0, "voice_erase", target(id), "retention over")
		n++
	}
	if n > 0 && log != nil {
		log.Info("erased children's views whose retention was over", "requests", n)
	}
	if len(failed) > 0 {
		return n, &EraseFailed{IDs: failed, Err: errors.Join(errs...)}
	}
	return n, nil
}

// EraseEvery runs EraseDue at once and then every interval until ctx
// ends, logging what fails.
func (s *Service) EraseEvery(ctx context.Context, interval time.Duration, log *slog.Logger) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if _, err := s.EraseDue(ctx, log); err != nil && ctx.Err() == nil {
			log.Error("erase children's views whose retention is over", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
