package edition

import (
	"html/template"
	"math"
	"net/url"
	"strconv"
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/kinderstem/kinderstem/internal/locale"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// Site is the public monitor as one reader sees it: the editions up to
// the current one, in one language, under one address. The live pages
// (Base "/open"), a preview of a draft and the static site are all made
// from a Site, so they are the same pages.
type Site struct {
	Base     string // path prefix of the monitor: "/open", or a preview's
	Abs      string // the same as an absolute URL, for permalinks and the catalogue
	Lang     locale.Lang
	Langs    []locale.Lang
	L        *locale.Localizer
	Cat      *survey.Catalog
	Editions []*Published // oldest first; the last is Current
	Preview  bool         // a draft shown to its analyst: not indexed, not cached
	Embeds   bool         // embeddable charts may be offered
	nf       *message.Printer
}

// Current is the edition the pages show.
func (s *Site) Current() *Published { return Current(s.Editions) }

// printer writes numbers the way the reader's language does.
func (s *Site) printer() *message.Printer {
	if s.nf == nil {
		s.nf = message.NewPrinter(language.Make(s.Lang.Tag))
	}
	return s.nf
}

// URL is a page of the monitor in the site's language: "" is the home
// page, "themes/health/" a theme.
func (s *Site) URL(rel string) string { return s.Base + "/" + s.Lang.Tag + "/" + rel }

// LangURL is the same page in another language.
func (s *Site) LangURL(tag, rel string) string { return s.Base + "/" + tag + "/" + rel }

// DataURL is a file of open data, the same in every language.
func (s *Site) DataURL(name string) string { return s.Base + "/" + name }

// Permalink is the absolute address of a page of the monitor.
func (s *Site) Permalink(rel string) string { return s.Abs + "/" + s.Lang.Tag + "/" + rel }

// Chrome is what the layout of every public page needs: where the page
// is, the same page in the other languages, and the site's links.
type Chrome struct {
	Site      *Site
	Rel       string // the page's path under its language
	Canonical string
	Title     string // the heading, in words
}

// LangLink is a page in one language.
type LangLink struct {
	locale.Lang
	URL     string
	Current bool
}

// LangLinks lists the page in every language.
func (ch *Chrome) LangLinks() []LangLink {
	out := make([]LangLink, 0, len(ch.Site.Langs))
	for _, l := range ch.Site.Langs {
		out = append(out, LangLink{Lang: l, URL: ch.Site.LangURL(l.Tag, ch.Rel), Current: l.Tag == ch.Site.Lang.Tag})
	}
	return out
}

func (s *Site) chrome(rel, title string) Chrome {
	return Chrome{Site: s, Rel: rel, Canonical: s.Permalink(rel), Title: title}
}

// format writes a value of an indicator as its pages do: shares as whole
// percentages, means on a scale up to 10 with one decimal, indices and
// other means whole; a registration figure in its unit.
func (s *Site) format(ind *Indicator, v float64) string {
	p := s.printer()
	switch {
	case ind.Source == SourceRegistration:
		switch ind.Kind {
		case survey.UnitShare:
			return p.Sprintf("%.1f%%", v)
		case survey.UnitCount:
			return p.Sprintf("%d", int(math.Round(v)))
		}
		return p.Sprintf("%.1f", v)
	case ind.Kind == string(survey.Share):
		return p.Sprintf("%d%%", int(math.Round(v*100)))
	case ind.Scale[1] <= 10:
		return p.Sprintf("%.1f", v)
	}
	return p.Sprintf("%d", int(math.Round(v)))
}

// Shown is one cell as a reader sees it.
type Shown struct {
	Label    string
	Value    string
	Interval string
	N        string
	Hidden   bool
	cell     *Cell
}

func (s *Site) shown(ind *Indicator, label string, c *Cell) Shown {
	if c == nil || !c.Shown {
		return Shown{Label: label, Hidden: true, cell: c}
	}
	sh := Shown{Label: label, Value: s.format(ind, c.Value), Interval: "–", N: s.printer().Sprintf("%d", c.N), cell: c}
	if c.CI {
		sh.Interval = s.format(ind, c.Lower) + " – " + s.format(ind, c.Upper)
	}
	return sh
}

// Hidden says why a cell shows no number: fewer than k children, or
// hidden so that another small group cannot be worked out.
func (s *Site) Hidden() string { return s.L.T("open.hidden", "K", s.Current().Snap.K) }

// levelLabel names a level of a breakdown in the reader's language.
func (s *Site) levelLabel(dim, key string) string {
	switch {
	case key == "all":
		return s.L.T("open.all")
	case dim == "age_band":
		return s.L.T("sessions.band_years", "Band", key)
	case dim == "gender":
		return s.L.T("gender." + key)
	case dim == "setting":
		return s.L.T("setting." + key)
	case dim == "province":
		if r, ok := s.Cat.Area(key); ok {
			return r.NameIn(s.Lang.Tag)
		}
		return s.L.T("indicators.unknown_region")
	case dim == "period":
		return periodLabel(key)
	}
	return key
}

// periodLabel writes a quarter "2026-Q1" as "Q1 2026".
func periodLabel(key string) string {
	y, q, ok := strings.Cut(key, "-")
	if !ok {
		return key
	}
	return q + " " + y
}

// span writes an edition's period: "2026-01 – 2026-06".
func (s *Site) span(from, to string) string { return from + " – " + to }

// indicatorTitle is an indicator's title in words.
func (s *Site) indicatorTitle(ind *Indicator) string { return s.L.T(ind.Title) }

// indicatorURL is an indicator's permanent page.
func (s *Site) indicatorURL(ind *Indicator) string { return s.URL(indicatorRel(ind)) }

func indicatorRel(ind *Indicator) string { return "indicators/" + ind.Key() + "/" }

// headline is the cell an overview shows of an indicator: its total, or
// a registration indicator's latest figure of the widest area.
func (s *Site) headline(ind *Indicator) Shown {
	if ind.Source == SourceRegistration {
		if f := latestWide(ind); f != nil {
			c := &Cell{Shown: f.Shown, Value: f.Value}
			if !f.Shown {
				return Shown{Hidden: true}
			}
			return Shown{Value: s.format(ind, c.Value), cell: c}
		}
		return Shown{Hidden: true}
	}
	for _, t := range ind.Tables {
		if tc := t.Total(); tc != nil && !t.TooFew {
			return s.shown(ind, "", tc)
		}
	}
	return Shown{Hidden: true}
}

// latestWide is a registration indicator's latest figure of its first
// (widest) area.
func latestWide(ind *Indicator) *Figure {
	if len(ind.Figures) == 0 {
		return nil
	}
	area := ind.Figures[0].Area
	var out *Figure
	for i := range ind.Figures {
		if f := &ind.Figures[i]; f.Area == area && (out == nil || f.Period >= out.Period) {
			out = f
		}
	}
	return out
}

// crc lists CRC articles as "art. 6, 27".
func (s *Site) crc(articles []int) string {
	if len(articles) == 0 {
		return ""
	}
	parts := make([]string, len(articles))
	for i, a := range articles {
		parts[i] = strconv.Itoa(a)
	}
	return s.L.T("open.crc", "Articles", strings.Join(parts, ", "))
}

// SourceLine says where an indicator's numbers come from, in words.
func (s *Site) sourceLine(ind *Indicator, e *Published) string {
	switch ind.Source {
	case SourceRegistration:
		return s.L.T("open.source_registration", "Organisation", ind.SourceOrg)
	case SourcePool:
		return s.L.T("open.source_pool", "Date", e.Snap.ComputedAt.Format("2006-01-02"))
	}
	return s.L.T("open.source_survey", "From", e.From, "To", e.To, "Date", e.Snap.ComputedAt.Format("2006-01-02"))
}

// esc escapes text for SVG and HTML built by hand.
func esc(s string) string { return template.HTMLEscapeString(s) }

// pathSafe reports whether a path segment is a plain id.
func pathSafe(s string) bool {
	return s != "" && len(s) <= 64 && url.PathEscape(s) == s && !strings.ContainsAny(s, "./")
}

// editionLabel names an edition: "Edition 2 (2026-07 – 2026-12)".
func (s *Site) editionLabel(e *Published) string {
	if e.Number == 0 {
		return s.L.T("open.edition_preview", "Title", e.Title)
	}
	return s.L.T("open.edition_label", "Number", e.Number, "Title", e.Title)
}

// EditionName names an edition for a page: "Edition 2: Monitor 2026".
func (s *Site) EditionName(e *Published) string { return s.editionLabel(e) }

// Span is an edition's period for a page.
func (s *Site) Span(e *Published) string { return s.span(e.From, e.To) }
