package xlsform_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kinderstem/kinderstem/internal/survey"
	"github.com/kinderstem/kinderstem/internal/testkit/shipped"
	"github.com/kinderstem/kinderstem/internal/xlsform"
)

// An uploaded file is outside input: whatever its bytes, Read answers
// with problems or a survey, never a panic; a survey it gives passes the
// survey check again from what is kept of it, and every problem and
// warning has words in every shipped language.
func FuzzRead(f *testing.F) {
	cat, bundle := shipped.Content(f)
	_, tags := shippedLangs(bundle)
	ctx := xlsform.Context{Catalog: cat, Langs: tags, Shared: bundleText(bundle)}
	files, _ := filepath.Glob("testdata/cases/*.txt")
	for _, file := range files[:min(len(files), 8)] {
		src, _ := os.ReadFile(file)
		sheets, _ := parseCase(&testing.T{}, string(src))
		f.Add(workbook(f, sheets))
	}
	f.Add([]byte("PK\x03\x04 not really a zip"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		checkResult(t, xlsform.Read(data, ctx), cat, tags)
	})
}

// FuzzReadSheets varies the cells rather than the bytes: three sheets as
// lines of cells separated by |, written as a real workbook and read.
func FuzzReadSheets(f *testing.F) {
	cat, bundle := shipped.Content(f)
	_, tags := shippedLangs(bundle)
	ctx := xlsform.Context{Catalog: cat, Langs: tags, Shared: bundleText(bundle)}
	files, _ := filepath.Glob("testdata/cases/*.txt")
	for _, file := range files {
		src, _ := os.ReadFile(file)
		sheets, _ := parseCase(&testing.T{}, string(src))
		var parts [3]string
		for i, sh := range sheets[:min(3, len(sheets))] {
			var lines []string
			for _, r := range sh.rows {
				lines = append(lines, strings.Join(r, "|"))
			}
			parts[i] = strings.Join(lines, "\n")
		}
		f.Add(parts[0], parts[1], parts[2])
	}
	f.Fuzz(func(t *testing.T, surveySheet, choices, settings string) {
		var sheets []caseSheet
		for i, src := range []string{surveySheet, choices, settings} {
			sh := caseSheet{name: []string{"survey", "choices", "settings"}[i]}
			for j, line := range strings.Split(src, "\n") {
				if j > 60 {
					break
				}
				cells := strings.Split(line, "|")
				if len(cells) > 30 {
					cells = cells[:30]
				}
				for k := range cells {
					cells[k] = strings.ToValidUTF8(strings.TrimSpace(cells[k]), "")
					if strings.ContainsAny(cells[k], "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f") {
						cells[k] = ""
					}
				}
				sh.rows = append(sh.rows, cells)
			}
			sheets = append(sheets, sh)
		}
		checkResult(t, xlsform.Read(workbook(t, sheets), ctx), cat, tags)
	})
}

func checkResult(t *testing.T, res *xlsform.Result, cat *survey.Catalog, tags []string) {
	t.Helper()
	_, bundle := shipped.Content(t)
	for _, is := range append(append([]xlsform.Issue(nil), res.Problems...), res.Warnings...) {
		for _, l := range tags {
			if !bundle.Has(l, is.ID) {
				t.Fatalf("issue %s has no %s words", is.ID, l)
			}
		}
	}
	if len(res.Problems) > 0 {
		if res.Survey != nil {
			t.Fatal("problems and a survey")
		}
		return
	}
	if _, err := survey.ParseWritten(cat, tags, "again", res.Definition); err != nil {
		t.Fatalf("what is kept does not pass the check again: %v", err)
	}
}
