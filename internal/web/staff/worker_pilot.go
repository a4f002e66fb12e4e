package staff

import (
	"context"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/authoring"
	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// pilotChoice is a draft a worker can try with a group: approved by a
// second person, not yet published.
type pilotChoice struct {
	Value string // the form's survey value: pilot:<draft id>
	Title string // in the draft's own words
	Draft *authoring.Draft
}

const pilotPrefix = "pilot:"

// pilotChoices lists the drafts ready for a pilot, with their titles in
// the worker's language when the draft has it.
func (h *Handler) pilotChoices(c *gin.Context) []pilotChoice {
	ctx := c.Request.Context()
	drafts, err := h.Store.Drafts(ctx)
	if err != nil {
		h.Log.Error("pilot drafts", "err", err)
		return nil
	}
	lang := h.Localizer(c).Lang().Tag
	var out []pilotChoice
	for _, sd := range drafts {
		if sd.Published > 0 {
			continue
		}
		d, err := h.Authoring.Draft(ctx, sd.ID)
		if err != nil || !canPilot(d) {
			continue
		}
		title := d.Survey.Texts.Get(lang, d.Survey.Title)
		if title == "" {
			title = d.Survey.Texts.Get(d.Survey.Source, d.Survey.Title)
		}
		out = append(out, pilotChoice{Value: pilotPrefix + strconv.FormatInt(d.ID, 10), Title: title, Draft: d})
	}
	return out
}

// pilotOf finds the draft a session form chose to pilot ("pilot:<id>"),
// or nil when the form chose a published survey.
func pilotOf(choices []pilotChoice, value string) (*authoring.Draft, bool) {
	id, isPilot := strings.CutPrefix(value, pilotPrefix)
	if !isPilot {
		return nil, false
	}
	for _, p := range choices {
		if p.Value == pilotPrefix+id {
			return p.Draft, true
		}
	}
	return nil, true
}

// sessionCount is what the worker's page counts: questionnaires received,
// or in a pilot the children who took part (nothing they answered is
// kept).
func (h *Handler) sessionCount(ctx context.Context, sess *store.Session) (int, error) {
	if !sess.IsPilot() {
		return h.Store.CountSubmissions(ctx, sess.ID)
	}
	draftID, rev, err := h.Store.PilotOf(ctx, sess.ID)
	if err != nil {
		return 0, err
	}
	pilots, err := h.Store.Pilots(ctx, draftID, rev)
	if err != nil {
		return 0, err
	}
	for _, p := range pilots {
		if p.Session.ID == sess.ID {
			return p.Children, nil
		}
	}
	return 0, nil
}

// bandsOf adds a survey's bands to a list, once each.
func bandsOf(bands []string, s *survey.Survey) []string {
	for _, b := range s.AgeBands {
		if !contains(bands, b.String()) {
			bands = append(bands, b.String())
		}
	}
	return bands
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// errPilotNoResults answers a pilot's results: it kept no answers.
var errPilotNoResults = fault.New(fault.Conflict, "pilot.no_results", "a pilot keeps no answers")
