package staff

import (
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/auth"
	"github.com/kinderstem/kinderstem/internal/decision"
	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
	"github.com/kinderstem/kinderstem/internal/web/httpkit"
)

// adminView is the administration page: staff users, organisations and
// the survey catalogue.
type adminView struct {
	Users         []*store.User
	Organisations []store.Organisation
	Retention     map[int64]int // days each organisation keeps a child's view after the explanation was read
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

func (h *Handler) AdminPage(c *gin.Context) {
	h.renderAdmin(c, http.StatusOK, &adminView{Values: map[string]string{"role": store.RoleWorker}})
}

func (h *Handler) renderAdmin(c *gin.Context, status int, v *adminView) {
	ctx := c.Request.Context()
	var err error
	if v.Users, err = h.Store.Users(ctx); err != nil {
		h.Fail(c, err)
		return
	}
	if v.Organisations, err = h.Store.Organisations(ctx); err != nil {
		h.Fail(c, err)
		return
	}
	v.Retention = map[int64]int{}
	for _, o := range v.Organisations {
		if v.Retention[o.ID], _, err = h.Decisions.Retention(ctx, o.ID); err != nil {
			h.Fail(c, err)
			return
		}
	}
	v.Kinds, v.Roles, v.Surveys, v.Languages = store.OrganisationKinds, store.Roles, h.Catalog.All(), len(h.Locales.Languages())
	p := h.Page(c, "admin.title", v)
	p.Nav = "admin"
	h.Render(c, status, "admin", p)
}

// CreateUser makes a staff account with a one-time password the admin
// passes on; the user changes it on first use.
func (h *Handler) CreateUser(c *gin.Context) {
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
		org, v.Error = h.organisationFor(c, v.Values["organisation"], v.Values["new_organisation"])
		if v.Error == errNotUsers {
			h.Fail(c, errors.New("admin: create organisation failed"))
			return
		}
	}
	if v.Error != "" {
		h.renderAdmin(c, http.StatusUnprocessableEntity, v)
		return
	}
	pw := auth.RandomPassword(14)
	hash, err := h.Config.Passwords.Hash(pw)
	if err != nil {
		h.Fail(c, err)
		return
	}
	u := &store.User{OrganisationID: org, Email: email, Name: v.Values["name"], Role: role, PasswordHash: hash}
	if err := h.Store.CreateUser(ctx, u); err != nil {
		if fe, ok := fault.As(err); ok && fe.Kind == fault.Invalid {
			v.Error = fe.Message
			h.renderAdmin(c, http.StatusUnprocessableEntity, v)
			return
		}
		h.Fail(c, err)
		return
	}
	h.Audit(c, httpkit.ViewerOf(c).ID, "user_add", u.Email, "role="+u.Role)
	h.renderAdmin(c, http.StatusOK, &adminView{Created: &createdUser{Email: u.Email, Password: pw}, Values: map[string]string{"role": store.RoleWorker}})
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
func (h *Handler) organisationFor(c *gin.Context, existing, newName string) (int64, string) {
	ctx := c.Request.Context()
	if newName != "" {
		if len(newName) > 200 {
			return 0, "admin.error_organisation"
		}
		id, err := h.Store.CreateOrganisation(ctx, newName, "other")
		if err != nil {
			if msg := userMessage(err); msg != "" {
				return 0, msg
			}
			h.Log.Error("create organisation", "err", err)
			return 0, errNotUsers
		}
		h.Audit(c, httpkit.ViewerOf(c).ID, "organisation_add", newName, "")
		return id, ""
	}
	id, err := strconv.ParseInt(existing, 10, 64)
	if err == nil {
		if _, err = h.Store.Organisation(ctx, id); err == nil {
			return id, ""
		}
	}
	return 0, "admin.error_organisation"
}

// UpdateUser changes a user's role or disables or enables the account;
// every change logs the user out everywhere.
func (h *Handler) UpdateUser(c *gin.Context) {
	ctx := c.Request.Context()
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		h.NotFound(c)
		return
	}
	u, err := h.Store.UserByID(ctx, id)
	if err != nil {
		h.Fail(c, err)
		return
	}
	me := httpkit.ViewerOf(c)
	if u.ID == me.ID {
		h.Fail(c, fault.New(fault.Forbidden, "admin.error_self", "admins do not change their own role or lock themselves out"))
		return
	}
	switch action := c.PostForm("action"); action {
	case "disable", "enable":
		err = h.Store.SetDisabled(ctx, id, action == "disable")
		h.Audit(c, me.ID, "user_"+action, u.Email, "")
	case "role":
		role := c.PostForm("role")
		if !slices.Contains(store.Roles, role) {
			h.Fail(c, fault.Field("role", "admin.error_role", "no such role"))
			return
		}
		err = h.Store.SetRole(ctx, id, role)
		h.Audit(c, me.ID, "user_role", u.Email, u.Role+" -> "+role)
	default:
		h.Fail(c, fault.Field("action", "error.invalid", "unknown action"))
		return
	}
	if err != nil {
		h.Fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/admin#users")
}

// CreateOrganisation adds an organisation.
func (h *Handler) CreateOrganisation(c *gin.Context) {
	name := strings.TrimSpace(c.PostForm("name"))
	kind := c.PostForm("kind")
	v := &adminView{Values: map[string]string{"role": store.RoleWorker}}
	if name == "" || len(name) > 200 || !slices.Contains(store.OrganisationKinds, kind) {
		v.Error = "admin.error_organisation"
		h.renderAdmin(c, http.StatusUnprocessableEntity, v)
		return
	}
	if _, err := h.Store.CreateOrganisation(c.Request.Context(), name, kind); err != nil {
		if v.Error = userMessage(err); v.Error == "" {
			h.Fail(c, err)
			return
		}
		h.renderAdmin(c, http.StatusUnprocessableEntity, v)
		return
	}
	h.Audit(c, httpkit.ViewerOf(c).ID, "organisation_add", name, kind)
	c.Redirect(http.StatusSeeOther, "/admin#organisations")
}

// AuditPage lists the audit log, newest first, 100 at a time.
func (h *Handler) AuditPage(c *gin.Context) {
	before, _ := strconv.ParseInt(c.Query("before"), 10, 64)
	entries, err := h.Store.AuditLog(c.Request.Context(), before, 100)
	if err != nil {
		h.Fail(c, err)
		return
	}
	next := int64(0)
	if len(entries) == 100 {
		next = entries[len(entries)-1].ID
	}
	p := h.Page(c, "audit.title", map[string]any{"Entries": entries, "Next": next})
	p.Nav = "admin"
	h.Render(c, http.StatusOK, "audit", p)
}

// DownloadBackup streams a consistent copy of the database to an admin.
func (h *Handler) DownloadBackup(c *gin.Context) {
	dir, err := os.MkdirTemp("", "kinderstem-backup-")
	if err != nil {
		h.Fail(c, err)
		return
	}
	defer os.RemoveAll(dir)
	name := "kinderstem-" + h.Store.Now().UTC().Format("20060102-150405") + ".db"
	path := filepath.Join(dir, name)
	// What should be erased by now never reaches a copy. One request
	// that cannot be erased does not stop the backup: the copy holds it,
	// and the audit log says so (EraseDue has logged which).
	detail := "downloaded"
	var failed *decision.EraseFailed
	if _, err := h.Decisions.EraseDue(c.Request.Context(), h.Log); errors.As(err, &failed) {
		detail = fmt.Sprintf("downloaded; %d children's views due for erasure could not be erased and are in this copy", len(failed.IDs))
	} else if err != nil {
		h.Fail(c, err)
		return
	}
	if err := h.Store.Backup(c.Request.Context(), path); err != nil {
		h.Fail(c, err)
		return
	}
	h.Audit(c, httpkit.ViewerOf(c).ID, "backup", name, detail)
	attach(c, name, "application/vnd.sqlite3")
	c.File(path)
}
