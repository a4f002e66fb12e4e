package survey

import (
	"io/fs"
	"regexp"
	"slices"
)

var nisCode = regexp.MustCompile(`^[0-9]{5}$`)

type merger struct {
	Old  string `yaml:"old"`
	New  string `yaml:"new"`
	From string `yaml:"from"`
}

// mergers reads the crosswalk from pre-2025 NIS codes, when the surveys
// folder has one, and checks that every new code is a municipality.
func (l *loader) mergers(cat *Catalog) {
	cat.mergers = map[string]string{}
	if _, err := fs.Stat(l.fsys, mergersFile); err != nil {
		return // a surveys folder without areas (tests) needs no crosswalk
	}
	var doc struct {
		Mergers []merger `yaml:"mergers"`
	}
	l.decodeFile(mergersFile, &doc)
	for _, m := range doc.Mergers {
		r, ok := cat.Region(m.New)
		switch {
		case !nisCode.MatchString(m.Old):
			l.problem(mergersFile, 0, "old code %q is not a NIS code (five digits)", m.Old)
		case !ok || r.Code != m.New || r.Province == "":
			l.problem(mergersFile, 0, "merger %s: %q is not a municipality in %s", m.Old, m.New, regionsFile)
		case cat.mergers[m.Old] != "":
			l.problem(mergersFile, 0, "old code %s is listed twice", m.Old)
		}
		cat.mergers[m.Old] = m.New
	}
}

// Predecessors returns the pre-2025 codes that merged into code, the code
// itself when it kept it (Antwerpen); nil when nothing merged into it.
func (c *Catalog) Predecessors(code string) []string {
	var out []string
	for old, to := range c.mergers {
		if to == code {
			out = append(out, old)
		}
	}
	slices.Sort(out)
	return out
}

// AddArea adds a municipality that the shipped list lacks (from an import
// of Statbel's REFNIS list) to a known province, before the catalog is
// shared. It reports whether it was added: a code already listed keeps its
// shipped names.
func (c *Catalog) AddArea(code, nl, fr, de, province string) bool {
	p, ok := c.Region(province)
	if _, known := c.regions[code]; known || !ok || p.Province != "" || !nisCode.MatchString(code) {
		return false
	}
	r := Region{Code: code, Province: p.Code, NL: nl, FR: fr, DE: de}
	switch {
	case flemish(code) || fr == "":
		r.Name = nl
	case code[:2] == "21" && nl != fr && nl != "":
		r.Name = nl + " / " + fr
	default:
		r.Name = fr
	}
	c.regions[code] = len(c.Regions)
	c.Regions = append(c.Regions, r)
	return true
}

// flemish reports whether a NIS code lies in the Flemish Region: the
// provinces Antwerpen, Limburg, Oost- and West-Vlaanderen, and the
// arrondissements Halle-Vilvoorde and Leuven.
func flemish(code string) bool {
	a := code[:2]
	return a[0] == '1' || a[0] == '3' || a[0] == '4' || a[0] == '7' || a == "23" || a == "24"
}
