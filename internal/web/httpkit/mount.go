package httpkit

import (
	"github.com/gin-gonic/gin"
)

// Surface is who is at the other end of a route: each surface is a
// package of its own, and its routes are mounted as a group that declares
// it (web.routes). Nothing guesses the surface from a path.
type Surface string

// The surfaces.
const (
	Site    Surface = "web"     // anyone: home, health, static files, accessibility
	Child   Surface = "child"   // a child with a session code
	Respond Surface = "respond" // a professional with an invitation or personal link
	Staff   Surface = "staff"   // youth workers, analysts and admins, logged in
	API     Surface = "api"     // scripts with a staff session or an API token
	Public  Surface = "public"  // anyone reading the published monitor, its open data and embeds
	Voice   Surface = "voice"   // one child with their personal link and code, for a decision about them
)

// Answer is the form a route answers errors in: chosen by the group that
// mounts the route.
type Answer int

// The answer forms.
const (
	StaffPage      Answer = iota // the staff layout
	ChildPage                    // the child's layout: kind words, nothing kept on the device
	RespondentPage               // the professionals' plain layout, no cookie
	JSON                         // {"error": {...}}
	VoicePage                    // the child's layout for their personal link: help lines, nothing kept on the device
)

// Remembers reports whether the surface may leave anything on the device
// (a language cookie): a child's shared tablet, a child's personal link
// and a professional's link must not.
func (s Surface) Remembers() bool { return s == Site || s == Staff || s == API }

const (
	ctxSurface = "kinderstem.surface"
	ctxAnswer  = "kinderstem.answer"
)

// Mount is the first handler of every route group: it records the group's
// surface and answer form on the request, before any other handler of the
// group can fail.
func Mount(s Surface, a Answer) gin.HandlerFunc {
	return func(c *gin.Context) {
		c.Set(ctxSurface, s)
		c.Set(ctxAnswer, a)
		c.Next()
	}
}

// SurfaceOf is the surface whose group the request's route belongs to;
// Site for a request no route matched.
func SurfaceOf(c *gin.Context) Surface {
	v, _ := c.Get(ctxSurface)
	s, ok := v.(Surface)
	if !ok {
		return Site
	}
	return s
}

// AnswerOf is the answer form of the request's route group.
func AnswerOf(c *gin.Context) Answer {
	v, _ := c.Get(ctxAnswer)
	a, _ := v.(Answer)
	return a
}
