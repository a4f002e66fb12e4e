package staff

import (
	"errors"
	"net/http"
	"slices"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/declare"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
	"github.com/kinderstem/kinderstem/internal/web/httpkit"
)

// declareView is the admin's form to declare a registration indicator:
// the definition as a registration file's YAML and its texts per language
// as locale TOML, the problems the checks found, and the declarations
// kept so far.
type declareView struct {
	YAML     string
	Texts    map[string]string
	Langs    []string
	Problems []string
	Saved    string // the id just declared
	Declared []store.RegistrationDefinition
	Live     map[string]bool // declared ids the running catalogue has
}

// DeclarePage is GET /admin/registration/declare.
func (h *Handler) DeclarePage(c *gin.Context) {
	h.renderDeclare(c, http.StatusOK, &declareView{Texts: map[string]string{}, Saved: c.Query("declared")})
}

func (h *Handler) renderDeclare(c *gin.Context, status int, v *declareView) {
	for _, l := range h.Locales.Languages() {
		v.Langs = append(v.Langs, l.Tag)
	}
	var err error
	if v.Declared, err = h.Store.RegistrationDefinitions(c.Request.Context()); err != nil {
		h.Fail(c, err)
		return
	}
	v.Live = map[string]bool{}
	for _, d := range v.Declared {
		_, v.Live[d.ID] = h.Catalog.RegistrationByID(d.ID)
	}
	p := h.Page(c, "declare.title", v)
	p.Nav = "admin"
	h.Render(c, status, "registration_declare", p)
}

// Declare is POST /admin/registration/declare: the definition and its
// texts are checked like a shipped registration file, laid over the
// shipped catalogue with every declaration kept before; any problem
// keeps nothing and lists each with its file and line; a good one is
// kept, audited, and joins the catalogue when the server next starts.
func (h *Handler) Declare(c *gin.Context) {
	v := &declareView{YAML: c.PostForm("definition"), Texts: map[string]string{}}
	for _, l := range h.Locales.Languages() {
		v.Texts[l.Tag] = c.PostForm("texts_" + l.Tag)
	}
	d, err := declare.Parse(v.YAML, v.Texts)
	if err == nil {
		var kept []store.RegistrationDefinition
		if kept, err = h.Store.RegistrationDefinitions(c.Request.Context()); err != nil {
			h.Fail(c, err)
			return
		}
		defs := declare.FromStore(kept)
		defs = append(slices.DeleteFunc(defs, func(o declare.Definition) bool { return o.ID == d.ID }), d)
		if _, ok := h.Catalog.RegistrationByID(d.ID); ok && !slices.ContainsFunc(kept, func(o store.RegistrationDefinition) bool { return o.ID == d.ID }) {
			err = survey.Problems{{File: declare.FileOf(d.ID), Msg: "indicator " + d.ID + " is already shipped"}}
		} else {
			_, _, err = declare.Load(h.Assets, defs)
		}
	}
	var problems survey.Problems
	if errors.As(err, &problems) {
		for _, p := range problems {
			v.Problems = append(v.Problems, p.Error())
		}
		h.renderDeclare(c, http.StatusUnprocessableEntity, v)
		return
	}
	if err != nil {
		h.Fail(c, err)
		return
	}
	if err := h.Store.SaveRegistrationDefinition(c.Request.Context(), httpkit.ViewerOf(c).ID,
		&store.RegistrationDefinition{ID: d.ID, YAML: d.YAML, Texts: d.Texts}); err != nil {
		h.Fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/admin/registration/declare?declared="+d.ID)
}
