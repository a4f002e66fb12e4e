package httpkit

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

// Problem turns any error into what the user is shown: a status, the
// message id in their language and the field at fault. Internal errors are
// logged here, once, and never shown; an unavailable store is logged at
// most once a minute, however many requests meet it.
func (k *Kit) Problem(c *gin.Context, err error) (int, string, string) {
	if fe, ok := fault.As(err); ok && fe.Kind != fault.Internal {
		msg := fe.Message
		if msg == "" {
			msg = "error." + fe.Kind.String()
		}
		if fe.Kind == fault.Unavailable && k.logUnavailable.allow(time.Now()) {
			k.Log.Error("cannot store", "route", c.FullPath(), "err", err)
		}
		return status(fe.Kind), msg, fe.Field
	}
	if errors.Is(err, context.Canceled) {
		return 499, "error.internal", "" // the client went away; nobody reads this
	}
	k.Log.Error("request failed", "method", c.Request.Method, "route", c.FullPath(), "err", err)
	return http.StatusInternalServerError, "error.internal", ""
}

// everyMinute lets something happen at most once a minute.
type everyMinute struct{ last atomic.Int64 }

func (m *everyMinute) allow(now time.Time) bool {
	last := m.last.Load()
	return now.UnixNano()-last >= int64(time.Minute) && m.last.CompareAndSwap(last, now.UnixNano())
}

// Fail answers every error of every route: the status from the error's
// kind, a message in the user's language, the answer's form from the
// route group that mounted the route (Mount), Retry-After where waiting
// helps.
func (k *Kit) Fail(c *gin.Context, err error) {
	code, msg, field := k.Problem(c, err)
	if (code == http.StatusServiceUnavailable || code == http.StatusTooManyRequests) && c.Writer.Header().Get("Retry-After") == "" {
		c.Header("Retry-After", strconv.Itoa(60))
	}
	if code == http.StatusMethodNotAllowed && c.Writer.Header().Get("Allow") == "" {
		c.Header("Allow", "GET, HEAD, POST")
	}
	switch AnswerOf(c) {
	case JSON:
		var body APIError
		body.Error.Code = strings.TrimPrefix(msg, "error.")
		body.Error.Field = field
		body.Error.Message = k.Localizer(c).T(msg)
		c.AbortWithStatusJSON(code, body)
	case ChildPage:
		p := k.ChildPage(c, "child.message_title", map[string]any{"Message": msg})
		p.BodyClass = "child message"
		k.RenderChild(c, code, "child_message", p)
		c.Abort()
	case VoicePage:
		p := k.ChildPage(c, "voice.title", map[string]any{"Message": msg, "Help": k.HelpFor(k.Localizer(c).Lang().Tag)})
		p.BodyClass = "child voice message"
		k.RenderChild(c, code, "voice_message", p)
		c.Abort()
	case RespondentPage:
		p := k.Page(c, "pro.message_title", map[string]any{"Message": msg})
		p.User, p.CSRF, p.NoIndex = nil, "", true
		k.Render(c, code, "professional_message", p)
		c.Abort()
	default:
		p := k.Page(c, "error.title", map[string]any{"Message": msg, "Status": code})
		p.NoIndex = true
		if p.User == nil {
			// Anyone not logged in may be a child who typed a wrong address.
			p.Help = k.HelpFor(p.Lang().Tag)
		}
		k.Render(c, code, "error", p)
		c.Abort()
	}
}

// APIError is the JSON body of every API error: a stable code, the field
// at fault and a message in the request's language.
type APIError struct {
	Error struct {
		Code    string `json:"code"`
		Field   string `json:"field,omitempty"`
		Message string `json:"message"`
	} `json:"error"`
}

// NotFound answers a path that does not exist.
func (k *Kit) NotFound(c *gin.Context) {
	k.Fail(c, fault.New(fault.NotFound, "error.not_found", "no such path"))
}

// ErrTooLarge is the answer to a body over the limit.
var ErrTooLarge = fault.New(fault.TooLarge, "error.too_large", "request body too large")

// IsTooLarge reports whether err is a body over the limit.
func IsTooLarge(err error) bool {
	var mbe *http.MaxBytesError
	return errors.As(err, &mbe)
}
