package loadtest

import (
	"context"
	"fmt"
	"time"

	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// OpenSessions opens n sessions of a survey in st for a load run, as a
// day of a national wave would have them: an organisation of their own,
// spread over the survey's age bands, the settings and a municipality
// of each province, open for the next day. It returns their codes.
func OpenSessions(ctx context.Context, st *store.Store, cat *survey.Catalog, surveyID string, n int) ([]string, error) {
	sessions, err := openSessions(ctx, st, cat, surveyID, n)
	codes := make([]string, len(sessions))
	for i, s := range sessions {
		codes[i] = s.Code
	}
	return codes, err
}

func openSessions(ctx context.Context, st *store.Store, cat *survey.Catalog, surveyID string, n int) ([]*store.Session, error) {
	s, ok := cat.Survey(surveyID)
	if !ok {
		return nil, fmt.Errorf("loadtest: no survey %q", surveyID)
	}
	if n < 1 || n > 100_000 {
		return nil, fmt.Errorf("loadtest: %d sessions: 1 to 100,000", n)
	}
	org, err := st.CreateOrganisation(ctx, fmt.Sprintf("load test %s", time.Now().UTC().Format("2006-01-02 15:04:05.000")), "other")
	if err != nil {
		return nil, err
	}
	var regions []string // a municipality of each province
	for _, p := range cat.Provinces() {
		if len(p.Municipalities) > 0 {
			regions = append(regions, p.Municipalities[0].Code)
		}
	}
	if len(regions) == 0 {
		regions = []string{"gent"}
	}
	settings := cat.Settings
	out := make([]*store.Session, 0, n)
	for i := 0; i < n; i++ {
		now := time.Now()
		sess := &store.Session{OrganisationID: org, SurveyID: s.ID, SurveyVersion: s.Version, SurveyHash: s.Hash,
			AgeBand: s.AgeBands[i%len(s.AgeBands)].String(), Lang: "nl", Setting: settings[i/len(s.AgeBands)%len(settings)],
			Region: regions[i%len(regions)], ClosesAt: now.Add(24 * time.Hour), ResultsUntil: now.Add(48 * time.Hour)}
		if err := st.CreateSession(ctx, sess); err != nil {
			return nil, err
		}
		out = append(out, sess)
	}
	return out, nil
}
