package store

// BackgroundCheckpoints reports the background checkpointer's passes and
// whether it is still running; ok is false when the store has none.
func BackgroundCheckpoints(s *Store) (passes int64, running, ok bool) {
	c := s.ckpt
	if c == nil {
		return 0, false, false
	}
	select {
	case <-c.done:
	default:
		running = true
	}
	return c.passes.Load(), running, true
}
