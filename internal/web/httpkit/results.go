package httpkit

import (
	"context"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/edition"
	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// GroupResults is what a group said, as the worker published it, with the
// adults' answer: the page the children read under their code and the
// worker shows on a screen. Free text never appears, and under k children
// nothing is shown at all.
type GroupResults struct {
	Session *store.Session
	Survey  *survey.Survey
	Count   int
	K       int
	Enough  bool
	// NotPublished: the worker has not published the results (yet).
	NotPublished bool
	Items        []indicator.GroupItem
	Feedback     string // the adults' answer in the page's language, or another
	FbLang       string
	FbDir        string
	// Reply: the adults' structured answer, when a public one goes to the
	// session; it takes the place of Feedback. ResultsOver: the group's
	// results are no longer shown (results_until passed), the answer is.
	Reply       *ReplyView
	ResultsOver bool
	// Area is the latest public edition's figure for children of the
	// group's age band in its province, labelled as such; nil when no
	// edition publishes it.
	Area *edition.AreaView
}

// GroupResults loads a session's published results and the adults'
// answer for a reader of lang. Only what the worker published is shown,
// as it was published (indicator.Republish): a live count would let
// anyone holding the code, or a worker who reopens, read one child's
// answers off a difference.
func (k *Kit) GroupResults(c *gin.Context, sess *store.Session, s *survey.Survey, lang string) (*GroupResults, error) {
	ctx := c.Request.Context()
	p := k.Release(c)
	r := &GroupResults{Session: sess, Survey: s, K: p.K()}
	feedback, err := k.Store.Feedback(ctx, sess.ID)
	if err != nil {
		return nil, err
	}
	r.Feedback, r.FbLang = pickFeedback(feedback, lang, sess.Lang)
	if l, ok := k.Locales.Lang(r.FbLang); ok {
		r.FbDir = l.Dir
	}
	if r.Reply, err = k.ReplyFor(ctx, sess, lang); err != nil {
		return nil, err
	}
	pub, err := k.Store.PublishedResults(ctx, sess.ID)
	if fault.Is(err, fault.NotFound) {
		r.NotPublished = true
		return r, nil
	}
	if err != nil {
		return nil, err
	}
	if r.Items, r.Enough, err = indicator.Republish(pub.Results, pub.Count, p); err != nil {
		return nil, err
	}
	if r.Enough {
		r.Count = pub.Count
	}
	eds, err := k.Shelf.Published(ctx, p)
	if err != nil {
		return nil, err
	}
	r.Area = edition.Area(eds, k.Catalog, k.Localizer(c), s.ID, sess.AgeBand, sess.Region)
	return r, nil
}

// pickFeedback chooses the adults' message in the reader's language, else
// the session's, else any.
func pickFeedback(fb map[string]string, lang, sessionLang string) (string, string) {
	for _, l := range []string{lang, sessionLang} {
		if m, ok := fb[l]; ok {
			return m, l
		}
	}
	for l, m := range fb {
		return m, l
	}
	return "", ""
}

// ReplyView is the adults' answer as a child reads it under the code:
// each part in the child's language when it is written in it, else in the
// answer's own language, with a note saying so.
type ReplyView struct {
	ID    int64
	Parts []ReplyPartView
	Other bool // some part is not in the child's language
	// The "do you feel heard?" form: a one-time token, or Thanks after
	// the child tapped a face. Empty on the worker's copy.
	Token  string
	Action string
	Thanks bool
	Closed bool // the worker closed the rating: no faces any more
}

// ReplyPartView is one part of the answer in the language it is shown in.
type ReplyPartView struct {
	store.PartText
	Lang, Dir string
	Theme     string // the theme's title message id, or ""
}

// ReplyFor is the public answer that goes to a session, made for a reader
// of lang; nil when there is none, or when it has nothing to read.
func (k *Kit) ReplyFor(ctx context.Context, sess *store.Session, lang string) (*ReplyView, error) {
	r, err := k.Store.PublicReply(ctx, sess.ID)
	if fault.Is(err, fault.NotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	v := &ReplyView{ID: r.ID, Closed: !r.HeardClosedAt.IsZero()}
	for _, p := range r.Parts {
		t, tag := r.TextOf(p, lang)
		if t.Bare() {
			// A title with nothing under it tells a child nothing: the
			// part in the answer's own language, else not at all (answers
			// made public before bare parts were refused).
			if t, tag = p.Texts[r.Lang], r.Lang; t.Bare() {
				continue
			}
		}
		pv := ReplyPartView{PartText: t, Lang: tag}
		if l, ok := k.Locales.Lang(tag); ok {
			pv.Dir = l.Dir
		}
		if th, ok := k.Catalog.Theme(p.Theme); ok && p.Theme != "" {
			pv.Theme = th.Title
		}
		v.Other = v.Other || tag != lang
		v.Parts = append(v.Parts, pv)
	}
	if len(v.Parts) == 0 {
		return nil, nil
	}
	return v, nil
}
