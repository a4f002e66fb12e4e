package httpkit

import (
	"fmt"
	"html/template"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// funcs are the template helpers. None depends on the request: the request's
// language is in the page data, never here.
func funcs(asset func(string) string) template.FuncMap {
	return template.FuncMap{
		"asset": asset,
		// dict builds a map for passing several values to a partial.
		"dict": func(kv ...any) (map[string]any, error) {
			if len(kv)%2 != 0 {
				return nil, fmt.Errorf("dict: odd number of arguments")
			}
			m := make(map[string]any, len(kv)/2)
			for i := 0; i < len(kv); i += 2 {
				k, ok := kv[i].(string)
				if !ok {
					return nil, fmt.Errorf("dict: key %v is not a string", kv[i])
				}
				m[k] = kv[i+1]
			}
			return m, nil
		},
		"add": func(a, b int) int { return a + b },
		"mul": func(a, b int) int { return a * b },
		"seq": func(n int) []int {
			out := make([]int, n)
			for i := range out {
				out[i] = i
			}
			return out
		},
		"itoa": strconv.Itoa,
		"join": strings.Join,
		// day writes a stored day (2006-01-02) the way the pages write
		// dates (2/1/2006); anything else as it is.
		"day": func(d string) string {
			if t, err := time.Parse(time.DateOnly, d); err == nil {
				return t.Format("2/1/2006")
			}
			return d
		},
		"list3":      func(a, b, c string) []string { return []string{a, b, c} },
		"pathEscape": url.PathEscape,
		// langURL links the current page in another language.
		"langURL": func(path, tag string) string { return path + "?lang=" + url.QueryEscape(tag) },
	}
}
