package survey

import (
	"io/fs"
	"net/url"
	"path"
	"slices"
	"sort"
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
	ID         string `yaml:"id"`
	Title      string `yaml:"title"`      // message id
	Definition string `yaml:"definition"` // message id
	Reference  string `yaml:"reference"`  // message id: the reference date or window
	Theme      string `yaml:"theme"`
	CRC        []int  `yaml:"crc"`
	Unit       string `yaml:"unit"`      // share, rate100, rate1000, count or mean
	Direction  string `yaml:"direction"` // higher_better or higher_worse
	Source     struct {
		Organisation string `yaml:"organisation"`
		URL          string `yaml:"url"`
	} `yaml:"source"`
	// CountsChildren says the numerator counts children: a figure resting
	// on fewer than k of them is hidden, as a survey cell is.
	CountsChildren bool `yaml:"counts_children"`

	File string `yaml:"-"`
}

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
	if r.Direction != "higher_better" && r.Direction != "higher_worse" {
		bad("direction must be higher_better or higher_worse, not %q", r.Direction)
	}
	u, err := url.Parse(r.Source.URL)
	if r.Source.Organisation == "" || err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		bad("source needs an organisation and a web address (https://...)")
	}
}
