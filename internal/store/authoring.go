package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/kinderstem/kinderstem/internal/fault"
)

// Draft is one survey being written: its current revision, and the
// version it became once published (0 until then).
type Draft struct {
	ID        int64
	SurveyID  string
	Revision  int
	CreatedBy int64
	CreatedAt time.Time
	Published int
	// Of the current revision: who uploaded it, when, and from which file.
	RevisedBy int64
	RevisedAt time.Time
	FileName  string
}

// Revision is one upload of a draft, kept as it was.
type Revision struct {
	DraftID    int64
	Revision   int
	Definition []byte
	Hash       string
	FileName   string
	CreatedBy  int64
	CreatedAt  time.Time
}

// Review is a second person's verdict on one revision.
type Review struct {
	ID           int64
	DraftID      int64
	Revision     int
	Reviewer     int64
	ReviewerName string
	Approved     bool
	WordingOnly  []string // items whose words changed but still ask the same question
	Comment      string
	At           time.Time
}

// Version is a published version of a written survey.
type Version struct {
	SurveyID    string
	Version     int
	Hash        string
	Definition  []byte
	DraftID     int64
	Revision    int
	Languages   []string
	WordingOnly []string
	ApprovedBy  int64
	PublishedBy int64
	PublishedAt time.Time
}

// SaveRevision stores an upload as the next revision of the survey's open
// draft, starting a draft when there is none; it returns the draft and the
// revision number.
func (s *Store) SaveRevision(ctx context.Context, surveyID string, definition []byte, hash, fileName string, by int64) (int64, int, error) {
	var draftID int64
	var rev int
	now := timestamp(s.now())
	err := s.write(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT id, revision FROM survey_drafts WHERE survey_id = ? AND published IS NULL`, surveyID).Scan(&draftID, &rev)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			res, err := tx.ExecContext(ctx, `INSERT INTO survey_drafts (survey_id, revision, created_by, created_at) VALUES (?, 1, ?, ?)`, surveyID, nullID(by), now)
			if err != nil {
				return err
			}
			if draftID, err = res.LastInsertId(); err != nil {
				return err
			}
			rev = 1
		case err != nil:
			return err
		default:
			rev++
			if _, err := tx.ExecContext(ctx, `UPDATE survey_drafts SET revision = ? WHERE id = ?`, rev, draftID); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO survey_revisions (draft_id, revision, definition, hash, file_name, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			draftID, rev, string(definition), hash, clip(fileName, 190), nullID(by), now)
		return err
	})
	if err != nil {
		return 0, 0, fmt.Errorf("store: save revision of %s: %w", surveyID, err)
	}
	return draftID, rev, nil
}

// ErrDraftMoved is SaveRevisionOn's answer when the draft is no longer
// at the revision the change was made on, or was published.
var ErrDraftMoved = fault.New(fault.Conflict, "authoring.error_changed", "the draft has a newer revision")

// SaveRevisionOn stores a change made on revision base of an open draft
// (a translation sheet's words added to it) as its next revision, only
// while the draft is still at base: a change built on an older revision
// would drop what the revisions after it added.
func (s *Store) SaveRevisionOn(ctx context.Context, draftID int64, base int, definition []byte, hash, fileName string, by int64) (int, error) {
	now := timestamp(s.now())
	err := s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE survey_drafts SET revision = revision + 1 WHERE id = ? AND revision = ? AND published IS NULL`, draftID, base)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrDraftMoved
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO survey_revisions (draft_id, revision, definition, hash, file_name, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			draftID, base+1, string(definition), hash, clip(fileName, 190), nullID(by), now)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("store: save revision %d of draft %d: %w", base+1, draftID, err)
	}
	return base + 1, nil
}

const draftColumns = `d.id, d.survey_id, d.revision, coalesce(d.created_by, 0), d.created_at, coalesce(d.published, 0),
	coalesce(r.created_by, 0), r.created_at, r.file_name`

func scanDraft(row interface{ Scan(...any) error }) (*Draft, error) {
	var d Draft
	var created, revised string
	if err := row.Scan(&d.ID, &d.SurveyID, &d.Revision, &d.CreatedBy, &created, &d.Published, &d.RevisedBy, &revised, &d.FileName); err != nil {
		return nil, err
	}
	d.CreatedAt, d.RevisedAt = parseTime(created), parseTime(revised)
	return &d, nil
}

// Drafts lists every draft, open ones first, newest first.
func (s *Store) Drafts(ctx context.Context) ([]*Draft, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+draftColumns+` FROM survey_drafts d JOIN survey_revisions r ON r.draft_id = d.id AND r.revision = d.revision
		ORDER BY d.published IS NOT NULL, r.created_at DESC, d.id DESC LIMIT 500`)
	if err != nil {
		return nil, fmt.Errorf("store: drafts: %w", err)
	}
	defer rows.Close()
	var out []*Draft
	for rows.Next() {
		d, err := scanDraft(rows)
		if err != nil {
			return nil, fmt.Errorf("store: drafts: %w", err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// DraftByID finds a draft; a NotFound fault when there is none.
func (s *Store) DraftByID(ctx context.Context, id int64) (*Draft, error) {
	d, err := scanDraft(s.r.QueryRowContext(ctx, `SELECT `+draftColumns+` FROM survey_drafts d JOIN survey_revisions r ON r.draft_id = d.id AND r.revision = d.revision WHERE d.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fault.New(fault.NotFound, "error.not_found", "no such draft")
	}
	if err != nil {
		return nil, fmt.Errorf("store: draft %d: %w", id, err)
	}
	return d, nil
}

// RevisionOf returns one revision of a draft.
func (s *Store) RevisionOf(ctx context.Context, draftID int64, revision int) (*Revision, error) {
	r := Revision{DraftID: draftID, Revision: revision}
	var def, created string
	err := s.r.QueryRowContext(ctx, `SELECT definition, hash, file_name, coalesce(created_by, 0), created_at FROM survey_revisions WHERE draft_id = ? AND revision = ?`,
		draftID, revision).Scan(&def, &r.Hash, &r.FileName, &r.CreatedBy, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fault.New(fault.NotFound, "error.not_found", "no such revision")
	}
	if err != nil {
		return nil, fmt.Errorf("store: revision %d/%d: %w", draftID, revision, err)
	}
	r.Definition, r.CreatedAt = []byte(def), parseTime(created)
	return &r, nil
}

// AddReview records a reviewer's verdict on a revision.
func (s *Store) AddReview(ctx context.Context, r *Review) error {
	if err := CheckStaffText("comment", r.Comment); err != nil {
		return err
	}
	r.At = s.now().UTC().Truncate(time.Second)
	err := s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO survey_reviews (draft_id, revision, reviewer, approved, wording_only, comment, at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			r.DraftID, r.Revision, r.Reviewer, r.Approved, strings.Join(r.WordingOnly, " "), r.Comment, timestamp(r.At))
		if err != nil {
			return err
		}
		r.ID, err = res.LastInsertId()
		return err
	})
	if err != nil {
		return fmt.Errorf("store: review: %w", err)
	}
	return nil
}

// Reviews lists a draft's reviews, of every revision, oldest first.
func (s *Store) Reviews(ctx context.Context, draftID int64) ([]*Review, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT v.id, v.revision, v.reviewer, coalesce(nullif(u.name, ''), u.email), v.approved, v.wording_only, v.comment, v.at
		FROM survey_reviews v JOIN users u ON u.id = v.reviewer WHERE v.draft_id = ? ORDER BY v.id`, draftID)
	if err != nil {
		return nil, fmt.Errorf("store: reviews: %w", err)
	}
	defer rows.Close()
	var out []*Review
	for rows.Next() {
		r := Review{DraftID: draftID}
		var wording, at string
		if err := rows.Scan(&r.ID, &r.Revision, &r.Reviewer, &r.ReviewerName, &r.Approved, &wording, &r.Comment, &at); err != nil {
			return nil, fmt.Errorf("store: reviews: %w", err)
		}
		r.WordingOnly, r.At = strings.Fields(wording), parseTime(at)
		out = append(out, &r)
	}
	return out, rows.Err()
}

// PublishVersion stores a published version and closes its draft, in one
// transaction. Two people publishing the same survey at once cannot both
// make its next version: the second gets a Conflict fault.
func (s *Store) PublishVersion(ctx context.Context, v *Version) error {
	v.PublishedAt = s.now().UTC().Truncate(time.Second)
	err := s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE survey_drafts SET published = ? WHERE id = ? AND revision = ? AND published IS NULL`, v.Version, v.DraftID, v.Revision)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return fault.New(fault.Conflict, "authoring.error_changed", "the draft changed or was published meanwhile")
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO survey_versions (survey_id, version, hash, definition, draft_id, revision, languages, wording_only, approved_by, published_by, published_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, v.SurveyID, v.Version, v.Hash, string(v.Definition), v.DraftID, v.Revision,
			strings.Join(v.Languages, " "), strings.Join(v.WordingOnly, " "), nullID(v.ApprovedBy), nullID(v.PublishedBy), timestamp(v.PublishedAt))
		if isUnique(err) {
			return fault.New(fault.Conflict, "authoring.error_changed", "this version was published meanwhile")
		}
		return err
	})
	if err != nil && !fault.Is(err, fault.Conflict) {
		return fmt.Errorf("store: publish %s %d: %w", v.SurveyID, v.Version, err)
	}
	return err
}

// Versions lists every published version, by survey and version.
func (s *Store) Versions(ctx context.Context) ([]*Version, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT survey_id, version, hash, definition, draft_id, revision, languages, wording_only,
		coalesce(approved_by, 0), coalesce(published_by, 0), published_at FROM survey_versions ORDER BY survey_id, version`)
	if err != nil {
		return nil, fmt.Errorf("store: versions: %w", err)
	}
	defer rows.Close()
	var out []*Version
	for rows.Next() {
		var v Version
		var def, langs, wording, at string
		if err := rows.Scan(&v.SurveyID, &v.Version, &v.Hash, &def, &v.DraftID, &v.Revision, &langs, &wording, &v.ApprovedBy, &v.PublishedBy, &at); err != nil {
			return nil, fmt.Errorf("store: versions: %w", err)
		}
		v.Definition, v.Languages, v.WordingOnly, v.PublishedAt = []byte(def), strings.Fields(langs), strings.Fields(wording), parseTime(at)
		out = append(out, &v)
	}
	return out, rows.Err()
}

// RevisionAuthors lists everyone who uploaded a revision of a draft.
func (s *Store) RevisionAuthors(ctx context.Context, draftID int64) ([]int64, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT DISTINCT created_by FROM survey_revisions WHERE draft_id = ? AND created_by IS NOT NULL`, draftID)
	if err != nil {
		return nil, fmt.Errorf("store: revision authors: %w", err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("store: revision authors: %w", err)
		}
		out = append(out, id)
	}
	return out, rows.Err()
}
