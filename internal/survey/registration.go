package survey

import (
	"io/fs"
	"net/url"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// RegistrationDir holds the declarations of registration indicators,
// inside the surveys folder: administrative figures (kansarmoede-index,
// early school leavers, ...) that sit beside the survey indicators.
const RegistrationDir = "registration"

// ReservedID reports whether a survey may not take id: "registration"
// names the registration figures beside the surveys, in the folder and in
// the analysts' pages (/indicators/registration/...), where a survey of
// that name would never be reached.
func ReservedID(id string) bool { return id == RegistrationDir }

// The units a registration indicator is expressed in. A share is written
// as a percentage (13.65), rates per 100 or 1,000 of the denominator.
const (
	UnitShare    = "share"
	UnitRate100  = "rate100"
	UnitRate1000 = "rate1000"
	UnitCount    = "count"
	UnitMean     = "mean"
)

// Registration is a registration indicator: its figures come from a tidy
// CSV import, not from children's answers.
type Registration struct {
	ID         string             `yaml:"id"`
	Title      string             `yaml:"title"`      // message id
	Definition string             `yaml:"definition"` // message id
	Reference  string             `yaml:"reference"`  // message id: the reference date or window
	Theme      string             `yaml:"theme"`
	CRC        []int              `yaml:"crc"`
	Unit       string             `yaml:"unit"`      // share, rate100, rate1000, count or mean
	Direction  string             `yaml:"direction"` // higher_better or higher_worse
	Source     RegistrationSource `yaml:"source"`
	// Breakdowns says what the source breaks its figures down by besides
	// area and period: sex, age_band, or both. The age bands are the
	// source's own (Eurostat's 0-5, 6-11, 12-17).
	Breakdowns []string `yaml:"breakdowns"`
	AgeBands   []string `yaml:"age_bands"`
	// CountsChildren says the numerator counts children: a figure resting
	// on fewer than k of them is hidden, as a survey cell is.
	CountsChildren bool `yaml:"counts_children"`
	Meta           `yaml:",inline"`

	File string `yaml:"-"`
}

// RegistrationSource says where a registration indicator's figures come
// from and on what terms: the organisation and its page, the publication
// and table the figures are read from, the licence, how often the source
// publishes, and the layout of its file the importer reads.
type RegistrationSource struct {
	Organisation string `yaml:"organisation"`
	URL          string `yaml:"url"`
	Publication  string `yaml:"publication"`
	Table        string `yaml:"table"`
	Licence      string `yaml:"licence"`
	Rhythm       string `yaml:"rhythm"`  // yearly, quarterly, monthly, school_year or irregular
	Layout       string `yaml:"layout"`  // the importer: tidy, statbel, opgroeien, onderwijs or eurostat
	Dataset      string `yaml:"dataset"` // the source's own code: Eurostat's ilc_peps01n, Statbel's file, the measure column
	// Select fixes the source's other dimensions (Eurostat's unit: PC),
	// so one file of a dataset feeds only the indicator it defines.
	Select map[string]string `yaml:"select"`
	// Columns names the columns of a publisher's own table (opgroeien and
	// onderwijs layouts) that hold area, period, sex, numerator,
	// denominator and value: a table renamed by its publisher is followed
	// by editing the definition, not the code.
	Columns map[string]string `yaml:"columns"`
}

// The update rhythms a source may publish in.
var Rhythms = []string{"yearly", "quarterly", "monthly", "school_year", "irregular"}

// The importers of the sources' own layouts (internal/registration).
var Layouts = []string{"tidy", "statbel", "opgroeien", "onderwijs", "eurostat"}

// Breaks reports whether the source breaks figures down by dim (sex or
// age_band).
func (r *Registration) Breaks(dim string) bool { return slices.Contains(r.Breakdowns, dim) }

// Scale returns the factor from numerator/denominator to the published
// value: 100 for a share in percent, 1,000 for a rate per 1,000; 0 for a
// count, which has no denominator.
func (r *Registration) Scale() float64 {
	switch r.Unit {
	case UnitShare, UnitRate100:
		return 100
	case UnitRate1000:
		return 1000
	case UnitMean:
		return 1
	}
	return 0
}

// Registrations returns every registration indicator, by file then order.
func (c *Catalog) Registrations() []*Registration { return c.registrations }

// RegistrationByID returns the registration indicator with this id.
func (c *Catalog) RegistrationByID(id string) (*Registration, bool) {
	i := slices.IndexFunc(c.registrations, func(r *Registration) bool { return r.ID == id })
	if i < 0 {
		return nil, false
	}
	return c.registrations[i], true
}

// registrations loads and checks every registration/*.yaml file.
func (l *loader) registrations(cat *Catalog) {
	names, _ := fs.Glob(l.fsys, path.Join(RegistrationDir, "*.yaml"))
	sort.Strings(names)
	seen := map[string]bool{}
	for _, s := range cat.Surveys() {
		for _, ind := range s.Indicators {
			seen[ind.ID] = true
		}
	}
	for _, name := range names {
		var doc struct {
			Indicators []*Registration `yaml:"indicators"`
		}
		node := l.decodeFile(name, &doc)
		if node == nil {
			continue
		}
		for i, r := range doc.Indicators {
			line := locate(node, "indicators", i)
			if r == nil {
				l.problem(name, line, "indicator %d is empty", i+1)
				continue
			}
			r.File = name
			l.checkRegistration(cat, name, line, r, seen)
			cat.registrations = append(cat.registrations, r)
		}
	}
}

func (l *loader) checkRegistration(cat *Catalog, file string, line int, r *Registration, seen map[string]bool) {
	bad := func(format string, args ...any) { l.problem(file, line, "indicator "+r.ID+": "+format, args...) }
	l.inIndicator = true
	defer func() { l.inIndicator = false }()
	if !idPattern.MatchString(r.ID) {
		l.problem(file, line, "id %q must be lower case letters, digits and _ (start with a letter)", r.ID)
	}
	if seen[r.ID] {
		bad("the id is already used by another indicator")
	}
	seen[r.ID] = true
	for field, id := range map[string]string{"title": r.Title, "definition": r.Definition, "reference": r.Reference} {
		if id == "" {
			bad("%s: a message id is required", field)
			continue
		}
		l.ref(file, line, id)
	}
	if _, ok := cat.themeIdx[r.Theme]; !ok {
		bad("unknown theme %q (themes are listed in %s)", r.Theme, themesFile)
	}
	for _, a := range r.CRC {
		if a < 1 || a > 54 {
			bad("CRC article %d does not exist (1-54)", a)
		}
	}
	if !slices.Contains([]string{UnitShare, UnitRate100, UnitRate1000, UnitCount, UnitMean}, r.Unit) {
		bad("unit must be share, rate100, rate1000, count or mean, not %q", r.Unit)
	}
	if r.Direction != "higher_better" && r.Direction != "higher_worse" && r.Direction != "neutral" {
		bad("direction must be higher_better, higher_worse or neutral (a context figure), not %q", r.Direction)
	}
	u, err := url.Parse(r.Source.URL)
	if r.Source.Organisation == "" || err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		bad("source needs an organisation and a web address (https://...)")
	}
	src := r.Source
	if src.Publication == "" || src.Table == "" {
		bad("source needs the publication and the table the figures are read from")
	}
	if src.Licence == "" {
		bad("source needs its licence (the publisher's terms of re-use)")
	}
	if !slices.Contains(Rhythms, src.Rhythm) {
		bad("source rhythm must be one of %v, not %q", Rhythms, src.Rhythm)
	}
	if !slices.Contains(Layouts, src.Layout) {
		bad("source layout must be one of %v, not %q", Layouts, src.Layout)
	}
	if src.Layout != "tidy" && src.Dataset == "" {
		bad("source dataset: the %s importer needs the source's code for these figures", src.Layout)
	}
	for _, b := range r.Breakdowns {
		if b != "sex" && b != "age_band" {
			bad("breakdowns may be sex and age_band, not %q", b)
		}
	}
	for _, b := range r.AgeBands {
		if !bandOK(b) {
			bad("age band %q must look like 0-5", b)
		}
	}
	if len(r.AgeBands) > 0 != r.Breaks("age_band") {
		bad("age_bands are listed exactly when the source breaks down by age_band")
	}
	checkMeta(cat, &r.Meta, true, bad, func(id string) { l.ref(file, line, id) })
}

// bandOK reports whether b is an age band such as 0-5, lower end first.
func bandOK(b string) bool {
	lo, hi, ok := strings.Cut(b, "-")
	a, err1 := strconv.Atoi(lo)
	z, err2 := strconv.Atoi(hi)
	return ok && err1 == nil && err2 == nil && a >= 0 && a <= z && z <= 25
}
