package demo

import (
	"context"
	"fmt"
	"hash/fnv"
	"io"
	mrand "math/rand/v2"
	"strconv"
	"time"

	"github.com/kinderstem/kinderstem/internal/auth"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
)

const (
	settingEditions    = "demo_editions" // the demo's two public editions were published (editions.go)
	settingDemoSession = "demo_session_code"
	settingLoopSession = "demo_loop_session" // the group of the participation loop (loop.go)
	demoDomain         = "demo.kinderstem.be"
)

// Account is a demo staff account with its one-time password.
type Account struct {
	Role, Email, Password string
}

// Welcome makes a newcomer's first start useful. On an empty database it
// creates demo organisations, one account per role, an open session to try
// as a child, and closed sessions with synthetic answers so that group
// results and indicators show numbers; it prints the accounts once. On
// every start it prints the open demo session's code on a line of its own.
func Welcome(ctx context.Context, st *store.Store, cat *survey.Catalog, out io.Writer) error {
	users, err := st.CountUsers(ctx)
	if err != nil {
		return err
	}
	if users == 0 {
		accounts, err := Seed(ctx, st, cat)
		if err != nil {
			return err
		}
		fmt.Fprintln(out, "Demo content created. Log in at /login with one of these accounts:")
		for _, a := range accounts {
			fmt.Fprintf(out, "  %-8s %-32s password: %s\n", a.Role, a.Email, a.Password)
		}
		fmt.Fprintln(out, "The passwords are shown only this once. For real use, start on a new database with --no-demo.")
	}
	code, ok, err := st.GetSetting(ctx, settingDemoSession)
	if err != nil || !ok {
		return err
	}
	sess, err := st.SessionByCode(ctx, string(code))
	if err != nil || !sess.IsOpen(st.Now()) {
		return nil // the demo session was closed by hand; say nothing
	}
	if users > 0 {
		fmt.Fprintf(out, "Demo accounts: admin@%[1]s, analyst@%[1]s, worker@%[1]s (passwords were printed on first start; reset one with: kinderstem user password --email EMAIL).\n", demoDomain)
	}
	fmt.Fprintf(out, "demo session code: %s\n", sess.Code)
	return nil
}

// Seed creates the demo organisations, accounts and sessions and returns the
// accounts with their passwords.
func Seed(ctx context.Context, st *store.Store, cat *survey.Catalog) ([]Account, error) {
	city, err := st.CreateOrganisation(ctx, "Demo: Stad Gent", "municipality")
	if err != nil {
		return nil, err
	}
	club, err := st.CreateOrganisation(ctx, "Demo: Jeugdhuis De Vlinder", "ngo")
	if err != nil {
		return nil, err
	}
	var accounts []Account
	for _, a := range []struct {
		role string
		org  int64
	}{{store.RoleAdmin, city}, {store.RoleAnalyst, city}, {store.RoleWorker, club}} {
		pw := auth.RandomPassword(14)
		hash, err := auth.HashPassword(pw)
		if err != nil {
			return nil, err
		}
		u := &store.User{OrganisationID: a.org, Email: a.role + "@" + demoDomain, Name: "Demo " + a.role, Role: a.role, PasswordHash: hash}
		if err := st.CreateUser(ctx, u); err != nil {
			return nil, err
		}
		accounts = append(accounts, Account{Role: a.role, Email: u.Email, Password: pw})
	}
	worker := accounts[2]
	wu, err := st.UserByEmail(ctx, worker.Email)
	if err != nil {
		return nil, err
	}
	if err := seedSessions(ctx, st, cat, club, wu.ID); err != nil {
		return nil, err
	}
	au, err := st.UserByEmail(ctx, accounts[1].Email)
	if err != nil {
		return nil, err
	}
	if err := seedRound(ctx, st, cat, city, au.ID); err != nil {
		return nil, err
	}
	return accounts, nil
}

// demoGroups are the closed demo sessions of every survey: three groups of
// 30 synthetic children in three settings and cities, 90 a survey, so a
// newcomer's first look at the overview passes both the k threshold and
// the analysts' minimum base of 50 children (indicator.DefaultMinBase).
var demoGroups = []struct{ label, setting, region string }{
	{"Demo: groep De Vlinder", "youth_work", "44021"},   // Gent
	{"Demo: klas 5B", "school", "11002"},                // Antwerpen
	{"Demo: leefgroep De Linde", "youth_care", "24062"}, // Leuven
}

// groupSize is the number of children in each demo group: enough that the
// 10-12-year-olds of a survey's three groups (the Kinderrechtenmonitor's
// wellbeing age, docs/analysts.md) pass the minimum base whatever the
// random draw.
const groupSize = 30

// seedSessions opens one session to try and fills demoGroups closed
// sessions per survey with 30 synthetic children each.
func seedSessions(ctx context.Context, st *store.Store, cat *survey.Catalog, org, worker int64) error {
	now := st.Now()
	first := cat.Surveys()[0]
	if s, ok := cat.Survey("wellbeing"); ok {
		first = s
	}
	open := &store.Session{OrganisationID: org, CreatedBy: worker, SurveyID: first.ID, SurveyVersion: first.Version, SurveyHash: first.Hash,
		AgeBand: middleBand(first).String(), Lang: "nl", Setting: "youth_work", Region: "44021", Label: "Demo: probeer het zelf",
		ClosesAt: now.Add(30 * 24 * time.Hour), ResultsUntil: now.Add(120 * 24 * time.Hour)}
	if err := st.CreateSession(ctx, open); err != nil {
		return err
	}
	if err := st.PutSetting(ctx, settingDemoSession, []byte(open.Code)); err != nil {
		return err
	}
	rng := mrand.New(mrand.NewPCG(2026, 12))
	bg := mrand.New(mrand.NewPCG(2026, 0x6267)) // the background block's answers, apart from every other draw
	if err := seedEarlier(ctx, st, cat, org, worker, rng, bg); err != nil {
		return err
	}
	for _, s := range cat.Surveys() {
		// Each survey draws its children from its own stream, so an item
		// added to one survey leaves every other survey's demo answers as
		// they were.
		rng := mrand.New(mrand.NewPCG(2026, surveySeed(s.ID)))
		band := middleBand(s)
		reversed := reversedItems(s)
		for g, group := range demoGroups {
			sess := &store.Session{OrganisationID: org, CreatedBy: worker, SurveyID: s.ID, SurveyVersion: s.Version, SurveyHash: s.Hash,
				AgeBand: band.String(), Lang: "nl", Setting: group.setting, Region: group.region, Label: group.label,
				ClosesAt: now.Add(time.Hour), ResultsUntil: now.Add(90 * 24 * time.Hour),
				Ideas:      s.ID == "wellbeing" && g == 0, // the demo's participation loop (loop.go)
				Background: withBlock(s)}
			if err := st.CreateSession(ctx, sess); err != nil {
				return err
			}
			for i := 0; i < groupSize; i++ {
				c := &child{rng: rng, theta: rng.NormFloat64()}
				sub := c.submission(s, sess, band, reversed, []string{"nl"})
				if sess.Ideas {
					sub.Ideas = demoIdeas(i)
				}
				answerBlock(bg, c, sess, sub)
				if _, err := st.Submit(ctx, sub); err != nil {
					return err
				}
			}
			if err := st.CloseSession(ctx, sess.ID); err != nil {
				return err
			}
			if sess.Ideas {
				if err := seedLoop(ctx, st, rng, sess); err != nil {
					return err
				}
				if err := st.PutSetting(ctx, settingLoopSession, []byte(strconv.FormatInt(sess.ID, 10))); err != nil {
					return err
				}
			}
			if g > 0 {
				continue
			}
			msg := "Jullie zeiden dat jullie meer willen meebeslissen. Vanaf volgende maand kiezen jullie zelf twee activiteiten per maand."
			if err := st.SetFeedback(ctx, sess.ID, map[string]string{"nl": msg}); err != nil {
				return err
			}
		}
	}
	return nil
}

// earlierGroups are closed demo sessions of every survey half a year
// before the first start, in other cities: the demo then has two periods,
// and publishes a public edition of each (EditionsDue).
var earlierGroups = []struct{ label, setting, region string }{
	{"Demo: klas 6A", "school", "31005"},           // Brugge
	{"Demo: jeugdbeweging", "youth_work", "71011"}, // Hasselt
	{"Demo: groep Zonnebloem", "school", "44021"},  // Gent
}

// seedEarlier fills earlierGroups per survey with 24 synthetic children
// each, on one day half a year ago.
func seedEarlier(ctx context.Context, st *store.Store, cat *survey.Catalog, org, worker int64, rng, bg *mrand.Rand) error {
	now := st.Now()
	day := now.AddDate(0, -6, 0)
	for _, s := range cat.Surveys() {
		band := middleBand(s)
		reversed := reversedItems(s)
		for _, group := range earlierGroups {
			sess := &store.Session{OrganisationID: org, CreatedBy: worker, SurveyID: s.ID, SurveyVersion: s.Version, SurveyHash: s.Hash,
				AgeBand: band.String(), Lang: "nl", Setting: group.setting, Region: group.region, Label: group.label,
				ClosesAt: now.Add(time.Hour), ResultsUntil: now.Add(90 * 24 * time.Hour), Background: withBlock(s)}
			if err := st.CreateSession(ctx, sess); err != nil {
				return err
			}
			for i := 0; i < 24; i++ {
				c := &child{rng: rng, theta: rng.NormFloat64()}
				sub := c.submission(s, sess, band, reversed, []string{"nl"})
				answerBlock(bg, c, sess, sub)
				if _, err := st.Submit(ctx, sub); err != nil {
					return err
				}
			}
			if err := st.BackdateDemoSession(ctx, sess.ID, day); err != nil {
				return err
			}
		}
	}
	return nil
}

// EditionsDue reports whether the demo was seeded on this database and
// its two public editions are still to be published: once the index is
// loaded, the server publishes them (web.App.PublishDemoEditions).
func EditionsDue(ctx context.Context, st *store.Store) (bool, error) {
	if _, ok, err := st.GetSetting(ctx, settingDemoSession); err != nil || !ok {
		return false, err
	}
	_, done, err := st.GetSetting(ctx, settingEditions)
	return !done, err
}

// EditionsDone records that the demo's editions were published.
func EditionsDone(ctx context.Context, st *store.Store) error {
	return st.PutSetting(ctx, settingEditions, []byte("2"))
}

// middleBand is the band a demo session is for: 10-13 where it exists.
func middleBand(s *survey.Survey) survey.Band {
	return s.AgeBands[len(s.AgeBands)/2]
}

// surveySeed is a survey's own seed for the demo's random stream.
func surveySeed(id string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(id))
	return h.Sum64()
}
