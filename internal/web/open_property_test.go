package web_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"html"
	"math"
	"math/rand/v2"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/kinderstem/kinderstem/internal/edition"
	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/release"
)

// openJSON is an edition's JSON file as a reader parses it.
type openJSON struct {
	Edition    int    `json:"edition"`
	From       string `json:"period_from"`
	To         string `json:"period_to"`
	K          int    `json:"k"`
	Indicators []struct {
		Key    string     `json:"indicator"`
		Kind   string     `json:"kind"`
		Source string     `json:"source"`
		CRC    []int      `json:"crc"`
		Scale  [2]float64 `json:"scale"`
		Tables []struct {
			Breakdown string      `json:"breakdown"`
			By        []string    `json:"by"`
			Cells     []auditCell `json:"cells"`
		} `json:"tables"`
		Figures []struct {
			Period string   `json:"period"`
			Value  *float64 `json:"value"`
		} `json:"figures"`
	} `json:"indicators"`
}

// The property the public monitor rests on, over generated installations:
// every number of every page, chart, file and embed is a number of a
// published cell (or a date, an article, k: nothing counted); each chart
// carries the same values as the table beside it; the CSV and the JSON
// hold exactly the same cells; and no combination of the published
// totals and parts, within an edition and across editions of overlapping
// periods, gives a hidden cell back as fewer than k children (checked
// here by exact rational arithmetic, apart from the code that protects).
// The same editions computed without the check across tables and
// editions leak in some installations: the test can fail.
func TestOpenPropertyOverGeneratedData(t *testing.T) {
	t.Parallel()
	unprotectedLeaks := 0
	installations := uint64(6)
	if testing.Short() {
		installations = 2 // the race detector's run; all six run without -short
	}
	for seed := uint64(1); seed <= installations; seed++ {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			unprotectedLeaks += openProperty(t, seed)
		})
	}
	if unprotectedLeaks == 0 {
		t.Error("without the check across tables and editions nothing leaked: the generated data do not test it")
	}
	t.Logf("without the check across tables and editions: %d hidden cells given back over %d installations", unprotectedLeaks, installations)
}

func openProperty(t *testing.T, seed uint64) int {
	e := newEnv(t)
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(seed, 25))
	regions := []string{"44021", "11002", "24062", "31005", "71011"}
	bands := []string{"6-9", "10-13", "14-17"}
	settings := []string{"school", "youth_work", "youth_care"}
	groups := func(n int) []openGroup {
		var out []openGroup
		for range n {
			size := 4 + rng.IntN(30)
			girls := rng.IntN(size + 1)
			other := min(size-girls, rng.IntN(3))
			out = append(out, openGroup{region: regions[rng.IntN(len(regions))], band: bands[rng.IntN(len(bands))],
				setting: settings[rng.IntN(len(settings))], children: size, girls: girls, other: other, happy: rng.Float64()})
		}
		return out
	}
	e.clock.Add(-95 * 24 * time.Hour) // February: the first quarter
	e.openData(t, rng, groups(4+rng.IntN(4))...)
	e.clock.Add(95 * 24 * time.Hour) // May: the second
	e.openData(t, rng, groups(4+rng.IntN(4))...)

	refs := []edition.Ref{{Source: edition.SourceSurvey, Survey: "wellbeing", ID: "life_satisfied"},
		{Source: edition.SourceSurvey, Survey: "wellbeing", ID: "life_satisfaction_mean"},
		{Source: edition.SourceSurvey, Survey: "wellbeing", ID: "bullying"}}
	specs := []edition.Spec{
		{Title: "Half", From: "2026-01", To: "2026-06", Indicators: refs, Breakdowns: []string{"total", "gender", "province", "period"}},
		{Title: "Quarter", From: "2026-01", To: "2026-03", Indicators: refs, Breakdowns: []string{"total", "age_band+gender", "province"}},
		{Title: "Again", From: "2026-01", To: "2026-06", Indicators: refs, Breakdowns: []string{"age_band", "age_band+province", "setting", "age_band+gender"}},
	}
	policy := release.MustPolicy(10, 0)
	src := edition.Sources{Index: e.ix, Store: e.store, Catalog: e.catalog}
	var unprotected []openJSON
	c := e.client()
	for _, spec := range specs {
		raw, err := edition.Compute(ctx, src, spec, policy, e.clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		unprotected = append(unprotected, parseOpenJSON(t, edition.JSON(&edition.Published{Number: len(unprotected) + 1, From: spec.From, To: spec.To, Snap: raw},
			func(string) map[string]string { return nil }, "")))
		if _, err := e.app.PublishEdition(ctx, spec); fault.Is(err, fault.Conflict) {
			t.Logf("%s: %v", spec.Title, err)
		} else if err != nil {
			t.Fatal(err)
		}
	}
	var published []openJSON
	for n := 1; ; n++ {
		r := c.get(fmt.Sprintf("/open/data/edition-%d.json", n))
		if r.StatusCode != 200 {
			break
		}
		ed := parseOpenJSON(t, []byte(r.body))
		published = append(published, ed)
		checkCSVMatchesJSON(t, c.get(fmt.Sprintf("/open/data/edition-%d.csv", n)).body, ed)
	}
	if len(published) == 0 {
		t.Fatal("nothing published")
	}
	if leaks := rationalAudit(published); len(leaks) > 0 {
		t.Errorf("published editions give hidden cells back: %q", leaks)
	}
	for _, lang := range []string{"nl", "en"} {
		checkPageNumbers(t, e, c, lang, published)
	}
	return len(rationalAudit(unprotected))
}

func parseOpenJSON(t *testing.T, b []byte) openJSON {
	t.Helper()
	var out openJSON
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatalf("edition JSON: %v\n%.500s", err, b)
	}
	return out
}

// checkCSVMatchesJSON holds the CSV to the JSON: the same cells, the same
// numbers, hidden cells empty in both.
func checkCSVMatchesJSON(t *testing.T, body string, ed openJSON) {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var want [][]string
	for _, ind := range ed.Indicators {
		for _, tb := range ind.Tables {
			for _, c := range tb.Cells {
				row := []string{ind.Key, tb.Breakdown, strings.Join(c.Levels, "|"), strconv.FormatBool(c.Shown), fnum(c.Value), fnum(c.Lower), fnum(c.Upper), inum(c.N)}
				want = append(want, row)
			}
		}
	}
	var got [][]string
	for _, r := range rows[1:] {
		if r[2] == edition.SourceRegistration {
			continue
		}
		var levels []string
		for _, l := range []string{r[8], r[10]} {
			if l != "" {
				levels = append(levels, l)
			}
		}
		got = append(got, []string{r[1], r[6], strings.Join(levels, "|"), r[13], r[14], r[15], r[16], r[17]})
	}
	if !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("edition %d: the CSV's %d cells differ from the JSON's %d", ed.Edition, len(got), len(want))
	}
}

func fnum(v *float64) string {
	if v == nil {
		return ""
	}
	return strconv.FormatFloat(*v, 'f', -1, 64)
}

func inum(v *int) string {
	if v == nil {
		return ""
	}
	return strconv.Itoa(*v)
}

var (
	tagRE       = regexp.MustCompile(`(?s)<[^>]*>`)
	urlRE       = regexp.MustCompile(`https?://\S+`)
	numberRE    = regexp.MustCompile(`\d[\d.,]*%?`)
	chartValRE  = regexp.MustCompile(`<text x="[^"]+" y="[^"]+" font-size="13" fill="#1b1b1b">([^<]*)</text>`)
	tableSecRE  = regexp.MustCompile(`(?s)<section class="open-table" id="by-[^"]+".*?</section>`)
	oneWayRowRE = regexp.MustCompile(`<tr><th scope="row">[^<]*</th><td>([^<]*)</td><td>[^<]*</td><td>[^<]*</td></tr>`)
	twoWayRowRE = regexp.MustCompile(`(?s)<tr><th scope="row">[^<]*</th>(.*?)</tr>`)
	twoWayTdRE  = regexp.MustCompile(`<td>([^<]*?)(?:<span class="cell-n">[^<]*</span>)?</td>|<td><span class="hidden-cell">`)
)

// checkPageNumbers reads every page of the current edition in a
// language: each chart carries its table's values, and every number in
// the text is a published cell's or something that counts nobody.
func checkPageNumbers(t *testing.T, e *env, c *client, lang string, published []openJSON) {
	t.Helper()
	p := message.NewPrinter(language.Make(lang))
	allowed := map[string]bool{}
	allow := func(s string) {
		for _, tok := range numberRE.FindAllString(s, -1) {
			allowed[strings.TrimRight(tok, ".,")] = true
		}
	}
	for _, id := range e.locales.IDs(lang) {
		allow(e.locales.For(lang).T(id))
	}
	for _, th := range e.catalog.Themes {
		for _, a := range th.CRC {
			allow(strconv.Itoa(a))
		}
	}
	for _, ed := range published {
		allow(fmt.Sprintf("%d %s %s %d 95 720 480 2026-05-12", ed.Edition, ed.From, ed.To, ed.K))
		for _, ind := range ed.Indicators {
			for _, a := range ind.CRC {
				allow(strconv.Itoa(a))
			}
			format := openFormatter(p, ind.Kind, ind.Scale)
			for _, v := range []float64{ind.Scale[0], (ind.Scale[0] + ind.Scale[1]) / 2, ind.Scale[1], 0, 0.5, 1} {
				allow(format(v))
			}
			for _, f := range ind.Figures {
				allow(f.Period)
				if f.Value != nil {
					allow(p.Sprintf("%.1f%%", *f.Value) + " " + p.Sprintf("%.1f", *f.Value) + " " + p.Sprintf("%d", int(math.Round(*f.Value))))
				}
			}
			for _, tb := range ind.Tables {
				for _, cell := range tb.Cells {
					allow(strings.Join(cell.Levels, " "))
					for _, v := range []*float64{cell.Value, cell.Lower, cell.Upper} {
						if v != nil {
							allow(format(*v))
						}
					}
					if cell.N != nil {
						allow(p.Sprintf("%d", *cell.N))
					}
				}
			}
		}
	}
	current := published[len(published)-1]
	pages := []string{"/open/" + lang + "/", "/open/" + lang + "/editions/", "/open/" + lang + "/children/"}
	for _, ed := range published {
		pages = append(pages, fmt.Sprintf("/open/%s/editions/%d/", lang, ed.Edition))
	}
	for _, th := range e.catalog.Themes {
		pages = append(pages, "/open/"+lang+"/themes/"+th.ID+"/")
	}
	for _, pr := range e.catalog.Provinces() {
		pages = append(pages, "/open/"+lang+"/children/"+pr.Code+"/")
	}
	for _, ind := range current.Indicators {
		if ind.Source == edition.SourceRegistration {
			continue
		}
		base := "/open/" + lang + "/indicators/" + ind.Key + "/"
		pages = append(pages, base, base+"chart.svg", "/embed/"+lang+"/"+ind.Key+"/")
		checkChartsMatchTables(t, c.get(base).body, base)
	}
	for _, path := range pages {
		r := c.get(path)
		if r.StatusCode != 200 {
			t.Errorf("%s: %d", path, r.StatusCode)
			continue
		}
		text := html.UnescapeString(tagRE.ReplaceAllString(r.body, " "))
		text = urlRE.ReplaceAllString(text, " ")
		for _, tok := range numberRE.FindAllString(text, -1) {
			if tok = strings.TrimRight(tok, ".,"); !allowed[tok] {
				t.Errorf("%s: %q is not a number of a published cell", path, tok)
			}
		}
	}
}

// openFormatter writes a value as the pages do.
func openFormatter(p *message.Printer, kind string, scale [2]float64) func(float64) string {
	switch {
	case kind == "share":
		return func(v float64) string { return p.Sprintf("%d%%", int(math.Round(v*100))) }
	case scale[1] <= 10:
		return func(v float64) string { return p.Sprintf("%.1f", v) }
	}
	return func(v float64) string { return p.Sprintf("%d", int(math.Round(v))) }
}

// checkChartsMatchTables holds each chart to the table beside it: the
// values the bars are labelled with are the table's shown values, in
// order.
func checkChartsMatchTables(t *testing.T, body, where string) {
	t.Helper()
	sections := tableSecRE.FindAllString(body, -1)
	if len(sections) == 0 {
		t.Errorf("%s: no chart with a table", where)
	}
	for _, sec := range sections {
		var chart []string
		for _, m := range chartValRE.FindAllStringSubmatch(sec, -1) {
			chart = append(chart, m[1])
		}
		var table []string
		if strings.Contains(sec, "<thead><tr><td></td>") {
			rows := twoWayRowRE.FindAllStringSubmatch(sec, -1)
			for i, row := range rows {
				if i == len(rows)-1 {
					break // the column totals: not drawn
				}
				tds := twoWayTdRE.FindAllStringSubmatch(row[1], -1)
				for _, td := range tds[:len(tds)-1] { // the row total: not drawn
					if td[1] != "" {
						table = append(table, td[1])
					}
				}
			}
		} else {
			for _, m := range oneWayRowRE.FindAllStringSubmatch(sec, -1) {
				table = append(table, m[1])
			}
		}
		if !slices.Equal(chart, table) {
			t.Errorf("%s: the chart shows %q, its table %q", where, chart, table)
		}
	}
}
