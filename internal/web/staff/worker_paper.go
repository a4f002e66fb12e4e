package staff

import (
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/locale"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// paperSheet is a session's questionnaire on paper: every question the
// session asks, in one language, with faces and boxes that print in black
// and white, and the session code on every page. The small number beside
// each box is the code the worker types when entering the sheet.
type paperSheet struct {
	Session *store.Session
	Lang    locale.Lang // the sheet's language, which may differ from the page's
	Langs   []locale.Lang
	T       func(id string, pairs ...any) string // the sheet's own language
	Title   string
	Intro   string
	Ages    []int
	Genders []paperChoice
	Items   []paperItem
	// Youngest: the band is for children who do not read yet, so the
	// sheet shows each question's picture too.
	Youngest bool
	// Easy: the session runs in easy read, so the sheet has the easy words
	// and each question's pictogram.
	Easy bool
}

type paperItem struct {
	Number  int
	ID      string
	Text    string
	Style   string // faces, amount, words, ladder, yesno, choice, multi, text
	Picture string // one of survey.Pictures, or empty
	// Pictogram is one of survey.Pictograms on an easy-read sheet, or empty.
	Pictogram string
	Choices   []paperChoice
	DontKnow  bool
}

type paperChoice struct {
	Code  string // what the worker types
	Label string // in the sheet's language; empty for ladder steps between the ends
	Face  int    // 1..5 for face scales, else 0
}

// PaperSheet is GET /sessions/{id}/paper?sheet=nl: the printable
// questionnaire of the session's survey, band and setting.
func (h *Handler) PaperSheet(c *gin.Context) {
	sess, s, ok := h.workerSession(c)
	if !ok {
		return
	}
	// The printed sheet's own words (the code box, "tick one") are not in
	// a draft language's child-facing set: a sheet is printed in a full
	// language.
	lang, ok := h.Locales.Lang(c.Query("sheet"))
	if !ok || lang.Draft() {
		lang, ok = h.Locales.Lang(sess.Lang)
	}
	if !ok || lang.Draft() {
		lang = h.Locales.Languages()[0]
	}
	p := h.Page(c, "paper.print_title", h.paperSheet(sess, s, lang))
	p.Nav = "sessions"
	p.BodyClass = "paper-print"
	h.Render(c, http.StatusOK, "paper", p)
}

func (h *Handler) paperSheet(sess *store.Session, s *survey.Survey, lang locale.Lang) *paperSheet {
	tr := h.Locales.For(lang.Tag)
	v := &paperSheet{Session: sess, Lang: lang, Langs: h.Locales.Languages(), T: tr.T, Title: tr.T(s.Title), Intro: tr.T(s.Intro)}
	for age := 4; age <= 17; age++ {
		if b, ok := s.BandOf(age); ok && b.String() == sess.AgeBand {
			v.Ages = append(v.Ages, age)
		}
	}
	for i, g := range paperGenders {
		v.Genders = append(v.Genders, paperChoice{Code: fmt.Sprint(i + 1), Label: tr.T("child.gender_" + g)})
	}
	band, _ := s.Band(sess.AgeBand)
	v.Youngest = band.Youngest()
	if sess.EasyRead && s.OffersEasyRead() {
		v.Easy, v.Intro = true, tr.T(s.EasyIntro())
	}
	for _, it := range paperItems(s, sess.Scope()) {
		pi := paperItem{Number: len(v.Items) + 1, ID: it.ID, Text: tr.T(it.TextFor(band)), Style: string(it.Kind), DontKnow: it.OffersDontKnow(),
			Picture: it.Picture}
		if v.Easy {
			pi.Text, pi.Pictogram = tr.T(s.EasyText(it.ID)), it.Pictogram
		}
		sc := it.ScaleDef()
		if sc != nil {
			pi.Style = sc.Style
		}
		for _, ch := range it.Choices(band) {
			pc := paperChoice{Code: fmt.Sprint(ch.Code)}
			if ch.Label != "" {
				pc.Label = tr.T(ch.Label)
			}
			if pi.Style == "faces" {
				pc.Face = survey.Face(ch.Code, sc.Points, it.Negative)
			}
			pi.Choices = append(pi.Choices, pc)
		}
		v.Items = append(v.Items, pi)
	}
	return v
}

// paperGenders are the gender answers a sheet offers, numbered from 1 in
// this order; an empty box is "skip".
var paperGenders = []string{"girl", "boy", "other"}

// paperItems are the questions a session of this scope asks, in order.
func paperItems(s *survey.Survey, sc survey.Scope) []*survey.Item {
	var out []*survey.Item
	for _, it := range s.Items() {
		if s.Asks(it, sc) {
			out = append(out, it)
		}
	}
	return out
}
