package staff

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/decision"
	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/web/httpkit"
)

// voiceCase is a request's page: the request, the child's view as this
// reader may see it, who can read it, the decision and the explanation.
type voiceCase struct {
	*decision.Case
	Topics     []string
	Elements   []decision.Element
	Colleagues []*store.User // who the owner could add
	Print      string        // "meeting" or "file" on a printed page
	Printed    string        // the day printed
	Complaints *httpkit.Help
	Readings   []reading // who opened the request; for its owner
	// The forms' state when shown again with a mistake.
	Values       url.Values
	Error, Field string
	Langs        []langOption
}

// openCase opens the request in the URL for the viewer, writing the read
// to the audit log first. On failure it has answered.
func (h *Handler) openCase(c *gin.Context, purpose string) (*voiceCase, bool) {
	id, ok := h.voiceID(c)
	if !ok {
		return nil, false
	}
	cs, err := h.Decisions.Open(c.Request.Context(), id, actor(c), purpose)
	if err != nil {
		h.Fail(c, err)
		return nil, false
	}
	v := &voiceCase{Case: cs, Topics: decision.Topics, Elements: decision.Elements}
	for _, l := range h.Locales.Offered() {
		v.Langs = append(v.Langs, langOption{Tag: l.Tag, Name: l.Name, Draft: l.Draft()})
	}
	return v, true
}

// VoicePage is GET /voice/:id: the request as its reader may see it. Every
// look is in the audit log.
func (h *Handler) VoicePage(c *gin.Context) {
	v, ok := h.openCase(c, decision.ReadPage)
	if !ok {
		return
	}
	if v.Owner {
		users, err := h.Decisions.Colleagues(c.Request.Context(), actor(c))
		if err != nil {
			h.Fail(c, err)
			return
		}
		for _, u := range users {
			if !isReader(v.Readers, u.ID) {
				v.Colleagues = append(v.Colleagues, u)
			}
		}
		log, err := h.Decisions.Readings(c.Request.Context(), v.ID, actor(c))
		if err != nil {
			h.Fail(c, err)
			return
		}
		for _, l := range log {
			v.Readings = append(v.Readings, reading{Day: l.At.In(h.Store.Location()).Format("2/1/2006"), Email: l.Email,
				Purpose: readPurposes[l.Detail]})
		}
	}
	h.renderCase(c, http.StatusOK, "voice_case", "decision.case_title", v)
}

// reading is one line of "who opened this": the day, who, and why in the
// reader's language.
type reading struct {
	Day, Email, Purpose string
}

// readPurposes are the messages of the purposes the audit log names.
var readPurposes = map[string]string{
	decision.ReadPage:        "decision.read_page",
	decision.ReadPrintMeet:   "decision.read_print_meeting",
	decision.ReadPrintFile:   "decision.read_print_file",
	decision.ReadRecordForm:  "decision.read_decision_form",
	decision.ReadExplainForm: "decision.read_explanation_form",
}

func isReader(rs []store.VoiceReader, id int64) bool {
	for _, r := range rs {
		if r.UserID == id {
			return true
		}
	}
	return false
}

func (h *Handler) renderCase(c *gin.Context, status int, page, title string, v *voiceCase) {
	p := h.Page(c, title, v)
	p.Nav = "voice"
	p.NoIndex = true
	h.Render(c, status, page, p)
}

// VoicePrint is GET /voice/:id/print?for=meeting|file: a page to print.
// For the meeting: the request and what the child let the meeting read.
// For the file: that, the decision record and the explanation. What the
// child kept for their worker is in neither; both say that it exists.
func (h *Handler) VoicePrint(c *gin.Context) {
	purpose, what := decision.ReadPrintMeet, "meeting"
	switch c.Query("for") {
	case "meeting", "":
	case "file":
		purpose, what = decision.ReadPrintFile, "file"
	default:
		h.Fail(c, fault.Field("for", "error.param_unknown", "print for the meeting or the file"))
		return
	}
	v, ok := h.openCase(c, purpose)
	if !ok {
		return
	}
	v.Print, v.Printed = what, h.Store.Today()
	v.Complaints = h.ComplaintsFor(h.Localizer(c).Lang().Tag)
	h.renderCase(c, http.StatusOK, "voice_print", "decision.print_title", v)
}

// VoiceRecordForm is GET /voice/:id/decision: the decision along the steps
// of General Comment 14, with the child's view beside it.
func (h *Handler) VoiceRecordForm(c *gin.Context) {
	v, ok := h.openCase(c, decision.ReadRecordForm)
	if !ok {
		return
	}
	h.renderCase(c, http.StatusOK, "voice_decision", "decision.record_title", v)
}

// VoiceSaveRecord is POST /voice/:id/decision: save the draft, or record
// the decision (final=1), which closes the child's say. A mistake shows
// the form again with what was typed.
func (h *Handler) VoiceSaveRecord(c *gin.Context) {
	id, ok := h.voiceID(c)
	if !ok {
		return
	}
	rec, final, err := decision.DecodeRecord(c.Request.PostForm)
	if err == nil {
		err = h.Decisions.SaveRecord(c.Request.Context(), id, actor(c), rec, final)
	}
	if fault.Is(err, fault.Invalid) {
		v, ok := h.openCase(c, decision.ReadRecordForm)
		if !ok {
			return
		}
		v.Values = c.Request.PostForm
		_, v.Error, v.Field = h.Problem(c, err)
		h.renderCase(c, http.StatusUnprocessableEntity, "voice_decision", "decision.record_title", v)
		return
	}
	if err != nil {
		h.Fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/voice/"+strconv.FormatInt(id, 10)+"#decision")
}

// VoiceExplainForm is GET /voice/:id/explanation: the explanation to the
// child, in words the child understands.
func (h *Handler) VoiceExplainForm(c *gin.Context) {
	v, ok := h.openCase(c, decision.ReadExplainForm)
	if !ok {
		return
	}
	v.Complaints = h.ComplaintsFor(h.Localizer(c).Lang().Tag)
	h.renderCase(c, http.StatusOK, "voice_explanation", "decision.explain_title", v)
}

// VoiceSaveExplanation is POST /voice/:id/explanation: save it, or share
// it with the child (share=1).
func (h *Handler) VoiceSaveExplanation(c *gin.Context) {
	id, ok := h.voiceID(c)
	if !ok {
		return
	}
	ex, share, err := decision.DecodeExplanation(c.Request.PostForm)
	if err == nil {
		err = h.Decisions.SaveExplanation(c.Request.Context(), id, actor(c), ex, share)
	}
	if fault.Is(err, fault.Invalid) {
		v, ok := h.openCase(c, decision.ReadExplainForm)
		if !ok {
			return
		}
		v.Values = c.Request.PostForm
		v.Complaints = h.ComplaintsFor(h.Localizer(c).Lang().Tag)
		_, v.Error, v.Field = h.Problem(c, err)
		h.renderCase(c, http.StatusUnprocessableEntity, "voice_explanation", "decision.explain_title", v)
		return
	}
	if err != nil {
		h.Fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/voice/"+strconv.FormatInt(id, 10)+"#explanation")
}
