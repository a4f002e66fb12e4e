package staff

import (
	"errors"
	"net/http"
	"path/filepath"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/registration"
	"github.com/kinderstem/kinderstem/internal/survey"
	"github.com/kinderstem/kinderstem/internal/web/httpkit"
)

type registrationImportView struct {
	Imported int
	Report   *registration.Report
	Error    *registration.RowError
	Reason   string // the reason in the reader's language
	Layouts  []string
	Regs     []*survey.Registration
}

func (h *Handler) RegistrationImportPage(c *gin.Context) {
	h.renderRegistrationImport(c, http.StatusOK, &registrationImportView{})
}

func (h *Handler) renderRegistrationImport(c *gin.Context, status int, v *registrationImportView) {
	v.Layouts, v.Regs = survey.Layouts, h.Catalog.Registrations()
	if v.Error != nil {
		v.Reason = h.Localizer(c).T(v.Error.Reason)
	}
	p := h.Page(c, "monitor.import.title", v)
	p.Nav = "admin"
	h.Render(c, status, "registration_import", p)
}

// ImportRegistration reads an uploaded file of figures, a tidy CSV or a
// source's own download in its layout: any bad row imports nothing and
// says file, line, column and why in the admin's language; a good file
// replaces the same rows in one transaction, audited.
func (h *Handler) ImportRegistration(c *gin.Context) {
	fh, err := c.FormFile("file")
	if err != nil {
		if httpkit.IsTooLarge(err) {
			h.renderRegistrationImport(c, http.StatusRequestEntityTooLarge, &registrationImportView{Error: &registration.RowError{Reason: "monitor.err.too_big"}})
			return
		}
		h.renderRegistrationImport(c, http.StatusUnprocessableEntity, &registrationImportView{Error: &registration.RowError{Reason: "monitor.err.empty"}})
		return
	}
	name := filepath.Base(fh.Filename)
	f, err := fh.Open()
	if err != nil {
		h.Fail(c, err)
		return
	}
	defer f.Close()
	opts := registration.Options{Layout: c.PostForm("layout"), Period: c.PostForm("period"), Indicator: c.PostForm("indicator")}
	rows, rep, err := registration.Import(f, name, h.Catalog, opts)
	var re *registration.RowError
	if errors.As(err, &re) {
		h.renderRegistrationImport(c, http.StatusUnprocessableEntity, &registrationImportView{Error: re})
		return
	}
	if err != nil {
		h.Fail(c, err)
		return
	}
	if err := h.Store.ReplaceRegistration(c.Request.Context(), httpkit.ViewerOf(c).ID, name, rows); err != nil {
		h.Fail(c, err)
		return
	}
	h.renderRegistrationImport(c, http.StatusOK, &registrationImportView{Imported: len(rows), Report: rep})
}
