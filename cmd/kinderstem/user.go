package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/kinderstem/kinderstem/internal/auth"
	"github.com/kinderstem/kinderstem/internal/store"
)

func runUser(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout io.Writer) error {
	if len(args) == 0 {
		return usageError{"usage: kinderstem user add|password --email E ..."}
	}
	switch args[0] {
	case "add":
		return userAdd(ctx, args[1:], getenv, stdin, stdout)
	case "password":
		return userPassword(ctx, args[1:], getenv, stdin, stdout)
	}
	return usageError{fmt.Sprintf("unknown user command %q: want add or password", args[0])}
}

// readPassword takes the first line of stdin, so a script can pipe it in
// and it never shows in the process list or shell history.
func readPassword(stdin io.Reader, stdout io.Writer) (string, error) {
	fmt.Fprint(stdout, "Password (at least 12 characters for an admin, 10 for others; not a common one), then Enter: ")
	line, err := bufio.NewReader(io.LimitReader(stdin, 4096)).ReadString('\n')
	if err != nil && err != io.EOF {
		return "", fmt.Errorf("read password: %w", err)
	}
	fmt.Fprintln(stdout)
	return strings.TrimRight(line, "\r\n"), nil
}

// passwordAndStore reads a password from stdin and checks it against what
// is known before the database is opened, so that a weak password stops
// before anything is touched; the caller checks it again once it knows
// the user's organisation (checkPassword) and hashes it then.
// The role decides the minimum length; "" (a password set for a user not
// yet read from the database) takes the strictest.
func passwordAndStore(ctx context.Context, db, role string, about auth.About, stdin io.Reader, stdout io.Writer) (string, *store.Store, error) {
	pw, err := readPassword(stdin, stdout)
	if err != nil {
		return "", nil, err
	}
	if err := auth.CheckPolicy(pw, role, about); err != nil {
		return "", nil, usageError{policyText(err)}
	}
	st, err := store.Open(ctx, db, store.Options{})
	return pw, st, err
}

// checkPassword checks pw against everything known about its user and
// returns its hash.
func checkPassword(pw, role string, about auth.About) (string, error) {
	if err := auth.CheckPolicy(pw, role, about); err != nil {
		return "", usageError{policyText(err)}
	}
	hash, err := auth.HashPassword(pw)
	if err != nil {
		return "", usageError{err.Error()}
	}
	return hash, nil
}

func userAdd(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout io.Writer) error {
	f := newFlags("user add", getenv, stdout)
	db := f.db()
	email := f.String("email", "", "e-mail address (the login)")
	role := f.String("role", "", "admin, analyst or worker")
	name := f.String("name", "", "display name")
	org := f.String("organisation", "", "organisation name; created if new (default: the first organisation)")
	if err := f.parse(args); err != nil {
		return err
	}
	if !strings.Contains(*email, "@") || len(*email) > 254 {
		return usageError{"--email: want an e-mail address"}
	}
	if !slices.Contains(store.Roles, *role) {
		return usageError{"--role: want admin, analyst or worker"}
	}
	about := auth.About{Email: *email, Name: *name, Organisation: *org}
	pw, st, err := passwordAndStore(ctx, *db, *role, about, stdin, stdout)
	if err != nil {
		return err
	}
	defer st.Close()
	orgID, orgName, err := organisation(ctx, st, *org)
	if err != nil {
		return err
	}
	about.Organisation = orgName
	hash, err := checkPassword(pw, *role, about)
	if err != nil {
		return err
	}
	if orgID == 0 {
		if orgID, err = st.CreateOrganisation(ctx, orgName, "other"); err != nil {
			return err
		}
	}
	u := &store.User{OrganisationID: orgID, Email: *email, Name: *name, Role: *role, PasswordHash: hash}
	if err := st.CreateUser(ctx, u); err != nil {
		return err
	}
	if err := st.Audit(ctx, 0, "user_add", u.Email, "role="+u.Role+" via command line"); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Created %s %s (user %d).\n", u.Role, u.Email, u.ID)
	return nil
}

// organisation finds the named organisation; with no name, the first one,
// or "Kinderstem" when there is none. An id of 0 means it is still to be
// made, under the name returned.
func organisation(ctx context.Context, st *store.Store, name string) (int64, string, error) {
	orgs, err := st.Organisations(ctx)
	if err != nil {
		return 0, "", err
	}
	for _, o := range orgs {
		if strings.EqualFold(o.Name, name) || (name == "" && len(orgs) > 0) {
			return o.ID, o.Name, nil
		}
	}
	if name == "" {
		name = "Kinderstem"
	}
	return 0, name, nil
}

func userPassword(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout io.Writer) error {
	f := newFlags("user password", getenv, stdout)
	db := f.db()
	email := f.String("email", "", "e-mail address of the user")
	if err := f.parse(args); err != nil {
		return err
	}
	pw, st, err := passwordAndStore(ctx, *db, "", auth.About{Email: *email}, stdin, stdout)
	if err != nil {
		return err
	}
	defer st.Close()
	u, err := st.UserByEmail(ctx, *email)
	if err != nil {
		return fmt.Errorf("no user %q", *email)
	}
	hash, err := checkPassword(pw, u.Role, auth.About{Email: u.Email, Name: u.Name, Organisation: u.Organisation})
	if err != nil {
		return err
	}
	if err := st.SetPassword(ctx, u.ID, hash); err != nil {
		return err
	}
	if err := st.Audit(ctx, 0, "password_set", u.Email, "via command line; logged out everywhere"); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Password set for %s; the user is logged out everywhere.\n", u.Email)
	return nil
}

// policyText says in English why the command line refuses a password.
func policyText(err error) string {
	weak, ok := errors.AsType[*auth.WeakPassword](err)
	if !ok {
		return err.Error()
	}
	switch weak.Reason {
	case auth.TooShortAdmin:
		return fmt.Sprintf("password: an admin's password needs at least %d characters", auth.MinAdminPasswordLen)
	case auth.TooShort:
		return fmt.Sprintf("password: at least %d characters", auth.MinPasswordLen)
	case auth.TooLong:
		return fmt.Sprintf("password: at most %d characters", auth.MaxPasswordLen)
	case auth.Personal:
		return "password: it contains the e-mail address or the name; choose another"
	case auth.Guessable:
		return "password: it is built on the name of Kinderstem or of the organisation, which is quick to guess; choose another"
	}
	return "password: it is on lists of common passwords or easy to guess; choose a longer one, e.g. a few words that belong together only for you"
}
