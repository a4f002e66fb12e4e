package xlsform_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/kinderstem/kinderstem/internal/survey"
	"github.com/kinderstem/kinderstem/internal/testkit/shipped"
	"github.com/kinderstem/kinderstem/internal/xlsform"
)

// The XLSForm test suite: one file per case in testdata/cases. A case
// holds the sheets of a workbook as rows of cells separated by " | ",
// under "-- sheetname --" lines, and what reading it must give under
// "-- want --":
//
//	problem survey!C3 xlsform.name_invalid   every problem, exactly
//	warning choices!1 xlsform.yes_no_words   every warning but the words check's
//	item pet choice options=1,2              an item of the survey read
//	show walks pet 1                         walks is asked when pet is 1
//	langs nl fr                              the languages it is published in
//
// A cell "bool:TRUE" is written as a true/false cell, "num:3" as a number,
// as Excel and LibreOffice save them. The workbook is made with excelize
// and read through the same Read as an upload, so each case is a real
// .xlsx file.
func TestCases(t *testing.T) {
	t.Parallel()
	cat, bundle := shipped.Content(t)
	_, tags := shippedLangs(bundle)
	files, err := filepath.Glob("testdata/cases/*.txt")
	if err != nil || len(files) < 30 {
		t.Fatalf("found %d cases (%v)", len(files), err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txt"), func(t *testing.T) {
			t.Parallel()
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			sheets, want := parseCase(t, string(src))
			res := xlsform.Read(workbook(t, sheets), xlsform.Context{Catalog: cat, Langs: tags, Shared: bundleText(bundle)})
			checkCase(t, res, want)
		})
	}
}

type caseSheet struct {
	name string
	rows [][]string
}

func parseCase(t *testing.T, src string) ([]caseSheet, []string) {
	t.Helper()
	var sheets []caseSheet
	var want []string
	cur := ""
	for _, line := range strings.Split(src, "\n") {
		if name, ok := strings.CutPrefix(line, "-- "); ok && strings.HasSuffix(name, " --") {
			cur = strings.TrimSuffix(name, " --")
			if cur != "want" {
				sheets = append(sheets, caseSheet{name: cur})
			}
			continue
		}
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") || cur == "" {
			continue
		}
		if cur == "want" {
			want = append(want, strings.TrimSpace(line))
			continue
		}
		cells := strings.Split(line, "|")
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		sheets[len(sheets)-1].rows = append(sheets[len(sheets)-1].rows, cells)
	}
	if len(want) == 0 {
		t.Fatal("the case has no -- want -- lines")
	}
	return sheets, want
}

// workbook writes sheets as an .xlsx file.
func workbook(t testing.TB, sheets []caseSheet) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, sh := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", sh.name); err != nil {
				t.Fatal(err)
			}
		} else if _, err := f.NewSheet(sh.name); err != nil {
			t.Fatal(err)
		}
		for r, row := range sh.rows {
			for c, v := range row {
				if v == "" {
					continue
				}
				cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
				var err error
				switch {
				case strings.HasPrefix(v, "bool:"):
					err = f.SetCellBool(sh.name, cell, strings.EqualFold(strings.TrimPrefix(v, "bool:"), "true"))
				case strings.HasPrefix(v, "num:"):
					n, _ := strconv.ParseFloat(strings.TrimPrefix(v, "num:"), 64)
					err = f.SetCellFloat(sh.name, cell, n, -1, 64)
				default:
					err = f.SetCellStr(sh.name, cell, v)
				}
				if err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func checkCase(t *testing.T, res *xlsform.Result, want []string) {
	t.Helper()
	got := map[string]bool{}
	for _, p := range res.Problems {
		got["problem "+p.Place()+" "+p.ID] = true
	}
	for _, w := range res.Warnings {
		if !strings.HasPrefix(w.ID, "xlsform.words_") || slices.Contains(want, "warning "+w.Place()+" "+w.ID) {
			got["warning "+w.Place()+" "+w.ID] = true
		}
	}
	for _, line := range want {
		f := strings.Fields(line)
		switch f[0] {
		case "problem", "warning":
			if !got[line] {
				t.Errorf("missing: %s", line)
			}
			delete(got, line)
		case "item":
			checkItem(t, res.Survey, f[1:])
		case "show":
			checkShow(t, res.Survey, f[1:])
		case "langs":
			if res.Survey == nil || strings.Join(res.Survey.Languages(), " ") != strings.Join(f[1:], " ") {
				var got []string
				if res.Survey != nil {
					got = res.Survey.Languages()
				}
				t.Errorf("published in %v, want %v", got, f[1:])
			}
		case "ok":
		default:
			t.Fatalf("unknown want line %q", line)
		}
	}
	for line := range got {
		t.Errorf("unexpected: %s", line)
	}
	if t.Failed() {
		for _, p := range res.Problems {
			t.Logf("problem %s %s %v", p.Place(), p.ID, p.Args)
		}
		for _, w := range res.Warnings {
			t.Logf("warning %s %s %v", w.Place(), w.ID, w.Args)
		}
	}
	if (len(res.Problems) == 0) != (res.Survey != nil && res.Definition != nil) {
		t.Errorf("%d problems but survey %v", len(res.Problems), res.Survey != nil)
	}
}

// checkItem checks "name kind key=value...": min, max, options (codes),
// names (option names), scale, dk, negative, young, crc, settings.
func checkItem(t *testing.T, s *survey.Survey, f []string) {
	t.Helper()
	if s == nil {
		t.Errorf("item %s: no survey", f[0])
		return
	}
	it, ok := s.Item(f[0])
	if !ok {
		t.Errorf("no item %s", f[0])
		return
	}
	if string(it.Kind) != f[1] {
		t.Errorf("item %s is %s, want %s", it.ID, it.Kind, f[1])
	}
	for _, kv := range f[2:] {
		k, v, _ := strings.Cut(kv, "=")
		var got string
		switch k {
		case "min":
			got = strconv.Itoa(it.Min)
		case "max":
			got = strconv.Itoa(it.Max)
		case "options":
			var codes []string
			for _, o := range it.Options {
				codes = append(codes, strconv.Itoa(o.Code))
			}
			got = strings.Join(codes, ",")
		case "names":
			var ns []string
			for _, o := range it.Options {
				ns = append(ns, o.Name)
			}
			got = strings.Join(ns, ",")
		case "scale":
			got = it.Scale
		case "dk":
			got = strconv.FormatBool(it.OffersDontKnow())
		case "negative":
			got = strconv.FormatBool(it.Negative)
		case "young":
			got = strconv.FormatBool(it.Young != "")
		case "crc":
			var cs []string
			for _, a := range it.CRC {
				cs = append(cs, strconv.Itoa(a))
			}
			got = strings.Join(cs, ",")
		case "settings":
			got = strings.Join(it.Settings, ",")
		case "section":
			got = it.Section
		default:
			t.Fatalf("unknown item check %q", k)
		}
		if got != v {
			t.Errorf("item %s %s = %s, want %s", it.ID, k, got, v)
		}
	}
}

func checkShow(t *testing.T, s *survey.Survey, f []string) {
	t.Helper()
	if s == nil {
		t.Errorf("show %s: no survey", f[0])
		return
	}
	it, ok := s.Item(f[0])
	if !ok || it.ShowIf == nil {
		t.Errorf("item %s has no condition", f[0])
		return
	}
	var codes []string
	for _, c := range it.ShowIf.In {
		codes = append(codes, strconv.Itoa(c))
	}
	if got := it.ShowIf.Item + " " + strings.Join(codes, ","); got != strings.Join(f[1:], " ") {
		t.Errorf("show %s: %s, want %s", f[0], got, strings.Join(f[1:], " "))
	}
}

// cells reads every sheet of a file as text, to compare two files.
func cells(t testing.TB, data []byte) string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var b strings.Builder
	for _, name := range f.GetSheetList() {
		rows, err := f.GetRows(name)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "-- %s --\n", name)
		for _, r := range rows {
			fmt.Fprintln(&b, strings.Join(r, " | "))
		}
	}
	return b.String()
}

// Every problem and warning Read can give has words in every shipped
// language: the ids are read from the package's source.
func TestEveryIssueHasWords(t *testing.T) {
	t.Parallel()
	_, bundle := shipped.Content(t)
	files, _ := filepath.Glob("*.go")
	ids := map[string]bool{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, _ := os.ReadFile(f)
		for _, m := range issueID.FindAllStringSubmatch(string(src), -1) {
			ids[m[1]] = true
		}
	}
	for _, check := range []string{survey.CheckSentence, survey.CheckWord, survey.CheckLIX, survey.CheckReadingEase} {
		ids["xlsform.words_"+check] = true
	}
	delete(ids, "xlsform.words_")
	if len(ids) < 60 {
		t.Fatalf("found only %d issue ids", len(ids))
	}
	for id := range ids {
		for _, l := range bundle.Languages() {
			if !bundle.Has(l.Tag, id) {
				t.Errorf("%s has no %s words", id, l.Tag)
			}
		}
	}
}

var issueID = regexp.MustCompile(`"(xlsform\.[a-z_]+)"`)

// The example shipped in surveys/examples/play.xlsx is made from
// testdata/example.txt: it reads without a problem or a warning but the
// words check's, and the shipped file is what the source gives
// (KINDERSTEM_UPDATE_EXAMPLE=1 writes it again).
func TestExample(t *testing.T) {
	t.Parallel()
	cat, bundle := shipped.Content(t)
	_, tags := shippedLangs(bundle)
	src, err := os.ReadFile("testdata/example.txt")
	if err != nil {
		t.Fatal(err)
	}
	sheets, want := parseCase(t, string(src))
	data := workbook(t, sheets)
	const shipped = "../../surveys/examples/play.xlsx"
	if os.Getenv("KINDERSTEM_UPDATE_EXAMPLE") != "" {
		if err := os.WriteFile(shipped, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	file, err := os.ReadFile(shipped)
	if err != nil {
		t.Fatal(err)
	}
	if cells(t, file) != cells(t, data) {
		t.Fatalf("%s differs from testdata/example.txt: run KINDERSTEM_UPDATE_EXAMPLE=1 go test ./internal/xlsform -run TestExample", shipped)
	}
	res := xlsform.Read(file, xlsform.Context{Catalog: cat, Langs: tags, Shared: bundleText(bundle)})
	checkCase(t, res, want)
	if res.Survey != nil && len(res.Survey.Languages()) != len(tags) {
		t.Errorf("the example speaks %v, not every shipped language", res.Survey.Languages())
	}
}
