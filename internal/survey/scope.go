package survey

import "slices"

// Scope is what a session asks of its survey: the items shown in its
// setting; in a session on one theme only those the survey's indicators
// of that theme use; in an ideas-only session none (the children give
// their ideas, nothing else).
type Scope struct {
	Setting   string
	Theme     string // "" for the whole questionnaire
	IdeasOnly bool
}

// Asks reports whether a session of this scope asks item it.
func (s *Survey) Asks(it *Item, sc Scope) bool {
	switch {
	case sc.IdeasOnly, !it.ShownIn(sc.Setting):
		return false
	case sc.Theme == "":
		return true
	}
	for _, ind := range s.Indicators {
		if ind.Theme == sc.Theme && slices.Contains(ind.Items, it.ID) {
			return true
		}
	}
	return false
}

// Themes lists the themes the survey's indicators belong to, in the order
// they first appear: the themes a session on one theme can take.
func (s *Survey) Themes() []string {
	var out []string
	for _, ind := range s.Indicators {
		if len(ind.Items) > 0 && !slices.Contains(out, ind.Theme) {
			out = append(out, ind.Theme)
		}
	}
	return out
}
