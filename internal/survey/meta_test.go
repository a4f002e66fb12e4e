package survey_test

import (
	"io/fs"
	"testing"
	"testing/fstest"

	"github.com/kinderstem/kinderstem"
	"github.com/kinderstem/kinderstem/internal/survey"
)

func shippedCatalog(t *testing.T) *survey.Catalog {
	t.Helper()
	surveys, _ := fs.Sub(kinderstem.Assets(), "surveys")
	cat, err := survey.Load(surveys)
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

// Every shipped indicator says why it measures the right, and every
// registration indicator says where its figures come from and on what
// terms.
func TestShippedIndicatorsHaveBasis(t *testing.T) {
	cat := shippedCatalog(t)
	for _, s := range cat.All() {
		for _, ind := range s.Indicators {
			if ind.Basis == "" {
				t.Errorf("%s/%s has no basis", s.ID, ind.ID)
			}
		}
	}
	for _, r := range cat.Registrations() {
		src := r.Source
		if r.Basis == "" || src.Publication == "" || src.Table == "" || src.Licence == "" || src.Rhythm == "" || src.Layout == "" {
			t.Errorf("registration %s lacks basis or source details: %+v", r.ID, src)
		}
	}
}

// The Kinderrechtenmonitor's 2018 figure is a reference value beside the
// indicator that reproduces it, with the filter that selects the same
// children and the published table it comes from.
func TestWellbeingReferenceValue(t *testing.T) {
	cat := shippedCatalog(t)
	s, _ := cat.Survey("wellbeing")
	var ind *survey.Indicator
	for _, i := range s.Indicators {
		if i.ID == "life_satisfied" {
			ind = i
		}
	}
	if ind == nil || len(ind.References) != 1 {
		t.Fatalf("life_satisfied references: %+v", ind)
	}
	r := ind.References[0]
	if r.Value != 85.8 || r.N != 2144 || r.Period != "2018" || r.Query != "age=10-12" || r.Kind != survey.ReferenceValue {
		t.Errorf("reference = %+v", r)
	}
	src, ok := cat.Source(r.Source)
	if !ok || src.URL == "" || r.Table == "" {
		t.Errorf("reference source %q = %+v", r.Source, src)
	}
}

// Paragraphs of the concluding observations may be cited only once the
// source is marked as checked against the published text; an unknown
// source and a reference without its table are refused too.
func TestMetaRefusesUncheckedParagraphs(t *testing.T) {
	cases := map[string]string{
		"paragraphs":  "    observations:\n      - source: crc_bel_co_5_6\n        paragraphs: [\"27\"]\n",
		"unknown":     "    observations:\n      - source: no_such_doc\n",
		"no table":    "    references:\n      - {kind: target, value: 5, unit: share, period: \"2030\", source: crc_bel_co_5_6}\n",
		"bad kind":    "    references:\n      - {kind: wish, value: 5, unit: share, period: \"2030\", source: crc_bel_co_5_6, table: T}\n",
		"share > 100": "    references:\n      - {kind: target, value: 500, unit: share, period: \"2030\", source: crc_bel_co_5_6, table: T}\n",
	}
	for name, meta := range cases {
		t.Run(name, func(t *testing.T) {
			fsys := miniWithMeta(t, meta)
			if _, err := survey.Load(fsys); err == nil {
				t.Fatalf("loaded with %s", name)
			}
		})
	}
	if _, err := survey.Load(miniWithMeta(t, "    observations:\n      - source: crc_bel_co_5_6\n")); err != nil {
		t.Fatalf("a citation of the whole document: %v", err)
	}
}

const sources = `sources:
  - {id: crc_bel_co_5_6, kind: concluding_observations, title: Concluding observations, publisher: UN CRC, year: 2019, symbol: CRC/C/BEL/CO/5-6, url: "https://undocs.org/CRC/C/BEL/CO/5-6"}
`

// miniWithMeta is the small valid survey with metadata lines added to its
// indicator, and a sources file.
func miniWithMeta(t *testing.T, meta string) fstest.MapFS {
	t.Helper()
	fsys := files(good + meta)
	fsys["reference/sources.yaml"] = &fstest.MapFile{Data: []byte(sources)}
	return fsys
}
