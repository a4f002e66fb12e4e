package public

import (
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/edition"
	"github.com/kinderstem/kinderstem/internal/web/httpkit"
)

// dataSite is the monitor for a language-neutral file: in the default
// language.
func (h *Handler) dataSite(c *gin.Context) (*edition.Site, error) {
	c.Params = append(c.Params, gin.Param{Key: "lang", Value: h.Locales.Languages()[0].Tag})
	site, _, err := h.site(c)
	return site, err
}

// Data is GET /open/data/edition-N.csv or .json: exactly the published
// cells of an edition.
func (h *Handler) Data(c *gin.Context) {
	site, err := h.dataSite(c)
	if err != nil {
		h.Fail(c, err)
		return
	}
	ctype := dataType(c.Param("file"))
	body, err := h.cached(c, site, func() ([]byte, error) {
		body, _, ok := h.dataFile(site, c.Param("file"))
		if !ok {
			return nil, errNoPage
		}
		return body, nil
	})
	if err != nil {
		h.Fail(c, err)
		return
	}
	h.serve(c, site, modifiedOf(site), ctype, body)
}

// dataFile is a file of open data by name, with its media type.
func (h *Handler) dataFile(site *edition.Site, name string) ([]byte, string, bool) {
	stem, ext, _ := strings.Cut(name, ".")
	n, ok := atoi(strings.TrimPrefix(stem, "edition-"))
	if !ok || !strings.HasPrefix(stem, "edition-") {
		return nil, "", false
	}
	var e *edition.Published
	for _, x := range site.Editions {
		if x.Number == n {
			e = x
		}
	}
	if e == nil {
		return nil, "", false
	}
	switch ext {
	case "csv":
		return edition.CSV(e, h.titles), dataType(name), true
	case "json":
		return edition.JSON(e, h.titles, h.Config.OpenLicence), dataType(name), true
	}
	return nil, "", false
}

// dataType is the media type of a file of open data by its name.
func dataType(name string) string {
	if strings.HasSuffix(name, ".json") {
		return "application/json; charset=utf-8"
	}
	return "text/csv; charset=utf-8"
}

// titles gives a message in every shipped language.
func (h *Handler) titles(id string) map[string]string {
	out := map[string]string{}
	for _, l := range h.Locales.Languages() {
		out[l.Tag] = h.Locales.For(l.Tag).T(id)
	}
	return out
}

// CatalogFile is GET /open/catalog.jsonld: the DCAT-AP catalogue of the
// editions, for open-data portals to harvest.
func (h *Handler) CatalogFile(c *gin.Context) {
	site, err := h.dataSite(c)
	if err != nil {
		h.Fail(c, err)
		return
	}
	var tags []string
	for _, l := range h.Locales.Languages() {
		tags = append(tags, l.Tag)
	}
	info := edition.CatalogInfo{Title: h.titles("open.catalog_title"), Description: h.titles("open.catalog_description"),
		DatasetDescription: h.titles("open.dataset_description"), Publisher: h.Config.Publisher, Licence: h.Config.OpenLicence,
		Languages: tags, Sizes: func(path string) int {
			body, _, _ := h.dataFile(site, strings.TrimPrefix(path, "data/"))
			return len(body)
		}}
	body, _ := h.cached(c, site, func() ([]byte, error) { return site.Catalog(info), nil })
	h.serve(c, site, modifiedOf(site), "application/ld+json; charset=utf-8", body)
}

// ContextFile is GET /open/context.jsonld: the catalogue's JSON-LD context,
// shipped with the code.
func (h *Handler) ContextFile(c *gin.Context) {
	httpkit.ServeCached(c, "application/ld+json; charset=utf-8", edition.Context(), time.Time{}, time.Hour)
}
