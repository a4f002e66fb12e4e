package demo

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/kinderstem/kinderstem/internal/store"
)

// sink stores what the generator draws: through the write path, or through
// a store.Filler. Both store the same rows.
type sink interface {
	// session stores a session opened on day (the clock is there) and
	// its children.
	session(ctx context.Context, day time.Time, sess *store.Session, children []*store.Submission) error
	endDay() error // returns once the day's children are stored
	close() error
}

// submitSink sends each child through Store.Submit from a pool of
// goroutines, as tablets would.
type submitSink struct {
	st       *store.Store
	work     chan pendingSub
	wg       sync.WaitGroup // the workers
	day      sync.WaitGroup // the day's children
	failed   atomic.Value
	progress func()
}

// pendingSub is a submission on its way to a worker, and what to tell
// when it is stored.
type pendingSub struct {
	sub  *store.Submission
	done *sync.WaitGroup
}

func newSubmitSink(ctx context.Context, st *store.Store, workers int, progress func()) *submitSink {
	s := &submitSink{st: st, work: make(chan pendingSub, workers*2), progress: progress}
	for range workers {
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			for p := range s.work {
				if _, err := st.Submit(ctx, p.sub); err != nil {
					s.failed.CompareAndSwap(nil, err)
				}
				p.done.Done()
				s.progress()
			}
		}()
	}
	return s
}

// session opens the session and queues its children; the store's clock
// is on their day until endDay.
func (s *submitSink) session(ctx context.Context, _ time.Time, sess *store.Session, children []*store.Submission) error {
	if err := s.err(); err != nil {
		return err
	}
	if err := s.st.CreateSession(ctx, sess); err != nil {
		return err
	}
	for _, sub := range children {
		sub.SessionID = sess.ID
		s.day.Add(1)
		select {
		case s.work <- pendingSub{sub: sub, done: &s.day}:
		case <-ctx.Done():
			s.day.Done()
			return ctx.Err()
		}
	}
	return nil
}

func (s *submitSink) endDay() error {
	s.day.Wait()
	return s.err()
}

func (s *submitSink) err() error {
	err, _ := s.failed.Load().(error)
	return err
}

func (s *submitSink) close() error {
	s.day.Wait()
	close(s.work)
	s.wg.Wait()
	return s.err()
}

// fillSink stores everything through one store.Filler, on a goroutine of
// its own, so that drawing the next session's children overlaps with
// storing this one's.
type fillSink struct {
	work     chan fillJob
	done     chan error
	progress func()
}

type fillJob struct {
	day      time.Time
	sess     *store.Session
	children []*store.Submission
}

func newFillSink(f *store.Filler, progress func()) *fillSink {
	s := &fillSink{work: make(chan fillJob, 64), done: make(chan error, 1), progress: progress}
	go func() {
		var err error
		for j := range s.work {
			if err == nil {
				err = s.store(f, j)
			}
		}
		if cerr := f.Commit(); err == nil {
			err = cerr
		}
		s.done <- err
	}()
	return s
}

func (s *fillSink) store(f *store.Filler, j fillJob) error {
	if err := f.CreateSession(j.day, j.sess); err != nil {
		return err
	}
	for _, sub := range j.children {
		sub.SessionID = j.sess.ID
		if _, err := f.Submit(j.day, sub); err != nil {
			return err
		}
		s.progress()
	}
	return nil
}

func (s *fillSink) session(_ context.Context, day time.Time, sess *store.Session, children []*store.Submission) error {
	s.work <- fillJob{day: day, sess: sess, children: children}
	return nil
}

func (s *fillSink) endDay() error { return nil }

func (s *fillSink) close() error {
	close(s.work)
	return <-s.done
}
