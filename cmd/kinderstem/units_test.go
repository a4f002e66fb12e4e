package main

import (
	"os"
	"strings"
	"testing"
)

// The shipped service unit asks for what the server does: Type=notify
// with the notify socket for the main process, a watchdog, and a start
// of serve; the drill's unit runs restore-drill, and its timer is weekly.
// (systemd-analyze verify and security check the rest in .ci/deploy-check.)
func TestShippedUnitsMatchTheServer(t *testing.T) {
	t.Parallel()
	for file, want := range map[string][]string{
		"kinderstem.service":                   {"Type=notify", "NotifyAccess=main", "WatchdogSec=", "ExecStart=/usr/local/bin/kinderstem serve", "DynamicUser=yes", "StateDirectory=kinderstem"},
		"kinderstem-litestream.service":        {"ExecStart=/usr/local/bin/litestream replicate -config /etc/kinderstem/litestream.yml", "StateDirectory=kinderstem"},
		"kinderstem.service.d/litestream.conf": {"KINDERSTEM_LITESTREAM=true"},
		"kinderstem-restore-drill.service":     {"Type=oneshot", "ExecStart=/usr/local/bin/kinderstem restore-drill", "StateDirectory=kinderstem"},
		"kinderstem-restore-drill.timer":       {"OnCalendar=Sun", "Persistent=true"},
	} {
		b, err := os.ReadFile("../../deploy/systemd/" + file)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range want {
			if !strings.Contains(string(b), w) {
				t.Errorf("%s lacks %q", file, w)
			}
		}
	}
}
