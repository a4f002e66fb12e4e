package web

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/export"
	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/indicator"
)

// exportFormat reads the CSV options: bom=1 for Excel, semicolon=1 for
// Excel set to Dutch, French or German.
func exportFormat(c *gin.Context) export.Format {
	return export.Format{BOM: c.Query("bom") == "1", Semicolon: c.Query("semicolon") == "1"}
}

// indicatorResults computes what an indicator export holds: the indicators
// asked for, with the page's breakdowns and filters.
func (a *App) indicatorResults(c *gin.Context) ([]*indicator.Result, *analystQuery, error) {
	ix := a.indicators()
	if ix == nil {
		return nil, nil, fault.New(fault.Unavailable, "results.counting", "the index is still being built")
	}
	aq, err := a.analystQuery(c)
	if err != nil {
		return nil, nil, err
	}
	if s, ok := a.isProfessional(c.Query("survey")); ok {
		out, err := a.professionalResults(c, s.ID, c.Query("indicator"))
		return out, aq, err
	}
	refs, err := a.indicatorsIn(c.Query("survey"), c.Query("indicator"))
	if err != nil {
		return nil, nil, err
	}
	all, err := ix.ComputeAll(aq.queries(refs, a.Config.K))
	if err != nil {
		return nil, nil, err
	}
	// A survey with too few children in the selection is left out.
	var out []*indicator.Result
	for _, res := range all {
		if res != nil {
			out = append(out, res)
		}
	}
	if c.Query("survey") == "" && c.Query("indicator") == "" {
		pro, err := a.professionalResults(c, "", "")
		if err != nil {
			return nil, nil, err
		}
		out = append(out, pro...)
	}
	return out, aq, nil
}

func (a *App) indicatorTable(c *gin.Context, results []*indicator.Result) export.Table {
	l := a.localizer(c)
	orgs := a.organisationNames(c)
	t := export.IndicatorTable(results, func(id string) string { return l.T(id) },
		func(d indicator.Dim, key string) string { return a.levelLabel(l.T, d, key, orgs) })
	t.RightToLeft = l.Lang().RTL()
	return t
}

// exportIndicators is GET /export/indicators.{csv,xlsx,datapackage.json}.
func (a *App) exportIndicators(c *gin.Context) {
	results, aq, err := a.indicatorResults(c)
	if err != nil {
		a.fail(c, err)
		return
	}
	t := a.indicatorTable(c, results)
	f := exportFormat(c)
	a.audit(c, viewer(c).ID, "export", "indicators "+c.Param("format"), aq.Raw.Encode())
	c.Header("Cache-Control", "no-store")
	switch c.Param("format") {
	case "csv":
		attach(c, "kinderstem-indicators.csv", "text/csv; charset=utf-8")
		if err := export.WriteCSV(c.Writer, t, f); err != nil {
			a.Log.Error("export", "err", err)
		}
	case "xlsx":
		attach(c, "kinderstem-indicators.xlsx", xlsxType)
		if err := export.WriteXLSX(c.Writer, t); err != nil {
			a.Log.Error("export", "err", err)
		}
	case "sps", "do", "R":
		attach(c, "kinderstem-indicators."+c.Param("format"), "text/plain; charset=utf-8")
		if err := export.Syntaxes[c.Param("format")](c.Writer, t, "kinderstem-indicators.csv", f); err != nil {
			a.Log.Error("export", "err", err)
		}
	case "datapackage.json":
		dp := export.NewDataPackage("kinderstem-indicators", "Kinderstem indicators", []export.Table{t},
			func(export.Table) string { return "kinderstem-indicators.csv" }, f, a.Store.Now())
		c.Data(http.StatusOK, "application/json", dp.JSON())
	default:
		a.notFound(c)
	}
}

// exportMicrodata is GET /export/microdata/{survey}.{csv,datapackage.json}:
// one row per submission, streamed from the database as it is written.
// Free text only with texts=1, and only for an admin.
func (a *App) exportMicrodata(c *gin.Context) {
	name := c.Param("file")
	surveyID, ext, _ := strings.Cut(name, ".")
	s, ok := a.Catalog.Survey(surveyID)
	if !ok {
		a.fail(c, fault.New(fault.NotFound, "error.indicator_unknown", "no survey "+surveyID))
		return
	}
	aq, err := a.analystQuery(c)
	if err != nil {
		a.fail(c, err)
		return
	}
	texts := c.Query("texts") == "1"
	if texts && !viewer(c).Is("admin") {
		a.fail(c, fault.New(fault.Forbidden, "error.forbidden", "only an admin may export free text"))
		return
	}
	ctx := c.Request.Context()
	l := a.localizer(c)
	m := &export.Microdata{Store: a.Store, Catalog: a.Catalog, Survey: s, Filter: aq.Filter, K: max(a.Config.K, indicator.MinK),
		Texts: texts, T: func(id string) string { return l.T(id) }}
	t, err := m.Table(ctx)
	if err != nil {
		a.fail(c, err)
		return
	}
	t.RightToLeft = l.Lang().RTL()
	f := exportFormat(c)
	file := "kinderstem-" + s.ID + ".csv"
	switch ext {
	case "csv":
		a.audit(c, viewer(c).ID, "export", "microdata "+s.ID, fmt.Sprintf("%s texts=%v", aq.Raw.Encode(), texts))
		c.Header("Cache-Control", "no-store")
		attach(c, file, "text/csv; charset=utf-8")
		if err := export.WriteCSV(c.Writer, t, f); err != nil {
			a.Log.Error("export", "err", err)
		}
	case "xlsx":
		a.audit(c, viewer(c).ID, "export", "microdata "+s.ID+" xlsx", fmt.Sprintf("%s texts=%v", aq.Raw.Encode(), texts))
		c.Header("Cache-Control", "no-store")
		attach(c, "kinderstem-"+s.ID+".xlsx", xlsxType)
		if err := export.WriteXLSX(c.Writer, t); err != nil {
			a.Log.Error("export", "err", err)
		}
	case "sps", "do", "R":
		c.Header("Cache-Control", "no-store")
		attach(c, "kinderstem-"+s.ID+"."+ext, "text/plain; charset=utf-8")
		if err := export.Syntaxes[ext](c.Writer, t, file, f); err != nil {
			a.Log.Error("export", "err", err)
		}
	case "datapackage.json":
		dp := export.NewDataPackage("kinderstem-"+s.ID, t.Title, []export.Table{t}, func(export.Table) string { return file }, f, a.Store.Now())
		c.Data(http.StatusOK, "application/json", dp.JSON())
	default:
		a.notFound(c)
	}
}

// codebookPage is the people's view of a microdata codebook.
func (a *App) codebookPage(c *gin.Context) {
	s, ok := a.Catalog.Survey(c.Param("survey"))
	if !ok {
		a.notFound(c)
		return
	}
	l := a.localizer(c)
	m := &export.Microdata{Store: a.Store, Catalog: a.Catalog, Survey: s, K: max(a.Config.K, indicator.MinK), T: func(id string) string { return l.T(id) }}
	t, err := m.Table(c.Request.Context())
	if err != nil {
		a.fail(c, err)
		return
	}
	p := a.page(c, "export.codebook_title", map[string]any{"Survey": s, "Table": t})
	p.Nav = "indicators"
	a.render(c, http.StatusOK, "codebook", p)
}

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

func attach(c *gin.Context, name, ctype string) {
	// A big export may take longer than the server's write timeout.
	http.NewResponseController(c.Writer).SetWriteDeadline(time.Now().Add(15 * time.Minute))
	c.Header("Content-Type", ctype)
	c.Header("Content-Disposition", `attachment; filename="`+name+`"`)
	c.Status(http.StatusOK)
}
