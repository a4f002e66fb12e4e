package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/web"
)

// runInvitations starts an invitation round for a professionals' survey and
// prints its links once: they are not kept, only their hashes.
func runInvitations(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	const use = "usage: kinderstem invitations add --survey ID (--count N | --open) [--closes YYYY-MM-DD] [--base URL] [--org NAME] [--label TEXT]"
	if len(args) == 0 || args[0] != "add" {
		return usageError{use}
	}
	f := newFlags("invitations add", getenv, stdout)
	db := f.db()
	surveyID := f.String("survey", "", "the professionals' survey, e.g. child_guarantee")
	count := f.Int("count", 0, "how many links, one per invited organisation (1-5000)")
	open := f.Bool("open", false, "one open link for everyone instead")
	closes := f.String("closes", "", "the last day answers are taken, YYYY-MM-DD (default: in 28 days)")
	base := f.str("base", "KINDERSTEM_BASE_URL", web.DefaultBaseURL, "the address respondents reach this server on, as serve's --base-url")
	orgName := f.String("org", "", "the organisation running the round (default: the first one)")
	label := f.String("label", "", "a label for the round")
	assets := f.String("assets", "", "read surveys/ and locales/ from this folder")
	err := f.parse(args[1:])
	if err != nil {
		return err
	}
	if *open == (*count > 0) {
		return usageError{"give either --count N or --open\n" + use}
	}
	if *base, err = web.BaseURL(*base); err != nil {
		return usageError{"--base: " + err.Error()}
	}
	c, err := loadContent(*assets)
	if err != nil {
		return err
	}
	s, ok := c.catalog.Survey(*surveyID)
	if !ok || !s.ForProfessionals() {
		var ids []string
		for _, p := range c.catalog.Professional() {
			ids = append(ids, p.ID)
		}
		return usageError{fmt.Sprintf("--survey %q: not a survey for professionals (%s)", *surveyID, strings.Join(ids, ", "))}
	}
	st, err := c.openStore(ctx, *db, store.Options{})
	if err != nil {
		return err
	}
	defer st.Close()
	day := st.Now().In(st.Location()).AddDate(0, 0, 28)
	if *closes != "" {
		if day, err = time.ParseInLocation(time.DateOnly, *closes, st.Location()); err != nil {
			return usageError{"--closes: a date like 2026-06-30"}
		}
	}
	org, err := findOrganisation(ctx, st, *orgName)
	if err != nil {
		return err
	}
	r := &store.Round{OrganisationID: org, SurveyID: s.ID, SurveyVersion: s.Version, SurveyHash: s.Hash, Label: *label, OpenLink: *open,
		ClosesAt: time.Date(day.Year(), day.Month(), day.Day()+1, 0, 0, 0, 0, st.Location())}
	tokens, err := st.CreateRound(ctx, r, *count)
	if err != nil {
		return err
	}
	if err := st.Audit(ctx, 0, "round_create", fmt.Sprint(r.ID), fmt.Sprintf("%s %d links via command line", s.ID, len(tokens))); err != nil {
		return err
	}
	for _, t := range tokens {
		fmt.Fprintf(stdout, "%s/i/%s\n", strings.TrimRight(*base, "/"), t)
	}
	fmt.Fprintf(stdout, "# round %d of %s: %d link(s), open until the end of %s; they are shown only now\n", r.ID, s.ID, len(tokens), day.Format(time.DateOnly))
	return nil
}

// findOrganisation returns the id of the organisation called name, or of
// the first one when name is empty.
func findOrganisation(ctx context.Context, st *store.Store, name string) (int64, error) {
	orgs, err := st.Organisations(ctx)
	if err != nil {
		return 0, err
	}
	for _, o := range orgs {
		if name == "" || strings.EqualFold(o.Name, name) {
			return o.ID, nil
		}
	}
	if name == "" {
		return 0, usageError{"no organisation yet: start the server once (it makes the demo) or add one on the admin page"}
	}
	return 0, usageError{fmt.Sprintf("--org %q: no such organisation", name)}
}
