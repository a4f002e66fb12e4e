package web

import (
	"github.com/gin-gonic/gin"
)

// routes is the whole URL surface, with who may use each route.
func (a *App) routes(e *gin.Engine) {
	e.Use(a.errorKind, a.recovery, a.securityHeaders, a.limitBody, a.language, a.checkRequest)
	e.NoRoute(a.notFound)
	e.NoMethod(a.methodNotAllowed)

	// Anyone: health, assets, the home page with its code box.
	e.GET("/healthz", a.healthz)
	e.HEAD("/healthz", a.healthz)
	e.GET("/static/*path", a.serveStatic)
	e.GET("/", a.home)
	e.GET("/s", a.codeEntry)

	// Anyone: the accessibility statement, linked from every footer.
	e.GET("/accessibility", a.accessibilityPage)

	// A child with a session code: no cookie, no login, nothing stored about
	// the device. The API is what the offline queue posts to.
	e.GET("/s/:code", a.questionnairePage)
	e.POST("/s/:code", a.limitSubmissions, a.submitForm)
	e.GET("/s/:code/thanks", a.thanksPage)
	e.GET("/s/:code/bye", a.byePage)
	e.POST("/api/v1/sessions/:code/submissions", a.limitSubmissions, a.submitJSON)
	e.GET("/api/v1/sessions/:code", a.sessionInfo)
	e.GET("/sw.js", a.serviceWorker)

	// Staff pages: a cookie session, CSRF on every state change.
	staff := e.Group("/", a.staffSession, a.checkCSRF)
	staff.GET("/login", a.loginPage)
	staff.POST("/login", a.login)
	staff.POST("/logout", a.logout)
	staff.GET("/staff", a.requireRole("admin", "analyst", "worker"), a.staffHome)

	// Youth workers run sessions for their organisation; admins see all.
	work := staff.Group("/sessions", a.requireRole("worker", "admin"))
	work.GET("", a.sessionList)
	work.GET("/new", a.newSession)
	work.POST("", a.createSession)
	work.GET("/:id", a.sessionPage)
	work.GET("/:id/count", a.sessionCount)
	work.GET("/:id/qr.svg", a.sessionQR)
	work.GET("/:id/results", a.sessionResults)
	work.POST("/:id/close", a.closeSession)
	work.POST("/:id/reopen", a.reopenSession)
	work.POST("/:id/feedback", a.saveFeedback)
	// Group results are published once after closing, then frozen
	// (issue 12: disclosure control).
	work.POST("/:id/publish", a.publishResults)

	// Analysts (and admins): indicators by theme, one indicator in depth.
	analysts := staff.Group("/indicators", a.requireRole("analyst", "admin"))
	analysts.GET("", a.indicatorOverview)
	analysts.GET("/:survey/:indicator", a.indicatorDetail)

	// Exports for analysts: CSV, XLSX, their codebooks and SPSS, Stata and
	// R files. A staff session or an API token (feeds for Excel, Power BI,
	// scripts). Every export is written to the audit log.
	exports := staff.Group("/export", a.feedAuth("analyst", "admin"))
	exports.GET("/indicators/:format", a.exportIndicators)
	exports.GET("/microdata/:file", a.exportMicrodata)
	exports.GET("/codebook/:survey", a.codebookPage)

	// The JSON API for scripts: a staff session or an API token.
	api := e.Group("/api/v1", a.staffSession)
	api.GET("/indicators", a.apiAuth("analyst", "admin"), a.apiIndicators)

	// Every staff user: their own password.
	staff.GET("/account", a.requireRole("admin", "analyst", "worker"), a.accountPage)
	staff.POST("/account/password", a.requireRole("admin", "analyst", "worker"), a.changePassword)

	// Professionals answer by invitation link: no cookie, no login. /i/ is
	// the link an analyst sent (one response per link), /r/ the personal
	// link made at the first save, to come back and change the answers
	// until the round closes.
	e.GET("/i/:token", a.invitationPage)
	e.POST("/i/:token", a.limitResponses, a.startResponse)
	e.GET("/r/:secret", a.responsePage)
	e.POST("/r/:secret", a.limitResponses, a.saveResponse)

	// Analysts and admins run invitation rounds for professionals' surveys
	// and read their results once a round has closed.
	rounds := staff.Group("/rounds", a.requireRole("analyst", "admin"))
	rounds.GET("", a.roundList)
	rounds.POST("", a.createRound)
	rounds.GET("/:id", a.roundPage)
	rounds.POST("/:id/close", a.closeRound)
	rounds.GET("/:id/results", a.roundResults)
	rounds.GET("/:id/export/:format", a.exportRound)
	api.GET("/rounds/:id/results", a.apiAuth("analyst", "admin"), a.apiRoundResults)

	// Admins: users, organisations, the audit log, API tokens.
	admin := staff.Group("/admin", a.requireRole("admin"))
	admin.GET("", a.adminPage)
	admin.POST("/users", a.createUser)
	admin.POST("/users/:id", a.updateUser)
	admin.POST("/organisations", a.createOrganisation)
	admin.GET("/audit", a.auditPage)
	admin.GET("/tokens", a.tokensPage)
	admin.POST("/tokens", a.createToken)
	admin.POST("/tokens/:id/revoke", a.revokeToken)
	admin.POST("/backup", a.downloadBackup)

	// The Kinderrechtenmonitor's registration data (issue 15): an indicator
	// page for analysts, its exports, and the admins' import page.
	analysts.GET("/registration/:id", a.registrationDetail)
	exports.GET("/registration/:format", a.exportRegistration)
	admin.GET("/registration", a.registrationImportPage)
	admin.POST("/registration", a.importRegistration)

	// Children's own ideas (issue 18, half A). A child votes on the group's
	// topics under the same code (GET /s/{code} shows the vote while the
	// round is open); the worker reads, merges and hides ideas and runs the
	// vote round, on sessions of their organisation only.
	e.POST("/s/:code/vote", a.limitSubmissions, a.submitVote)
	work.GET("/:id/ideas", a.ideasPage)
	work.POST("/:id/ideas/merge", a.mergeIdeas)
	work.POST("/:id/ideas/hide", a.hideIdea)
	work.POST("/:id/topics/rename", a.renameTopic)
	work.POST("/:id/votes/open", a.openVotes)
	work.POST("/:id/votes/close", a.closeVotes)

	// Answering the children (issue 18): workers (their organisation's) and
	// admins write structured answers to one or more sessions and make them
	// public or withdraw them; a child rates an answer under the code, no
	// cookie, one-time token. Analysts and admins read the process
	// indicators as a page, JSON and CSV.
	answers := staff.Group("/answers", a.requireRole("worker", "admin"))
	answers.GET("", a.answerList)
	answers.GET("/new", a.answerNew)
	answers.POST("", a.answerCreate)
	answers.GET("/:id", a.answerPage)
	answers.POST("/:id", a.answerSave)
	answers.POST("/:id/public", a.answerPublic)
	e.POST("/s/:code/heard", a.limitSubmissions, a.feltHeard)
	staff.GET("/process", a.requireRole("analyst", "admin"), a.processPage)
	exports.GET("/process.csv", a.exportProcess)
	api.GET("/process", a.apiAuth("analyst", "admin"), a.apiProcess)

	// Closing "do you feel heard?" for an answer (review s21, finding 2):
	// counts are shown only after it, and it is never reopened.
	answers.POST("/:id/heard/close", a.answerCloseHeard)
}
