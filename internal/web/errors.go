package web

import (
	"context"
	"errors"
	"net/http"
	"strings"

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
	}
	return http.StatusInternalServerError
}

// problem turns any error into what the user is shown: a status, the
// message id in their language and the field at fault. Internal errors are
// logged here, once, and never shown.
func (a *App) problem(c *gin.Context, err error) (int, string, string) {
	if fe, ok := fault.As(err); ok && fe.Kind != fault.Internal {
		msg := fe.Message
		if msg == "" {
			msg = "error." + fe.Kind.String()
		}
		return status(fe.Kind), msg, fe.Field
	}
	if errors.Is(err, context.Canceled) {
		return 499, "error.internal", "" // the client went away; nobody reads this
	}
	a.Log.Error("request failed", "method", c.Request.Method, "route", c.FullPath(), "err", err)
	return http.StatusInternalServerError, "error.internal", ""
}

// fail answers a page request with a friendly error page.
func (a *App) fail(c *gin.Context, err error) {
	code, msg, _ := a.problem(c, err)
	a.errorPage(c, code, msg)
}

// errorPage renders the error page with a translated message.
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

// failJSON answers an API request with a JSON error.
func (a *App) failJSON(c *gin.Context, err error) {
	code, msg, field := a.problem(c, err)
	var body apiError
	body.Error.Code = strings.TrimPrefix(msg, "error.")
	body.Error.Field = field
	body.Error.Message = a.localizer(c).T(msg)
	c.AbortWithStatusJSON(code, body)
}

func isAPI(c *gin.Context) bool { return strings.HasPrefix(c.Request.URL.Path, "/api/") }

// notFound answers a path that does not exist.
func (a *App) notFound(c *gin.Context) {
	err := error(&fault.Error{Kind: fault.NotFound, Message: "error.not_found"})
	if isAPI(c) {
		a.failJSON(c, err)
		return
	}
	a.fail(c, err)
}

// methodNotAllowed answers a known path with the wrong method.
func (a *App) methodNotAllowed(c *gin.Context) {
	err := &fault.Error{Kind: fault.Invalid, Message: "error.method"}
	if isAPI(c) {
		a.failJSON(c, err)
		c.Status(http.StatusMethodNotAllowed)
		return
	}
	a.errorPage(c, http.StatusMethodNotAllowed, "error.method")
}
