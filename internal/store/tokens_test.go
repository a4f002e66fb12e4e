package store_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/testkit"
)

// schemaDB makes a database as the build of schema version v left it,
// from the migration files up to v, and returns it open.
func schemaDB(tb testing.TB, v int) (string, *sql.DB) {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "old.db")
	db, err := sql.Open("sqlite3", "file:"+path+"?_foreign_keys=on")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	files, _ := filepath.Glob("migrations/*.sql")
	for _, f := range files[:v] {
		schema, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		if _, err := db.Exec(string(schema)); err != nil {
			tb.Fatalf("%s: %v", f, err)
		}
	}
	mustExec(tb, db, fmt.Sprintf(`PRAGMA user_version = %d`, v))
	return path, db
}

// Tokens made before tokens had an organisation: an analyst's cannot be
// placed, so the upgrade revokes it and says so in the audit log; an
// admin's keeps seeing every organisation's records, as an admin does.
func TestUpgradeRevokesAnalystTokensWithoutOrganisation(t *testing.T) {
	t.Parallel()
	path, db := schemaDB(t, 10)
	mustExec(t, db, `INSERT INTO api_tokens (name, role, hash, created_at) VALUES
		('old script', 'analyst', printf('%064d', 1), '2026-01-01T00:00:00Z'),
		('old admin feed', 'admin', printf('%064d', 2), '2026-01-01T00:00:00Z'),
		('gone', 'analyst', printf('%064d', 3), '2026-01-01T00:00:00Z')`)
	mustExec(t, db, `UPDATE api_tokens SET revoked_at = '2026-01-02T00:00:00Z' WHERE name = 'gone'`)
	db.Close()
	s, err := store.Open(context.Background(), path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	tokens, _ := s.Tokens(context.Background())
	for _, tok := range tokens {
		if revoked := !tok.RevokedAt.IsZero(); revoked != (tok.Role == "analyst") || tok.OrganisationID != 0 {
			t.Errorf("after the upgrade: %+v", tok)
		}
	}
	log, _ := s.AuditLog(context.Background(), 0, 10)
	if len(log) != 1 || log[0].Action != "token_revoke" || log[0].Target != "old script" {
		t.Fatalf("audit log %+v, want one token_revoke of the live analyst token", log)
	}
}

// An analyst's token belongs to an organisation that exists; an admin's
// may be for every organisation. The database refuses an analyst's token
// without one even from code that forgets.
func TestTokensBelongToAnOrganisation(t *testing.T) {
	t.Parallel()
	s, path := testkit.OpenStore(t, store.Options{})
	ctx := context.Background()
	org, _ := s.CreateOrganisation(ctx, "Stad", "municipality")
	for _, c := range []struct {
		tok  store.Token
		want bool
	}{
		{store.Token{Name: "a", Role: "analyst"}, false},
		{store.Token{Name: "b", Role: "analyst", OrganisationID: 999}, false},
		{store.Token{Name: "c", Role: "analyst", OrganisationID: org}, true},
		{store.Token{Name: "d", Role: "admin"}, true},
		{store.Token{Name: "e", Role: "admin", OrganisationID: org}, true},
	} {
		secret, err := s.CreateToken(ctx, &c.tok)
		if (err == nil) != c.want {
			t.Errorf("%+v: %v", c.tok, err)
			continue
		}
		if err != nil {
			if fe, ok := errors.AsType[*fault.Error](err); !ok || fe.Message != "tokens.error_organisation" {
				t.Errorf("%+v: %v, want tokens.error_organisation", c.tok, err)
			}
			continue
		}
		got, err := s.TokenBySecret(ctx, secret)
		if err != nil || got.OrganisationID != c.tok.OrganisationID || (org != 0 && got.OrganisationID == org && got.Organisation != "Stad") {
			t.Errorf("read back %+v, %v", got, err)
		}
	}
	db, _ := sql.Open("sqlite3", "file:"+path)
	defer db.Close()
	if _, err := db.Exec(`INSERT INTO api_tokens (name, role, hash, created_at) VALUES ('x', 'analyst', printf('%064d', 9), '2026-01-01T00:00:00Z')`); err == nil {
		t.Fatal("the database took an analyst's token without an organisation")
	}
}
