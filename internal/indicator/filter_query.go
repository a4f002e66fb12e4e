package indicator

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/kinderstem/kinderstem/internal/fault"
)

// maxListParam bounds how many values one filter parameter can carry.
const maxListParam = 400

// QueryList reads a parameter given as repeated values or comma lists.
func QueryList(q url.Values, name string) []string {
	var out []string
	for _, v := range q[name] {
		for _, part := range strings.Split(v, ",") {
			if part = strings.TrimSpace(part); part != "" && len(out) < maxListParam {
				out = append(out, part)
			}
		}
	}
	return out
}

// FilterParams are the query parameters FilterFromQuery reads.
var FilterParams = []string{"version", "from", "to", "region", "setting", "organisation", "age_band", "age", "gender",
	"living", "home_language", "illness", "deprivation"}

// FilterFromQuery reads the filters shared by every analyst page, API call and
// export (microdata too): version, from, to, region, setting,
// organisation, age_band, age (whole years, "10-12"), gender; each one
// value or none (Filter.Check). A parameter that is neither a filter nor
// one of others (what the caller reads itself) is refused, so a misspelt
// filter never silently counts everyone.
func FilterFromQuery(q url.Values, others ...string) (Filter, error) {
	var f Filter
	for name := range q {
		if !slices.Contains(FilterParams, name) && !slices.Contains(others, name) {
			return f, fault.Field(name, "error.param_unknown", fmt.Sprintf("unknown parameter %q", name))
		}
	}
	f = Filter{From: q.Get("from"), To: q.Get("to"), Regions: QueryList(q, "region"), Settings: QueryList(q, "setting"),
		AgeBands: QueryList(q, "age_band"), Genders: QueryList(q, "gender"), Age: q.Get("age"),
		Living: QueryList(q, "living"), HomeLanguage: QueryList(q, "home_language"), Illness: QueryList(q, "illness"), Deprivation: QueryList(q, "deprivation")}
	if len(q["age"]) > 1 {
		return f, fault.Field("age", "error.filter_one_value", "age: one range or all, not a list")
	}
	for _, v := range QueryList(q, "version") {
		n, err := strconv.Atoi(v)
		if err != nil {
			return f, fault.Field("version", "error.filter_invalid", "version must be a number")
		}
		f.Versions = append(f.Versions, n)
	}
	for _, v := range QueryList(q, "organisation") {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return f, fault.Field("organisation", "error.filter_invalid", "organisation must be an id")
		}
		f.Organisations = append(f.Organisations, n)
	}
	return f, f.Check()
}
