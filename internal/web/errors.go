package web

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/fault"
)

// status maps an application error's kind to its HTTP status: the one place
// that does.
func status(k fault.Kind) int {
	switch k {
	case fault.Invalid:
		return http.StatusUnprocessableEntity
	case fault.NotFound:
		return http.StatusNotFound
	case fault.Conflict:
		return http.StatusConflict
	case fault.Unauthorized:
		return http.StatusUnauthorized
	case fault.Forbidden:
		return http.StatusForbidden
	case fault.TooMany:
		return http.StatusTooManyRequests
	case fault.Gone:
		return http.StatusGone
	case fault.TooLarge:
		return http.StatusRequestEntityTooLarge
	case fault.Unavailable:
		return http.StatusServiceUnavailable
	case fault.MethodNotAllowed:
		return http.StatusMethodNotAllowed
	case fault.BadRequest:
		return http.StatusBadRequest
	}
	return http.StatusInternalServerError
}

// answerKind is how a route answers an error: a staff page, a child's page
// or JSON. It is set once per request, by route group (errorKind).
type answerKind int

const (
	pageAnswer answerKind = iota
	childAnswer
	jsonAnswer
)

const ctxAnswer = "kinderstem.answer"

// errorKind sets how errors are answered on the request's route group: the
// API in JSON, a child's pages kindly in the child's layout, everything
// else as a staff page. The only place that looks at the path for it.
func (a *App) errorKind(c *gin.Context) {
	k := pageAnswer
	switch p := c.Request.URL.Path; {
	case strings.HasPrefix(p, "/api/"), strings.HasSuffix(p, "/count"):
		k = jsonAnswer
	case strings.HasPrefix(p, "/s/"):
		k = childAnswer
	}
	c.Set(ctxAnswer, k)
	c.Next()
}

func answerOf(c *gin.Context) answerKind {
	k, _ := c.Get(ctxAnswer)
	kk, _ := k.(answerKind)
	return kk
}

// problem turns any error into what the user is shown: a status, the
// message id in their language and the field at fault. Internal errors are
// logged here, once, and never shown; an unavailable store is logged at
// most once a minute, however many requests meet it.
func (a *App) problem(c *gin.Context, err error) (int, string, string) {
	if fe, ok := fault.As(err); ok && fe.Kind != fault.Internal {
		msg := fe.Message
		if msg == "" {
			msg = "error." + fe.Kind.String()
		}
		if fe.Kind == fault.Unavailable && a.logUnavailable.allow(time.Now()) {
			a.Log.Error("cannot store", "route", c.FullPath(), "err", err)
		}
		return status(fe.Kind), msg, fe.Field
	}
	if errors.Is(err, context.Canceled) {
		return 499, "error.internal", "" // the client went away; nobody reads this
	}
	a.Log.Error("request failed", "method", c.Request.Method, "route", c.FullPath(), "err", err)
	return http.StatusInternalServerError, "error.internal", ""
}

// everyMinute lets something happen at most once a minute.
type everyMinute struct{ last atomic.Int64 }

func (m *everyMinute) allow(now time.Time) bool {
	last := m.last.Load()
	return now.UnixNano()-last >= int64(time.Minute) && m.last.CompareAndSwap(last, now.UnixNano())
}

// fail answers every error of every route: the status from the error's
// kind, a message in the user's language, the answer's form (page, child's
// page or JSON) from the route group, Retry-After where waiting helps.
func (a *App) fail(c *gin.Context, err error) {
	code, msg, field := a.problem(c, err)
	if (code == http.StatusServiceUnavailable || code == http.StatusTooManyRequests) && c.Writer.Header().Get("Retry-After") == "" {
		c.Header("Retry-After", strconv.Itoa(60))
	}
	if code == http.StatusMethodNotAllowed && c.Writer.Header().Get("Allow") == "" {
		c.Header("Allow", "GET, HEAD, POST")
	}
	switch answerOf(c) {
	case jsonAnswer:
		var body apiError
		body.Error.Code = strings.TrimPrefix(msg, "error.")
		body.Error.Field = field
		body.Error.Message = a.localizer(c).T(msg)
		c.AbortWithStatusJSON(code, body)
	case childAnswer:
		p := a.childPage(c, "child.message_title", map[string]any{"Message": msg})
		p.BodyClass = "child message"
		a.renderChild(c, code, "child_message", p)
		c.Abort()
	default:
		a.errorPage(c, code, msg)
	}
}

// errorPage renders the staff error page with a translated message; only
// fail calls it.
func (a *App) errorPage(c *gin.Context, code int, msg string) {
	p := a.page(c, "error.title", map[string]any{"Message": msg, "Status": code})
	p.NoIndex = true
	a.render(c, code, "error", p)
	c.Abort()
}

// apiError is the JSON body of every API error: a stable code, the field at
// fault and a message in the request's language.
type apiError struct {
	Error struct {
		Code    string `json:"code"`
		Field   string `json:"field,omitempty"`
		Message string `json:"message"`
	} `json:"error"`
}

// failJSON, childMessage and deny are fail under the names handlers know.
func (a *App) failJSON(c *gin.Context, err error)     { a.fail(c, err) }
func (a *App) childMessage(c *gin.Context, err error) { a.fail(c, err) }
func (a *App) deny(c *gin.Context, err error)         { a.fail(c, err) }

func isAPI(c *gin.Context) bool { return answerOf(c) == jsonAnswer }

// notFound answers a path that does not exist.
func (a *App) notFound(c *gin.Context) {
	a.fail(c, fault.New(fault.NotFound, "error.not_found", "no such path"))
}

// methodNotAllowed answers a known path with the wrong method: 405.
func (a *App) methodNotAllowed(c *gin.Context) {
	a.fail(c, fault.New(fault.MethodNotAllowed, "error.method", c.Request.Method+" "+c.Request.URL.Path))
}
