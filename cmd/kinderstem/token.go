package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/kinderstem/kinderstem/internal/store"
)

const tokenUsage = "usage: kinderstem token add --name NAME --role analyst|admin --org ORGANISATION (or --org all, for an admin's token only)"

// runToken makes an API token for analysts' scripts and prints it once;
// only its hash is kept. A token belongs to an organisation and sees what
// a user of its role there sees; without --org the command asks for one,
// naming the organisations there are.
func runToken(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	if len(args) == 0 || args[0] != "add" {
		return usageError{tokenUsage}
	}
	f := newFlags("token add", getenv, stdout)
	db := f.db()
	name := f.String("name", "", "what the token is for, e.g. \"R script of the monitor team\"")
	role := f.String("role", store.RoleAnalyst, "analyst or admin")
	orgName := f.String("org", "", "the organisation whose records the token sees, as a user of its role there; \"all\" for an admin's token that sees every organisation's")
	if err := f.parse(args[1:]); err != nil {
		return err
	}
	*name = strings.TrimSpace(*name)
	if *name == "" || len(*name) > 100 {
		return usageError{"--name: 1 to 100 characters"}
	}
	if *role != store.RoleAnalyst && *role != store.RoleAdmin {
		return usageError{"--role: analyst or admin"}
	}
	if strings.EqualFold(*orgName, "all") && *role != store.RoleAdmin {
		return usageError{"--org all: only an admin's token sees every organisation; an analyst's belongs to one"}
	}
	st, err := store.Open(ctx, *db, store.Options{})
	if err != nil {
		return err
	}
	defer st.Close()
	t := &store.Token{Name: *name, Role: *role}
	if !strings.EqualFold(*orgName, "all") {
		if t.OrganisationID, t.Organisation, err = tokenOrganisation(ctx, st, *orgName); err != nil {
			return err
		}
	}
	secret, err := st.CreateToken(ctx, t)
	if err != nil {
		return err
	}
	scope := "every organisation"
	if t.OrganisationID != 0 {
		scope = t.Organisation
	}
	if err := st.Audit(ctx, 0, "token_add", t.Name, fmt.Sprintf("role=%s %s via command line", t.Role, tokenScope(t.OrganisationID))); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s\n", secret)
	fmt.Fprintf(stdout, "This is the %s token %q of %s. It is shown only now; send it as: Authorization: Bearer TOKEN\n", t.Role, t.Name, scope)
	return nil
}

// tokenOrganisation finds the organisation a token is for; with none named
// it asks for one, listing those there are.
func tokenOrganisation(ctx context.Context, st *store.Store, name string) (int64, string, error) {
	orgs, err := st.Organisations(ctx)
	if err != nil {
		return 0, "", err
	}
	for _, o := range orgs {
		if name != "" && strings.EqualFold(o.Name, name) {
			return o.ID, o.Name, nil
		}
	}
	names := make([]string, len(orgs))
	for i, o := range orgs {
		names[i] = fmt.Sprintf("%q", o.Name)
	}
	known := "there is no organisation yet: add one on the admin page, or start the server once (it makes the demo)"
	if len(orgs) > 0 {
		known = "one of " + strings.Join(names, ", ")
	}
	if name == "" {
		return 0, "", usageError{fmt.Sprintf("--org: which organisation's records does the token see? %s (or all, for an admin's token)\n%s", known, tokenUsage)}
	}
	return 0, "", usageError{fmt.Sprintf("--org %q: no such organisation; %s", name, known)}
}

// tokenScope says in the audit log whose records a token sees.
func tokenScope(org int64) string {
	if org == 0 {
		return "organisation=all"
	}
	return fmt.Sprintf("organisation=%d", org)
}
