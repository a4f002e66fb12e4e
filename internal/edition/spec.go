package edition

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// Spec is what an analyst chose for an edition: its title, its period
// (whole quarters), which indicators and which fixed breakdowns. The
// public never gets any other table: there is no free cross-tabulation.
type Spec struct {
	Title      string   `json:"title"`
	From       string   `json:"from"`
	To         string   `json:"to"`
	Indicators []Ref    `json:"indicators"`
	Breakdowns []string `json:"breakdowns"`
}

// Ref names an indicator: its source, its survey (none for registration)
// and its id.
type Ref struct {
	Source string `json:"source"`
	Survey string `json:"survey,omitempty"`
	ID     string `json:"id"`
}

// Key is the ref as an indicator's Key.
func (r Ref) Key() string {
	if r.Source == SourceRegistration {
		return SourceRegistration + "/" + r.ID
	}
	return r.Survey + "/" + r.ID
}

// Total is the breakdown that is the indicator over the whole period.
const Total = "total"

// Breakdowns are the fixed breakdowns an edition may publish, in the
// order pages show them. Two-way ones are the few the public needs: the
// figure for a group's own age band and province sits beside the group's
// results.
var Breakdowns = []string{Total, "age_band", "gender", "setting", "province", "period", "age_band+province", "age_band+gender"}

// DefaultBreakdowns are the breakdowns a new edition starts with.
var DefaultBreakdowns = []string{Total, "age_band", "gender", "province", "setting", "period", "age_band+province"}

// MaxTitle is the longest title an edition may have.
const MaxTitle = 120

// AllIndicators is every indicator the catalogue has for an edition:
// the children's surveys', the registration figures and the
// professionals' pools.
func AllIndicators(cat *survey.Catalog) []Ref {
	var out []Ref
	for _, s := range cat.Surveys() {
		for _, ind := range s.Indicators {
			out = append(out, Ref{Source: SourceSurvey, Survey: s.ID, ID: ind.ID})
		}
	}
	for _, reg := range cat.Registrations() {
		out = append(out, Ref{Source: SourceRegistration, ID: reg.ID})
	}
	for _, s := range cat.Professional() {
		for _, ind := range s.Indicators {
			out = append(out, Ref{Source: SourcePool, Survey: s.ID, ID: ind.ID})
		}
	}
	return out
}

// Check validates a spec against the catalogue: a title, whole quarters
// from before to, known indicators and breakdowns, at least one of each.
// Each problem is an Invalid fault naming its field.
func (s *Spec) Check(cat *survey.Catalog) error {
	s.Title = strings.TrimSpace(s.Title)
	if s.Title == "" || utf8.RuneCountInString(s.Title) > MaxTitle {
		return fault.Field("title", "edition.title_invalid", "a title of 1 to 120 characters")
	}
	if !quarterStart(s.From) {
		return fault.Field("from", "edition.period_invalid", "from must be the first month of a quarter, e.g. 2026-01")
	}
	if !quarterEnd(s.To) || s.To < s.From {
		return fault.Field("to", "edition.period_invalid", "to must be the last month of a quarter on or after from, e.g. 2026-06")
	}
	if len(s.Indicators) == 0 {
		return fault.Field("indicators", "edition.no_indicators", "choose at least one indicator")
	}
	known := AllIndicators(cat)
	seen := map[Ref]bool{}
	for _, r := range s.Indicators {
		if !slices.Contains(known, r) {
			return fault.Field("indicators", "edition.indicator_unknown", "no indicator "+survey.Clip(r.Key()))
		}
		if seen[r] {
			return fault.Field("indicators", "edition.indicator_unknown", "an indicator twice")
		}
		seen[r] = true
	}
	if len(s.Breakdowns) == 0 {
		return fault.Field("breakdowns", "edition.no_breakdowns", "choose at least one breakdown")
	}
	for i, b := range s.Breakdowns {
		if !slices.Contains(Breakdowns, b) || slices.Contains(s.Breakdowns[:i], b) {
			return fault.Field("breakdowns", "edition.breakdown_invalid", "no breakdown "+survey.Clip(b))
		}
	}
	// The pages' order, whatever order the form sent.
	slices.SortFunc(s.Breakdowns, func(a, b string) int { return slices.Index(Breakdowns, a) - slices.Index(Breakdowns, b) })
	return nil
}

// quarterStart reports whether m is a month "YYYY-MM" that starts a
// quarter; quarterEnd, one that ends a quarter.
func quarterStart(m string) bool { mo, ok := month(m); return ok && mo%3 == 1 }
func quarterEnd(m string) bool   { mo, ok := month(m); return ok && mo%3 == 0 }

func month(m string) (int, bool) {
	if len(m) != 7 || m[4] != '-' {
		return 0, false
	}
	y, err1 := strconv.Atoi(m[:4])
	mo, err2 := strconv.Atoi(m[5:])
	if err1 != nil || err2 != nil || y < 2000 || y > 2099 || mo < 1 || mo > 12 {
		return 0, false
	}
	return mo, true
}

// EncodeSpec is the spec as stored.
func EncodeSpec(s Spec) []byte {
	b, _ := json.Marshal(s) // plain strings and slices: cannot fail
	return b
}

// DecodeSpec reads a stored spec.
func DecodeSpec(b []byte) (Spec, error) {
	var s Spec
	if err := json.Unmarshal(b, &s); err != nil {
		return s, fmt.Errorf("edition: decode spec: %w", err)
	}
	return s, nil
}

// ParseRef reads an indicator as a form writes it: "survey:wellbeing/life_satisfied",
// "registration:kansarmoede", "pool:child-guarantee/services_mean".
func ParseRef(v string) (Ref, bool) {
	src, rest, ok := strings.Cut(v, ":")
	if !ok {
		return Ref{}, false
	}
	if src == SourceRegistration {
		return Ref{Source: src, ID: rest}, rest != ""
	}
	s, id, ok := strings.Cut(rest, "/")
	if !ok || s == "" || id == "" || (src != SourceSurvey && src != SourcePool) {
		return Ref{}, false
	}
	return Ref{Source: src, Survey: s, ID: id}, true
}

// FormValue is the ref as a form writes it (ParseRef).
func (r Ref) FormValue() string {
	if r.Source == SourceRegistration {
		return r.Source + ":" + r.ID
	}
	return r.Source + ":" + r.Survey + "/" + r.ID
}

// quarterOf returns the months of a period level "2026-Q1".
func quarterOf(level string) (from, to string, ok bool) {
	y, q, found := strings.Cut(level, "-Q")
	n, err := strconv.Atoi(q)
	if !found || err != nil || n < 1 || n > 4 || len(y) != 4 {
		return "", "", false
	}
	return fmt.Sprintf("%s-%02d", y, 3*n-2), fmt.Sprintf("%s-%02d", y, 3*n), true
}
