package httpkit

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"net/url"
	"slices"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/gorilla/sessions"

	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/store"
)

// Staff sessions are kept server-side (store.StaffSession); the signed and
// encrypted cookie (gorilla/sessions) carries only the session id and the
// CSRF token. Children never get one: the child's pages set no cookie.
const (
	staffCookie  = "ks_staff"
	idleTimeout  = 2 * time.Hour
	absTimeout   = 12 * time.Hour
	touchEvery   = time.Minute
	ctxViewer    = "kinderstem.viewer"
	ctxSession   = "kinderstem.session"
	csrfField    = "csrf"
	csrfHeader   = "X-CSRF-Token"
	keySID       = "sid"
	keyCSRF      = "csrf"
	keyFlash     = "flash"
	cookieMaxAge = int(absTimeout / time.Second)
)

// Viewer is the staff user behind a request, or the API token acting as
// one.
type Viewer struct {
	ID             int64
	Email          string
	Name           string
	Role           string
	OrganisationID int64
	Organisation   string
	// AllOrganisations: the viewer sees every organisation's records (an
	// admin, or an admin's token made for every organisation); see Org.
	AllOrganisations bool
}

// Is reports whether the viewer has one of the roles.
func (v *Viewer) Is(roles ...string) bool { return v != nil && slices.Contains(roles, v.Role) }

// cookieStore derives a hash key and an encryption key from each secret,
// newest first, so an old secret still reads cookies while they expire.
func cookieStore(secrets [][]byte, secure bool) *sessions.CookieStore {
	var pairs [][]byte
	for _, s := range secrets {
		h := sha256.Sum256(append([]byte("kinderstem cookie hash "), s...))
		b := sha256.Sum256(append([]byte("kinderstem cookie block "), s...))
		pairs = append(pairs, h[:], b[:])
	}
	cs := sessions.NewCookieStore(pairs...)
	cs.Options = &sessions.Options{Path: "/", MaxAge: cookieMaxAge, HttpOnly: true, Secure: secure, SameSite: http.SameSiteLaxMode}
	cs.MaxAge(cookieMaxAge)
	return cs
}

// staffTimeouts bound every staff session, checked server-side.
var staffTimeouts = store.StaffTimeouts{Idle: idleTimeout, Absolute: absTimeout}

// StaffSession loads the staff cookie (a broken or foreign one reads as
// empty), looks its session id up in the database, where the timeouts are
// checked, and puts the viewer in the context.
func (k *Kit) StaffSession(c *gin.Context) {
	sess, _ := k.cookies.Get(c.Request, staffCookie)
	c.Set(ctxSession, sess)
	if v := k.loadViewer(c, sess); v != nil {
		c.Set(ctxViewer, v)
	}
	c.Next()
}

func (k *Kit) loadViewer(c *gin.Context, sess *sessions.Session) *Viewer {
	sid, _ := sess.Values[keySID].(string)
	if sid == "" {
		return nil
	}
	ss, err := k.Store.StaffSessionByID(c.Request.Context(), sid, staffTimeouts, touchEvery)
	if err != nil {
		if !fault.Is(err, fault.NotFound) {
			k.Log.Error("staff session", "err", err)
		}
		k.endStaffSession(c, sess)
		return nil
	}
	u := ss.User
	return &Viewer{ID: u.ID, Email: u.Email, Name: u.Name, Role: u.Role, OrganisationID: u.OrganisationID, Organisation: u.Organisation,
		AllOrganisations: u.Role == store.RoleAdmin}
}

// StartStaffSession logs a user in: a fresh session id kept server-side,
// and a new CSRF token, so a token seen before login is worthless after it.
func (k *Kit) StartStaffSession(c *gin.Context, uid int64) error {
	sid := newToken()
	if err := k.Store.CreateStaffSession(c.Request.Context(), sid, uid, staffTimeouts); err != nil {
		return err
	}
	sess, _ := k.cookies.New(c.Request, staffCookie)
	sess.Values = map[any]any{keySID: sid, keyCSRF: newToken()}
	c.Set(ctxSession, sess)
	return sess.Save(c.Request, c.Writer)
}

// EndStaffSession logs out: the server forgets the session id, and the
// cookie is emptied and expired.
func (k *Kit) EndStaffSession(c *gin.Context) { k.endStaffSession(c, staffSessionOf(c)) }

func (k *Kit) endStaffSession(c *gin.Context, sess *sessions.Session) {
	if sid, _ := sess.Values[keySID].(string); sid != "" {
		if err := k.Store.DeleteStaffSession(c.Request.Context(), sid); err != nil {
			k.Log.Error("end staff session", "err", err)
		}
	}
	sess.Values = map[any]any{}
	sess.Options.MaxAge = -1
	sess.Save(c.Request, c.Writer)
	sess.Options.MaxAge = cookieMaxAge
}

// ViewerOf is the staff user behind the request, or nil.
func ViewerOf(c *gin.Context) *Viewer {
	v, _ := c.Get(ctxViewer)
	vv, _ := v.(*Viewer)
	return vv
}

func staffSessionOf(c *gin.Context) *sessions.Session {
	s, _ := c.Get(ctxSession)
	ss, _ := s.(*sessions.Session)
	return ss
}

func newToken() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// CSRFToken returns the staff session's CSRF token, making one (and the
// cookie that carries it) on the first staff page that needs it.
func CSRFToken(c *gin.Context) string {
	sess := staffSessionOf(c)
	if sess == nil {
		return ""
	}
	tok, _ := sess.Values[keyCSRF].(string)
	if tok == "" {
		tok = newToken()
		sess.Values[keyCSRF] = tok
		sess.Save(c.Request, c.Writer)
	}
	return tok
}

// CheckCSRF guards every state-changing staff request: the browser must say
// the request is not cross-site, and the form or header must carry the
// session's token.
func (k *Kit) CheckCSRF(c *gin.Context) {
	if c.Request.Method == http.MethodGet || c.Request.Method == http.MethodHead {
		c.Next()
		return
	}
	if err := k.crossOrigin.Check(c.Request); err != nil {
		k.Fail(c, fault.New(fault.Forbidden, "error.csrf", "cross-origin request"))
		return
	}
	sess := staffSessionOf(c)
	want, _ := sess.Values[keyCSRF].(string)
	got := c.GetHeader(csrfHeader)
	if got == "" {
		got = c.PostForm(csrfField)
	}
	if want == "" || subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
		k.Fail(c, fault.New(fault.Forbidden, "error.csrf", "missing or wrong CSRF token"))
		return
	}
	c.Next()
}

// RequireRole lets through only staff with one of the roles. Anonymous
// visitors of a page are sent to log in and come back; a script gets 401.
func (k *Kit) RequireRole(roles ...string) gin.HandlerFunc {
	return func(c *gin.Context) {
		v := ViewerOf(c)
		switch {
		case v == nil && AnswerOf(c) == JSON:
			k.Fail(c, fault.New(fault.Unauthorized, "error.login_required", "log in or send an API token"))
		case v == nil:
			c.Redirect(http.StatusSeeOther, "/login?next="+url.QueryEscape(c.Request.URL.RequestURI()))
			c.Abort()
		case !v.Is(roles...):
			k.Fail(c, fault.New(fault.Forbidden, "error.forbidden", "role "+v.Role+" may not do this"))
		default:
			c.Next()
		}
	}
}
