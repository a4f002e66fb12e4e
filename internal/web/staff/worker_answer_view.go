package staff

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/locale"
	"github.com/kinderstem/kinderstem/internal/release"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
	"github.com/kinderstem/kinderstem/internal/web/httpkit"
)

// answerView is the answer's form in one language.
type answerView struct {
	Reply    *store.Reply // ID 0: a new answer
	Lang     locale.Lang  // the language the form edits
	Status   []langStatus
	Sessions []sessionChoice
	Themes   []survey.Theme
	Topics   []topicChoice
	Parts    []partForm
	Heard    []heardRow
	K        int
	Error    string // message id of what is wrong, when the form came back
	Field    string
	// ErrorPart is the 1-based number of the part the error is in (0:
	// none), read from Field ("part2_title" is part 3).
	ErrorPart int
}

// langStatus says whether an answer exists in a language: in every part,
// in some, or not at all.
type langStatus struct {
	locale.Lang
	Status  string // complete, partial, missing
	Current bool
}

type sessionChoice struct {
	*store.Session
	Checked bool
}

// topicChoice is one of the children's topics an answer part can be on.
type topicChoice struct {
	ID    int64
	Title string
}

// partForm is one part's row in the form: what it says in the form's
// language, and in the answer's own language to translate from.
type partForm struct {
	Index    int
	Theme    string
	TopicID  int64
	Text     store.PartText
	Original store.PartText // in the answer's own language, when the form is in another
}

// fieldForm is one of a part's four texts in the form.
type fieldForm struct{ Name, Value, Original string }

// Fields lists the part's four texts in the form's order.
func (p partForm) Fields() []fieldForm {
	values := []string{p.Text.YouSaid, p.Text.WeWill, p.Text.WeWillNot, p.Text.WhoDecides}
	originals := []string{p.Original.YouSaid, p.Original.WeWill, p.Original.WeWillNot, p.Original.WhoDecides}
	out := make([]fieldForm, len(partFields))
	for i, name := range partFields {
		out[i] = fieldForm{Name: name, Value: values[i], Original: originals[i]}
	}
	return out
}

type heardRow struct {
	*store.Session
	Heard  store.Heard
	Enough bool
}

// topicChoices lists the children's topics of the sessions (from their
// ideas rounds), for a part's subject.
func (h *Handler) topicChoices(ctx context.Context, sessionIDs []int64) ([]topicChoice, error) {
	var out []topicChoice
	seen := map[int64]bool{}
	for _, id := range sessionIDs {
		if seen[id] {
			continue
		}
		seen[id] = true
		topics, err := h.Store.Topics(ctx, id)
		if err != nil {
			return nil, err
		}
		for _, t := range topics {
			out = append(out, topicChoice{ID: t.ID, Title: t.Title})
		}
	}
	return out, nil
}

// answerChoices is what an answer's form may choose from: the shipped
// languages, the themes of the user's sessions' surveys, and the topics
// of the sessions the form sends the answer to (of those the user may
// answer), so a part cannot take up a topic of a group it does not reach.
func (h *Handler) answerChoices(c *gin.Context, r *store.Reply) (answerChoices, error) {
	ch := answerChoices{Topics: map[int64]bool{}}
	for _, l := range h.Locales.Languages() {
		ch.Langs = append(ch.Langs, l.Tag)
	}
	sessions, err := h.answerSessions(c)
	if err != nil {
		return ch, err
	}
	for _, t := range h.sessionThemes(sessions) {
		ch.Themes = append(ch.Themes, t.ID)
	}
	topics, err := h.topicChoices(c.Request.Context(), postedSessions(c, r, sessions))
	for _, t := range topics {
		ch.Topics[t.ID] = true
	}
	return ch, err
}

// postedSessions are the sessions the form sends the answer to, of those
// the user may answer (or the answer already goes to).
func postedSessions(c *gin.Context, r *store.Reply, sessions []*store.Session) []int64 {
	allowed := map[int64]bool{}
	for _, id := range r.Sessions {
		allowed[id] = true
	}
	for _, s := range sessions {
		allowed[s.ID] = true
	}
	var ids []int64
	for _, v := range c.PostFormArray("sessions") {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil && allowed[id] {
			ids = append(ids, id)
		}
	}
	return ids
}

// answerSessions are the sessions the user may answer: not pilots, whose
// answers are never kept and never shown to the group.
func (h *Handler) answerSessions(c *gin.Context) ([]*store.Session, error) {
	sessions, err := h.Store.Sessions(c.Request.Context(), httpkit.Org(httpkit.ViewerOf(c)), 200)
	return slices.DeleteFunc(sessions, (*store.Session).IsPilot), err
}

// sessionThemes lists the themes of the sessions' surveys' indicators, in
// the catalog's order.
func (h *Handler) sessionThemes(sessions []*store.Session) []survey.Theme {
	used := map[string]bool{}
	for _, sess := range sessions {
		if s, ok := h.Catalog.Survey(sess.SurveyID); ok {
			for _, ind := range s.Indicators {
				used[ind.Theme] = true
			}
		}
	}
	var out []survey.Theme
	for _, t := range h.Catalog.Themes {
		if used[t.ID] {
			out = append(out, t)
		}
	}
	return out
}

// translationStatus says for each shipped language whether every part of
// the answer is written in it.
func (h *Handler) translationStatus(r *store.Reply) []langStatus {
	var out []langStatus
	for _, l := range h.Locales.Languages() {
		n := 0
		for _, p := range r.Parts {
			if _, ok := p.Texts[l.Tag]; ok {
				n++
			}
		}
		st := langStatus{Lang: l, Status: "partial"}
		switch {
		case n == 0:
			st.Status = "missing"
		case n == len(r.Parts):
			st.Status = "complete"
		}
		out = append(out, st)
	}
	return out
}

// renderAnswer shows the form. posted, when the form came back with a
// mistake, refills the fields with what was typed.
func (h *Handler) renderAnswer(c *gin.Context, status int, r *store.Reply, lang string, posted url.Values, formErr error) {
	ctx := c.Request.Context()
	sessions, err := h.answerSessions(c)
	if err != nil {
		h.Fail(c, err)
		return
	}
	l, _ := h.Locales.Lang(lang)
	v := &answerView{Reply: r, Lang: l, Status: h.translationStatus(r), Themes: h.sessionThemes(sessions), K: h.Config.K}
	for i := range v.Status {
		v.Status[i].Current = v.Status[i].Tag == lang
	}
	for _, s := range sessions {
		v.Sessions = append(v.Sessions, sessionChoice{Session: s, Checked: slices.Contains(r.Sessions, s.ID)})
	}
	topicSessions := r.Sessions
	if posted != nil {
		topicSessions = postedSessions(c, r, sessions)
	}
	if v.Topics, err = h.topicChoices(ctx, topicSessions); err != nil {
		h.Fail(c, err)
		return
	}
	for i := 0; i < min(len(r.Parts)+1, maxReplyParts); i++ {
		pf := partForm{Index: i}
		if i < len(r.Parts) {
			p := r.Parts[i]
			pf.Theme, pf.TopicID, pf.Text = p.Theme, p.TopicID, p.Texts[lang]
			if lang != r.Lang {
				pf.Original = p.Texts[r.Lang]
			}
		}
		v.Parts = append(v.Parts, pf)
	}
	if posted != nil {
		v.refill(posted)
	}
	if fe, ok := fault.As(formErr); ok {
		v.Error, v.Field = fe.Message, fe.Field
		if n, err := fmt.Sscanf(fe.Field, "part%d_", &v.ErrorPart); n == 1 && err == nil {
			v.ErrorPart++
		}
	}
	if r.ID != 0 {
		if v.Heard, err = h.heardRows(ctx, h.Release(c), r); err != nil {
			h.Fail(c, err)
			return
		}
	}
	p := h.Page(c, "answers.edit_title", v)
	p.Nav = "answers"
	h.Render(c, status, "answer", p)
}

// refill puts what was posted back in the form, as typed.
func (v *answerView) refill(posted url.Values) {
	for i := range v.Sessions {
		v.Sessions[i].Checked = slices.Contains(posted["sessions"], fmt.Sprint(v.Sessions[i].ID))
	}
	for len(v.Parts) < maxReplyParts && posted.Get(fmt.Sprintf("part%d_title", len(v.Parts))) != "" {
		v.Parts = append(v.Parts, partForm{Index: len(v.Parts)})
	}
	for i := range v.Parts {
		pre := fmt.Sprintf("part%d_", i)
		v.Parts[i].Theme = posted.Get(pre + "theme")
		v.Parts[i].TopicID, _ = strconv.ParseInt(posted.Get(pre+"topic"), 10, 64)
		v.Parts[i].Text = store.PartText{Title: posted.Get(pre + "title"), YouSaid: posted.Get(pre + "you_said"), WeWill: posted.Get(pre + "we_will"),
			WeWillNot: posted.Get(pre + "we_will_not"), WhoDecides: posted.Get(pre + "who_decides")}
	}
}

// heardRows are the children's ratings of an answer per session, as the
// gate releases them (release.Policy.Heard): only once the worker closed
// the rating (live counts would give a late tap away), perturbed with
// the cell keys the process indicators use, and only from k (perturbed)
// raters, else "shown after closing" or "not enough answers". The worker
// holds the code and could add faces of their own; the noise keeps the
// real ones from being read off by subtraction.
func (h *Handler) heardRows(ctx context.Context, p release.Policy, r *store.Reply) ([]heardRow, error) {
	p.Note(release.FeltHeard)
	counts, err := h.Store.HeardCounts(ctx, r.ID)
	if err != nil {
		return nil, err
	}
	var out []heardRow
	for _, id := range r.Sessions {
		sess, err := h.Store.SessionByID(ctx, id)
		if err != nil {
			return nil, err
		}
		row := heardRow{Session: sess}
		if !r.HeardClosedAt.IsZero() {
			heard := counts[id]
			shown, err := p.Heard(r.ID, id, [3]int{heard.Yes, heard.Some, heard.No})
			if err != nil {
				return nil, err
			}
			if row.Enough = shown.Shown; row.Enough {
				row.Heard = store.Heard{Yes: shown.Parts[0], Some: shown.Parts[1], No: shown.Parts[2]}
			}
		}
		out = append(out, row)
	}
	return out, nil
}
