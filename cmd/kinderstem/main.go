// Command kinderstem runs the Kinderstem survey platform: the web server and
// the commands that administer it (demo data, users, tokens, survey checks,
// exports, backups).
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // days are counted in Europe/Brussels on any machine
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "kinderstem:", err)
		os.Exit(exitCode(err))
	}
}
