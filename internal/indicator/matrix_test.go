package indicator_test

import (
	"io/fs"
	"math"
	"os"
	"testing"
	"testing/fstest"

	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/release"
	"github.com/kinderstem/kinderstem/internal/survey"
)

const matrixSurvey = `id: mx
version: 1
title: mx.t
intro: mx.i
theme: wellbeing
respondents: professionals
scales:
  - {id: agree0, style: words, from: 0, points: 6, labels: [a0, a1, a2, a3, a4, a5], dont_know: true}
sections:
  - id: care
    title: mx.care
    items:
      - {id: a, kind: matrix, scale: agree0, text: mx.a, rows: [{id: pov, label: g.pov}, {id: dis, label: g.dis}]}
      - {id: b, kind: matrix, scale: agree0, text: mx.b, rows: [{id: pov, label: g.pov}, {id: dis, label: g.dis}]}
indicators:
  - {id: by_service, kind: pool, by: section, theme: wellbeing, title: mx.s, definition: mx.sd}
  - {id: by_group, kind: pool, by: row, theme: wellbeing, title: mx.g, definition: mx.gd}
`

func matrixCatalog(t testing.TB) *survey.Survey {
	t.Helper()
	return matrixCatalogOf(t, matrixSurvey)
}

func matrixCatalogOf(t testing.TB, yaml string) *survey.Survey {
	t.Helper()
	ref := os.DirFS("../../surveys/reference")
	fs := fstest.MapFS{"mx.yaml": {Data: []byte(yaml)}}
	for _, f := range []string{"themes.yaml", "settings.yaml", "scales.yaml", "regions.yaml"} {
		data, err := readAll(ref, f)
		if err != nil {
			t.Fatal(err)
		}
		fs["reference/"+f] = &fstest.MapFile{Data: data}
	}
	cat, err := survey.Load(fs)
	if err != nil {
		t.Fatal(err)
	}
	return cat.Professional()[0]
}

// Twelve respondents: a.pov, a.dis, b.pov, b.dis; -1 skipped, -2 don't know.
var matrixAnswers = [][4]int{
	{0, 5, 2, -2},
	{1, -1, 3, 4},
	{2, 4, -2, -1},
	{3, -1, 1, 1},
	{4, 0, 5, 3},
	{5, 2, 0, 2},
	{-2, -2, -2, -2},
	{-1, -1, -1, -1},
	{0, 3, 4, 5},
	{5, 5, 5, 5},
	{2, -1, 2, -1},
	{3, 1, -1, 0},
}

func eachMatrix(f func(map[string]int) error) error {
	for _, r := range matrixAnswers {
		if err := f(map[string]int{"a.pov": r[0], "a.dis": r[1], "b.pov": r[2], "b.dis": r[3]}); err != nil {
			return err
		}
	}
	return nil
}

func same(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

// Mean, n, don't know, skipped and distribution per cell, and both pools,
// against values worked out by hand from the table above.
func TestMatrixResultsByHand(t *testing.T) {
	t.Parallel()
	s := matrixCatalog(t)
	m, err := indicator.MatrixResults(s, eachMatrix, release.MustPolicy(5, 0))
	if err != nil {
		t.Fatal(err)
	}
	if m.Responses != 12 || len(m.Blocks) != 1 || len(m.Blocks[0].Items) != 2 {
		t.Fatalf("responses %d, blocks %d", m.Responses, len(m.Blocks))
	}
	apov := m.Blocks[0].Items[0].Cells[0]
	// a.pov: 0 1 2 3 4 5 0 5 2 3 → n 10, sum 25, mean 2.5; r7 don't know, r8 skipped.
	if apov.N != 10 || !same(apov.Value, 2.5) || apov.DontKnow != 1 || apov.Skipped != 1 {
		t.Errorf("a.pov = n %d mean %v dk %d skip %d, want 10, 2.5, 1, 1", apov.N, apov.Value, apov.DontKnow, apov.Skipped)
	}
	want := []int{2, 1, 2, 2, 1, 2}
	for i, n := range want {
		if apov.Dist[i] != n {
			t.Fatalf("a.pov distribution = %v, want %v (a 0 counts as 0)", apov.Dist, want)
		}
	}
	adis := m.Blocks[0].Items[0].Cells[1]
	// a.dis: 5 4 0 2 3 5 1 → n 7, sum 20; skipped r2 r4 r8 r11.
	if adis.N != 7 || !same(adis.Value, 20.0/7) || adis.Skipped != 4 || adis.DontKnow != 1 {
		t.Errorf("a.dis = n %d mean %v skip %d dk %d, want 7, 20/7, 4, 1", adis.N, adis.Value, adis.Skipped, adis.DontKnow)
	}
	service, group := m.Pools[0], m.Pools[1]
	// Per respondent over the block: 7/3 8/3 3 5/3 3 9/4 3 5 2 4/3 → sum 26.25 over 10.
	if lv := service.Levels[0]; lv.N != 10 || !same(lv.Value, 2.625) || lv.DontKnow != 1 || lv.Skipped != 1 {
		t.Errorf("service pool = n %d mean %v dk %d skip %d, want 10, 2.625, 1, 1", lv.N, lv.Value, lv.DontKnow, lv.Skipped)
	}
	// The pool's total takes every cell; with one section it is the section's.
	if tot := service.Total; tot.N != 10 || !same(tot.Value, 2.625) {
		t.Errorf("service pool total = n %d mean %v, want 10, 2.625", tot.N, tot.Value)
	}
	// Per respondent over a.pov and b.pov: 1 2 2 2 4.5 2.5 2 5 2 3 → 26 over 10.
	if lv := group.Levels[0]; lv.ID != "pov" || lv.N != 10 || !same(lv.Value, 2.6) {
		t.Errorf("group pool %s = n %d mean %v, want pov, 10, 2.6", lv.ID, lv.N, lv.Value)
	}
}

// With k = 10 the cells of 7 are hidden whole, the cell of 10 is not.
func TestMatrixResultsHideSmallCells(t *testing.T) {
	t.Parallel()
	s := matrixCatalog(t)
	m, err := indicator.MatrixResults(s, eachMatrix, release.MustPolicy(10, 0))
	if err != nil {
		t.Fatal(err)
	}
	apov, adis := m.Blocks[0].Items[0].Cells[0], m.Blocks[0].Items[0].Cells[1]
	if apov.Suppressed || apov.N != 10 {
		t.Errorf("a.pov hidden: %+v", apov)
	}
	if !adis.Suppressed || adis.N != 0 || adis.Dist != nil || adis.DontKnow != 0 || adis.Skipped != 0 || !math.IsNaN(adis.Value) {
		t.Errorf("a.dis (n 7 < k 10) shows something: %+v", adis)
	}
}

func readAll(fsys fs.FS, name string) ([]byte, error) { return fs.ReadFile(fsys, name) }
