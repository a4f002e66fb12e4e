package survey

import (
	"fmt"
	"io/fs"
	"strconv"

	"github.com/kinderstem/kinderstem/internal/fault"
	"net/url"
	"regexp"
	"slices"
)

// sourcesFile lists the documents indicators cite: the UN Committee's
// concluding observations, policy plans and the publications reference
// values and figures come from.
const sourcesFile = "reference/sources.yaml"

// The kinds of document a source is.
const (
	SourceObservations = "concluding_observations" // the UN Committee's observations on a State party's report
	SourcePolicyPlan   = "policy_plan"             // a government's plan with goals
	SourcePublication  = "publication"             // a report or web page with published tables
	SourceDataset      = "dataset"                 // a statistical database (Eurostat, Statbel open data)
)

// Source is one document an indicator cites. Title, publisher and year are
// as published (not translated): a reader looks the document up by them.
type Source struct {
	ID        string `yaml:"id"`
	Kind      string `yaml:"kind"`
	Title     string `yaml:"title"`
	Publisher string `yaml:"publisher"`
	Year      int    `yaml:"year"`
	Symbol    string `yaml:"symbol"` // a UN document symbol, e.g. CRC/C/BEL/CO/5-6
	URL       string `yaml:"url"`
	Licence   string `yaml:"licence"`
	// Checked says which parts of the document were read against the
	// published text; paragraph numbers may only be cited from one that
	// says "paragraphs".
	Checked string `yaml:"checked"`
}

// Meta is what a monitoring body needs beside an indicator's numbers: why
// it measures the right (basis), what the UN Committee and the policy plans
// say (citations) and what to read it against (references). Survey and
// registration indicators carry the same, so every page, the API, the
// exports and public editions render it alike.
type Meta struct {
	Basis        string      `yaml:"basis,omitempty"`        // message id: why this measures the right, in a sentence or two
	Observations []Citation  `yaml:"observations,omitempty"` // the UN Committee's concluding observations
	Goals        []Citation  `yaml:"goals,omitempty"`        // policy-plan goals
	References   []Reference `yaml:"references,omitempty"`   // reference values and targets, each with its source
}

// Citation points at a source, with paragraphs only where they were
// checked against the published text, and a note in our own words.
type Citation struct {
	Source     string   `yaml:"source"`
	Paragraphs []string `yaml:"paragraphs"`
	Note       string   `yaml:"note"` // message id
}

// The kinds of reference value.
const (
	ReferenceValue  = "reference" // a published figure the indicator reproduces or compares with
	ReferenceTarget = "target"    // a value a plan or recommendation aims at
)

// Reference is a published value to read an indicator against: the
// Kinderrechtenmonitor's 2018 figure beside the wellbeing indicator that
// reproduces it, or a plan's target. Query holds the analysts' filters
// that select the same children (age=10-12).
type Reference struct {
	Kind   string  `yaml:"kind"`
	Value  float64 `yaml:"value"`
	Unit   string  `yaml:"unit"` // share (percent), count, rate100, rate1000 or mean
	Period string  `yaml:"period"`
	Area   string  `yaml:"area"` // NIS code; empty means the source's own scope
	Query  string  `yaml:"query"`
	N      int     `yaml:"n"` // respondents behind a survey figure, when published
	Source string  `yaml:"source"`
	Table  string  `yaml:"table"` // the published table or passage, as titled
	Note   string  `yaml:"note"`  // message id
}

// Source returns the source with this id.
func (c *Catalog) Source(id string) (Source, bool) {
	i := slices.IndexFunc(c.sources, func(s Source) bool { return s.ID == id })
	if i < 0 {
		return Source{}, false
	}
	return c.sources[i], true
}

// Sources returns every source in file order.
func (c *Catalog) Sources() []Source { return c.sources }

var paragraphPattern = regexp.MustCompile(`^[0-9]{1,3}( ?\([a-z]\))?$`)

// loadSources reads reference/sources.yaml; a missing file means no
// source, so a folder of surveys without metadata still loads.
func (l *loader) loadSources(cat *Catalog) {
	var doc struct {
		Sources []Source `yaml:"sources"`
	}
	if !exists(l.fsys, sourcesFile) {
		return
	}
	node := l.decodeFile(sourcesFile, &doc)
	if node == nil {
		return
	}
	seen := map[string]bool{}
	for i, s := range doc.Sources {
		line := locate(node, "sources", i)
		bad := func(format string, args ...any) { l.problem(sourcesFile, line, "source "+s.ID+": "+format, args...) }
		if !idPattern.MatchString(s.ID) || seen[s.ID] {
			l.problem(sourcesFile, line, "source id %q must be unique, lower case letters, digits and _", s.ID)
		}
		seen[s.ID] = true
		if !slices.Contains([]string{SourceObservations, SourcePolicyPlan, SourcePublication, SourceDataset}, s.Kind) {
			bad("kind must be %s, %s, %s or %s", SourceObservations, SourcePolicyPlan, SourcePublication, SourceDataset)
		}
		if s.Title == "" || s.Publisher == "" || (s.Year != 0 && (s.Year < 1989 || s.Year > 2100)) {
			bad("a source needs its title and publisher as published, and its year (0 for a page that states none)")
		}
		if s.URL != "" && !webAddress(s.URL) {
			bad("url %q must be a web address (https://...)", s.URL)
		}
		if s.Kind == SourceObservations && s.Symbol == "" {
			bad("concluding observations are cited by their UN symbol (symbol: CRC/C/BEL/CO/5-6)")
		}
		cat.sources = append(cat.sources, s)
	}
}

// checkMeta checks an indicator's metadata against the sources; bad
// reports a problem at the indicator, ref records a message id. A basis
// is required where needBasis (registration indicators); a survey's own
// indicators may go without while a survey is drafted, and the shipped
// catalogue is held to having one for each (TestShippedIndicatorsHaveBasis).
func checkMeta(cat *Catalog, m *Meta, needBasis bool, bad func(string, ...any), ref func(string)) {
	switch {
	case m.Basis != "":
		ref(m.Basis)
	case needBasis:
		bad("basis: a message id is required (why this indicator measures the right)")
	}
	cite := func(field string, c Citation, kinds ...string) {
		src, ok := cat.Source(c.Source)
		switch {
		case !ok:
			bad("%s: unknown source %q (sources are listed in %s)", field, c.Source, sourcesFile)
			return
		case !slices.Contains(kinds, src.Kind):
			bad("%s: source %s is a %s, not a %s", field, c.Source, src.Kind, kinds[0])
		}
		if len(c.Paragraphs) > 0 && src.Checked != "paragraphs" {
			bad("%s: paragraphs of %s may be cited only once they are checked against the published text (checked: paragraphs in %s)", field, c.Source, sourcesFile)
		}
		for _, p := range c.Paragraphs {
			if !paragraphPattern.MatchString(p) {
				bad("%s: paragraph %q must look like 27 or 27 (b)", field, p)
			}
		}
		if c.Note != "" {
			ref(c.Note)
		}
	}
	for _, c := range m.Observations {
		cite("observations", c, SourceObservations)
	}
	for _, c := range m.Goals {
		cite("goals", c, SourcePolicyPlan, SourcePublication)
	}
	for i, r := range m.References {
		where := fmt.Sprintf("references %d", i+1)
		if r.Kind != ReferenceValue && r.Kind != ReferenceTarget {
			bad("%s: kind must be reference or target, not %q", where, r.Kind)
		}
		if !slices.Contains([]string{UnitShare, UnitRate100, UnitRate1000, UnitCount, UnitMean}, r.Unit) {
			bad("%s: unit must be share, rate100, rate1000, count or mean, not %q", where, r.Unit)
		}
		if r.Unit == UnitShare && (r.Value < 0 || r.Value > 100) {
			bad("%s: a share is written in percent, 0 to 100", where)
		}
		if r.Period == "" || r.Table == "" {
			bad("%s: a reference names its period and the published table it comes from", where)
		}
		if _, ok := cat.Source(r.Source); !ok {
			bad("%s: unknown source %q (sources are listed in %s)", where, r.Source, sourcesFile)
		}
		if r.Area != "" {
			if _, ok := cat.Area(r.Area); !ok {
				bad("%s: unknown area %q (a NIS code)", where, r.Area)
			}
		}
		if r.Query != "" {
			if _, err := url.ParseQuery(r.Query); err != nil {
				bad("%s: query %q is not a query string such as age=10-12", where, r.Query)
			}
		}
		if r.Note != "" {
			ref(r.Note)
		}
	}
}

// Articles lists every CRC article the indicators cite, in order: what an
// analyst can filter by.
func (c *Catalog) Articles() []int {
	seen := map[int]bool{}
	var out []int
	add := func(crc []int) {
		for _, a := range crc {
			if !seen[a] {
				seen[a] = true
				out = append(out, a)
			}
		}
	}
	for _, s := range c.All() {
		for _, ind := range s.Indicators {
			add(ind.CRC)
		}
	}
	for _, r := range c.registrations {
		add(r.CRC)
	}
	slices.Sort(out)
	return out
}

func webAddress(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != ""
}

func exists(fsys fs.FS, name string) bool {
	_, err := fs.Stat(fsys, name)
	return err == nil
}

// ParseArticle reads the crc filter: one article of the Convention, 1 to
// 54, or "" for none.
func ParseArticle(s string) (int, error) {
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > 54 {
		return 0, fault.Field("crc", "error.crc_invalid", "crc is one article of the Convention, 1 to 54")
	}
	return n, nil
}

// Cites reports whether crc lists article a; every list cites article 0
// (no filter).
func Cites(crc []int, a int) bool { return a == 0 || slices.Contains(crc, a) }
