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

	// Staff pages: a cookie session, CSRF on every state change.
	staff := e.Group("/", a.staffSession, a.checkCSRF)
	staff.GET("/login", a.loginPage)
	staff.POST("/login", a.login)
	staff.POST("/logout", a.logout)
	staff.GET("/staff", a.requireRole("admin", "analyst", "worker"), a.staffHome)
}
