package authoring

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"

	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/locale"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// Draft is a draft with its current revision read and checked: what its
// page shows and what publishing needs.
type Draft struct {
	*store.Draft
	Survey   *survey.Survey // the current revision, its own message ids
	Previous *survey.Survey // the catalogue's current version of the same survey, or nil
	Changes  []survey.Change
	Words    []survey.WordWarning
	Missing  map[string]int // language -> texts without words in it
	Reviews  []*store.Review
	Authors  []int64       // everyone who uploaded a revision: none of them may review it
	Approval *store.Review // an approval of the current revision by someone who wrote none of it, or nil
	// Blocks are the reasons it cannot be published yet, as message ids
	// with their data; none means it can.
	Blocks      []Reason
	NextVersion int
}

// Reason is a message id with its template data.
type Reason struct {
	ID   string
	Args []any
}

// Text gives a message id's words in the draft's own language: its own
// texts, or a shipped message's.
func (d *Draft) Text(a *Service) func(id string) string {
	return func(id string) string {
		if t := d.Survey.Texts.Get(d.Survey.Source, id); t != "" {
			return t
		}
		return a.shared(d.Survey.Source, id)
	}
}

// Draft loads a draft and checks its current revision.
func (a *Service) Draft(ctx context.Context, id int64) (*Draft, error) {
	sd, err := a.Store.DraftByID(ctx, id)
	if err != nil {
		return nil, err
	}
	rev, err := a.Store.RevisionOf(ctx, id, sd.Revision)
	if err != nil {
		return nil, err
	}
	s, err := a.parse(sd.SurveyID, rev.Definition)
	if err != nil {
		return nil, err
	}
	d := &Draft{Draft: sd, Survey: s, Missing: map[string]int{}}
	if d.Reviews, err = a.Store.Reviews(ctx, id); err != nil {
		return nil, err
	}
	if d.Authors, err = a.Store.RevisionAuthors(ctx, id); err != nil {
		return nil, err
	}
	for _, r := range d.Reviews {
		if r.Revision == sd.Revision && !slices.Contains(d.Authors, r.Reviewer) {
			if r.Approved {
				d.Approval = r
			} else {
				d.Approval = nil // a later "not yet" takes an earlier approval back
			}
		}
	}
	tags, _ := a.Langs()
	d.Words = a.Catalog.Words().CheckSurvey(s, tags, s.Texts.Get)
	for _, lang := range tags {
		for id := range s.Texts[s.Source] {
			if s.Texts.Get(lang, id) == "" {
				d.Missing[lang]++
			}
		}
	}
	d.NextVersion = 1
	if prev, ok := a.Catalog.Survey(s.ID); ok {
		d.Previous = prev
		d.NextVersion = prev.Version + 1
		for _, v := range a.Catalog.Versions(s.ID) {
			d.NextVersion = max(d.NextVersion, v.Version+1)
		}
		d.Changes = survey.Changes(a.Catalog.Versions(s.ID), s, func(old *survey.Survey, id string) string { return a.previousText(old, s.Source, id) }, d.Text(a))
	}
	d.blocks()
	return d, nil
}

// previousText gives a message id of a catalogue survey in lang: a
// published written survey's own words, or the shipped translations.
func (a *Service) previousText(s *survey.Survey, lang, id string) string {
	if t := s.Texts.Get(lang, id); t != "" {
		return t
	}
	return a.shared(lang, id)
}

// blocks lists what keeps the draft from being published: a published
// item that now takes other answers needs a new name; one whose words
// changed needs a new name unless the approving reviewer marked it
// "wording only"; and a second person must have approved this revision.
func (d *Draft) blocks() {
	for _, c := range d.Changes {
		switch {
		case c.Answers:
			d.Blocks = append(d.Blocks, Reason{"authoring.block_answers", []any{"Item", c.Item, "What", c.What}})
		case c.Words && (d.Approval == nil || !slices.Contains(d.Approval.WordingOnly, c.Item)):
			d.Blocks = append(d.Blocks, Reason{"authoring.block_words", []any{"Item", c.Item}})
		}
	}
	if d.Approval == nil {
		d.Blocks = append(d.Blocks, Reason{"authoring.block_review", nil})
	}
	if d.NextVersion > survey.MaxVersion {
		d.Blocks = append(d.Blocks, Reason{"authoring.block_versions", []any{"Max", survey.MaxVersion}})
	}
	if d.Published > 0 {
		d.Blocks = append(d.Blocks, Reason{"authoring.block_published", []any{"Version", d.Published}})
	}
}

// Wrote reports whether a user uploaded a revision of the draft.
func (d *Draft) Wrote(user int64) bool { return slices.Contains(d.Authors, user) }

// WordChanges lists the items whose words changed since the version
// before: what a reviewer may mark "wording only".
func (d *Draft) WordChanges() []survey.Change {
	var out []survey.Change
	for _, c := range d.Changes {
		if c.Words {
			out = append(out, c)
		}
	}
	return out
}

// ErrChanged is the answer to a review or a publication of a revision
// that is no longer the draft's current one.
var ErrChanged = fault.New(fault.Conflict, "authoring.error_changed", "the draft has a newer revision")

// Review records a second person's verdict on the draft's current
// revision. Whoever uploaded any revision of the draft (the questions, a
// translation) cannot review it: every word is seen by someone who did
// not write it. Only items whose words changed can be marked "wording
// only".
func (a *Service) Review(ctx context.Context, draftID int64, revision int, reviewer int64, approved bool, wordingOnly []string, comment string) error {
	d, err := a.Draft(ctx, draftID)
	if err != nil {
		return err
	}
	switch {
	case d.Published > 0 || d.Revision != revision:
		return ErrChanged
	case d.Wrote(reviewer):
		return fault.New(fault.Forbidden, "authoring.error_own", "an author of the draft cannot review it")
	}
	words := d.WordChanges()
	for _, item := range wordingOnly {
		if !slices.ContainsFunc(words, func(c survey.Change) bool { return c.Item == item }) {
			return fault.Field("wording_only", "authoring.error_wording", "only items whose words changed can be marked wording only")
		}
	}
	return a.Store.AddReview(ctx, &store.Review{DraftID: draftID, Revision: revision, Reviewer: reviewer, Approved: approved, WordingOnly: wordingOnly, Comment: comment})
}

// Publish makes the draft's current revision the survey's next version:
// kept for good with its hash, then joined to the catalogue, so sessions,
// indicators, exports and the index see it without a restart. Sessions
// begun on an earlier version keep it.
func (a *Service) Publish(ctx context.Context, draftID int64, revision int, by int64) (*survey.Survey, error) {
	a.publishing.Lock()
	defer a.publishing.Unlock()
	d, err := a.Draft(ctx, draftID)
	if err != nil {
		return nil, err
	}
	if d.Revision != revision {
		return nil, ErrChanged
	}
	if len(d.Blocks) > 0 {
		return nil, fault.New(fault.Conflict, d.Blocks[0].ID, "the draft cannot be published yet")
	}
	d.Survey.Version = d.NextVersion
	def, err := survey.Marshal(d.Survey)
	if err != nil {
		return nil, err
	}
	s, err := a.parse(d.SurveyID, def)
	if err != nil {
		return nil, err
	}
	if err := a.Catalog.CanPublish(s); err != nil {
		return nil, fault.New(fault.Conflict, "authoring.error_cannot_join", err.Error())
	}
	if err := a.Store.RegisterSurveys(ctx, s); err != nil {
		return nil, err
	}
	err = a.Store.PublishVersion(ctx, &store.Version{SurveyID: s.ID, Version: s.Version, Hash: s.Hash, Definition: def, DraftID: draftID,
		Revision: revision, Languages: s.Languages(), WordingOnly: d.Approval.WordingOnly, ApprovedBy: d.Approval.Reviewer, PublishedBy: by})
	if err != nil {
		return nil, err
	}
	if err := a.join(s, a.Catalog.Publish); err != nil {
		return nil, fmt.Errorf("authoring: %s version %d is kept but could not join the catalogue until a restart: %w", s.ID, s.Version, err)
	}
	return s, nil
}

// join gives a written version its own message ids, adds its words to
// the translations, and hands it to the catalogue, which tells the
// indicator index before any reader can see it.
func (a *Service) join(s *survey.Survey, add func(*survey.Survey) error) error {
	s.Namespace("@" + s.ID + "." + strconv.Itoa(s.Version) + ".")
	a.Locales.AddTexts(locale.NewOverlay(s.Texts, s.Source))
	return add(s)
}

// LoadPublished joins every version published in this database to the
// catalogue, at start-up, before the index is built. A version that no
// longer reads (a newer build's rules, a changed file) is reported and
// left out; the others join.
func (a *Service) LoadPublished(ctx context.Context) error {
	versions, err := a.Store.Versions(ctx)
	if err != nil {
		return err
	}
	var errs []error
	var joined []*survey.Survey
	for _, v := range versions {
		s, err := a.parse(v.SurveyID+" version "+strconv.Itoa(v.Version), v.Definition)
		switch {
		case err != nil:
			errs = append(errs, err)
			continue
		case s.Hash != v.Hash || s.Version != v.Version || s.ID != v.SurveyID:
			errs = append(errs, fmt.Errorf("authoring: %s version %d: the kept definition does not match its hash", v.SurveyID, v.Version))
			continue
		}
		if err := a.join(s, a.Catalog.Restore); err != nil {
			errs = append(errs, err)
			continue
		}
		joined = append(joined, s)
	}
	if len(joined) > 0 {
		if err := a.Store.RegisterSurveys(ctx, joined...); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}
