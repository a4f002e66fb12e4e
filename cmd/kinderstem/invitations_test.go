package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/kinderstem/kinderstem/internal/store"
)

var linkLine = regexp.MustCompile(`^http://example\.org/i/[A-Za-z0-9_-]{22}$`)

// "invitations add" prints N links, each used once, or one open link, and
// keeps none of them in the file.
func TestInvitationsAdd(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "k.db")
	st, err := store.Open(ctx, path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreateOrganisation(ctx, "Kinderrechtencoalitie", "ngo"); err != nil {
		t.Fatal(err)
	}
	st.Close()
	noEnv := env(nil)
	for _, tc := range []struct {
		name  string
		args  []string
		links int
	}{
		{"per organisation", []string{"--count", "5"}, 5},
		{"open", []string{"--open"}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out strings.Builder
			args := append([]string{"invitations", "add", "--db", path, "--survey", "child_guarantee", "--base", "http://example.org/", "--closes", "2099-01-31"}, tc.args...)
			if err := run(ctx, args, noEnv, nil, &out); err != nil {
				t.Fatal(err)
			}
			var links []string
			for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
				if !strings.HasPrefix(line, "#") {
					links = append(links, line)
				}
			}
			if len(links) != tc.links {
				t.Fatalf("%d links printed, want %d:\n%s", len(links), tc.links, out.String())
			}
			file, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			for _, l := range links {
				if !linkLine.MatchString(l) {
					t.Fatalf("not a link: %q", l)
				}
				raw, _ := base64.RawURLEncoding.DecodeString(l[len(l)-22:])
				if bytes.Contains(file, []byte(l[len(l)-22:])) || bytes.Contains(file, raw) {
					t.Errorf("the token of %s is in the database file", l)
				}
			}
		})
	}
	for _, bad := range [][]string{
		{"--survey", "wellbeing", "--count", "3"}, // a children's survey
		{"--survey", "child_guarantee"},           // neither --count nor --open
		{"--survey", "child_guarantee", "--count", "2", "--open"},
		{"--survey", "child_guarantee", "--count", "3", "--closes", "31/01/2099"},
		{"--survey", "child_guarantee", "--count", "3", "--org", "Nobody"},
		{"--survey", "child_guarantee", "--count", "3", "--base", "example.org"},
	} {
		err := run(ctx, append([]string{"invitations", "add", "--db", path}, bad...), noEnv, nil, &strings.Builder{})
		if err == nil || exitCode(err) != 2 {
			t.Errorf("%v: err = %v, want a usage error", bad, err)
		}
	}
	// The links start with serve's address, KINDERSTEM_BASE_URL, when set.
	var out strings.Builder
	withBase := env(map[string]string{"KINDERSTEM_BASE_URL": "https://kinderstem.example.org"})
	if err := run(ctx, []string{"invitations", "add", "--db", path, "--survey", "child_guarantee", "--open"}, withBase, nil, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "\nhttps://kinderstem.example.org/i/") && !strings.HasPrefix(out.String(), "https://kinderstem.example.org/i/") {
		t.Fatalf("the link does not start with KINDERSTEM_BASE_URL:\n%s", out.String())
	}
}
