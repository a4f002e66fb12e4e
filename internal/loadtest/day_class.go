package loadtest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	mrand "math/rand/v2"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/kinderstem/kinderstem/internal/demo"
	"github.com/kinderstem/kinderstem/internal/store"
)

var bands = []string{"6-9", "10-13", "14-17"}

// class is one school class: the worker opens a session, the children
// answer on their tablets, the worker watches the count, then closes the
// session and publishes the group's results, which the group then reads.
// A class whose session is not open by the end of the day (soft) does not
// start; one that started finishes until hard ends.
func (d *day) class(soft, ctx context.Context, w *staffClient, n int) {
	rng := mrand.New(mrand.NewPCG(d.cfg.Seed, uint64(n)))
	band := bands[n%len(bands)]
	id, code, err := w.openSession(soft, band)
	if err != nil {
		return // the day ended before the worker could
	}
	count(&d.rep.ClassesStarted)
	sess := &store.Session{SurveyID: d.survey.ID, SurveyVersion: d.survey.Version, AgeBand: band, Setting: "school", Lang: "nl"}
	var children sync.WaitGroup
	for c := range d.cfg.ClassSize {
		children.Add(1)
		go func() {
			defer children.Done()
			d.child(ctx, code, sess, mrand.New(mrand.NewPCG(d.cfg.Seed, uint64(n)<<8|uint64(c))))
		}()
	}
	done := make(chan struct{})
	go func() { children.Wait(); close(done) }()
watch:
	for {
		select {
		case <-done:
			break watch
		case <-ctx.Done():
			return
		case <-time.After(time.Duration(3000+rng.IntN(2000)) * time.Millisecond): // the session page polls every 4 s
			w.get(ctx, "GET /sessions/:id/count", "/sessions/"+id+"/count")
		}
	}
	if w.post(ctx, "POST /sessions/:id/close", "/sessions/"+id+"/close", "/sessions/"+id, url.Values{}) != nil {
		return
	}
	if w.post(ctx, "POST /sessions/:id/publish", "/sessions/"+id+"/publish", "/sessions/"+id, url.Values{"expected": {strconv.Itoa(d.cfg.ClassSize)}}) != nil {
		return
	}
	// The group reads its results on the classroom screen.
	d.getChild(ctx, "GET /s/:code", "/s/"+code)
	count(&d.rep.ClassesDone)
}

// retryEvery is how often a tablet's offline queue sends a waiting
// questionnaire again (static/child.js, RETRY): a server that went away
// gets the queue back every 20 seconds, not a storm.
const retryEvery = 20 * time.Second

// child reads the questionnaire, takes a little while to answer, and
// sends it until it is acknowledged, every 20 seconds (with a little
// jitter) after a failure, as the tablet's queue does; some tablets send
// it once more after the acknowledgement.
func (d *day) child(ctx context.Context, code string, sess *store.Session, rng *mrand.Rand) {
	count(&d.rep.Children)
	d.getChild(ctx, "GET /s/:code", "/s/"+code)
	sleep(ctx, time.Duration(rng.IntN(3000))*time.Millisecond)
	id := randomID(rng)
	body := Body(demo.NewChild(rng).Submission(d.survey, sess), id)
	api := d.cfg.URL + "/api/v1/sessions/" + code + "/submissions"
	const route = "POST /api/v1/sessions/:code/submissions"
	for tries := 0; ctx.Err() == nil; tries++ {
		if tries > 0 {
			count(&d.rep.Resent)
			sleep(ctx, retryEvery+time.Duration(rng.IntN(5000)-2500)*time.Millisecond)
		}
		status, err := d.send(ctx, route, api, body)
		if err != nil || status >= 500 || status == http.StatusTooManyRequests {
			continue // the tablet keeps it and sends it again
		}
		if status == http.StatusCreated || status == http.StatusOK {
			d.rep.acked.Store(strings.ReplaceAll(id, "-", ""), true)
			count(&d.rep.Acknowledged)
			if rng.Float64() < d.cfg.Replays {
				d.send(ctx, route, api, body) // the offline queue sends it again: harmless
			}
		}
		return // any other answer is final: the tablet shows it
	}
}

func (d *day) send(ctx context.Context, route, api string, body []byte) (int, error) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, api, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	return d.do(route, req)
}

func (d *day) getChild(ctx context.Context, route, path string) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, d.cfg.URL+path, nil)
	d.do(route, req)
}

func (d *day) do(route string, req *http.Request) (int, error) {
	t0 := time.Now()
	resp, err := d.children.Do(req)
	if err != nil {
		if req.Context().Err() == nil {
			d.rep.Routes.observe(route, 0, 0, err)
		}
		return 0, err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	d.rep.Routes.observe(route, resp.StatusCode, time.Since(t0), nil)
	return resp.StatusCode, nil
}

var (
	csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)
	bigCode   = regexp.MustCompile(`class="big-code"[^>]*>([A-Z0-9]{6})<`)
)

// openSession starts a session as the worker does on /sessions/new, and
// returns its id and code.
func (w *staffClient) openSession(ctx context.Context, band string) (id, code string, err error) {
	for ctx.Err() == nil {
		if err := w.login(ctx); err != nil {
			sleep(ctx, 5*time.Second)
			continue
		}
		closes := time.Now().Add(3 * time.Hour).In(brussels).Format("2006-01-02T15:04")
		form := url.Values{"survey": {"wellbeing"}, "band": {band}, "lang": {"nl"}, "setting": {"school"},
			"region": {"44021"}, "closes": {closes}, "label": {"soak"}}
		loc, err := w.postRedirect(ctx, "POST /sessions", "/sessions", "/sessions/new", form)
		if err != nil || !strings.HasPrefix(loc, "/sessions/") {
			sleep(ctx, 5*time.Second)
			continue
		}
		page, status := w.get(ctx, "GET /sessions/:id", loc)
		if m := bigCode.FindStringSubmatch(page); status == http.StatusOK && m != nil {
			return strings.TrimPrefix(loc, "/sessions/"), m[1], nil
		}
		sleep(ctx, 5*time.Second)
	}
	return "", "", fmt.Errorf("loadtest: no session opened: %w", ctx.Err())
}
