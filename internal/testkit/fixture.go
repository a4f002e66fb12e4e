package testkit

import (
	"context"
	"crypto/rand"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
)

var orgs atomic.Int64

// NewSession creates an organisation and, in it, a session of the survey
// surveyID for an age band, setting and region, in Dutch, that closes and
// keeps its results an hour after now.
func NewSession(tb testing.TB, st *store.Store, cat *survey.Catalog, surveyID, band, setting, region string, now time.Time) *store.Session {
	tb.Helper()
	s, ok := cat.Survey(surveyID)
	if !ok {
		tb.Fatalf("no survey %q", surveyID)
	}
	org, err := st.CreateOrganisation(context.Background(), fmt.Sprintf("org %s %d", setting, orgs.Add(1)), "ngo")
	if err != nil {
		tb.Fatal(err)
	}
	sess := &store.Session{OrganisationID: org, SurveyID: s.ID, SurveyVersion: s.Version, SurveyHash: s.Hash, AgeBand: band, Lang: "nl",
		Setting: setting, Region: region, ClosesAt: now.Add(time.Hour), ResultsUntil: now.Add(time.Hour)}
	if err := st.CreateSession(context.Background(), sess); err != nil {
		tb.Fatal(err)
	}
	return sess
}

// SubmitAnswers stores one child's questionnaire in sess: a gender and
// answers as item -> code, in Dutch, with a questionnaire id of its own.
func SubmitAnswers(tb testing.TB, st *store.Store, sess *store.Session, gender string, answers map[string]int) {
	tb.Helper()
	sub := &store.Submission{SessionID: sess.ID, SurveyID: sess.SurveyID, SurveyVersion: sess.SurveyVersion, Lang: "nl", AgeBand: sess.AgeBand, Gender: gender}
	rand.Read(sub.UID[:])
	for item, code := range answers {
		sub.Answers = append(sub.Answers, store.Answer{Item: item, Code: code})
	}
	if _, err := st.Submit(context.Background(), sub); err != nil {
		tb.Fatal(err)
	}
}
