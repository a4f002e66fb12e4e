package store

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/kinderstem/kinderstem/internal/survey"
)

// CodedRow is one stored submission with its coded answers, as the
// indicator index reads them: no free text.
type CodedRow struct {
	ID            int64
	SessionID     int64
	SurveyID      string
	SurveyVersion int
	Age           int // 0 when not given
	AgeBand       string
	Gender        string
	Day           string
	Lang          string
	Complete      bool
	Paper         bool // typed in from a paper questionnaire
	Background    survey.Background
	Answers       []ItemCode // in item id order
}

// ItemCode is one answer by item number (see ItemIDs).
type ItemCode struct {
	Item int64
	Code int
}

// ScanCoded calls f for every submission in id order, with its answers.
// It reads submissions and answers in two ordered streams and merges them,
// so a million submissions cost two sequential scans and no sort. The row
// passed to f is reused: copy what you keep.
func (s *Store) ScanCoded(ctx context.Context, after int64, f func(*CodedRow) error) error {
	return s.scan(ctx, "", after, f)
}

// ScanSurvey is ScanCoded for the submissions of one survey.
func (s *Store) ScanSurvey(ctx context.Context, surveyID string, f func(*CodedRow) error) error {
	return s.scan(ctx, surveyID, 0, f)
}

// ScanHeads calls f for every submission of a survey without its answers:
// the cheap first pass of an export.
func (s *Store) ScanHeads(ctx context.Context, surveyID string, f func(*CodedRow) error) error {
	rows, err := s.r.QueryContext(ctx, `SELECT id, session_id, survey_id, survey_version, coalesce(age, 0), age_band, gender, day, lang, complete, paper, bg_living, bg_language, bg_illness, bg_deprivation
		FROM submissions WHERE survey_id = ? ORDER BY id`, surveyID)
	if err != nil {
		return fmt.Errorf("store: scan submissions: %w", err)
	}
	defer rows.Close()
	var row CodedRow
	for rows.Next() {
		if err := rows.Scan(&row.ID, &row.SessionID, &row.SurveyID, &row.SurveyVersion, &row.Age, &row.AgeBand, &row.Gender, &row.Day, &row.Lang, &row.Complete, &row.Paper,
			&row.Background.Living, &row.Background.Language, &row.Background.Illness, &row.Background.Deprivation); err != nil {
			return fmt.Errorf("store: scan submissions: %w", err)
		}
		if err := f(&row); err != nil {
			return err
		}
	}
	return rows.Err()
}

func (s *Store) scan(ctx context.Context, surveyID string, after int64, f func(*CodedRow) error) error {
	subs, err := s.r.QueryContext(ctx, `SELECT id, session_id, survey_id, survey_version, coalesce(age, 0), age_band, gender, day, lang, complete, paper, bg_living, bg_language, bg_illness, bg_deprivation
		FROM submissions WHERE id > ? AND (? = '' OR survey_id = ?) ORDER BY id`, after, surveyID, surveyID)
	if err != nil {
		return fmt.Errorf("store: scan submissions: %w", err)
	}
	defer subs.Close()
	// Answers stream in the same order: by submission, then item.
	ans, err := s.r.QueryContext(ctx, `SELECT submission_id, item_id, code FROM answers WHERE submission_id > ?
		AND (? = '' OR item_id IN (SELECT id FROM items WHERE survey_id = ?)) ORDER BY submission_id, item_id`, after, surveyID, surveyID)
	if err != nil {
		return fmt.Errorf("store: scan answers: %w", err)
	}
	defer ans.Close()
	var row CodedRow
	var a answerRow
	have, more := false, true
	for subs.Next() {
		if err := subs.Scan(&row.ID, &row.SessionID, &row.SurveyID, &row.SurveyVersion, &row.Age, &row.AgeBand, &row.Gender, &row.Day, &row.Lang, &row.Complete, &row.Paper,
			&row.Background.Living, &row.Background.Language, &row.Background.Illness, &row.Background.Deprivation); err != nil {
			return fmt.Errorf("store: scan submissions: %w", err)
		}
		row.Answers = row.Answers[:0]
		for more {
			if !have {
				if more = ans.Next(); !more {
					break
				}
				if err := ans.Scan(&a.sub, &a.item, &a.code); err != nil {
					return fmt.Errorf("store: scan answers: %w", err)
				}
				have = true
			}
			if a.sub > row.ID {
				break
			}
			if a.sub == row.ID {
				row.Answers = append(row.Answers, ItemCode{Item: a.item, Code: a.code})
			}
			have = false
		}
		if err := f(&row); err != nil {
			return err
		}
	}
	return errors.Join(subs.Err(), ans.Err())
}

type answerRow struct {
	sub, item int64
	code      int
}

// ItemNames returns every numbered item: number -> survey id and item id.
func (s *Store) ItemNames() map[int64][2]string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := map[int64][2]string{}
	for sv, items := range s.items {
		for item, id := range items {
			out[id] = [2]string{sv, item}
		}
	}
	return out
}

// AllSessions returns every session, for the indicator index's breakdowns.
func (s *Store) AllSessions(ctx context.Context) ([]*Session, error) {
	return s.Sessions(ctx, 0, 1<<40)
}

// MixedPaperSessions are the sessions whose questionnaires came partly on
// paper and partly on a screen. There the paper mark would single out the
// few who used paper, so exports leave it out.
func (s *Store) MixedPaperSessions(ctx context.Context) (map[int64]bool, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT session_id FROM submissions GROUP BY session_id HAVING min(paper) <> max(paper)`)
	if err != nil {
		return nil, fmt.Errorf("store: mixed paper sessions: %w", err)
	}
	defer rows.Close()
	out := map[int64]bool{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("store: mixed paper sessions: %w", err)
		}
		out[id] = true
	}
	return out, rows.Err()
}

// ScanTexts calls f with every free-text answer of a survey, by submission
// id; only an admin's explicit microdata export asks for them.
func (s *Store) ScanTexts(ctx context.Context, surveyID string, f func(submission int64, item string, text string) error) error {
	rows, err := s.r.QueryContext(ctx, `SELECT t.submission_id, i.item, t.text FROM texts t JOIN items i ON i.id = t.item_id
		WHERE i.survey_id = ? ORDER BY t.submission_id`, surveyID)
	if err != nil {
		return fmt.Errorf("store: scan texts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var item, text string
		if err := rows.Scan(&id, &item, &text); err != nil {
			return fmt.Errorf("store: scan texts: %w", err)
		}
		if err := f(id, item, text); err != nil {
			return err
		}
	}
	return rows.Err()
}

// ShareCounts aggregates one item straight from the stored answers, by age
// band: valid answers and answers among top. It is the slow, obvious
// computation the indicator index is checked against.
func (s *Store) ShareCounts(ctx context.Context, surveyID, item string, top []int) (map[string][2]int, error) {
	marks := strings.TrimPrefix(strings.Repeat(",?", len(top)), ",")
	query := `SELECT s.age_band, count(*), sum(a.code IN (` + marks + `)) FROM answers a
		JOIN submissions s ON s.id = a.submission_id JOIN items i ON i.id = a.item_id
		WHERE i.survey_id = ? AND i.item = ? AND a.code >= 0 GROUP BY s.age_band`
	args := make([]any, 0, len(top)+2)
	for _, t := range top {
		args = append(args, t)
	}
	args = append(args, surveyID, item)
	rows, err := s.r.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: share counts: %w", err)
	}
	defer rows.Close()
	out := map[string][2]int{}
	for rows.Next() {
		var band string
		var n, hits int
		if err := rows.Scan(&band, &n, &hits); err != nil {
			return nil, fmt.Errorf("store: share counts: %w", err)
		}
		out[band] = [2]int{n, hits}
	}
	return out, rows.Err()
}
