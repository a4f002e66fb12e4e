package indicator

import (
	"context"
	"fmt"
	"sync"
	"time"
	"weak"

	"github.com/kinderstem/kinderstem/internal/release"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// notShown marks an item a submission was never asked: another setting or
// another version of the survey.
const notShown int8 = -128

// Index is the tally of every coded answer, kept in memory as columns: one
// table per survey, one byte per submission per item column, and a few
// bytes of breakdown values per submission. It is built from the answers
// at start-up and appended on every durable commit, so no page ever scans
// the database, and any filter with any two-way breakdown is one pass over
// the rows (a million submissions in a few milliseconds).
type Index struct {
	cat    *survey.Catalog
	lookup func(ctx context.Context, id int64) (*store.Session, error)

	mu         sync.RWMutex
	tables     map[string]*table
	sessions   sessionIndex  // session id -> the session's number
	sessionIDs []int64       // by session number
	dims       []sessionDims // by session number
	settings   dict
	regions    dict // municipalities and provinces
	orgs       dict
	lastID     int64
	// sessionOrder lists the session numbers in session id order, the
	// order every pass over sessions takes.
	sessionOrder sessionList
	loading      bool              // Load is scanning the database
	pending      []store.Committed // batches committed during the scan

	recordSecret []byte        // WithRecordKey; never stored in the database
	pop          *Population   // WithPopulation or the imported table; nil: none
	keys         *release.Keys // record keys under recordSecret, used under mu
	fromSnapshot bool          // read from a snapshot, then the rows since
}

// sessionDims are the breakdown values a submission takes from its session.
type sessionDims struct {
	setting, province uint8
	region, org       uint16
}

// sessionAt is a session's number in this index (its place in dims and
// sessionIDs) with its breakdown values.
type sessionAt struct {
	idx int32
	sessionDims
}

// table is one survey's rows.
type table struct {
	s     *survey.Survey
	cols  []column
	colOf map[string]int // item id -> its (first) column
	bands dict
	rows  int
	// Per row: the session (whose setting, region and organisation every
	// child in it shares), then what varies from child to child.
	session narrowed[int32, int16] // the session's number
	version smallColumn
	band    smallColumn
	gender  smallColumn
	month   monthColumn     // months since January 2000
	key     chunked[uint16] // the record key of cell key perturbation
	age     ageColumn       // whole years as the child gave them; 0 unknown
	bg      chunked[uint16] // the background block's answers, packed (background.go); 0 not asked
	order   sessionOrder    // rows grouped by session, for the intervals
	weights tableWeights    // population weights by class, for weights=population
	// The pre-aggregates: counts by cell (cube.go) and the sessions'
	// sums (blocks.go), kept with every row added.
	cube   *cube
	whole  *cube // the cube with every month added up: for queries over all time
	blocks *blocks
	nv     []int // by indicator: its value categories, valid below
	cats   []int // scratch: a row's categories
}

// column is one item, or one option of a multi item (1 chosen, 0 not).
type column struct {
	item   *survey.Item
	option int
	codes  codeColumn
}

// dict numbers the values of a breakdown in the order first seen.
type dict struct {
	index map[string]int
	names []string
}

func (d *dict) id(name string) int {
	if d.index == nil {
		d.index = map[string]int{}
	}
	if i, ok := d.index[name]; ok {
		return i
	}
	d.index[name] = len(d.names)
	d.names = append(d.names, name)
	return len(d.names) - 1
}

// genders are numbered by their position in the survey's list.
var genders = survey.Genders

func genderID(g string) uint8 {
	for i, v := range genders {
		if v == g {
			return uint8(i)
		}
	}
	return 3
}

// monthOf turns "2026-03-14" into months since January 2000.
func monthOf(day string) uint16 {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil || t.Year() < 2000 {
		return 0
	}
	return uint16((t.Year()-2000)*12 + int(t.Month()) - 1)
}

func monthName(m uint16) string {
	return fmt.Sprintf("%04d-%02d", 2000+int(m)/12, int(m)%12+1)
}

// New returns an empty index for the catalog's surveys; lookup finds a
// session that started after the index was built.
func New(cat *survey.Catalog, lookup func(ctx context.Context, id int64) (*store.Session, error), opts ...Option) *Index {
	ix := &Index{cat: cat, lookup: lookup, tables: map[string]*table{}}
	for _, o := range opts {
		o(ix)
	}
	ix.keys = release.NewKeys(ix.recordSecret)
	for _, st := range cat.Settings {
		ix.settings.id(st)
	}
	for _, p := range cat.Provinces() {
		ix.regions.id(p.Code) // every province is a level, seen or not
	}
	// The index hears of every survey version published from now on
	// before any session can be made for it, so a new survey's first
	// answers always find their table. The catalog holds the index only
	// weakly: a catalog that outlives an index (tests share one) does not
	// keep it alive.
	self := weak.Make(ix)
	for _, s := range cat.Follow(func(s *survey.Survey) bool {
		ix := self.Value()
		if ix != nil && !s.ForProfessionals() { // professionals' answers are not submissions
			ix.mu.Lock()
			ix.addSurvey(s)
			ix.mu.Unlock()
		}
		return ix != nil
	}) {
		ix.addSurvey(s)
	}
	return ix
}

// addSurvey gives a survey version its table, or widens the table of its
// survey: a column for each item this version adds, not shown in every
// row so far. An item keeps its columns from version to version (a
// changed question gets a new id before it is published), and the newest
// version is the one the table describes. Caller holds mu or the index is
// not shared yet.
func (ix *Index) addSurvey(s *survey.Survey) {
	t := ix.tables[s.ID]
	if t == nil {
		ix.tables[s.ID] = newTable(s)
		return
	}
	if s.Version >= t.s.Version {
		t.s = s
	}
	for _, it := range s.Items() {
		if it.Kind == survey.KindText {
			continue
		}
		if c, ok := t.colOf[it.ID]; ok {
			if s == t.s {
				for i := c; i < len(t.cols) && t.cols[i].item.ID == it.ID; i++ {
					t.cols[i].item = it
				}
			}
			continue
		}
		t.colOf[it.ID] = len(t.cols)
		options := []int{0}
		if it.Kind == survey.KindMulti {
			options = options[:0]
			for _, o := range it.Options {
				options = append(options, o.Code)
			}
		}
		for _, o := range options {
			col := column{item: it, option: o}
			for range t.rows {
				col.codes.push(notShown)
			}
			t.cols = append(t.cols, col)
		}
	}
	for _, b := range s.AgeBands {
		t.bands.id(b.String())
	}
}

func newTable(s *survey.Survey) *table {
	t := &table{s: s, colOf: map[string]int{}}
	for _, it := range s.Items() {
		if it.Kind == survey.KindText {
			continue // free text is never counted
		}
		t.colOf[it.ID] = len(t.cols)
		if it.Kind == survey.KindMulti {
			for _, o := range it.Options {
				t.cols = append(t.cols, column{item: it, option: o.Code})
			}
			continue
		}
		t.cols = append(t.cols, column{item: it})
	}
	for _, b := range s.AgeBands {
		t.bands.id(b.String())
	}
	t.cube, t.whole = newCube(t), newCube(t)
	t.blocks = newBlocks(len(s.Indicators))
	t.cats = make([]int, len(s.Indicators))
	for _, v := range t.cube.inds {
		n := 0
		if v.counted() {
			n = len(v.catOf)
			if v.col != nil {
				n = v.catOf[len(v.catOf)-2] // "don't know" follows the values
			} else {
				n -= 2
			}
		}
		t.nv = append(t.nv, n)
		if n+2 > blockMax { // "don't know" and skipped follow the values
			t.cube, t.whole, t.blocks = &cube{inds: t.cube.inds}, &cube{inds: t.cube.inds}, newBlocks(0)
		}
	}
	return t
}

// settle adds a row, once all its answers are set, to the pre-aggregates.
// A row the cube cannot count takes the table out of it for good: its
// queries then read the rows.
func (t *table) settle(row int, d sessionAt, ids []int64) {
	cb := t.cube
	if !cb.ok {
		return
	}
	if !cb.categories(t, row, t.cats) {
		t.cube, t.whole, t.blocks = &cube{inds: cb.inds}, &cube{inds: cb.inds}, newBlocks(0)
		return
	}
	k := cellKey{version: t.version.at(row), band: t.band.at(row), gender: t.gender.at(row), setting: d.setting, province: d.province, month: t.month.at(row)}
	cb.add(t, row, k, t.key.at(row), t.cats)
	all := k
	all.month = 0
	t.whole.add(t, row, all, t.key.at(row), t.cats)
	t.blocks.add(d.idx, k, t.cats, t.nv, ids)
}

// addSession records a session's breakdown values. Caller holds mu or the
// index is not shared yet.
func (ix *Index) addSession(s *store.Session) sessionAt {
	province, region := ix.cat.ProvinceOf(s.Region), s.Region
	if province == "" {
		province = "unknown"
	}
	if r, ok := ix.cat.Region(s.Region); ok {
		region = r.Code // an old slug counts as its NIS code
	}
	d := sessionAt{idx: int32(len(ix.sessionIDs)), sessionDims: sessionDims{
		setting:  uint8(ix.settings.id(s.Setting)),
		province: uint8(ix.regions.id(province)),
		region:   uint16(ix.regions.id(region)),
		org:      uint16(ix.orgs.id(fmt.Sprint(s.OrganisationID))),
	}}
	ix.sessionIDs = append(ix.sessionIDs, s.ID)
	ix.dims = append(ix.dims, d.sessionDims)
	ix.sessions.add(d.idx, ix.sessionIDs)
	ix.sessionOrder.add(d.idx, ix.sessionIDs)
	return d
}

// session returns the breakdown values of the session with this id, if
// the index knows it. Caller holds mu.
func (ix *Index) session(id int64) (sessionAt, bool) {
	s, ok := ix.sessions.find(id, ix.sessionIDs)
	if !ok {
		return sessionAt{}, false
	}
	return sessionAt{s, ix.dims[s]}, true
}

// Append adds newly committed submissions; the store calls it after each
// durable batch.
func (ix *Index) Append(batch []store.Committed) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.loading {
		ix.pending = append(ix.pending, batch...)
		return
	}
	for _, c := range batch {
		if c.ID <= ix.lastID {
			continue
		}
		ix.lastID = c.ID
		t := ix.tables[c.SurveyID]
		if t == nil {
			continue
		}
		dims, ok := ix.session(c.SessionID)
		if !ok {
			s, err := ix.lookup(context.Background(), c.SessionID)
			if err != nil {
				continue
			}
			dims = ix.addSession(s)
		}
		row := t.addRow(ix.keys.Record(c.ID), c.SurveyVersion, c.AgeBand, c.Gender, c.Day, dims, c.Age)
		t.bg.put(row, packBackground(c.Background))
		for _, a := range c.Answers {
			t.set(row, a.Item, a.Code)
		}
		t.settle(row, dims, ix.sessionIDs)
	}
}

func (t *table) addRow(key uint16, version int, band, gender, day string, d sessionAt, age int) int {
	pushRow(&t.key, key)
	t.age.push(uint8(min(max(age, 0), 255)))
	pushRow(&t.bg, 0)
	t.session.push(d.idx)
	t.version.push(uint8(version))
	t.band.push(uint8(t.bands.id(band)))
	t.gender.push(genderID(gender))
	t.month.push(monthOf(day))
	for i := range t.cols {
		t.cols[i].codes.push(notShown)
	}
	t.rows++
	return t.rows - 1
}

// set stores one answer; a multi item's mask spreads over its options.
func (t *table) set(row int, item string, code int) {
	c, ok := t.colOf[item]
	if !ok {
		return
	}
	it := t.cols[c].item
	if it.Kind != survey.KindMulti {
		t.cols[c].codes.put(row, int8(code))
		return
	}
	for i := c; i < len(t.cols) && t.cols[i].item == it; i++ {
		v := int8(code)
		if code >= 0 {
			v = 0
			if survey.MultiHas(code, t.cols[i].option) {
				v = 1
			}
		}
		t.cols[i].codes.put(row, v)
	}
}

// Rows returns how many submissions of a survey the index holds.
func (ix *Index) Rows(surveyID string) int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if t := ix.tables[surveyID]; t != nil {
		return t.rows
	}
	return 0
}
