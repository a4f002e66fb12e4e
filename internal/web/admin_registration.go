package web

import (
	"errors"
	"net/http"
	"path/filepath"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/registration"
)

// registrationUploadPath takes files up to registration.MaxBytes, more
// than the body limit of other forms.
const registrationUploadPath = "/admin/registration"

type registrationImportView struct {
	Imported int
	Error    *registration.RowError
	Reason   string // the reason in the reader's language
}

func (a *App) registrationImportPage(c *gin.Context) {
	a.renderRegistrationImport(c, http.StatusOK, &registrationImportView{})
}

func (a *App) renderRegistrationImport(c *gin.Context, status int, v *registrationImportView) {
	if v.Error != nil {
		v.Reason = a.localizer(c).T(v.Error.Reason)
	}
	p := a.page(c, "monitor.import.title", v)
	p.Nav = "admin"
	a.render(c, status, "registration_import", p)
}

// importRegistration reads an uploaded tidy CSV: any bad row imports
// nothing and says file, line, column and why in the admin's language; a
// good file replaces the same rows in one transaction, audited.
func (a *App) importRegistration(c *gin.Context) {
	fh, err := c.FormFile("file")
	if err != nil {
		if isTooLarge(err) {
			a.renderRegistrationImport(c, http.StatusRequestEntityTooLarge, &registrationImportView{Error: &registration.RowError{Reason: "monitor.err.too_big"}})
			return
		}
		a.renderRegistrationImport(c, http.StatusUnprocessableEntity, &registrationImportView{Error: &registration.RowError{Reason: "monitor.err.empty"}})
		return
	}
	name := filepath.Base(fh.Filename)
	f, err := fh.Open()
	if err != nil {
		a.fail(c, err)
		return
	}
	defer f.Close()
	rows, err := registration.Decode(f, name, a.Catalog)
	var re *registration.RowError
	if errors.As(err, &re) {
		a.renderRegistrationImport(c, http.StatusUnprocessableEntity, &registrationImportView{Error: re})
		return
	}
	if err != nil {
		a.fail(c, err)
		return
	}
	if err := a.Store.ReplaceRegistration(c.Request.Context(), viewer(c).ID, name, rows); err != nil {
		a.fail(c, err)
		return
	}
	a.renderRegistrationImport(c, http.StatusOK, &registrationImportView{Imported: len(rows)})
}
