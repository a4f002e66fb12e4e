package web

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
)

// submissionRoutes are the routes a child's questionnaire arrives by; a
// refusal on them is counted by reason.
var submissionRoutes = map[string]bool{
	"POST /s/:code": true,
	"POST /api/v1/sessions/:code/submissions": true,
}

// observe counts every request by method, route template and status for
// the metrics, and writes its log line when asked. It names the route by
// its template (/s/:code), never by its path: a path holds a child's
// session code or a professional's link, and an unmatched path could be
// anything. A path no route matches is "unmatched".
func (a *App) observe(c *gin.Context) {
	if a.metrics == nil && !a.logRequests {
		c.Next()
		return
	}
	start := time.Now()
	c.Next()
	took := time.Since(start)
	route, status := c.FullPath(), c.Writer.Status()
	if a.metrics != nil {
		a.metrics.Request(c.Request.Method, route, status, took)
		if status >= http.StatusBadRequest && submissionRoutes[c.Request.Method+" "+route] {
			a.metrics.Refused(status)
		}
	}
	if a.logRequests {
		if route == "" {
			route = "unmatched"
		}
		a.kit.Log.Info("request", "method", method(c.Request.Method), "route", route, "status", status, "took_ms", float64(took.Microseconds())/1000)
	}
}

// method is the request's method if it is one we serve, else "other": a
// method is any token the client likes.
func method(m string) string {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost:
		return m
	}
	return "other"
}
