// Package loadtest drives simulated children against a running Kinderstem
// on this machine, and measures beside it the raw ceiling: the same
// submissions stored straight into SQLite with the same pragmas and group
// commit, without HTTP. Every run is bounded in requests and in time.
package loadtest

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	mrand "math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/kinderstem/kinderstem/internal/demo"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// Config is one run.
type Config struct {
	URL  string // the server, e.g. http://127.0.0.1:8080; loopback only
	Code string // an open session's code, when Codes is empty
	// Codes are open sessions to spread the children over, as a school
	// day does: each takes Children children, then the next one does,
	// round again after the last. All are of the same survey.
	Codes    []string
	Children int // per session before the next; 25 when 0
	Clients  int
	Duration time.Duration
	Max      int     // stop after this many requests
	Replays  float64 // share of requests that resend an acknowledged submission
	Invalid  float64 // share of requests with a wrong answer
	Seed     uint64
}

// Report is what a run measured.
type Report struct {
	Requests     int
	ByStatus     map[int]int
	Failures     int // network errors
	Elapsed      time.Duration
	P50, P95     time.Duration
	P99, Max     time.Duration
	Acknowledged int // 201 and 200
	Created      int // 201
	Answers      int // answers per submission
	AckedIDs     []string
	Sessions     int    // the sessions the children were spread over
	Survey       string // the (first) session's survey, band and setting
	Band         string
	Setting      string
}

// PerSecond is the rate of acknowledged submissions.
func (r Report) PerSecond() float64 { return float64(r.Acknowledged) / r.Elapsed.Seconds() }

// sessionInfo is GET /api/v1/sessions/{code}.
type sessionInfo struct {
	Survey  string `json:"survey"`
	Version int    `json:"version"`
	Band    string `json:"age_band"`
	Setting string `json:"setting"`
	Lang    string `json:"lang"`
	Open    bool   `json:"open"`
}

// checkLoopback refuses any target but this machine: load is never sent
// anywhere else.
func checkLoopback(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return err
	}
	ips, err := net.LookupIP(u.Hostname())
	if err != nil {
		return err
	}
	for _, ip := range ips {
		if !ip.IsLoopback() {
			return fmt.Errorf("loadtest: %s is not on this machine (loopback only)", u.Hostname())
		}
	}
	return nil
}

// Run drives cfg.Clients concurrent children until the time or the
// request budget runs out.
func Run(ctx context.Context, cat *survey.Catalog, cfg Config) (*Report, error) {
	if err := checkLoopback(cfg.URL); err != nil {
		return nil, err
	}
	codes := cfg.Codes
	if len(codes) == 0 {
		codes = []string{cfg.Code}
	}
	if cfg.Children <= 0 {
		cfg.Children = 25
	}
	client := &http.Client{Timeout: 30 * time.Second}
	targets := make([]target, len(codes))
	tmpls := map[string][][]byte{}
	for i, code := range codes {
		info, err := fetchSession(ctx, client, cfg.URL, code)
		if err != nil {
			return nil, err
		}
		s, ok := cat.Survey(info.Survey)
		if !ok || s.Version != info.Version || !info.Open {
			return nil, fmt.Errorf("loadtest: session %s is closed or its survey %s v%d is not in this build", code, info.Survey, info.Version)
		}
		if i > 0 && s != targets[0].s {
			return nil, fmt.Errorf("loadtest: session %s is of survey %s, not %s like %s", code, s.ID, targets[0].s.ID, codes[0])
		}
		sess := &store.Session{SurveyID: s.ID, SurveyVersion: s.Version, AgeBand: info.Band, Setting: info.Setting, Lang: info.Lang}
		kind := info.Band + "|" + info.Setting + "|" + info.Lang
		if tmpls[kind] == nil {
			tmpls[kind] = templates(s, sess, cfg.Seed+uint64(len(tmpls)), 1000/len(codes)+50)
		}
		targets[i] = target{path: "/api/v1/sessions/" + code + "/submissions", s: s, sess: sess, tmpl: tmpls[kind]}
	}
	ctx, cancel := context.WithTimeout(ctx, cfg.Duration)
	defer cancel()
	var budget, next atomic.Int64
	budget.Store(int64(cfg.Max))
	pick := func() *target {
		j := int(next.Add(1) - 1)
		return &targets[j/cfg.Children%len(targets)]
	}
	if _, err := newPoster(cfg.URL+targets[0].path, time.Second); err != nil {
		return nil, err
	}
	results := make([]clientResult, cfg.Clients)
	var wg sync.WaitGroup
	start := time.Now()
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := mrand.New(mrand.NewPCG(cfg.Seed, uint64(i)))
			results[i] = drive(ctx, cfg, rng, &budget, pick)
		}()
	}
	wg.Wait()
	rep := merge(results, time.Since(start), targets[0].s, targets[0].sess)
	rep.Sessions = len(targets)
	return rep, nil
}

// target is a session children are sent to, with the bodies its children
// send.
type target struct {
	path string
	s    *survey.Survey
	sess *store.Session
	tmpl [][]byte
}

func fetchSession(ctx context.Context, client *http.Client, base, code string) (*sessionInfo, error) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+"/api/v1/sessions/"+code, nil)
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("loadtest: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("loadtest: session %s: %s", code, resp.Status)
	}
	var info sessionInfo
	return &info, json.NewDecoder(resp.Body).Decode(&info)
}

type clientResult struct {
	latencies []time.Duration
	byStatus  map[int]int
	failures  int
	acked     []string
	created   int
}

// idPlaceholder stands where each request's fresh id goes; a UUID has the
// same length, so a template is copied and patched, not built again.
const idPlaceholder = "00000000-0000-4000-8000-000000000000"

// templates makes bodies of synthetic children once, before the clock
// starts: the load generator shares the machine with the server and should
// spend its time sending, not composing.
func templates(s *survey.Survey, sess *store.Session, seed uint64, n int) [][]byte {
	rng := mrand.New(mrand.NewPCG(seed, 1))
	out := make([][]byte, n)
	for i := range out {
		out[i] = Body(demo.NewChild(rng).Submission(s, sess), idPlaceholder)
	}
	return out
}

// withNewID writes tmpl into buf with a fresh id in place of the
// placeholder: the body is built in the client's own buffer, not allocated
// per request.
func withNewID(buf, tmpl []byte, rng *mrand.Rand) (body []byte, id string) {
	body = append(buf[:0], tmpl...)
	at := bytes.Index(body, []byte(idPlaceholder))
	putRandomID(body[at:at+len(idPlaceholder)], rng)
	return body, string(body[at : at+len(idPlaceholder)])
}

// sentBody is an acknowledged request, kept to be sent again.
type sentBody struct {
	path string
	body []byte
	id   string
}

// drive is one tablet: each new child goes to the session pick gives.
func drive(ctx context.Context, cfg Config, rng *mrand.Rand, budget *atomic.Int64, pick func() *target) clientResult {
	r := clientResult{byStatus: map[int]int{}}
	p, _ := newPoster(cfg.URL+"/", 30*time.Second) // checked by Run
	defer p.close()
	var sent []sentBody // this client's acknowledged bodies, for replays
	var buf []byte      // the body of each new child, reused
	for ctx.Err() == nil && budget.Add(-1) >= 0 {
		var body []byte
		var id, path string
		switch x := rng.Float64(); {
		case x < cfg.Replays && len(sent) > 0:
			again := sent[rng.IntN(len(sent))]
			path, body, id = again.path, again.body, again.id
		case x < cfg.Replays+cfg.Invalid:
			t := pick()
			id, path = randomID(rng), t.path
			body = []byte(fmt.Sprintf(`{"id":"%s","lang":"%s","answers":{"%s":99}}`, id, t.sess.Lang, t.s.Items()[0].ID))
		default:
			t := pick()
			path = t.path
			body, id = withNewID(buf, t.tmpl[rng.IntN(len(t.tmpl))], rng)
			buf = body
		}
		t0 := time.Now()
		status, err := p.post(ctx, path, body)
		if err != nil {
			if ctx.Err() == nil && !errors.Is(err, context.DeadlineExceeded) {
				r.failures++
			}
			continue
		}
		r.latencies = append(r.latencies, time.Since(t0))
		r.byStatus[status]++
		if status == http.StatusCreated || status == http.StatusOK {
			r.acked = append(r.acked, id)
			if status == http.StatusCreated {
				r.created++
				if len(sent) < 64 {
					sent = append(sent, sentBody{path, bytes.Clone(body), id})
				}
			}
		}
	}
	return r
}

func randomID(rng *mrand.Rand) string {
	var b [36]byte
	putRandomID(b[:], rng)
	return string(b[:])
}

// putRandomID writes a random (version 4) UUID into the 36 bytes of dst.
func putRandomID(dst []byte, rng *mrand.Rand) {
	var b [16]byte
	for i := range b {
		b[i] = byte(rng.UintN(256))
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	hex.Encode(dst[0:8], b[0:4])
	dst[8] = '-'
	hex.Encode(dst[9:13], b[4:6])
	dst[13] = '-'
	hex.Encode(dst[14:18], b[6:8])
	dst[18] = '-'
	hex.Encode(dst[19:23], b[8:10])
	dst[23] = '-'
	hex.Encode(dst[24:36], b[10:16])
}

// Body is the JSON a tablet sends for a submission, with this id.
func Body(sub *store.Submission, id string) []byte {
	answers := map[string]any{}
	for _, a := range sub.Answers {
		switch {
		case a.Code == survey.CodeSkipped:
			answers[a.Item] = "skip"
		case a.Code == survey.CodeDontKnow:
			answers[a.Item] = "dont_know"
		case a.Text != "":
			answers[a.Item] = a.Text
		default:
			answers[a.Item] = a.Code
		}
	}
	var age any
	if sub.Age > 0 {
		age = sub.Age
	}
	b, _ := json.Marshal(map[string]any{"id": id, "lang": sub.Lang, "age": age, "gender": sub.Gender, "answers": answers})
	return b
}

func merge(results []clientResult, elapsed time.Duration, s *survey.Survey, sess *store.Session) *Report {
	rep := &Report{ByStatus: map[int]int{}, Elapsed: elapsed, Survey: s.ID, Band: sess.AgeBand, Setting: sess.Setting}
	var all []time.Duration
	for _, r := range results {
		all = append(all, r.latencies...)
		for k, v := range r.byStatus {
			rep.ByStatus[k] += v
		}
		rep.Failures += r.failures
		rep.Created += r.created
		rep.AckedIDs = append(rep.AckedIDs, r.acked...)
	}
	rep.Requests = len(all)
	rep.Acknowledged = rep.ByStatus[http.StatusCreated] + rep.ByStatus[http.StatusOK]
	for _, it := range s.Items() {
		if it.ShownIn(sess.Setting) {
			rep.Answers++
		}
	}
	sort.Slice(all, func(i, j int) bool { return all[i] < all[j] })
	rep.P50, rep.P95, rep.P99, rep.Max = Quantile(all, 0.50), Quantile(all, 0.95), Quantile(all, 0.99), Quantile(all, 1)
	return rep
}
