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

func TestTokenAdd(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "k.db")
	e := env(map[string]string{"KINDERSTEM_DB": db})
	var out bytes.Buffer
	if err := run(context.Background(), []string{"token", "add", "--name", "R script", "--role", "analyst"}, e, nil, &out); err != nil {
		t.Fatal(err)
	}
	secret := strings.SplitN(out.String(), "\n", 2)[0]
	if !strings.HasPrefix(secret, "ks_") || len(secret) < 40 {
		t.Fatalf("printed %q", out.String())
	}
	st, err := store.Open(context.Background(), db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	tok, err := st.TokenBySecret(context.Background(), secret)
	if err != nil || tok.Role != "analyst" || tok.Name != "R script" {
		t.Fatalf("token %+v, %v", tok, err)
	}
	if err := run(context.Background(), []string{"token", "add", "--role", "king", "--name", "x"}, e, nil, &out); err == nil {
		t.Fatal("a token with an unknown role was made")
	}
}
