// Package edition owns the public editions of the monitor: what an
// analyst chooses (Spec), the cells computed once through the release
// gate and frozen (Snapshot), the check across every table of an edition
// and earlier editions that no published total minus published parts
// gives a hidden cell back (Protect, Audit), and how a frozen edition is
// shown: the pages' views, the charts, the open data and the catalogue.
package edition

import (
	"encoding/json"
	"fmt"
	"math"
	"time"
)

// Snapshot is an edition's content as computed and frozen: every cell
// the public will ever see of it, and nothing else. Hidden cells carry no
// numbers.
type Snapshot struct {
	Format     int       `json:"format"`
	K          int       `json:"k"`
	From       string    `json:"from"` // months, whole quarters
	To         string    `json:"to"`
	ComputedAt time.Time `json:"computed_at"`
	Breakdowns []string  `json:"breakdowns"`
	Indicators []*Indicator
	Replies    []Reply `json:"replies,omitempty"`
	// Protected counts the cells the check across tables and editions hid
	// beside those each table hid itself.
	Protected int `json:"protected"`
}

// snapshotFormat is the version of the encoding above.
const snapshotFormat = 1

// The sources an indicator of an edition comes from.
const (
	SourceSurvey       = "survey"       // children's answers in sessions
	SourceRegistration = "registration" // administrative figures
	SourcePool         = "pool"         // professionals' answers over closed rounds
)

// Indicator is one indicator of an edition with everything a reader sees
// beside its numbers: its definition, theme, CRC articles and source, and
// whatever policy metadata it carries.
type Indicator struct {
	Source     string `json:"source"`
	Survey     string `json:"survey,omitempty"` // the survey's id; "" for registration
	ID         string `json:"id"`
	Theme      string `json:"theme"`
	CRC        []int  `json:"crc,omitempty"`
	Title      string `json:"title"`      // message id
	Definition string `json:"definition"` // message id
	Kind       string `json:"kind"`       // share, mean, index; a registration unit
	Scale      [2]float64
	Direction  string `json:"direction,omitempty"` // registration: higher_better or higher_worse
	// Registration: who publishes the figures, where, and the reference
	// date or window (a message id).
	SourceOrg string `json:"source_org,omitempty"`
	SourceURL string `json:"source_url,omitempty"`
	Reference string `json:"reference,omitempty"`
	// Base names the respondents a survey indicator's cells count: the
	// survey and its items. Two indicators over the same items count the
	// same children in every cell, so the check treats them as one.
	Base string `json:"base,omitempty"`
	// Child is how the children's version says a single-item share: the
	// item's question (message id) and the answers that count (message
	// ids, faces); empty for other indicators.
	Child *ChildWords `json:"child,omitempty"`
	Meta  Meta        `json:"meta"`
	// Tables are a survey indicator's (or a pool's) tables, one per
	// breakdown of the edition; Figures a registration indicator's.
	Tables  []*Table `json:"tables,omitempty"`
	Figures []Figure `json:"figures,omitempty"`
}

// Key is the indicator's path in the public monitor: "wellbeing/life_satisfied",
// "registration/kansarmoede".
func (ind *Indicator) Key() string {
	if ind.Source == SourceRegistration {
		return SourceRegistration + "/" + ind.ID
	}
	return ind.Survey + "/" + ind.ID
}

// ChildWords say an indicator in the children's words of its question.
type ChildWords struct {
	Question string   `json:"question"`
	Answers  []string `json:"answers"`
	Faces    []string `json:"faces,omitempty"`
}

// Meta is the policy metadata an indicator carries into an edition: why
// it measures the right, the policy goals and observations it serves,
// recommendations and an earlier reference measurement. Empty fields are
// not shown.
type Meta struct {
	Basis           string     `json:"basis,omitempty"`
	Recommendations []string   `json:"recommendations,omitempty"`
	Links           []Link     `json:"links,omitempty"`
	Reference       *Reference `json:"reference,omitempty"`
}

// Link is a policy document an indicator refers to.
type Link struct {
	Label string `json:"label"`
	URL   string `json:"url,omitempty"`
}

// Reference is an earlier measurement to read a value against (for
// wellbeing, the Kinderrechtenmonitor's 2018 figure). It is shown marked
// as such, beside the series, never as one of its points.
type Reference struct {
	Value  float64 `json:"value"`
	N      int     `json:"n,omitempty"`
	Year   string  `json:"year"`
	Source string  `json:"source"`
	URL    string  `json:"url,omitempty"`
}

// Table is one breakdown of an indicator: its grand total first, then
// its cells in the one order every output uses (indicator.Result.Cells).
// TooFew: the table rests on fewer children than the minimum base and
// was left out whole.
type Table struct {
	By     []string `json:"by"`
	TooFew bool     `json:"too_few,omitempty"`
	Cells  []*Cell  `json:"cells,omitempty"`
}

// Cell is one published number with its interval and base; Levels name
// its level of each breakdown of the table ("all" for a margin, none for
// the total). A hidden cell has Shown false and no numbers.
type Cell struct {
	Levels []string `json:"levels,omitempty"`
	Shown  bool     `json:"shown"`
	Value  float64  `json:"value,omitempty"`
	Lower  float64  `json:"lower,omitempty"`
	Upper  float64  `json:"upper,omitempty"`
	// CI: Lower and Upper hold a 95% interval; false where none can be
	// estimated (a cell of one session).
	CI bool `json:"ci,omitempty"`
	N  int  `json:"n,omitempty"`
}

// hide takes a cell's numbers away.
func (c *Cell) hide() { *c = Cell{Levels: c.Levels} }

// Figure is a registration figure of an area and period: its value as
// the publisher gave it, or hidden when it counts fewer than k children.
type Figure struct {
	Area   string  `json:"area"`
	Period string  `json:"period"`
	Shown  bool    `json:"shown"`
	Value  float64 `json:"value,omitempty"`
}

// Reply is an adults' public answer as an edition keeps it: the provinces
// of the groups it answers, and its parts in every language written.
type Reply struct {
	Provinces []string `json:"provinces"`
	Lang      string   `json:"lang"`
	Parts     []Part   `json:"parts"`
}

// Part is one subject of an answer, by language.
type Part struct {
	Theme string              `json:"theme,omitempty"`
	Texts map[string]PartText `json:"texts"`
}

// PartText is a part in one language.
type PartText struct {
	Title      string `json:"title"`
	YouSaid    string `json:"you_said,omitempty"`
	WeWill     string `json:"we_will,omitempty"`
	WeWillNot  string `json:"we_will_not,omitempty"`
	WhoDecides string `json:"who_decides,omitempty"`
}

// Encode is the snapshot as stored.
func (s *Snapshot) Encode() ([]byte, error) {
	s.Format = snapshotFormat
	return json.Marshal(s)
}

// Decode reads a stored snapshot.
func Decode(b []byte) (*Snapshot, error) {
	s := &Snapshot{}
	if err := json.Unmarshal(b, s); err != nil {
		return nil, fmt.Errorf("edition: decode snapshot: %w", err)
	}
	if s.Format != snapshotFormat {
		return nil, fmt.Errorf("edition: snapshot format %d, want %d", s.Format, snapshotFormat)
	}
	return s, nil
}

// Indicator returns the edition's indicator with this key.
func (s *Snapshot) Indicator(key string) (*Indicator, bool) {
	for _, ind := range s.Indicators {
		if ind.Key() == key {
			return ind, true
		}
	}
	return nil, false
}

// Table returns the indicator's table of a breakdown ("" or "total" for
// the total alone, "age_band+province" for a two-way one).
func (ind *Indicator) Table(by string) *Table {
	for _, t := range ind.Tables {
		if t.Name() == by || (by == "" && t.Name() == Total) {
			return t
		}
	}
	return nil
}

// Name is the table's breakdown as the spec writes it.
func (t *Table) Name() string {
	if len(t.By) == 0 {
		return Total
	}
	name := t.By[0]
	for _, b := range t.By[1:] {
		name += "+" + b
	}
	return name
}

// Total is the table's grand total, nil when it was left out.
func (t *Table) Total() *Cell {
	for _, c := range t.Cells {
		if len(c.Levels) == 0 || allAll(c.Levels) {
			return c
		}
	}
	return nil
}

// Cell returns the table's cell of these levels.
func (t *Table) Cell(levels ...string) *Cell {
	for _, c := range t.Cells {
		if equalLevels(c.Levels, levels) {
			return c
		}
	}
	return nil
}

func allAll(levels []string) bool {
	for _, l := range levels {
		if l != "all" {
			return false
		}
	}
	return true
}

func equalLevels(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// round keeps a published number to the precision it is published in:
// shares to a tenth of a percentage point, means and indices to two
// decimals. What is stored is what every output shows, so no output can
// carry more than another.
func round(v float64, share bool) float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0
	}
	if share {
		return math.Round(v*1000) / 1000
	}
	return math.Round(v*100) / 100
}
