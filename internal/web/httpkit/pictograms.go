package httpkit

import (
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"regexp"
	"strings"
)

// pictogramDir holds the easy-read pictograms (OpenMoji SVGs, optimised:
// no ids, no metadata; static/pictograms/README.md records their source
// and licence).
const pictogramDir = "static/pictograms"

var viewBoxAttr = regexp.MustCompile(`viewBox="([0-9. -]+)"`)

// loadPictograms reads every pictogram as a <symbol id="pg-NAME">, so an
// easy-read page carries the ones its questions name inline, once each,
// and costs no request of its own.
func loadPictograms(fsys fs.FS) (map[string]string, error) {
	names, err := fs.Glob(fsys, pictogramDir+"/*.svg")
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(names))
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		src := string(data)
		open := strings.Index(src, ">")
		end := strings.LastIndex(src, "</svg>")
		vb := viewBoxAttr.FindStringSubmatch(src[:max(open, 0)])
		if !strings.HasPrefix(src, "<svg") || open < 0 || end < open || vb == nil {
			return nil, fmt.Errorf("web: pictogram %s is not one <svg> element with a viewBox", name)
		}
		id := strings.TrimSuffix(path.Base(name), ".svg")
		out[id] = `<symbol id="pg-` + id + `" viewBox="` + vb[1] + `">` + src[open+1:end] + `</symbol>`
	}
	return out, nil
}

// pictogramSprites returns the template helper that writes the symbols of
// the named pictograms (each once, unknown names left out) in a hidden
// sprite sheet.
func pictogramSprites(symbols map[string]string) func([]string) template.HTML {
	return func(names []string) template.HTML {
		var b strings.Builder
		b.WriteString(`<svg class="sprites" width="0" height="0" aria-hidden="true" focusable="false"><defs>`)
		seen := map[string]bool{}
		for _, n := range names {
			if s, ok := symbols[n]; ok && !seen[n] {
				seen[n] = true
				b.WriteString(s)
			}
		}
		b.WriteString(`</defs></svg>`)
		// The symbols are our own files, embedded in the binary and checked
		// to be one <svg> each when loaded; names only select among them.
		return template.HTML(b.String())
	}
}
