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

// flagSprite is the same for the language buttons' flags (static/flags/):
// <img src="…flags.svg#nl">. Each flag had a request of its own, ~1 KB
// with both ways' headers for ~150 bytes of picture, ten on a child's
// first visit. Each flag sits in a slot of the button's picture size
// (flagW × flagH), drawn as its own file would be in that box (centred,
// whole, its own proportions), so a view shows exactly one flag.
const (
	flagSprite   = "flags.svg"
	flagW, flagH = 48, 32
)

var viewBox = regexp.MustCompile(`^<svg [^>]*viewBox="0 0 (\d+) (\d+)"[^>]*>`)

// addSprites builds the sprites from the pictograms and flags among files
// (static paths without "static/").
func addSprites(files map[string]*staticFile) error {
	if err := addSprite(files, "pictograms/", pictogramSprite, 0, 0); err != nil {
		return err
	}
	return addSprite(files, "flags/", flagSprite, flagW, flagH)
}

// addSprite puts the SVG files under dir side by side into one file named
// name. With a slot size each picture is scaled into a slot of that size;
// without, it keeps its own. Each picture must be one <svg> element with
// a viewBox from 0 0 and no ids (static/pictograms/README.md says how
// they are optimised), so nothing in one can clash with another.
func addSprite(files map[string]*staticFile, dir, name string, slotW, slotH int) error {
	var names []string
	for p := range files {
		if n, ok := strings.CutPrefix(p, dir); ok && strings.HasSuffix(n, ".svg") {
			names = append(names, n)
		}
	}
	if len(names) == 0 {
		return nil
	}
	slices.Sort(names)
	var body, views strings.Builder
	x := 0
	for _, n := range names {
		src := strings.TrimSpace(string(files[dir+n].data))
		m := viewBox.FindStringSubmatch(src)
		if m == nil || !strings.HasSuffix(src, "</svg>") || strings.Contains(src, " id=") {
			return fmt.Errorf("%s%s: want one <svg> with a viewBox from 0 0 and no ids", dir, n)
		}
		w, _ := strconv.Atoi(m[1])
		h, _ := strconv.Atoi(m[2])
		sw, sh := w, h
		if slotW > 0 {
			sw, sh = slotW, slotH
		}
		id := strings.TrimSuffix(n, ".svg")
		fmt.Fprintf(&views, `<view id="%s" viewBox="%d 0 %d %d"/>`, id, x, sw, sh)
		fmt.Fprintf(&body, `<svg x="%d" width="%d" height="%d" viewBox="0 0 %d %d">%s</svg>`, x, sw, sh, w, h, src[len(m[0]):len(src)-len("</svg>")])
		x += sw
	}
	size := `width="72" height="72" viewBox="0 0 72 72"`
	if slotW > 0 {
		size = fmt.Sprintf(`width="%d" height="%d" viewBox="0 0 %d %d"`, slotW, slotH, slotW, slotH)
	}
	sprite := `<svg xmlns="http://www.w3.org/2000/svg" ` + size + `>` + views.String() + body.String() + `</svg>`
	files[name] = newStaticFile(name, []byte(sprite))
	return nil
}
