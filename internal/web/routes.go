package web

import (
	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/registration"
	"github.com/kinderstem/kinderstem/internal/web/httpkit"
	"github.com/kinderstem/kinderstem/internal/web/public"
	"github.com/kinderstem/kinderstem/internal/xlsform"
)

// mount is the whole URL surface, grouped by who is at the other end. Each
// group declares its surface and the form its errors are answered in;
// a handler lives in the package of its group's surface (routes_test.go
// holds every route to that).
func (a *App) mount(e *gin.Engine) {
	e.Use(a.observe, a.recovery, a.securityHeaders)
	nowhere := []gin.HandlerFunc{a.unmatched, a.limitBody, a.language, a.checkRequest}
	e.NoRoute(append(nowhere, a.kit.NotFound)...)
	e.NoMethod(append(nowhere, a.methodNotAllowed)...)
	k, ch, vc, pro, st, js, pub := a.kit, a.child, a.voice, a.respond, a.staff, a.api, a.public

	// Anyone: health, assets, the home page with its code box, the
	// accessibility statement every footer links to.
	site := a.group(e, "/", httpkit.Site, httpkit.StaffPage)
	site.GET("/healthz", a.healthz)
	site.HEAD("/healthz", a.healthz)
	site.GET("/static/*path", a.serveStatic)
	site.GET("/sw.js", a.serviceWorker)
	site.GET("/", a.home)
	site.GET("/accessibility", a.accessibilityPage)

	// Anyone, no login: the published monitor, its open data and
	// catalogue, in every language; a draft edition under its signed
	// preview link, the same pages; embeddable charts, the only pages the
	// sites on the allow-list may frame.
	open := a.group(e, "/open", httpkit.Public, httpkit.StaffPage)
	open.GET("", pub.Root)
	openPages(open, pub)
	openPages(a.group(e, "/open/preview/:token", httpkit.Public, httpkit.StaffPage), pub)
	embed := a.group(e, "/embed", httpkit.Public, httpkit.StaffPage, pub.Framable)
	embed.GET("/:lang/:survey/:indicator/", pub.Embed)

	// A child with a session code: no cookie, no login, nothing stored about
	// the device. The JSON routes are what the page and its offline queue
	// use; they answer errors in JSON.
	child := a.group(e, "/s", httpkit.Child, httpkit.ChildPage)
	child.GET("", ch.CodeEntry)
	child.GET("/:code", ch.Questionnaire)
	child.POST("/:code", ch.LimitSubmissions, ch.Submit)
	child.GET("/:code/thanks", ch.Thanks)
	child.GET("/:code/bye", ch.Bye)
	child.POST("/:code/vote", ch.LimitSubmissions, ch.Vote)
	child.POST("/:code/heard", ch.LimitSubmissions, ch.FeltHeard)
	childJSON := a.group(e, "/api/v1/sessions", httpkit.Child, httpkit.JSON)
	childJSON.GET("/:code", ch.SessionInfo)
	childJSON.POST("/:code/submissions", ch.LimitSubmissions, ch.SubmitJSON)

	// A draft questionnaire exactly as a child sees it, under a signed
	// link its authors and reviewers open (framed in their preview page,
	// or on a tablet of their own): no cookie, answers checked and never
	// stored.
	preview := a.group(e, "/preview", httpkit.Child, httpkit.ChildPage)
	preview.GET("/:token", ch.Preview)
	preview.POST("/:token", ch.LimitSubmissions, ch.PreviewSubmit)
	previewJSON := a.sideGroup(e, "/preview", httpkit.Child, httpkit.JSON)
	previewJSON.POST("/:token/check", ch.LimitSubmissions, ch.PreviewCheck)
	// One child with their personal link and the code their worker handed
	// them, for a decision about them: both needed, nothing kept on the
	// device, the visit carried in the forms.
	own := a.group(e, "/v", httpkit.Voice, httpkit.VoicePage, vc.Limit)
	own.GET("/:link", vc.CodePage)
	own.POST("/:link", vc.Enter)
	own.POST("/:link/screen", vc.Screen)
	own.POST("/:link/send", vc.Send)
	own.POST("/:link/decline", vc.Decline)
	own.POST("/:link/withdraw", vc.Withdraw)
	own.POST("/:link/rejoin", vc.Rejoin)
	own.POST("/:link/heard", vc.Heard)
	own.POST("/:link/leave", vc.Leave)

	// Professionals answer by invitation link: no cookie, no login. /i/ is
	// the link an analyst sent (one response per link), /r/ the personal
	// link made at the first save, to come back and change the answers
	// until the round closes.
	invited := a.group(e, "/i", httpkit.Respond, httpkit.RespondentPage)
	invited.GET("/:token", pro.Invitation)
	invited.POST("/:token", pro.LimitResponses, pro.Start)
	personal := a.group(e, "/r", httpkit.Respond, httpkit.RespondentPage)
	personal.GET("/:secret", pro.Response)
	personal.POST("/:secret", pro.LimitResponses, pro.Save)

	// Staff pages: a cookie session, CSRF on every state change.
	staff := a.group(e, "/", httpkit.Staff, httpkit.StaffPage, k.StaffSession, k.CheckCSRF)
	anyStaff := k.RequireRole("admin", "analyst", "worker")
	staff.GET("/login", st.LoginPage)
	staff.POST("/login", st.Login)
	staff.POST("/logout", st.Logout)
	staff.GET("/staff", anyStaff, st.Home)
	staff.GET("/account", anyStaff, st.AccountPage)
	staff.POST("/account/password", anyStaff, st.ChangePassword)

	// Youth workers run sessions for their organisation (admins see all):
	// the code and QR, results published once and frozen, the group's
	// ideas and votes. The live count is polled in JSON.
	work := staff.Group("/sessions", k.RequireRole("worker", "admin"))
	work.GET("", st.SessionList)
	work.GET("/new", st.NewSession)
	work.POST("", st.CreateSession)
	work.GET("/:id", st.SessionPage)
	work.GET("/:id/qr.svg", st.SessionQR)
	work.GET("/:id/prepare", st.PreparePage)
	work.POST("/:id/prepare", st.SavePrepare)
	work.GET("/:id/results", st.SessionResults)
	work.POST("/:id/close", st.CloseSession)
	work.POST("/:id/reopen", st.ReopenSession)
	work.POST("/:id/easy-read", st.SetEasyRead)
	work.POST("/:id/feedback", st.SaveFeedback)
	work.POST("/:id/publish", st.PublishResults)
	work.GET("/:id/ideas", st.IdeasPage)
	work.POST("/:id/ideas/merge", st.MergeIdeas)
	work.POST("/:id/ideas/hide", st.HideIdea)
	work.POST("/:id/topics/rename", st.RenameTopic)
	work.POST("/:id/topics/theme", st.TopicTheme)
	work.POST("/:id/votes/open", st.OpenVotes)
	work.POST("/:id/votes/close", st.CloseVotes)
	// Where there are no tablets: the questionnaire printed, and each paper
	// sheet typed in twice before it is stored, marked as paper.
	work.GET("/:id/paper", st.PaperSheet)
	work.GET("/:id/paper/entry", st.PaperEntry)
	work.POST("/:id/paper/entry", st.PaperEnter)
	count := a.sideGroup(e, "/sessions", httpkit.Staff, httpkit.JSON, k.StaffSession, k.RequireRole("worker", "admin"))
	count.GET("/:id/count", st.SessionCount)

	// Youth workers answer the children: structured answers to one or more
	// sessions, made public or withdrawn; "do you feel heard?" is closed
	// once, then its counts show.
	answers := staff.Group("/answers", k.RequireRole("worker", "admin"))
	answers.GET("", st.AnswerList)
	answers.GET("/new", st.AnswerNew)
	answers.POST("", st.AnswerCreate)
	answers.GET("/:id", st.AnswerPage)
	answers.POST("/:id", st.AnswerSave)
	answers.POST("/:id/public", st.AnswerPublic)
	answers.POST("/:id/heard/close", st.AnswerCloseHeard)

	// A child's view in a decision about them: the worker who asks, and the
	// colleagues they add, read it (every reading audited), print it,
	// record the decision along General Comment 14 and write the
	// explanation back. Nobody else, whatever their role: anyone not named
	// on a request is told it does not exist.
	decisions := staff.Group("/voice", k.RequireRole("worker", "admin"))
	decisions.GET("", st.VoiceList)
	decisions.GET("/new", st.VoiceNew)
	decisions.POST("", st.VoiceCreate)
	decisions.GET("/:id", st.VoicePage)
	decisions.GET("/:id/print", st.VoicePrint)
	decisions.POST("/:id/readers", st.VoiceAddReader)
	decisions.POST("/:id/readers/remove", st.VoiceRemoveReader)
	decisions.POST("/:id/code", st.VoiceNewCode)
	decisions.GET("/:id/decision", st.VoiceRecordForm)
	decisions.POST("/:id/decision", st.VoiceSaveRecord)
	decisions.GET("/:id/explanation", st.VoiceExplainForm)
	decisions.POST("/:id/explanation", st.VoiceSaveExplanation)
	decisions.POST("/:id/erase", st.VoiceErase)

	// Analysts (and admins): indicators by theme, one indicator in depth,
	// registration figures, invitation rounds for professionals and their
	// results once closed, the participation loop's process indicators and
	// those of children's views in decisions (counts only, through the
	// gate), and the children's topics as protected counts.
	analyst := k.RequireRole("analyst", "admin")
	indicators := staff.Group("/indicators", analyst)
	indicators.GET("", st.IndicatorOverview)
	indicators.GET("/articles", st.ArticleList)
	indicators.GET("/:survey/:indicator", st.IndicatorDetail)
	staff.GET("/models", analyst, st.ModelPage)
	indicators.GET("/registration/:id", st.RegistrationDetail)
	rounds := staff.Group("/rounds", analyst)
	rounds.GET("", st.RoundList)
	rounds.POST("", st.CreateRound)
	rounds.GET("/:id", st.RoundPage)
	rounds.POST("/:id/close", st.CloseRound)
	rounds.GET("/:id/results", st.RoundResults)
	rounds.GET("/:id/export/:format", st.ExportRound)
	staff.GET("/process", analyst, st.ProcessPage)
	staff.GET("/process/voice", analyst, st.VoiceFiguresPage)
	staff.GET("/topics", analyst, st.TopicsPage)

	// Questionnaires staff write (analysts and admins): an XLSForm uploaded
	// by an admin becomes a draft; a second admin or analyst reviews it;
	// an admin publishes it as the next version. Previews, translation
	// sheets, the pilots' report, and any survey as an XLSForm.
	onlyAdmin := k.RequireRole("admin")
	surveys := staff.Group("/surveys", analyst)
	surveys.GET("", st.SurveysPage)
	surveys.GET("/example.xlsx", st.ExampleForm)
	surveys.GET("/export/:survey", st.ExportSurvey)
	surveys.GET("/drafts/:id", st.DraftPage)
	surveys.GET("/drafts/:id/preview", st.PreviewPage)
	surveys.GET("/drafts/:id/draft.xlsx", st.DraftForm)
	surveys.GET("/drafts/:id/translation/:lang", st.TranslationSheet)
	surveys.POST("/drafts/:id/review", st.ReviewDraft)
	surveys.POST("/drafts/:id/publish", onlyAdmin, st.PublishDraft)
	forms := surveys.Uploads(xlsform.MaxBytes + 64<<10) // a workbook and the form around it
	forms.POST("/import", onlyAdmin, st.ImportSurvey)
	forms.POST("/drafts/:id/translation", st.ImportTranslation)
	// Analysts (and admins) prepare public editions: a draft is computed
	// once, previewed under a signed link exactly as the public will see
	// it, and published, frozen.
	editions := staff.Group("/editions", analyst)
	editions.GET("", st.EditionList)
	editions.POST("", st.CreateEdition)
	editions.GET("/:id", st.EditionPage)
	editions.POST("/:id", st.SaveEdition)
	editions.POST("/:id/publish", st.PublishEdition)
	editions.POST("/:id/delete", st.DeleteEdition)

	// Exports for analysts: CSV, XLSX, their codebooks and SPSS, Stata and
	// R files. A staff session or an API token (feeds for Excel, Power BI,
	// scripts). Every export is written to the audit log.
	exports := staff.Group("/export", k.FeedAuth("analyst", "admin"))
	exports.GET("/indicators/:format", st.ExportIndicators)
	exports.GET("/microdata/:file", st.ExportMicrodata)
	exports.GET("/codebook/:survey", st.CodebookPage)
	exports.GET("/registration/:format", st.ExportRegistration)
	exports.GET("/process.csv", st.ExportProcess)
	exports.GET("/voice.csv", st.ExportVoiceFigures)
	exports.GET("/topics.csv", st.ExportTopics)

	// Admins: users, organisations, the audit log, API tokens, registration
	// imports (files larger than other forms), a backup download.
	admin := staff.Group("/admin", k.RequireRole("admin"))
	admin.GET("", st.AdminPage)
	admin.POST("/users", st.CreateUser)
	admin.POST("/users/:id", st.UpdateUser)
	admin.POST("/organisations", st.CreateOrganisation)
	admin.POST("/organisations/:id/voice", st.SetVoiceRetention)
	admin.GET("/audit", st.AuditPage)
	admin.GET("/tokens", st.TokensPage)
	admin.POST("/tokens", st.CreateToken)
	admin.POST("/tokens/:id/revoke", st.RevokeToken)
	admin.GET("/registration", st.RegistrationImportPage)
	admin.GET("/registration/declare", st.DeclarePage)
	admin.POST("/registration/declare", st.Declare)
	admin.Uploads(registration.MaxBytes+64<<10).POST("/registration", st.ImportRegistration) // a file of figures and the form around it
	admin.POST("/backup", st.DownloadBackup)

	// The JSON API for scripts: a staff session or an API token.
	scripts := a.group(e, "/api/v1", httpkit.API, httpkit.JSON, k.StaffSession, k.APIAuth("analyst", "admin"))
	scripts.GET("/indicators", js.Indicators)
	scripts.GET("/models", js.Models)
	scripts.GET("/rounds/:id/results", js.RoundResults)
	scripts.GET("/process", js.Process)
	scripts.GET("/process/voice", js.VoiceFigures)
	scripts.GET("/topics", js.Topics)
}

// openPages are the public monitor's pages and files under a prefix:
// /open, and a draft's preview.
func openPages(g group, pub *public.Handler) {
	g.GET("/catalog.jsonld", pub.CatalogFile)
	g.GET("/context.jsonld", pub.ContextFile)
	g.GET("/data/:file", pub.Data)
	g.GET("/:lang/", pub.Home)
	g.GET("/:lang/themes/:theme/", pub.Theme)
	g.GET("/:lang/indicators/:survey/:indicator/", pub.Indicator)
	g.GET("/:lang/indicators/:survey/:indicator/chart.svg", pub.Chart)
	g.GET("/:lang/editions/", pub.Editions)
	g.GET("/:lang/editions/:n/", pub.Edition)
	g.GET("/:lang/children/", pub.Children)
	g.GET("/:lang/children/:province/", pub.Province)
	g.GET("/:lang/accessibility/", pub.Accessibility)
}
