package staff

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/export"
	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/web/httpkit"
)

// exportFormat reads the CSV options: bom=1 for Excel, semicolon=1 for
// Excel set to Dutch, French or German.
func exportFormat(c *gin.Context) export.Format {
	return export.Format{BOM: c.Query("bom") == "1", Semicolon: c.Query("semicolon") == "1"}
}

// indicatorResults computes what an indicator export holds: the indicators
// asked for, with the page's breakdowns and filters, and the professionals'
// pools when they are asked for or everything is.
func (h *Handler) indicatorResults(c *gin.Context) ([]*indicator.Result, indicator.Request, error) {
	ix := h.Index()
	if ix == nil {
		return nil, indicator.Request{}, httpkit.ErrCounting
	}
	req, err := h.request(c)
	if err != nil {
		return nil, req, err
	}
	ctx, org, now := c.Request.Context(), httpkit.Org(httpkit.ViewerOf(c)), h.Store.Now()
	surveyID, indicatorID := c.Query("survey"), c.Query("indicator")
	if s, ok := h.Catalog.Survey(surveyID); ok && s.ForProfessionals() {
		out, err := indicator.ProfessionalPools(ctx, h.Store, h.Catalog, req, org, s.ID, indicatorID, h.Release(c), now)
		return out, req, err
	}
	refs, err := h.Catalog.Indicators(surveyID, indicatorID)
	if err != nil {
		return nil, req, err
	}
	qs := make([]indicator.Query, len(refs))
	for i, ref := range refs {
		qs[i] = req.Query(ref, h.Release(c))
	}
	all, err := ix.ComputeAll(qs)
	if err != nil {
		return nil, req, err
	}
	// A survey with too few children in the selection is left out.
	var out []*indicator.Result
	for _, res := range all {
		if res != nil {
			out = append(out, res)
		}
	}
	if surveyID == "" && indicatorID == "" {
		pro, err := indicator.ProfessionalPools(ctx, h.Store, h.Catalog, req, org, "", "", h.Release(c), now)
		if err != nil {
			return nil, req, err
		}
		out = append(out, pro...)
	}
	return out, req, nil
}

func (h *Handler) indicatorTable(c *gin.Context, results []*indicator.Result) export.Table {
	l := h.Localizer(c)
	orgs := h.organisationNames(c)
	t := export.IndicatorTable(results, func(id string) string { return l.T(id) },
		func(d indicator.Dim, key string) string { return h.levelLabel(l.T, d, key, orgs) })
	t.RightToLeft = l.Lang().RTL()
	return t
}

// ExportIndicators is GET /export/indicators.{csv,xlsx,datapackage.json}.
func (h *Handler) ExportIndicators(c *gin.Context) {
	if c.Param("format") == "metadata.csv" {
		h.exportMetadata(c)
		return
	}
	results, req, err := h.indicatorResults(c)
	if err != nil {
		h.Fail(c, err)
		return
	}
	t := h.indicatorTable(c, results)
	f := exportFormat(c)
	h.Audit(c, httpkit.ViewerOf(c).ID, "export", "indicators "+c.Param("format"), req.Raw.Encode())
	c.Header("Cache-Control", "no-store")
	switch c.Param("format") {
	case "csv":
		attach(c, "kinderstem-indicators.csv", "text/csv; charset=utf-8")
		if err := export.WriteCSV(c.Writer, t, f); err != nil {
			h.Log.Error("export", "err", err)
		}
	case "xlsx":
		attach(c, "kinderstem-indicators.xlsx", xlsxType)
		if err := export.WriteXLSX(c.Writer, t); err != nil {
			h.Log.Error("export", "err", err)
		}
	case "sps", "do", "R":
		attach(c, "kinderstem-indicators."+c.Param("format"), "text/plain; charset=utf-8")
		if err := export.Syntaxes[c.Param("format")](c.Writer, t, "kinderstem-indicators.csv", f); err != nil {
			h.Log.Error("export", "err", err)
		}
	case "datapackage.json":
		dp := export.NewDataPackage("kinderstem-indicators", "Kinderstem indicators", []export.Table{t},
			func(export.Table) string { return "kinderstem-indicators.csv" }, f, h.Store.Now())
		c.Data(http.StatusOK, "application/json", dp.JSON())
	default:
		h.NotFound(c)
	}
}

// exportMetadata is GET /export/indicators/metadata.csv: every indicator's
// basis, citations, references and source terms (export.MetadataTable).
// Definitions only: no figure is released.
func (h *Handler) exportMetadata(c *gin.Context) {
	l := h.Localizer(c)
	t := export.MetadataTable(h.Catalog, func(id string) string { return l.T(id) })
	h.Audit(c, httpkit.ViewerOf(c).ID, "export", "indicators metadata.csv", c.Request.URL.RawQuery)
	c.Header("Cache-Control", "no-store")
	attach(c, "kinderstem-indicator-metadata.csv", "text/csv; charset=utf-8")
	if err := export.WriteCSV(c.Writer, t, exportFormat(c)); err != nil {
		h.Log.Error("export", "err", err)
	}
}

// ExportMicrodata is GET /export/microdata/{survey}.{csv,parquet,xlsx,
// datapackage.json,sps,do,R}:
// one row per submission, streamed from the database as it is written.
// Free text only with texts=1, and only for an admin.
func (h *Handler) ExportMicrodata(c *gin.Context) {
	name := c.Param("file")
	surveyID, ext, _ := strings.Cut(name, ".")
	s, ok := h.Catalog.Survey(surveyID)
	if !ok {
		h.Fail(c, fault.New(fault.NotFound, "error.indicator_unknown", "no survey "+surveyID))
		return
	}
	req, err := h.request(c)
	if err != nil {
		h.Fail(c, err)
		return
	}
	texts := c.Query("texts") == "1"
	if texts && !httpkit.ViewerOf(c).Is("admin") {
		h.Fail(c, fault.New(fault.Forbidden, "error.forbidden", "only an admin may export free text"))
		return
	}
	ix := h.Index()
	if ix == nil {
		h.Fail(c, httpkit.ErrCounting) // the weights come from the index
		return
	}
	ctx := c.Request.Context()
	l := h.Localizer(c)
	m := &export.Microdata{Store: h.Store, Catalog: h.Catalog, Survey: s, Request: req, Policy: h.Release(c),
		Texts: texts, T: func(id string) string { return l.T(id) }, Weights: ix.MicrodataWeights(s.ID)}
	t, err := m.Table(ctx)
	if err == nil {
		// Background variables are never in the microdata: a filter on
		// one is refused, not ignored.
		err = req.NoBackground()
	}
	if err != nil {
		h.Fail(c, err)
		return
	}
	t.RightToLeft = l.Lang().RTL()
	f := exportFormat(c)
	file := "kinderstem-" + s.ID + ".csv"
	switch ext {
	case "csv":
		h.Audit(c, httpkit.ViewerOf(c).ID, "export", "microdata "+s.ID, fmt.Sprintf("%s texts=%v", req.Raw.Encode(), texts))
		c.Header("Cache-Control", "no-store")
		attach(c, file, "text/csv; charset=utf-8")
		if err := export.WriteCSV(c.Writer, t, f); err != nil {
			h.Log.Error("export", "err", err)
		}
	case "parquet":
		// The same rows as the CSV, typed, with the codebook in the file's
		// metadata, for R arrow, pandas and DuckDB.
		h.Audit(c, httpkit.ViewerOf(c).ID, "export", "microdata "+s.ID+" parquet", fmt.Sprintf("%s texts=%v", req.Raw.Encode(), texts))
		c.Header("Cache-Control", "no-store")
		attach(c, "kinderstem-"+s.ID+".parquet", "application/vnd.apache.parquet")
		if err := export.WriteParquet(c.Writer, t); err != nil {
			h.Log.Error("export", "err", err)
		}
	case "xlsx":
		h.Audit(c, httpkit.ViewerOf(c).ID, "export", "microdata "+s.ID+" xlsx", fmt.Sprintf("%s texts=%v", req.Raw.Encode(), texts))
		c.Header("Cache-Control", "no-store")
		attach(c, "kinderstem-"+s.ID+".xlsx", xlsxType)
		if err := export.WriteXLSX(c.Writer, t); err != nil {
			h.Log.Error("export", "err", err)
		}
	case "sps", "do", "R":
		c.Header("Cache-Control", "no-store")
		attach(c, "kinderstem-"+s.ID+"."+ext, "text/plain; charset=utf-8")
		if err := export.Syntaxes[ext](c.Writer, t, file, f); err != nil {
			h.Log.Error("export", "err", err)
		}
	case "datapackage.json":
		dp := export.NewDataPackage("kinderstem-"+s.ID, t.Title, []export.Table{t}, func(export.Table) string { return file }, f, h.Store.Now())
		c.Data(http.StatusOK, "application/json", dp.JSON())
	default:
		h.NotFound(c)
	}
}

// CodebookPage is the people's view of a microdata codebook.
func (h *Handler) CodebookPage(c *gin.Context) {
	s, ok := h.Catalog.Survey(c.Param("survey"))
	if !ok {
		h.NotFound(c)
		return
	}
	l := h.Localizer(c)
	m := &export.Microdata{Store: h.Store, Catalog: h.Catalog, Survey: s, Policy: h.Release(c), T: func(id string) string { return l.T(id) }}
	t, err := m.Table(c.Request.Context())
	if indicator.BaseTooSmall(err) {
		// Too few rows for a file: the codebook still says what its
		// columns would hold.
		t, err = m.Codebook(), nil
	}
	if err != nil {
		h.Fail(c, err)
		return
	}
	p := h.Page(c, "export.codebook_title", map[string]any{"Survey": s, "Table": t})
	p.Nav = "indicators"
	h.Render(c, http.StatusOK, "codebook", p)
}

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

func attach(c *gin.Context, name, ctype string) {
	// A big export may take longer than the server's write timeout.
	http.NewResponseController(c.Writer).SetWriteDeadline(time.Now().Add(15 * time.Minute))
	c.Header("Content-Type", ctype)
	c.Header("Content-Disposition", `attachment; filename="`+name+`"`)
	c.Status(http.StatusOK)
}
