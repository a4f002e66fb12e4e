package web_test

import (
	"context"
	"database/sql"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// A child's view that cannot be erased (a trigger refuses it here, as a
// damaged page would) does not stop the admin's backup nor the erasure of
// the others due: the backup is made, its audit entry says the copy holds
// a view due for erasure, and /healthz tells the monitor the erasure is
// failing while children can still take part.
func TestBackupGoesOnPastAStuckErasure(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	account := e.account("worker", "Jeugdhulp Noord")
	worker := account.login()
	stuck := sentView(t, e, worker)
	other := sentView(t, e, worker)
	e.clock.Add(366 * 24 * time.Hour) // untouched past the backstop
	db, err := sql.Open("sqlite3", "file:"+e.path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE TRIGGER stuck BEFORE UPDATE ON voice_requests WHEN OLD.id = ` + stuck.id + `
		BEGIN SELECT RAISE(ABORT, 'stuck'); END`); err != nil {
		t.Fatal(err)
	}
	admin := e.account("admin", "Stad").login()
	r := admin.postForm("/admin/backup", url.Values{"csrf": {admin.get("/admin").csrf(t)}})
	r.want(t, http.StatusOK)
	if !strings.HasPrefix(r.body, "SQLite format 3\x00") {
		t.Fatalf("the download is not a SQLite file (%d bytes)", len(r.body))
	}
	worker = account.login()
	worker.get("/voice/"+other.id).want(t, http.StatusNotFound)
	worker.get("/voice/"+stuck.id).want(t, http.StatusOK)
	log, _ := e.store.AuditLog(context.Background(), 0, 500)
	var backup string
	for _, l := range log {
		if l.Action == "backup" {
			backup = l.Detail
		}
	}
	if !strings.Contains(backup, "1 children's views due for erasure could not be erased") {
		t.Errorf("the backup's audit entry does not say it holds a view due for erasure: %q", backup)
	}
	e.client().get("/healthz").want(t, http.StatusOK, `"erasure":"failing"`)
}
