package web

import (
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/auth"
	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// adminView is the administration page: staff users, organisations and
// the survey catalogue.
type adminView struct {
	Users         []*store.User
	Organisations []store.Organisation
	Kinds         []string
	Roles         []string
	Surveys       []*survey.Survey
	Languages     int
	Created       *createdUser // the new user's one-time password
	Error         string
	Values        map[string]string
}

type createdUser struct {
	Email, Password string
}

func (a *App) adminPage(c *gin.Context) {
	a.renderAdmin(c, http.StatusOK, &adminView{Values: map[string]string{"role": store.RoleWorker}})
}

func (a *App) renderAdmin(c *gin.Context, status int, v *adminView) {
	ctx := c.Request.Context()
	var err error
	if v.Users, err = a.Store.Users(ctx); err != nil {
		a.fail(c, err)
		return
	}
	if v.Organisations, err = a.Store.Organisations(ctx); err != nil {
		a.fail(c, err)
		return
	}
	v.Kinds, v.Roles, v.Surveys, v.Languages = store.OrganisationKinds, store.Roles, a.Catalog.All(), len(a.Locales.Languages())
	p := a.page(c, "admin.title", v)
	p.Nav = "admin"
	a.render(c, status, "admin", p)
}

// createUser makes a staff account with a one-time password the admin
// passes on; the user changes it on first use.
func (a *App) createUser(c *gin.Context) {
	ctx := c.Request.Context()
	v := &adminView{Values: map[string]string{}}
	for _, k := range []string{"email", "name", "role", "organisation", "new_organisation"} {
		v.Values[k] = strings.TrimSpace(c.PostForm(k))
	}
	email, role := v.Values["email"], v.Values["role"]
	switch {
	case !strings.Contains(email, "@") || len(email) > 254:
		v.Error = "admin.error_email"
	case !slices.Contains(store.Roles, role):
		v.Error = "admin.error_role"
	}
	var org int64
	if v.Error == "" {
		org, v.Error = a.organisationFor(c, v.Values["organisation"], v.Values["new_organisation"])
		if v.Error == errNotUsers {
			a.fail(c, errors.New("admin: create organisation failed"))
			return
		}
	}
	if v.Error != "" {
		a.renderAdmin(c, http.StatusUnprocessableEntity, v)
		return
	}
	pw := auth.RandomPassword(14)
	hash, err := a.Config.Passwords.Hash(pw)
	if err != nil {
		a.fail(c, err)
		return
	}
	u := &store.User{OrganisationID: org, Email: email, Name: v.Values["name"], Role: role, PasswordHash: hash}
	if err := a.Store.CreateUser(ctx, u); err != nil {
		if fe, ok := fault.As(err); ok && fe.Kind == fault.Invalid {
			v.Error = fe.Message
			a.renderAdmin(c, http.StatusUnprocessableEntity, v)
			return
		}
		a.fail(c, err)
		return
	}
	a.audit(c, viewer(c).ID, "user_add", u.Email, "role="+u.Role)
	a.renderAdmin(c, http.StatusOK, &adminView{Created: &createdUser{Email: u.Email, Password: pw}, Values: map[string]string{"role": store.RoleWorker}})
}

// userMessage is the message id of an error the admin can mend (a name
// taken, a text refused), or "" for any other error, which is not theirs.
func userMessage(err error) string {
	if fe, ok := fault.As(err); ok && fe.Kind == fault.Invalid {
		return fe.Message
	}
	return ""
}

// errNotUsers marks a failure that is not the admin's to mend.
const errNotUsers = "error.internal"

// organisationFor picks an existing organisation or makes the new one named.
func (a *App) organisationFor(c *gin.Context, existing, newName string) (int64, string) {
	ctx := c.Request.Context()
	if newName != "" {
		if len(newName) > 200 {
			return 0, "admin.error_organisation"
		}
		id, err := a.Store.CreateOrganisation(ctx, newName, "other")
		if err != nil {
			if msg := userMessage(err); msg != "" {
				return 0, msg
			}
			a.Log.Error("create organisation", "err", err)
			return 0, errNotUsers
		}
		a.audit(c, viewer(c).ID, "organisation_add", newName, "")
		return id, ""
	}
	id, err := strconv.ParseInt(existing, 10, 64)
	if err == nil {
		if _, err = a.Store.Organisation(ctx, id); err == nil {
			return id, ""
		}
	}
	return 0, "admin.error_organisation"
}

// updateUser changes a user's role or disables or enables the account;
// every change logs the user out everywhere.
func (a *App) updateUser(c *gin.Context) {
	ctx := c.Request.Context()
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		a.notFound(c)
		return
	}
	u, err := a.Store.UserByID(ctx, id)
	if err != nil {
		a.fail(c, err)
		return
	}
	me := viewer(c)
	if u.ID == me.ID {
		a.fail(c, fault.New(fault.Forbidden, "admin.error_self", "admins do not change their own role or lock themselves out"))
		return
	}
	switch action := c.PostForm("action"); action {
	case "disable", "enable":
		err = a.Store.SetDisabled(ctx, id, action == "disable")
		a.audit(c, me.ID, "user_"+action, u.Email, "")
	case "role":
		role := c.PostForm("role")
		if !slices.Contains(store.Roles, role) {
			a.fail(c, fault.Field("role", "admin.error_role", "no such role"))
			return
		}
		err = a.Store.SetRole(ctx, id, role)
		a.audit(c, me.ID, "user_role", u.Email, u.Role+" -> "+role)
	default:
		a.fail(c, fault.Field("action", "error.invalid", "unknown action"))
		return
	}
	if err != nil {
		a.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/admin#users")
}

// createOrganisation adds an organisation.
func (a *App) createOrganisation(c *gin.Context) {
	name := strings.TrimSpace(c.PostForm("name"))
	kind := c.PostForm("kind")
	v := &adminView{Values: map[string]string{"role": store.RoleWorker}}
	if name == "" || len(name) > 200 || !slices.Contains(store.OrganisationKinds, kind) {
		v.Error = "admin.error_organisation"
		a.renderAdmin(c, http.StatusUnprocessableEntity, v)
		return
	}
	if _, err := a.Store.CreateOrganisation(c.Request.Context(), name, kind); err != nil {
		if v.Error = userMessage(err); v.Error == "" {
			a.fail(c, err)
			return
		}
		a.renderAdmin(c, http.StatusUnprocessableEntity, v)
		return
	}
	a.audit(c, viewer(c).ID, "organisation_add", name, kind)
	c.Redirect(http.StatusSeeOther, "/admin#organisations")
}

// auditPage lists the audit log, newest first, 100 at a time.
func (a *App) auditPage(c *gin.Context) {
	before, _ := strconv.ParseInt(c.Query("before"), 10, 64)
	entries, err := a.Store.AuditLog(c.Request.Context(), before, 100)
	if err != nil {
		a.fail(c, err)
		return
	}
	next := int64(0)
	if len(entries) == 100 {
		next = entries[len(entries)-1].ID
	}
	p := a.page(c, "audit.title", map[string]any{"Entries": entries, "Next": next})
	p.Nav = "admin"
	a.render(c, http.StatusOK, "audit", p)
}

// downloadBackup streams a consistent copy of the database to an admin.
func (a *App) downloadBackup(c *gin.Context) {
	dir, err := os.MkdirTemp("", "kinderstem-backup-")
	if err != nil {
		a.fail(c, err)
		return
	}
	defer os.RemoveAll(dir)
	name := "kinderstem-" + a.Store.Now().UTC().Format("20060102-150405") + ".db"
	path := filepath.Join(dir, name)
	if err := a.Store.Backup(c.Request.Context(), path); err != nil {
		a.fail(c, err)
		return
	}
	a.audit(c, viewer(c).ID, "backup", name, "downloaded")
	attach(c, name, "application/vnd.sqlite3")
	c.File(path)
}
