package survey

import (
	"slices"
	"strconv"
	"strings"

	"github.com/kinderstem/kinderstem/internal/fault"
)

// Surveys returns every survey children answer in sessions, ordered by
// file name: what sessions, the indicator index, the demo and the children's
// exports work with.
func (c *Catalog) Surveys() []*Survey { return c.live.set.Load().surveys }

// Professional returns every survey professionals answer by invitation
// link, ordered by file name.
func (c *Catalog) Professional() []*Survey { return c.live.set.Load().profs }

// All returns every survey: children's first, then professionals'.
func (c *Catalog) All() []*Survey {
	set := c.live.set.Load()
	return append(append([]*Survey(nil), set.surveys...), set.profs...)
}

// ForProfessionals reports whether professionals answer the survey (by
// invitation, no age or gender) rather than children.
func (s *Survey) ForProfessionals() bool { return s.Respondents == Professionals }

// ProfessionalBand is the band a professional's answers are checked in: it
// is never stored, and no young wording or smaller scale applies to it.
var ProfessionalBand = Band{Min: 18, Max: 99}

// Survey returns the survey with this id.
func (c *Catalog) Survey(id string) (*Survey, bool) {
	s, ok := c.live.set.Load().byID[id]
	return s, ok
}

// Theme returns the theme with this id.
func (c *Catalog) Theme(id string) (Theme, bool) {
	i, ok := c.themeIdx[id]
	if !ok {
		return Theme{}, false
	}
	return c.Themes[i], true
}

// Region returns the region with this NIS code, or with this old slug (the
// codes before NIS codes, e.g. "gent"): either way with its NIS code.
func (c *Catalog) Region(code string) (Region, bool) {
	i, ok := c.regions[code]
	if !ok {
		return Region{}, false
	}
	return c.Regions[i], true
}

// Area returns a province, municipality or higher level (Belgium, a region)
// by NIS code: what registration figures may be about.
func (c *Catalog) Area(code string) (Region, bool) {
	if r, ok := c.Region(code); ok && r.Code == code {
		return r, true
	}
	for _, r := range c.higher {
		if r.Code == code {
			return r, true
		}
	}
	return Region{}, false
}

// Areas lists every area registration figures may be about: the higher
// levels, then provinces and municipalities in catalog order.
func (c *Catalog) Areas() []Region { return append(slices.Clip(c.higher), c.Regions...) }

// MergedInto returns the NIS code a pre-2025 municipality became part of.
func (c *Catalog) MergedInto(code string) (string, bool) {
	n, ok := c.mergers[code]
	return n, ok
}

// ProvinceOf returns the code of the province a region lies in: the region
// itself when it is a province, "" when the code is unknown.
func (c *Catalog) ProvinceOf(code string) string {
	r, ok := c.Region(code)
	switch {
	case !ok:
		return ""
	case r.Province == "":
		return r.Code
	}
	return r.Province
}

// HasSetting reports whether id is one of the settings sessions run in.
func (c *Catalog) HasSetting(id string) bool { return slices.Contains(c.Settings, id) }

// Items returns every item in questionnaire order.
func (s *Survey) Items() []*Item { return s.items }

// Item returns the item with this id.
func (s *Survey) Item(id string) (*Item, bool) {
	i, ok := s.byItem[id]
	if !ok {
		return nil, false
	}
	return s.items[i], true
}

// ItemIndex returns the item's position in questionnaire order, or -1.
func (s *Survey) ItemIndex(id string) int {
	if i, ok := s.byItem[id]; ok {
		return i
	}
	return -1
}

// Band returns the survey's age band written as "6-9".
func (s *Survey) Band(name string) (Band, bool) {
	for _, b := range s.AgeBands {
		if b.String() == name {
			return b, true
		}
	}
	return Band{}, false
}

// BandOf returns the survey's age band that holds age.
func (s *Survey) BandOf(age int) (Band, bool) {
	for _, b := range s.AgeBands {
		if b.Contains(age) {
			return b, true
		}
	}
	return Band{}, false
}

// Indicator returns the indicator with this id.
func (s *Survey) Indicator(id string) (*Indicator, bool) {
	for _, ind := range s.Indicators {
		if ind.ID == id {
			return ind, true
		}
	}
	return nil, false
}

// MessageRef is one use of a message id in a survey or reference file.
type MessageRef struct {
	ID   string
	File string
	Line int
	// Indicator: the text is one of an indicator's own (title,
	// definition, basis, notes), read by analysts and the public, never
	// on a child's screen.
	Indicator bool
}

// MessageIDs returns every message id the catalog shows, each once, in the
// order first used: what a shipped language must translate.
func (c *Catalog) MessageIDs() []string {
	seen := map[string]bool{}
	var out []string
	for _, r := range c.refs {
		if !seen[r.ID] {
			seen[r.ID] = true
			out = append(out, r.ID)
		}
	}
	return out
}

// IndicatorTexts are the message ids used only as indicators' own texts
// (MessageRef.Indicator): a text also used elsewhere, say on a child's
// screen, is not among them.
func (c *Catalog) IndicatorTexts() map[string]bool {
	out := map[string]bool{}
	other := map[string]bool{}
	for _, r := range c.refs {
		if r.Indicator {
			out[r.ID] = true
		} else {
			other[r.ID] = true
		}
	}
	for id := range other {
		delete(out, id)
	}
	return out
}

// MessageRefs returns every use of a message id, with the file it is used
// in, in the order read.
func (c *Catalog) MessageRefs() []MessageRef { return slices.Clone(c.refs) }

// CheckTranslations reports, for each language, every message id the
// catalog uses that has(lang, id) says is missing, at its first use.
func (c *Catalog) CheckTranslations(langs []string, has func(lang, id string) bool) Problems {
	var out Problems
	for _, lang := range langs {
		seen := map[string]bool{}
		for _, r := range c.refs {
			if seen[r.ID] {
				continue
			}
			seen[r.ID] = true
			if !has(lang, r.ID) {
				out = append(out, Problem{File: r.File, Line: r.Line, Msg: "message " + r.ID + " has no " + lang + " translation"})
			}
		}
	}
	return out
}

// Province is a province with its municipalities, in catalog order.
type Province struct {
	Region
	Municipalities []Region
}

// Provinces lists the provinces with their municipalities, in catalog
// order: what a session's region is chosen from and a filter offers.
func (c *Catalog) Provinces() []Province {
	var out []Province
	at := map[string]int{}
	for _, r := range c.Regions {
		if r.Province == "" {
			at[r.Code] = len(out)
			out = append(out, Province{Region: r})
		}
	}
	for _, r := range c.Regions {
		if i, ok := at[r.Province]; ok && r.Province != "" {
			out[i].Municipalities = append(out[i].Municipalities, r)
		}
	}
	return out
}

// InRegion reports whether region lies in filter: the same area, or a
// municipality of that province. Either may be a NIS code or an old slug.
func (c *Catalog) InRegion(region, filter string) bool {
	want, ok := c.Region(filter)
	if !ok {
		return false
	}
	got, ok := c.Region(region)
	return ok && (got.Code == want.Code || got.Province == want.Code)
}

// IndicatorRef is one indicator of one survey.
type IndicatorRef struct {
	Survey    *Survey
	Indicator *Indicator
}

// Indicators lists the indicators of children's surveys asked for: one
// (surveyID and indicatorID), a survey's (surveyID), every survey's with
// that id (indicatorID), or all. Naming something that matches nothing is
// a NotFound fault.
func (c *Catalog) Indicators(surveyID, indicatorID string) ([]IndicatorRef, error) {
	var refs []IndicatorRef
	for _, s := range c.Surveys() {
		if surveyID != "" && s.ID != surveyID {
			continue
		}
		for _, ind := range s.Indicators {
			if indicatorID == "" || ind.ID == indicatorID {
				refs = append(refs, IndicatorRef{Survey: s, Indicator: ind})
			}
		}
	}
	if len(refs) == 0 && (surveyID != "" || indicatorID != "") {
		return nil, fault.New(fault.NotFound, "error.indicator_unknown", "no such survey or indicator")
	}
	return refs, nil
}

// SharedScale returns a scale of reference/scales.yaml, which every survey
// may use by its id.
func (c *Catalog) SharedScale(id string) (*Scale, bool) {
	s, ok := c.shared[id]
	return s, ok
}

// ValidID reports whether id may name a survey, section, item, row, scale
// or indicator: lower case letters, digits and _, starting with a letter,
// at most 40 characters.
func ValidID(id string) bool { return idPattern.MatchString(id) }

// ParseBand reads an age band written "6-9".
func ParseBand(s string) (Band, bool) {
	lo, hi, ok := strings.Cut(s, "-")
	min, err1 := strconv.Atoi(strings.TrimSpace(lo))
	max, err2 := strconv.Atoi(strings.TrimSpace(hi))
	if !ok || err1 != nil || err2 != nil {
		return Band{}, false
	}
	return Band{Min: min, Max: max}, true
}

// SharedScaleIDs lists the ids of the shared scales, sorted.
func (c *Catalog) SharedScaleIDs() []string {
	ids := make([]string, 0, len(c.shared))
	for id := range c.shared {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}
