package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/kinderstem/kinderstem/internal/store"
)

// runToken makes an API token for analysts' scripts and prints it once;
// only its hash is kept.
func runToken(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	if len(args) == 0 || args[0] != "add" {
		return usageError{"usage: kinderstem token add --name NAME --role analyst|admin"}
	}
	f := newFlags("token add", getenv, stdout)
	db := f.db()
	name := f.String("name", "", "what the token is for, e.g. \"R script of the monitor team\"")
	role := f.String("role", store.RoleAnalyst, "analyst or admin")
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
	st, err := store.Open(ctx, *db, store.Options{})
	if err != nil {
		return err
	}
	defer st.Close()
	secret, t, err := st.CreateToken(ctx, *name, *role, 0)
	if err != nil {
		return err
	}
	if err := st.Audit(ctx, 0, "token_add", t.Name, "role="+t.Role+" via command line"); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s\n", secret)
	fmt.Fprintf(stdout, "This is the %s token %q. It is shown only now; send it as: Authorization: Bearer TOKEN\n", t.Role, t.Name)
	return nil
}
