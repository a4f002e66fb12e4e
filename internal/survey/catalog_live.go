package survey

import (
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
)

// surveySet is every survey the catalog knows at one moment. A set is
// never changed once a reader can see it: publishing a written survey
// builds a new set and swaps it in whole, so a request that holds a set
// sees one consistent catalog, and readers take no lock.
type surveySet struct {
	surveys  []*Survey            // answered by children, in sessions: current versions
	profs    []*Survey            // answered by professionals, by invitation
	byID     map[string]*Survey   // the current version of each
	versions map[string][]*Survey // every version known of each, oldest first
}

// live holds the current set and those who must hear of a new survey
// version before anyone can see it.
type live struct {
	set       atomic.Pointer[surveySet]
	mu        sync.Mutex // serialises Publish and Follow
	followers []func(*Survey) bool
}

// put adds s as the current version of its id; the set must not be
// visible yet.
func (set *surveySet) put(s *Survey) {
	list := &set.surveys
	if s.ForProfessionals() {
		list = &set.profs
	}
	if i := slices.IndexFunc(*list, func(o *Survey) bool { return o.ID == s.ID }); i >= 0 {
		(*list)[i] = s
	} else {
		*list = append(*list, s)
	}
	set.byID[s.ID] = s
	vs := slices.DeleteFunc(slices.Clone(set.versions[s.ID]), func(o *Survey) bool { return o.Version == s.Version })
	set.versions[s.ID] = append(vs, s)
}

func (set *surveySet) clone() *surveySet {
	out := &surveySet{surveys: slices.Clone(set.surveys), profs: slices.Clone(set.profs),
		byID: make(map[string]*Survey, len(set.byID)), versions: make(map[string][]*Survey, len(set.versions))}
	for k, v := range set.byID {
		out.byID[k] = v
	}
	for k, v := range set.versions {
		out.versions[k] = v
	}
	return out
}

// Version returns one version of a survey: the current one, an older
// version a written survey published before (sessions keep the version
// they started with), or a shipped survey's current file.
func (c *Catalog) Version(id string, version int) (*Survey, bool) {
	for _, s := range c.live.set.Load().versions[id] {
		if s.Version == version {
			return s, true
		}
	}
	return nil, false
}

// Versions returns every version of a survey the catalog knows, oldest
// first: a shipped survey's current file and every version published in
// this database.
func (c *Catalog) Versions(id string) []*Survey { return c.live.set.Load().versions[id] }

// Publish makes s the current version of its survey: a new survey, or a
// version above the current one. It may take the number of a shipped
// file's version (a database published it before this build shipped
// one): the database's version wins, since its sessions and answers
// refer to it. Every follower hears of s before any reader can see it.
func (c *Catalog) Publish(s *Survey) error { return c.publish(s, false) }

// Restore adds a version published in this database before, at start-up:
// the current version when it is the highest, else an older one that
// sessions begun on it still use (a newer build may ship a higher version
// of the same survey).
func (c *Catalog) Restore(s *Survey) error { return c.publish(s, true) }

// CanPublish says whether Publish would take s now, before anything of
// it is kept elsewhere: a version kept that cannot join the catalogue
// would be lost to every reader.
func (c *Catalog) CanPublish(s *Survey) error {
	c.live.mu.Lock()
	defer c.live.mu.Unlock()
	_, err := c.check(c.live.set.Load(), s, false)
	return err
}

// check is every rule a version must pass to join the set; older says it
// joins as an earlier version (a restore below the current one).
func (c *Catalog) check(set *surveySet, s *Survey, restore bool) (older bool, err error) {
	if cur, ok := set.byID[s.ID]; ok {
		switch {
		case cur.ForProfessionals() != s.ForProfessionals():
			return false, fmt.Errorf("survey: %s is answered by %s; a new version cannot change that", s.ID, cur.Respondents)
		case restore && s.Version < cur.Version:
			older = true
		case s.Version < cur.Version, s.Version == cur.Version && cur.Written():
			return false, fmt.Errorf("survey: %s version %d is not above the current version %d", s.ID, s.Version, cur.Version)
		}
	}
	if s.Version < 1 || s.Version > MaxVersion {
		return false, fmt.Errorf("survey: %s: version %d is outside 1-%d", s.ID, s.Version, MaxVersion)
	}
	if clash := c.indicatorClash(s); clash != "" {
		return false, fmt.Errorf("survey: %s: indicator %s is a registration indicator's id", s.ID, clash)
	}
	return older, nil
}

func (c *Catalog) publish(s *Survey, restore bool) error {
	c.live.mu.Lock()
	defer c.live.mu.Unlock()
	set := c.live.set.Load()
	older, err := c.check(set, s, restore)
	if err != nil {
		return err
	}
	keep := c.live.followers[:0]
	for _, f := range c.live.followers {
		if f(s) {
			keep = append(keep, f)
		}
	}
	c.live.followers = keep
	next := set.clone()
	if older {
		vs := slices.Clone(next.versions[s.ID])
		at := slices.IndexFunc(vs, func(o *Survey) bool { return o.Version > s.Version })
		next.versions[s.ID] = slices.Insert(vs, max(at, 0), s)
	} else {
		next.put(s)
	}
	c.live.set.Store(next)
	return nil
}

// MaxVersion is the highest version number a survey may have: the
// indicator index keeps a submission's version in one byte.
const MaxVersion = 255

func (c *Catalog) indicatorClash(s *Survey) string {
	for _, ind := range s.Indicators {
		if _, ok := c.RegistrationByID(ind.ID); ok {
			return ind.ID
		}
	}
	return ""
}

// Follow registers f to hear of every survey version published from now
// on, before readers see it, and returns every version of every children's
// survey known now, oldest first per survey: together, nothing is missed
// and nothing comes twice. f runs under the catalog's publishing lock, so
// it must be quick and must not publish; it returns false once it no
// longer wants to hear (its owner is gone).
func (c *Catalog) Follow(f func(*Survey) bool) []*Survey {
	c.live.mu.Lock()
	defer c.live.mu.Unlock()
	c.live.followers = append(c.live.followers, f)
	set := c.live.set.Load()
	var out []*Survey
	for _, s := range set.surveys {
		out = append(out, set.versions[s.ID]...)
	}
	return out
}

// Clone returns a catalog with the same reference lists and surveys that
// publishes on its own: what a test that publishes works on, so the
// catalog shared by a test binary stays as shipped.
func (c *Catalog) Clone() *Catalog {
	out := *c
	out.live = &live{}
	out.live.set.Store(c.live.set.Load())
	return &out
}
