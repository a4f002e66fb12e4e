package drill_test

import (
	"context"
	"io/fs"
	mrand "math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kinderstem/kinderstem"
	"github.com/kinderstem/kinderstem/internal/authoring"
	"github.com/kinderstem/kinderstem/internal/demo"
	"github.com/kinderstem/kinderstem/internal/drill"
	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/keys"
	"github.com/kinderstem/kinderstem/internal/release"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
	"github.com/kinderstem/kinderstem/internal/testkit"
)

// A group that answered a questionnaire written and published in this
// database (not shipped with the build) is recomputed like any other: the
// drill joins the copy's written surveys to the catalogue, as the server
// does at start, instead of reporting the survey missing.
func TestDrillRecomputesAWrittenSurvey(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st, path, shipped, bundle := testkit.OpenCatalogStore(t, store.Options{})
	cat := shipped.Clone()
	a := authoring.New(st, cat, bundle.Clone())
	org, err := st.CreateOrganisation(ctx, "Gemeente", "municipality")
	must(t, err)
	var author, reviewer int64
	for _, u := range []struct {
		id    *int64
		email string
	}{{&author, "author@example.org"}, {&reviewer, "reviewer@example.org"}} {
		user := &store.User{OrganisationID: org, Email: u.email, Role: "admin", PasswordHash: "x"}
		must(t, st.CreateUser(ctx, user))
		*u.id = user.ID
	}
	form, err := fs.ReadFile(kinderstem.Assets(), "surveys/examples/play.xlsx")
	must(t, err)
	im, err := a.Import(ctx, form, "play.xlsx", author)
	must(t, err)
	if len(im.Problems) > 0 {
		t.Fatalf("import: %+v", im.Problems)
	}
	must(t, a.Review(ctx, im.DraftID, im.Revision, reviewer, true, nil, "ok"))
	s, err := a.Publish(ctx, im.DraftID, im.Revision, author)
	must(t, err)
	band := s.AgeBands[0]
	sess := &store.Session{OrganisationID: org, SurveyID: s.ID, SurveyVersion: s.Version, SurveyHash: s.Hash, AgeBand: band.String(),
		Lang: "nl", Setting: "school", Region: "gent", ClosesAt: time.Now().Add(time.Hour), ResultsUntil: time.Now().Add(90 * 24 * time.Hour)}
	must(t, st.CreateSession(ctx, sess))
	rng := mrand.New(mrand.NewPCG(3, 7))
	for i := 0; i < 30; i++ {
		sub := demo.NewChild(rng).Submission(s, sess)
		sub.SessionID = sess.ID
		for j := range sub.UID {
			sub.UID[j] = byte(rng.UintN(256))
		}
		_, err := st.Submit(ctx, sub)
		must(t, err)
	}
	must(t, st.CloseSession(ctx, sess.ID))
	ks := testkit.Keys(t)
	secret, err := ks.Secret(keys.Record)
	must(t, err)
	policy, _ := release.NewPolicy(10, 0)
	ix, err := indicator.Load(ctx, st, cat, indicator.WithRecordKey(secret))
	must(t, err)
	b, _ := s.Band(sess.AgeBand)
	blob, err := ix.GroupResults(s, sess.ID, b, policy)
	must(t, err)
	must(t, st.PublishResults(ctx, &store.Published{SessionID: sess.ID, Expected: 30, Count: 30, Results: blob}))
	backup := filepath.Join(t.TempDir(), "backup.db")
	must(t, st.Backup(ctx, backup))

	// The command gives the drill the build's shipped catalogue, as it
	// loads it before any database is open.
	cfg := drill.Config{Live: path, Backup: backup, Keys: ks, Catalog: shipped, Policy: policy, Dir: filepath.Dir(backup),
		Join: func(ctx context.Context, st *store.Store, cat *survey.Catalog) (*survey.Catalog, error) {
			cat = cat.Clone()
			return cat, authoring.New(st, cat, bundle.Clone()).LoadPublished(ctx)
		}}
	rep := run(t, cfg)
	if len(rep.Problems) > 0 || rep.Recomputed != 1 {
		t.Fatalf("drill of a database with a written survey's group: recomputed %d, problems %s", rep.Recomputed, strings.Join(rep.Problems, "; "))
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
