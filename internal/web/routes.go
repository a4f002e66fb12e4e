package web

import (
	"github.com/gin-gonic/gin"
)

// routes is the whole URL surface, with who may use each route.
func (a *App) routes(e *gin.Engine) {
	e.Use(a.recovery, a.securityHeaders, a.limitBody, a.language)
	e.NoRoute(a.notFound)
	e.NoMethod(a.methodNotAllowed)

	// Anyone: health, assets, the home page with its code box.
	e.GET("/healthz", a.healthz)
	e.HEAD("/healthz", a.healthz)
	e.GET("/static/*path", a.serveStatic)
	e.GET("/", a.home)
	e.GET("/s", a.codeEntry)

	// A child with a session code: no cookie, no login, nothing stored about
	// the device. The API is what the offline queue posts to.
	e.GET("/s/:code", a.questionnairePage)
	e.POST("/s/:code", a.submitForm)
	e.GET("/s/:code/thanks", a.thanksPage)
	e.GET("/s/:code/bye", a.byePage)
	e.POST("/api/v1/sessions/:code/submissions", a.submitJSON)
	e.GET("/sw.js", a.serviceWorker)

	// Staff pages: a cookie session, CSRF on every state change.
	staff := e.Group("/", a.staffSession, a.checkCSRF)
	staff.GET("/login", a.loginPage)
	staff.POST("/login", a.login)
	staff.POST("/logout", a.logout)
	staff.GET("/staff", a.requireRole("admin", "analyst", "worker"), a.staffHome)
}
