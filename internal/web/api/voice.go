package api

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/decision"
	"github.com/kinderstem/kinderstem/internal/store"
)

// VoiceFigures is GET /api/v1/process/voice: the process figures of
// children's views in decisions about them as JSON, through the release
// gate. A hidden row carries no numbers; a share without a base is null.
func (h *Handler) VoiceFigures(c *gin.Context) {
	q, err := decision.ParseFigures(c.Request.URL.Query(), "lang")
	var figs []decision.Figure
	if err == nil {
		q.Settings = h.Catalog.Settings
		var shells []store.VoiceShell
		if shells, err = h.Store.VoiceShells(c.Request.Context()); err == nil {
			figs, err = decision.Figures(shells, q, h.Release(c))
		}
	}
	if err != nil {
		h.Fail(c, err)
		return
	}
	out := apiVoiceAnswer{K: h.K(), By: q.By, Groups: []apiVoiceGroup{}}
	for _, f := range figs {
		g := apiVoiceGroup{Levels: map[string]string{}, Suppressed: f.Hidden}
		if f.Organisation != 0 {
			g.Levels["organisation"] = strconv.FormatInt(f.Organisation, 10)
		}
		if f.Setting != "" {
			g.Levels["setting"] = f.Setting
		}
		if !f.Hidden {
			g.Decisions = &f.Decisions
			g.View, g.ChoseNot, g.NoAnswer, g.NotAsked = num(f.View), num(f.ChoseNot), num(f.NoAnswer), num(f.NotAsked)
		}
		if !f.DaysHidden {
			g.Explained, g.MedianDays = &f.Explained, num(f.MedianDays)
		}
		if !f.HeardHidden {
			g.Raters, g.Yes, g.Some, g.No = &f.Raters, num(f.Yes), num(f.Some), num(f.No)
		}
		out.Groups = append(out.Groups, g)
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, out)
}

type apiVoiceAnswer struct {
	K      int             `json:"k"`
	By     string          `json:"by,omitempty"`
	Groups []apiVoiceGroup `json:"groups"`
}

type apiVoiceGroup struct {
	Levels     map[string]string `json:"levels,omitempty"`
	Suppressed bool              `json:"suppressed"`
	Decisions  *int              `json:"decisions"`
	View       *float64          `json:"view_share"`
	ChoseNot   *float64          `json:"chose_not_share"`
	NoAnswer   *float64          `json:"no_answer_share"`
	NotAsked   *float64          `json:"not_asked_share"`
	Explained  *int              `json:"explained"`
	MedianDays *float64          `json:"median_days_view_to_explanation"`
	Raters     *int              `json:"heard_raters"`
	Yes        *float64          `json:"heard_yes_share"`
	Some       *float64          `json:"heard_some_share"`
	No         *float64          `json:"heard_no_share"`
}
