package edition

import (
	_ "embed"
	"encoding/json"
	"strconv"
	"time"
)

// contextFile is the JSON-LD context of the catalogue, shipped with the
// code: a harvester (and a test) reads the catalogue without fetching
// anything, so the context is written into it, and served beside it.
//
//go:embed context.jsonld
var contextFile []byte

// Context is the JSON-LD context file served at /open/context.jsonld.
func Context() []byte { return contextFile }

// CatalogInfo is what the catalogue says about the monitor beside its
// editions: titles and descriptions by language, the publisher and the
// licence of the data.
type CatalogInfo struct {
	Title, Description, DatasetDescription map[string]string
	Publisher                              string
	Licence                                string
	Languages                              []string
	// Sizes gives the byte size of a file of open data by its path under
	// the site ("data/edition-2.csv").
	Sizes func(path string) int
}

// EU vocabularies the catalogue points at (DCAT-AP asks for these).
const (
	euFileType = "http://publications.europa.eu/resource/authority/file-type/"
	euLanguage = "http://publications.europa.eu/resource/authority/language/"
	euTheme    = "http://publications.europa.eu/resource/authority/data-theme/SOCI"
	ianaType   = "https://www.iana.org/assignments/media-types/"
)

var euLanguages = map[string]string{"nl": "NLD", "fr": "FRA", "en": "ENG", "de": "DEU", "ar": "ARA", "uk": "UKR"}

// Catalog is the DCAT-AP catalogue of the published editions as JSON-LD:
// one dataset per edition, each with its CSV and JSON as distributions
// (licence, media type, byte size, modified date).
func (s *Site) Catalog(info CatalogInfo) []byte {
	var ctx struct {
		Context map[string]any `json:"@context"`
	}
	_ = json.Unmarshal(contextFile, &ctx) // shipped with the code, tested
	lic := map[string]any{"@id": info.Licence, "@type": "dct:LicenseDocument"}
	publisher := map[string]any{"@id": s.Abs + "/#publisher", "@type": "foaf:Agent", "foaf:name": info.Publisher}
	var langs []any
	for _, l := range info.Languages {
		if code, ok := euLanguages[l]; ok {
			langs = append(langs, map[string]any{"@id": euLanguage + code, "@type": "dct:LinguisticSystem"})
		}
	}
	var datasets []any
	var modified time.Time
	for i := len(s.Editions) - 1; i >= 0; i-- {
		e := s.Editions[i]
		if e.PublishedAt.After(modified) {
			modified = e.PublishedAt
		}
		var dists []any
		for _, f := range []struct{ ext, format, media string }{{"csv", "CSV", "text/csv"}, {"json", "JSON", "application/json"}} {
			path := "data/" + dataName(e.Number) + "." + f.ext
			url := s.Abs + "/" + path
			dists = append(dists, map[string]any{
				"@id": url, "@type": "dcat:Distribution",
				"dct:title":      langMap(map[string]string{"en": e.Title + " (" + f.format + ")"}),
				"dcat:accessURL": map[string]any{"@id": url}, "dcat:downloadURL": map[string]any{"@id": url},
				"dct:format":     map[string]any{"@id": euFileType + f.format, "@type": "dct:MediaTypeOrExtent"},
				"dcat:mediaType": map[string]any{"@id": ianaType + f.media, "@type": "dct:MediaType"},
				"dcat:byteSize":  map[string]any{"@value": strconv.Itoa(info.Sizes(path)), "@type": "xsd:nonNegativeInteger"},
				"dct:license":    lic,
				"dct:issued":     date(e.PublishedAt),
				"dct:modified":   date(e.PublishedAt),
			})
		}
		landing := s.Abs + "/" + info.Languages[0] + "/editions/" + itoa(e.Number) + "/"
		datasets = append(datasets, map[string]any{
			"@id": landing + "#dataset", "@type": "dcat:Dataset",
			"dct:identifier":    "kinderstem-edition-" + itoa(e.Number),
			"dct:title":         langMap(map[string]string{"nl": e.Title, "en": e.Title}),
			"dct:description":   langMap(info.DatasetDescription),
			"dct:publisher":     publisher,
			"dct:issued":        date(e.PublishedAt),
			"dct:modified":      date(e.PublishedAt),
			"dct:temporal":      map[string]any{"@type": "dct:PeriodOfTime", "dcat:startDate": monthStart(e.From), "dcat:endDate": monthEnd(e.To)},
			"dct:spatial":       map[string]any{"@id": "http://publications.europa.eu/resource/authority/country/BEL", "@type": "dct:Location"},
			"dct:language":      langs,
			"dcat:theme":        map[string]any{"@id": euTheme, "@type": "skos:Concept"},
			"dcat:keyword":      []any{"children's rights", "kinderrechten", "UNCRC", "Kinderrechtenmonitor"},
			"dcat:landingPage":  map[string]any{"@id": landing, "@type": "foaf:Document"},
			"dcat:distribution": dists,
		})
	}
	cat := map[string]any{
		"@context": ctx.Context, "@id": s.Abs + "/catalog.jsonld", "@type": "dcat:Catalog",
		"dct:title":       langMap(info.Title),
		"dct:description": langMap(info.Description),
		"dct:publisher":   publisher,
		"dct:language":    langs,
		"dct:license":     lic,
		"foaf:homepage":   map[string]any{"@id": s.Abs + "/" + info.Languages[0] + "/", "@type": "foaf:Document"},
		"dcat:dataset":    datasets,
	}
	if !modified.IsZero() {
		cat["dct:modified"] = date(modified)
	}
	b, _ := json.MarshalIndent(cat, "", " ") // maps of plain values: cannot fail
	return append(b, '\n')
}

func langMap(m map[string]string) []any {
	var out []any
	for _, l := range []string{"nl", "fr", "en", "de", "ar", "uk"} {
		if v, ok := m[l]; ok && v != "" {
			out = append(out, map[string]any{"@language": l, "@value": v})
		}
	}
	return out
}

func date(t time.Time) map[string]any {
	return map[string]any{"@value": t.UTC().Format("2006-01-02"), "@type": "xsd:date"}
}

func monthStart(m string) map[string]any {
	return map[string]any{"@value": m + "-01", "@type": "xsd:date"}
}

func monthEnd(m string) map[string]any {
	t, err := time.Parse("2006-01", m)
	if err != nil {
		return map[string]any{"@value": m, "@type": "xsd:gYearMonth"}
	}
	return map[string]any{"@value": t.AddDate(0, 1, -1).Format("2006-01-02"), "@type": "xsd:date"}
}
