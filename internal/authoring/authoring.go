// Package authoring owns the questionnaires their users write: an
// XLSForm imported as a draft, each upload a revision; review by a second
// person; publishing as a new version that joins the catalogue while the
// server runs; drafts shown as a child sees them and tried in pilots with
// children; translation sheets. The formats are internal/xlsform's, the
// survey rules internal/survey's, the disclosure rules internal/release's.
package authoring

import (
	"context"
	"fmt"
	"strconv"
	"sync"

	"github.com/kinderstem/kinderstem/internal/locale"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
	"github.com/kinderstem/kinderstem/internal/xlsform"
)

// Service is the authoring of one server: its store, the catalogue
// written surveys join, and the translations their words join.
type Service struct {
	Store   *store.Store
	Catalog *survey.Catalog
	Locales *locale.Bundle

	publishing sync.Mutex // one publication at a time

	mu     sync.Mutex
	drafts map[draftKey]*Written // revisions read for previews and pilots
}

type draftKey struct {
	draft int64
	rev   int
}

// Written is a written survey ready to be shown: its message ids
// namespaced, with the overlay of its words.
type Written struct {
	Survey  *survey.Survey
	Overlay *locale.Overlay
}

// New makes the authoring service.
func New(st *store.Store, cat *survey.Catalog, locales *locale.Bundle) *Service {
	return &Service{Store: st, Catalog: cat, Locales: locales, drafts: map[draftKey]*Written{}}
}

// Langs returns the shipped languages, the default first: as tags, and
// with their names for the headings of a file.
func (a *Service) Langs() ([]string, []xlsform.Lang) {
	var tags []string
	var langs []xlsform.Lang
	for _, l := range a.Locales.Languages() {
		tags = append(tags, l.Tag)
		langs = append(langs, xlsform.Lang{Tag: l.Tag, Name: l.Name})
	}
	return tags, langs
}

// shared gives a shipped message's words in a language, "" when it has
// none.
func (a *Service) shared(lang, id string) string {
	if !a.Locales.Has(lang, id) {
		return ""
	}
	return a.Locales.For(lang).T(id)
}

// Context is what an XLSForm is read against.
func (a *Service) Context() xlsform.Context {
	tags, _ := a.Langs()
	return xlsform.Context{Catalog: a.Catalog, Langs: tags, Shared: a.shared}
}

// Imported is the outcome of an upload: what reading it found, and the
// draft revision it became when it had no problems.
type Imported struct {
	*xlsform.Result
	DraftID  int64
	Revision int
}

// Import reads an uploaded XLSForm and keeps it, when it has no problems,
// as the next revision of its survey's draft. A survey id that a
// professionals' survey or a registration indicator uses is refused with
// the rest of its problems.
func (a *Service) Import(ctx context.Context, data []byte, fileName string, by int64) (*Imported, error) {
	res := xlsform.Read(data, a.Context())
	out := &Imported{Result: res}
	if len(res.Problems) > 0 {
		return out, nil
	}
	if cur, ok := a.Catalog.Survey(res.Survey.ID); ok && cur.ForProfessionals() != res.Survey.ForProfessionals() {
		res.Problems = append(res.Problems, xlsform.Issue{Sheet: "settings", Row: 2, ID: "authoring.respondents_changed", Args: []any{"Survey", cur.ID}})
		res.Survey, res.Definition = nil, nil
		return out, nil
	}
	var err error
	out.DraftID, out.Revision, err = a.Store.SaveRevision(ctx, res.Survey.ID, res.Definition, res.Survey.Hash, fileName, by)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// parse reads a kept definition with the rules and languages of today.
func (a *Service) parse(name string, def []byte) (*survey.Survey, error) {
	tags, _ := a.Langs()
	s, err := survey.ParseWritten(a.Catalog, tags, name, def)
	if err != nil {
		return nil, fmt.Errorf("authoring: %s no longer passes the survey check: %w", name, err)
	}
	return s, nil
}

// DraftSurvey returns a draft revision ready to show, as its preview and
// its pilots show it: read once, then kept (a revision never changes).
func (a *Service) DraftSurvey(ctx context.Context, draftID int64, revision int) (*Written, error) {
	key := draftKey{draftID, revision}
	a.mu.Lock()
	w, ok := a.drafts[key]
	a.mu.Unlock()
	if ok {
		return w, nil
	}
	rev, err := a.Store.RevisionOf(ctx, draftID, revision)
	if err != nil {
		return nil, err
	}
	s, err := a.parse("draft "+strconv.FormatInt(draftID, 10), rev.Definition)
	if err != nil {
		return nil, err
	}
	s.Namespace("@draft" + strconv.FormatInt(draftID, 10) + "r" + strconv.Itoa(revision) + ".")
	w = &Written{Survey: s, Overlay: locale.NewOverlay(s.Texts, s.Source)}
	a.mu.Lock()
	if len(a.drafts) >= 64 {
		clear(a.drafts)
	}
	a.drafts[key] = w
	a.mu.Unlock()
	return w, nil
}
