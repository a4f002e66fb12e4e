package staff

import (
	"math"
	"net/http"
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/decision"
	"github.com/kinderstem/kinderstem/internal/export"
	"github.com/kinderstem/kinderstem/internal/web/httpkit"
)

// VoiceParams are the query parameters the figures' page and CSV read
// besides their query (decision.ParseFigures).
var voiceParams = []string{"bom", "semicolon", "lang"}

// voiceFigures computes the process figures of children's views in
// decisions the request asks for, through the release gate: never a word,
// a day or a person, only counts of decisions perturbed like the
// analysts' tables.
func (h *Handler) voiceFigures(c *gin.Context) ([]decision.Figure, decision.FiguresQuery, url.Values, error) {
	raw := c.Request.URL.Query()
	q, err := decision.ParseFigures(raw, voiceParams...)
	if err != nil {
		return nil, q, raw, err
	}
	q.Settings = h.Catalog.Settings
	shells, err := h.Store.VoiceShells(c.Request.Context())
	if err != nil {
		return nil, q, raw, err
	}
	figs, err := decision.Figures(shells, q, h.Release(c))
	return figs, q, raw, err
}

// voiceFiguresView is the figures' page.
type voiceFiguresView struct {
	Query decision.FiguresQuery
	Rows  []voiceRow
	K     int
	Dims  []string
	CSV   string
	JSON  string
}

type voiceRow struct {
	decision.Figure
	Label                                    string
	View, ChoseNot, NoAnswer, NotAsked, Days string
	Yes, Some, No                            string
}

// figureLabel names a row's organisation or setting for people.
func (h *Handler) figureLabel(c *gin.Context) func(decision.Figure) string {
	orgs := h.organisationNames(c)
	t := h.Localizer(c).T
	return func(f decision.Figure) string {
		switch {
		case f.Organisation != 0:
			if n, ok := orgs[strconv.FormatInt(f.Organisation, 10)]; ok {
				return n
			}
			return strconv.FormatInt(f.Organisation, 10)
		case f.Setting != "":
			return t("setting." + f.Setting)
		}
		return t("process.all")
	}
}

// VoiceFiguresPage is GET /process/voice: the figures as a table.
func (h *Handler) VoiceFiguresPage(c *gin.Context) {
	figs, q, raw, err := h.voiceFigures(c)
	if err != nil {
		h.Fail(c, err)
		return
	}
	pct := func(v float64) string {
		if math.IsNaN(v) {
			return "–"
		}
		return strconv.Itoa(percent(v)) + "%"
	}
	v := &voiceFiguresView{Query: q, K: h.K(), Dims: decision.FigureDims, CSV: "/export/voice.csv?" + raw.Encode(),
		JSON: "/api/v1/process/voice?" + raw.Encode()}
	label := h.figureLabel(c)
	for _, f := range figs {
		days := "–"
		if !math.IsNaN(f.MedianDays) {
			days = strconv.FormatFloat(f.MedianDays, 'f', -1, 64)
		}
		v.Rows = append(v.Rows, voiceRow{Figure: f, Label: label(f), View: pct(f.View), ChoseNot: pct(f.ChoseNot), NoAnswer: pct(f.NoAnswer),
			NotAsked: pct(f.NotAsked), Days: days, Yes: pct(f.Yes), Some: pct(f.Some), No: pct(f.No)})
	}
	p := h.Page(c, "decision.figures_title", v)
	p.Nav = "process"
	h.Render(c, http.StatusOK, "voice_figures", p)
}

// ExportVoiceFigures is GET /export/voice.csv: the page's table as CSV,
// written to the audit log.
func (h *Handler) ExportVoiceFigures(c *gin.Context) {
	figs, _, raw, err := h.voiceFigures(c)
	if err != nil {
		h.Fail(c, err)
		return
	}
	label := h.figureLabel(c)
	cols := []export.Column{{Name: "group", Type: "string"}, {Name: "suppressed", Type: "boolean"}, {Name: "decisions", Type: "integer"},
		{Name: "view_share", Type: "number"}, {Name: "chose_not_share", Type: "number"}, {Name: "no_answer_share", Type: "number"},
		{Name: "not_asked_share", Type: "number"}, {Name: "explained", Type: "integer"}, {Name: "median_days_view_to_explanation", Type: "number"},
		{Name: "heard_raters", Type: "integer"}, {Name: "heard_yes_share", Type: "number"}, {Name: "heard_some_share", Type: "number"},
		{Name: "heard_no_share", Type: "number"}}
	opt := func(hidden bool, n int) any {
		if hidden {
			return nil
		}
		return n
	}
	t := export.Table{Name: "kinderstem-voice", Title: "Kinderstem: children's views in decisions about them", Columns: cols,
		Rows: func(row func([]any) error) error {
			for _, f := range figs {
				if err := row([]any{label(f), f.Hidden, opt(f.Hidden, f.Decisions), f.View, f.ChoseNot, f.NoAnswer, f.NotAsked,
					opt(f.DaysHidden, f.Explained), f.MedianDays, opt(f.HeardHidden, f.Raters), f.Yes, f.Some, f.No}); err != nil {
					return err
				}
			}
			return nil
		}}
	h.Audit(c, httpkit.ViewerOf(c).ID, "export", "voice csv", raw.Encode())
	c.Header("Cache-Control", "no-store")
	attach(c, "kinderstem-voice.csv", "text/csv; charset=utf-8")
	if err := export.WriteCSV(c.Writer, t, exportFormat(c)); err != nil {
		h.Log.Error("export", "err", err)
	}
}
