package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kinderstem/kinderstem/internal/store"
)

func TestUserAddAndPassword(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "k.db")
	e := env(map[string]string{"KINDERSTEM_DB": db})
	ctx := context.Background()
	var out bytes.Buffer
	add := []string{"user", "add", "--email", "ada@example.org", "--role", "admin", "--organisation", "Stad Gent"}
	if err := run(ctx, add, e, strings.NewReader("a-long-secret-1\n"), &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "Created admin ada@example.org") {
		t.Fatalf("output %q", out.String())
	}
	for _, c := range []struct {
		name  string
		args  []string
		stdin string
		want  string
	}{
		{"same e-mail", add, "a-long-secret-2\n", "a user with this e-mail exists"},
		{"weak password", []string{"user", "add", "--email", "b@example.org", "--role", "worker"}, "short\n", "at least 10 characters"},
		{"short for an admin", []string{"user", "add", "--email", "b@example.org", "--role", "admin"}, "1234567890\n", "at least 12 characters"},
		{"common password", []string{"user", "add", "--email", "b@example.org", "--role", "worker"}, "password1234\n", "common passwords"},
		{"bad role", []string{"user", "add", "--email", "c@example.org", "--role", "boss"}, "a-long-secret-3\n", "--role"},
		{"the product's name", []string{"user", "add", "--email", "b@example.org", "--role", "admin"}, "Kinderstem2026\n", "name of Kinderstem or of the organisation"},
		{"the organisation's name", []string{"user", "add", "--email", "b@example.org", "--role", "admin", "--organisation", "Stad Gent"}, "StadGent2026!\n", "name of Kinderstem or of the organisation"},
		{"the default organisation's name", []string{"user", "add", "--email", "b@example.org", "--role", "analyst"}, "stadgent2026\n", "name of Kinderstem or of the organisation"},
		{"unknown user", []string{"user", "password", "--email", "nobody@example.org"}, "a-long-secret-3\n", "no user"},
	} {
		if err := run(ctx, c.args, e, strings.NewReader(c.stdin), &out); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want %q", c.name, err, c.want)
		}
	}
	if err := run(ctx, []string{"user", "password", "--email", "ADA@example.org"}, e, strings.NewReader("another-secret\n"), &out); err != nil {
		t.Fatal(err)
	}
}

func TestBackupCommand(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "k.db")
	var out bytes.Buffer
	e := env(map[string]string{"KINDERSTEM_DB": db})
	if err := run(context.Background(), []string{"user", "add", "--email", "a@example.org", "--role", "admin"}, e, strings.NewReader("a-long-secret-1\n"), &out); err != nil {
		t.Fatal(err)
	}
	copy := filepath.Join(dir, "copy.db")
	if err := run(context.Background(), []string{"backup", "--out", copy}, e, nil, &out); err != nil {
		t.Fatal(err)
	}
	checkDB(t, copy)
	if err := run(context.Background(), []string{"backup", "--out", copy}, e, nil, &out); err == nil {
		t.Fatal("a backup overwrote an existing file")
	}
}

func TestDemoThenTalliesCheck(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "k.db")
	e := env(map[string]string{"KINDERSTEM_DB": db})
	var out bytes.Buffer
	if err := run(context.Background(), []string{"demo", "--submissions", "600", "--months", "3"}, e, nil, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "Added 600 submissions") {
		t.Fatalf("demo said: %s", out.String())
	}
	out.Reset()
	if err := run(context.Background(), []string{"tallies", "check"}, e, nil, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "ok: ") {
		t.Fatalf("tallies check said: %s", out.String())
	}
	out.Reset()
	dir := t.TempDir()
	if err := run(context.Background(), []string{"export", "microdata", "--out", dir, "--survey", "wellbeing", "--semicolon", "--bom"}, e, nil, &out); err != nil {
		t.Fatal(err)
	}
	if err := run(context.Background(), []string{"export", "indicators", "--out", t.TempDir(), "--by", "age_band"}, e, nil, &out); err != nil {
		t.Fatal(err)
	}
}

// A token belongs to an organisation: the command asks for one, naming
// those there are; only an admin's token may be for every organisation.
func TestTokenAdd(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "k.db")
	e := env(map[string]string{"KINDERSTEM_DB": db})
	ctx := context.Background()
	var out bytes.Buffer
	err := run(ctx, []string{"token", "add", "--name", "R script", "--role", "analyst"}, e, nil, &out)
	if err == nil || !strings.Contains(err.Error(), "no organisation yet") || exitCode(err) != 2 {
		t.Fatalf("an analyst's token without an organisation: %v", err)
	}
	if err := run(ctx, []string{"user", "add", "--email", "ana@example.org", "--role", "analyst", "--organisation", "Stad Gent"}, e, strings.NewReader("a-long-secret-1\n"), &out); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--role", "analyst"}, `which organisation's records does the token see? one of "Stad Gent"`},
		{[]string{"--role", "analyst", "--org", "Elders"}, `--org "Elders": no such organisation; one of "Stad Gent"`},
		{[]string{"--role", "analyst", "--org", "all"}, "only an admin's token sees every organisation"},
		{[]string{"--role", "king", "--org", "Stad Gent"}, "--role"},
	} {
		err := run(ctx, append([]string{"token", "add", "--name", "x"}, c.args...), e, nil, &out)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("token add %v: %v, want %q", c.args, err, c.want)
		}
	}
	made := func(args ...string) *store.Token {
		t.Helper()
		out.Reset()
		if err := run(ctx, append([]string{"token", "add"}, args...), e, nil, &out); err != nil {
			t.Fatal(err)
		}
		secret := strings.SplitN(out.String(), "\n", 2)[0]
		if !strings.HasPrefix(secret, "ks_") || len(secret) < 40 {
			t.Fatalf("printed %q", out.String())
		}
		st, err := store.Open(ctx, db, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		tok, err := st.TokenBySecret(ctx, secret)
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	if tok := made("--name", "R script", "--role", "analyst", "--org", "stad gent"); tok.Role != "analyst" || tok.Name != "R script" || tok.Organisation != "Stad Gent" {
		t.Fatalf("token %+v", tok)
	}
	if !strings.Contains(out.String(), `analyst token "R script" of Stad Gent`) {
		t.Errorf("output %q", out.String())
	}
	if tok := made("--name", "monitor", "--role", "admin", "--org", "all"); tok.OrganisationID != 0 {
		t.Fatalf("admin token for every organisation: %+v", tok)
	}
}
