package web

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// pictogramSprite is the static file easy-read pages show their
// pictograms from: every file of static/pictograms/ side by side in one
// SVG, each with a <view> named after it, so <img src="…pictograms.svg#school">
// shows one. One request and one cache entry for all of them: the page
// itself, fetched once per language for the tablet's cache, stays light.
const pictogramSprite = "pictograms.svg"

var viewBox = regexp.MustCompile(`^<svg [^>]*viewBox="0 0 (\d+) (\d+)"[^>]*>`)

// addPictogramSprite builds the sprite from the pictograms among files
// (static paths without "static/"). Each pictogram must be one <svg>
// element with a viewBox from 0 0 and no ids (the README says how they are
// optimised), so nothing in one can clash with another.
func addPictogramSprite(files map[string]*staticFile) error {
	var names []string
	for p := range files {
		if name, ok := strings.CutPrefix(p, "pictograms/"); ok && strings.HasSuffix(name, ".svg") {
			names = append(names, name)
		}
	}
	if len(names) == 0 {
		return nil
	}
	slices.Sort(names)
	var body, views strings.Builder
	x := 0
	for _, name := range names {
		src := strings.TrimSpace(string(files["pictograms/"+name].data))
		m := viewBox.FindStringSubmatch(src)
		if m == nil || !strings.HasSuffix(src, "</svg>") || strings.Contains(src, " id=") {
			return fmt.Errorf("pictogram %s: want one <svg> with a viewBox from 0 0 and no ids", name)
		}
		w, _ := strconv.Atoi(m[1])
		h, _ := strconv.Atoi(m[2])
		id := strings.TrimSuffix(name, ".svg")
		fmt.Fprintf(&views, `<view id="%s" viewBox="%d 0 %d %d"/>`, id, x, w, h)
		fmt.Fprintf(&body, `<svg x="%d" width="%d" height="%d" viewBox="0 0 %d %d">%s</svg>`, x, w, h, w, h, src[len(m[0]):len(src)-len("</svg>")])
		x += w
	}
	sprite := `<svg xmlns="http://www.w3.org/2000/svg" width="72" height="72" viewBox="0 0 72 72">` + views.String() + body.String() + `</svg>`
	files[pictogramSprite] = newStaticFile(pictogramSprite, []byte(sprite))
	return nil
}
