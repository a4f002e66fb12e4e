package staff

import (
	"net/http"
	"slices"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/survey"
)

// articlesPage lists the articles of the Convention the themes cover and
// the indicators cite, with every indicator citing each: what a reporting
// team reads article by article. It lists definitions, no numbers.
type articlesPage struct {
	Rows []articleRow
}

type articleRow struct {
	Article    int
	Themes     []survey.Theme
	Indicators []articleIndicator
}

type articleIndicator struct {
	Title string // message id
	URL   string
	Kind  string // survey, professionals or registration
}

// ArticleList is GET /indicators/articles.
func (h *Handler) ArticleList(c *gin.Context) {
	articles := h.Catalog.Articles()
	for _, th := range h.Catalog.Themes {
		for _, a := range th.CRC {
			if !slices.Contains(articles, a) {
				articles = append(articles, a)
			}
		}
	}
	slices.Sort(articles)
	v := &articlesPage{}
	for _, a := range articles {
		row := articleRow{Article: a}
		for _, th := range h.Catalog.Themes {
			if slices.Contains(th.CRC, a) {
				row.Themes = append(row.Themes, th)
			}
		}
		for _, s := range h.Catalog.All() {
			kind, url := "survey", "/indicators/"+s.ID+"/"
			if s.ForProfessionals() {
				kind, url = "professionals", "/rounds"
			}
			for _, ind := range s.Indicators {
				if slices.Contains(ind.CRC, a) {
					u := url
					if !s.ForProfessionals() {
						u += ind.ID
					}
					row.Indicators = append(row.Indicators, articleIndicator{Title: ind.Title, URL: u, Kind: kind})
				}
			}
		}
		for _, r := range h.Catalog.Registrations() {
			if slices.Contains(r.CRC, a) {
				row.Indicators = append(row.Indicators, articleIndicator{Title: r.Title, URL: "/indicators/registration/" + r.ID, Kind: "registration"})
			}
		}
		v.Rows = append(v.Rows, row)
	}
	p := h.Page(c, "meta.articles_title", v)
	p.Nav = "indicators"
	p.Demo = false
	h.Render(c, http.StatusOK, "articles", p)
}
