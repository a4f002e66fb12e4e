package staff

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// A paper questionnaire is typed in twice, the way double data entry
// catches typing errors: the first typing is carried (hidden) into a
// second, blank form; when the two differ the worker looks at the paper
// again and types only the fields that differed; only then is the sheet
// stored, marked as paper. Nothing is stored before the typings agree.
//
// The entry passes:
const (
	passFirst   = "1" // first typing
	passSecond  = "2" // second typing, the first carried along
	passResolve = "3" // the fields that differed, typed a third time
)

// paperEntry is the entry form: the sheet's fields in order, what was
// typed, and which fields the worker must look at again.
type paperEntry struct {
	Session *store.Session
	Sheet   *paperSheet
	Pass    string
	Fields  []entryField
	Carried map[string]string // the agreed or first typing, sent along hidden
	Differ  []string          // labels of the fields the two typings differ in
	Error   string            // message id of what is wrong with the typing
	Saved   string            // the sheet number just stored
	Already bool              // that sheet number was stored before: nothing changed
	Closed  bool              // the session takes no answers now: reopen it first
}

// entryField is one input: sheet number, age, gender or a question.
type entryField struct {
	Name   string // form name: sheet, age, gender or a.<item>
	Label  string
	Hint   string // the codes on the paper
	Value  string
	Differ bool // typed differently twice: type it again from the paper
	Shown  bool // on this pass's form (a resolving pass shows only the differing fields)
}

// PaperEntry is GET /sessions/{id}/paper/entry: a blank first typing.
func (h *Handler) PaperEntry(c *gin.Context) {
	sess, s, ok := h.workerSession(c)
	if !ok {
		return
	}
	v := h.paperEntryView(c, sess, s, passFirst, nil, nil)
	v.Saved, v.Already = c.Query("saved"), c.Query("already") == "1"
	v.Closed = !sess.TakesAnswers(h.Store.Now())
	h.renderEntry(c, http.StatusOK, v)
}

// PaperEnter is POST /sessions/{id}/paper/entry: one pass of typing.
func (h *Handler) PaperEnter(c *gin.Context) {
	sess, s, ok := h.workerSession(c)
	if !ok {
		return
	}
	typed := formWith(c.Request.PostForm, "")
	carried := formWith(c.Request.PostForm, "carried.")
	pass := c.PostForm("pass")
	switch pass {
	case passFirst:
		if v := h.checkTyping(c, sess, s, typed); v != nil {
			h.renderEntry(c, http.StatusUnprocessableEntity, v)
			return
		}
		h.renderEntry(c, http.StatusOK, h.paperEntryView(c, sess, s, passSecond, nil, typed))
	case passSecond:
		if v := h.checkTyping(c, sess, s, typed); v != nil {
			v.Pass, v.Carried = passSecond, carried
			h.renderEntry(c, http.StatusUnprocessableEntity, v)
			return
		}
		differ := differing(h.entryNames(sess, s), carried, typed)
		if len(differ) > 0 {
			v := h.paperEntryView(c, sess, s, passResolve, typed, typed)
			for i := range v.Fields {
				f := &v.Fields[i]
				f.Differ = slices.Contains(differ, f.Name)
				f.Shown = f.Differ
				if f.Differ {
					f.Value = ""
					v.Differ = append(v.Differ, f.Label)
				}
			}
			h.renderEntry(c, http.StatusConflict, v)
			return
		}
		h.storeSheet(c, sess, s, typed)
	case passResolve:
		// The agreed fields come from the carried typing; the worker typed
		// the differing ones again, looking at the paper.
		merged := carried
		for name, val := range typed {
			if _, ok := merged[name]; ok {
				merged[name] = val
			}
		}
		if v := h.checkTyping(c, sess, s, merged); v != nil {
			v.Pass, v.Carried = passFirst, nil
			h.renderEntry(c, http.StatusUnprocessableEntity, v)
			return
		}
		h.storeSheet(c, sess, s, merged)
	default:
		h.Fail(c, fault.New(fault.Invalid, "error.body_invalid", "unknown entry pass"))
	}
}

// storeSheet stores an agreed typing as one paper submission. Its id
// comes from the session and the sheet number, so typing a sheet in a
// second time stores it once.
func (h *Handler) storeSheet(c *gin.Context, sess *store.Session, s *survey.Survey, typed map[string]string) {
	ch, err := h.checkSheet(sess, s, typed)
	if err != nil {
		h.Fail(c, err)
		return
	}
	r, err := h.Store.Submit(c.Request.Context(), &store.Submission{UID: ch.UID, SessionID: sess.ID, SurveyID: s.ID, SurveyVersion: s.Version,
		Lang: ch.Lang, Age: ch.Age, AgeBand: ch.AgeBand, Gender: ch.Gender, Complete: ch.Complete, Paper: true, Answers: ch.Answers})
	if fault.Is(err, fault.Gone) {
		// Closed while typing: say so on the form, not on an error page.
		v := h.paperEntryView(c, sess, s, passFirst, nil, nil)
		v.Closed = true
		h.renderEntry(c, http.StatusGone, v)
		return
	}
	if err != nil {
		h.Fail(c, err)
		return
	}
	to := "/sessions/" + strconv.FormatInt(sess.ID, 10) + "/paper/entry?saved=" + url.QueryEscape(typed["sheet"])
	if !r.Created {
		to += "&already=1"
	}
	c.Redirect(http.StatusSeeOther, to)
}

// checkTyping checks one typing; on a mistake it returns the form to show
// again with what was typed and the error, else nil.
func (h *Handler) checkTyping(c *gin.Context, sess *store.Session, s *survey.Survey, typed map[string]string) *paperEntry {
	if _, err := h.checkSheet(sess, s, typed); err != nil {
		var fe *fault.Error
		if !errors.As(err, &fe) || fe.Kind != fault.Invalid {
			fe = fault.New(fault.Invalid, "error.answer_invalid", err.Error())
		}
		v := h.paperEntryView(c, sess, s, passFirst, typed, nil)
		v.Error = fe.Message
		for i := range v.Fields {
			if name := strings.TrimPrefix(fe.Field, "answers."); name != "" && (v.Fields[i].Name == "a."+name || v.Fields[i].Name == fe.Field) {
				v.Fields[i].Differ = true
			}
		}
		return v
	}
	return nil
}

// checkSheet turns a typing into a child's checked submission through the
// same check a tablet's submission passes.
func (h *Handler) checkSheet(sess *store.Session, s *survey.Survey, typed map[string]string) (survey.Checked, error) {
	known := func(l string) bool { _, ok := h.Locales.Lang(l); return ok }
	form, err := sheetForm(sess, s, typed, known)
	if err != nil {
		return survey.Checked{}, err
	}
	in, err := survey.DecodeForm(form)
	if err != nil {
		return survey.Checked{}, err
	}
	defer in.Release()
	return s.CheckChild(in, sess.AgeBand, sess.Scope(), known)
}

// sheetForm reads a typing as the form a tablet without JavaScript sends:
// the sheet number gives the id, 1-3 the gender, "?" is "I don't know",
// nothing is skipped, several codes are separated by commas or spaces.
func sheetForm(sess *store.Session, s *survey.Survey, typed map[string]string, known func(string) bool) (url.Values, error) {
	sheet, err := strconv.Atoi(strings.TrimSpace(typed["sheet"]))
	if err != nil || sheet < 1 || sheet > 99999 {
		return nil, fault.Field("sheet", "paper.sheet_invalid", "sheet number 1-99999")
	}
	form := url.Values{"id": {sheetUID(sess, sheet)}, "lang": {typed["lang"]}}
	if !known(typed["lang"]) {
		form.Set("lang", sess.Lang)
	}
	if age := strings.TrimSpace(typed["age"]); age != "" {
		form.Set("age", age)
	}
	switch g := strings.TrimSpace(typed["gender"]); g {
	case "":
	case "1", "2", "3":
		form.Set("gender", paperGenders[g[0]-'1'])
	default:
		return nil, fault.Field("gender", "error.gender_invalid", "gender code 1-3")
	}
	for _, it := range paperItems(s, sess.Scope()) {
		val := strings.TrimSpace(typed["a."+it.ID])
		switch {
		case val == "":
			form.Set("a."+it.ID, "skip")
		case val == "?":
			form.Set("a."+it.ID, "dont_know")
		case it.Kind == survey.KindText:
			form.Set("a."+it.ID, val)
		default:
			for _, code := range strings.FieldsFunc(val, func(r rune) bool { return r == ',' || r == ' ' || r == ';' }) {
				form.Add("a."+it.ID, code)
			}
		}
	}
	return form, nil
}

// sheetUID is a paper submission's id: the same session and sheet number
// give the same id, so a sheet typed in twice is stored once.
func sheetUID(sess *store.Session, sheet int) string {
	sum := sha256.Sum256([]byte("kinderstem paper sheet\x00" + strconv.FormatInt(sess.ID, 10) + "\x00" + sess.Code + "\x00" + strconv.Itoa(sheet)))
	return hex.EncodeToString(sum[:16])
}

// differing lists the fields two typings differ in, compared as the
// check reads them: spaces and the order of several codes do not count.
func differing(names []string, a, b map[string]string) []string {
	var out []string
	for _, n := range names {
		if normalTyping(a[n]) != normalTyping(b[n]) {
			out = append(out, n)
		}
	}
	return out
}

func normalTyping(v string) string {
	parts := strings.FieldsFunc(strings.ToLower(v), func(r rune) bool { return r == ',' || r == ' ' || r == ';' })
	slices.Sort(parts)
	return strings.Join(parts, ",")
}

// formWith is the entry fields of a form under prefix, without it.
func formWith(form url.Values, prefix string) map[string]string {
	out := map[string]string{}
	for key, vals := range form {
		name, ok := strings.CutPrefix(key, prefix)
		if !ok || len(vals) == 0 || !entryName(name) {
			continue
		}
		out[name] = vals[0]
	}
	return out
}

func entryName(name string) bool {
	return name == "sheet" || name == "age" || name == "gender" || name == "lang" || (strings.HasPrefix(name, "a.") && len(name) < 80)
}

// entryNames are the fields a typing has, in the order of the paper.
func (h *Handler) entryNames(sess *store.Session, s *survey.Survey) []string {
	names := []string{"sheet", "age", "gender"}
	for _, it := range paperItems(s, sess.Scope()) {
		names = append(names, "a."+it.ID)
	}
	return names
}

// paperEntryView builds the form of one pass: labels in the worker's
// language, values as typed, carried the typing sent along hidden.
func (h *Handler) paperEntryView(c *gin.Context, sess *store.Session, s *survey.Survey, pass string, values, carried map[string]string) *paperEntry {
	t := h.Localizer(c).T
	tag := values["lang"]
	if tag == "" {
		tag = carried["lang"]
	}
	lang, ok := h.Locales.Lang(tag)
	if !ok {
		lang, _ = h.Locales.Lang(sess.Lang)
	}
	sheet := h.paperSheet(sess, s, lang)
	v := &paperEntry{Session: sess, Sheet: sheet, Pass: pass, Carried: carried}
	add := func(name, label, hint string) {
		v.Fields = append(v.Fields, entryField{Name: name, Label: label, Hint: hint, Value: values[name], Shown: true})
	}
	add("sheet", t("paper.sheet_number"), t("paper.sheet_hint"))
	add("age", t("paper.age"), t("paper.empty_skipped"))
	add("gender", t("paper.gender"), "1 "+t("child.gender_girl")+" · 2 "+t("child.gender_boy")+" · 3 "+t("child.gender_other")+" · "+t("paper.empty_skipped"))
	items := paperItems(s, sess.Scope())
	page := h.Localizer(c)
	band, _ := s.Band(sess.AgeBand)
	for i, it := range items {
		pi := sheet.Items[i]
		var hint string
		switch it.Kind {
		case survey.KindText:
			hint = t("paper.hint_text")
		default:
			codes := make([]string, 0, len(pi.Choices))
			for _, ch := range pi.Choices {
				codes = append(codes, ch.Code)
			}
			hint = strings.Join(codes, " ")
			if it.Kind == survey.KindMulti {
				hint = t("paper.hint_multi", "Codes", hint)
			}
			if it.OffersDontKnow() {
				hint += " · ? " + t("answer.dont_know")
			}
			hint += " · " + t("paper.empty_skipped")
		}
		add("a."+it.ID, strconv.Itoa(pi.Number)+". "+page.T(it.TextFor(band)), hint)
	}
	return v
}

func (h *Handler) renderEntry(c *gin.Context, status int, v *paperEntry) {
	p := h.Page(c, "paper.entry_title", v)
	p.Nav = "sessions"
	h.Render(c, status, "paper_entry", p)
}
