package edition

import (
	"html/template"
	"slices"
	"strings"

	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// errNoPage is a page the monitor does not have.
var errNoPage = fault.New(fault.NotFound, "error.not_found", "no such page of the monitor")

// HomePage is the monitor's front page: the current edition by
// children's-rights theme.
type HomePage struct {
	Chrome
	Edition *Published
	Themes  []ThemeView
	Data    []DataLink
}

// ThemeView is one theme with its indicators' headline figures.
type ThemeView struct {
	ID, Title, CRC, URL string
	Rows                []Row
}

// Row is an indicator's headline in a list.
type Row struct {
	Title, URL, Source string
	Shown
}

// DataLink is a downloadable file.
type DataLink struct {
	Label, URL, Format string
}

// Home is the front page.
func (s *Site) Home() *HomePage {
	e := s.Current()
	p := &HomePage{Chrome: s.chrome("", s.L.T("open.title")), Edition: e}
	for _, th := range s.Cat.Themes {
		p.Themes = append(p.Themes, s.themeView(th, e))
	}
	p.Data = s.dataLinks(e)
	return p
}

func (s *Site) themeView(th survey.Theme, e *Published) ThemeView {
	tv := ThemeView{ID: th.ID, Title: s.L.T(th.Title), CRC: s.crc(th.CRC), URL: s.URL("themes/" + th.ID + "/")}
	for _, ind := range e.Snap.Indicators {
		if ind.Theme != th.ID {
			continue
		}
		tv.Rows = append(tv.Rows, Row{Title: s.indicatorTitle(ind), URL: s.indicatorURL(ind), Source: s.L.T("open.kind_" + ind.Source),
			Shown: s.headline(ind)})
	}
	return tv
}

func (s *Site) dataLinks(e *Published) []DataLink {
	name := dataName(e.Number)
	return []DataLink{
		{Label: s.L.T("open.data_csv"), URL: s.DataURL("data/" + name + ".csv"), Format: "CSV"},
		{Label: s.L.T("open.data_json"), URL: s.DataURL("data/" + name + ".json"), Format: "JSON"},
		{Label: s.L.T("open.data_catalog"), URL: s.DataURL("catalog.jsonld"), Format: "JSON-LD"},
	}
}

// dataName is the file name of an edition's open data.
func dataName(number int) string { return "edition-" + itoa(number) }

// ThemePage is one theme: its CRC articles and every indicator of it.
type ThemePage struct {
	Chrome
	Edition *Published
	Theme   ThemeView
}

// Theme is a theme's page; a NotFound fault for an unknown theme.
func (s *Site) Theme(id string) (*ThemePage, error) {
	th, ok := s.Cat.Theme(id)
	if !ok {
		return nil, errNoPage
	}
	e := s.Current()
	tv := s.themeView(th, e)
	return &ThemePage{Chrome: s.chrome("themes/"+id+"/", tv.Title), Edition: e, Theme: tv}, nil
}

// EditionsPage lists every published edition with its open data.
type EditionsPage struct {
	Chrome
	Editions []EditionRow
}

// EditionRow is one edition in the list.
type EditionRow struct {
	Label, Period, Published, URL string
	Data                          []DataLink
	Current                       bool
}

// EditionList is the list of editions, newest first.
func (s *Site) EditionList() *EditionsPage {
	p := &EditionsPage{Chrome: s.chrome("editions/", s.L.T("open.editions_title"))}
	for i := len(s.Editions) - 1; i >= 0; i-- {
		e := s.Editions[i]
		p.Editions = append(p.Editions, EditionRow{Label: s.editionLabel(e), Period: s.span(e.From, e.To), Published: publishedOn(e),
			URL: s.URL("editions/" + itoa(e.Number) + "/"), Data: s.dataLinks(e), Current: i == len(s.Editions)-1})
	}
	return p
}

func publishedOn(e *Published) string {
	if e.PublishedAt.IsZero() {
		return ""
	}
	return e.PublishedAt.Format("2006-01-02")
}

// EditionPage is one edition as it was published: every indicator's
// headline by theme, and its open data. Its address never changes.
type EditionPage struct {
	Chrome
	Edition *Published
	Period  string
	Themes  []ThemeView
	Data    []DataLink
}

// EditionByNumber is an edition's own page.
func (s *Site) EditionByNumber(n int) (*EditionPage, error) {
	e := s.edition(n)
	if e == nil {
		return nil, errNoPage
	}
	p := &EditionPage{Chrome: s.chrome("editions/"+itoa(n)+"/", s.editionLabel(e)), Edition: e, Period: s.span(e.From, e.To), Data: s.dataLinks(e)}
	for _, th := range s.Cat.Themes {
		if tv := s.themeView(th, e); len(tv.Rows) > 0 {
			p.Themes = append(p.Themes, tv)
		}
	}
	return p, nil
}

func (s *Site) edition(n int) *Published {
	for _, e := range s.Editions {
		if e.Number == n {
			return e
		}
	}
	return nil
}

// IndicatorPage is one indicator in depth: a chart with the same numbers
// in a table beside it for each breakdown, the trend over editions, the
// definition, source, CRC articles and policy metadata, a permalink and
// the code to embed its chart.
type IndicatorPage struct {
	Chrome
	Edition   *Published
	Ind       *Indicator
	Theme     ThemeView
	Def       string
	Source    string
	CRC       string
	Unit      string // what a value is: a share, a mean on its scale
	Tables    []TableView
	Trend     *TrendView
	Figures   *FiguresView
	Reference *ReferenceView
	Meta      Meta
	ChartURL  string
	EmbedURL  string
	EmbedCode string
	Data      []DataLink
}

// TableView is one breakdown: its chart and its table, the same cells.
type TableView struct {
	ID      string // the anchor of the table on the page
	Caption string
	Head    []string // a two-way table's column labels
	Rows    []TableRow
	Chart   template.HTML
	TooFew  bool
}

// TableRow is one row of a table.
type TableRow struct {
	Label string
	Cells []Shown // one per column
}

// Indicator is an indicator's page; a NotFound fault when the current
// edition does not publish it.
func (s *Site) Indicator(key string) (*IndicatorPage, error) {
	e := s.Current()
	ind, ok := e.Snap.Indicator(key)
	if !ok {
		return nil, errNoPage
	}
	th, _ := s.Cat.Theme(ind.Theme)
	p := &IndicatorPage{Chrome: s.chrome(indicatorRel(ind), s.indicatorTitle(ind)), Edition: e, Ind: ind, Theme: s.themeView(th, e),
		Def: s.L.T(ind.Definition), Source: s.sourceLine(ind, e), CRC: s.crc(ind.CRC), Unit: s.unit(ind), Meta: ind.Meta,
		ChartURL: s.URL(indicatorRel(ind) + "chart.svg"), Data: s.dataLinks(e)}
	if s.Embeds && ind.Source != SourceRegistration && !s.Preview {
		p.EmbedURL = embedPath(s.Lang.Tag, ind)
		p.EmbedCode = `<iframe src="` + s.embedAbs(ind) + `" title="` + esc(p.Title) + `" width="720" height="480"></iframe>`
	}
	if ind.Source == SourceRegistration {
		p.Figures, p.ChartURL, p.EmbedURL = s.figures(ind), "", ""
		return p, nil
	}
	for _, t := range ind.Tables {
		p.Tables = append(p.Tables, s.tableView(ind, t))
	}
	if len(p.Tables) == 0 || p.mainTable().Chart == "" {
		p.ChartURL = ""
	}
	p.Trend = s.trend(key)
	if ref := ind.Meta.Reference; ref != nil {
		p.Reference = s.reference(ind, ref)
	}
	return p, nil
}

// unit says in words what the values of an indicator are.
func (s *Site) unit(ind *Indicator) string {
	if ind.Source == SourceRegistration {
		return s.L.T("open.unit_" + ind.Kind)
	}
	if ind.Kind == string(survey.Share) {
		return s.L.T("open.unit_share")
	}
	return s.L.T("open.unit_scale", "From", s.format(ind, ind.Scale[0]), "To", s.format(ind, ind.Scale[1]))
}

// embedPath is an indicator's embeddable chart.
func embedPath(lang string, ind *Indicator) string { return "/embed/" + lang + "/" + ind.Key() + "/" }

func (s *Site) embedAbs(ind *Indicator) string {
	return strings.TrimSuffix(s.Abs, "/open") + embedPath(s.Lang.Tag, ind)
}

// tableView lays out one breakdown as a table and the chart drawn from
// the same cells.
func (s *Site) tableView(ind *Indicator, t *Table) TableView {
	tv := TableView{ID: "by-" + strings.ReplaceAll(t.Name(), "+", "-"), Caption: s.breakdownTitle(t.By), TooFew: t.TooFew}
	if t.TooFew {
		return tv
	}
	switch len(t.By) {
	case 0:
		tv.Rows = []TableRow{{Label: s.L.T("open.all"), Cells: []Shown{s.shown(ind, "", t.Total())}}}
	case 1:
		for _, c := range t.Cells {
			if len(c.Levels) == 1 {
				label := s.levelLabel(t.By[0], c.Levels[0])
				tv.Rows = append(tv.Rows, TableRow{Label: label, Cells: []Shown{s.shown(ind, label, c)}})
			}
		}
		tv.Rows = append(tv.Rows, TableRow{Label: s.L.T("open.all"), Cells: []Shown{s.shown(ind, s.L.T("open.all"), t.Total())}})
	case 2:
		var cols []string
		for _, c := range t.Cells {
			if len(c.Levels) == 2 && c.Levels[0] == "all" && !slices.Contains(cols, c.Levels[1]) {
				cols = append(cols, c.Levels[1])
			}
		}
		for _, col := range cols {
			tv.Head = append(tv.Head, s.levelLabel(t.By[1], col))
		}
		tv.Head = append(tv.Head, s.L.T("open.all"))
		var rows []string
		for _, c := range t.Cells {
			if len(c.Levels) == 2 && c.Levels[0] != "all" && !slices.Contains(rows, c.Levels[0]) {
				rows = append(rows, c.Levels[0])
			}
		}
		for _, r := range append(rows, "all") {
			row := TableRow{Label: s.levelLabel(t.By[0], r)}
			for _, col := range append(slices.Clone(cols), "all") {
				cell := t.Cell(r, col)
				if r == "all" && col == "all" {
					cell = t.Total()
				}
				row.Cells = append(row.Cells, s.shown(ind, row.Label+" · "+s.levelLabel(t.By[1], col), cell))
			}
			tv.Rows = append(tv.Rows, row)
		}
	}
	tv.Chart = s.barChart(ind, tv)
	return tv
}

// breakdownTitle names a breakdown: "by age band and province".
func (s *Site) breakdownTitle(by []string) string {
	if len(by) == 0 {
		return s.L.T("open.by_total")
	}
	names := make([]string, len(by))
	for i, d := range by {
		names[i] = s.L.T("open.dim_" + d)
	}
	return s.L.T("open.by", "Dims", strings.Join(names, " × "))
}

// EmbedPage is an indicator's chart with its table, to be framed in
// another site: nothing else of the monitor but a link back to it.
type EmbedPage struct {
	Chrome
	Edition *Published
	Table   TableView
	Source  string
	Link    string // the indicator's page in the monitor
}

// Embed is an indicator's embeddable chart.
func (s *Site) Embed(key string) (*EmbedPage, error) {
	p, err := s.Indicator(key)
	if err != nil || p.ChartURL == "" {
		return nil, errNoPage
	}
	return &EmbedPage{Chrome: p.Chrome, Edition: p.Edition, Table: p.mainTable(), Source: p.Source, Link: p.Canonical}, nil
}

// AboutPage is a page of the monitor with text only.
type AboutPage struct{ Chrome }

// About is a text page at rel.
func (s *Site) About(rel, title string) *AboutPage { return &AboutPage{Chrome: s.chrome(rel, title)} }
