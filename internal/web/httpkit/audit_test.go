package httpkit_test

import (
	"context"
	"log/slog"
	"net/http/httptest"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/testkit"
	"github.com/kinderstem/kinderstem/internal/web/httpkit"
)

// An action that was carried out is audited even when the client stopped
// waiting for the answer (a worker's browser that timed out on a loaded
// server): the entry is written, not dropped with the request's context.
func TestAuditOutlivesAClientThatLeft(t *testing.T) {
	t.Parallel()
	st, _ := testkit.OpenStore(t, store.Options{})
	k := &httpkit.Kit{Store: st, Log: slog.New(slog.DiscardHandler)}
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // the client has gone
	c, _ := gin.CreateTestContext(httptest.NewRecorder())
	c.Request = httptest.NewRequest("POST", "/sessions", nil).WithContext(ctx)
	k.Audit(c, 0, "session_create", "session 7", "")
	log, err := st.AuditLog(context.Background(), 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(log) != 1 || log[0].Action != "session_create" || log[0].Target != "session 7" {
		t.Fatalf("audit log after a client left: %+v", log)
	}
}
