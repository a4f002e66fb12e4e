package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/kinderstem/kinderstem/internal/authoring"
	"github.com/kinderstem/kinderstem/internal/locale"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/xlsform"
)

// surveysImport reads an XLSForm: every problem and warning with its
// sheet, row and column (in --lang), exit 1 on a problem; without --check
// a good file becomes the next revision of its survey's draft in --db, by
// --author, whom a second admin or analyst then reviews on the
// questionnaires page.
func surveysImport(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	f := newFlags("surveys import", getenv, stdout)
	db := f.db()
	author := f.str("author", "KINDERSTEM_AUTHOR", "", "e-mail of the admin the draft is by (a second person reviews it)")
	check := f.Bool("check", false, "only check the file; keep nothing")
	lang := f.str("lang", "KINDERSTEM_LANG", "en", "language of the problems and warnings")
	file, err := f.parseFile(args, "usage: kinderstem surveys import [--db FILE] --author EMAIL [--check] FILE.xlsx")
	if err != nil {
		return err
	}
	if *author == "" && !*check {
		return usageError{"--author EMAIL: the admin the draft is by, so that someone else can review it (or --check to keep nothing)"}
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	c, err := loadContent("")
	if err != nil {
		return err
	}
	loc := c.locales.For(*lang)
	if *check {
		res := xlsform.Read(data, authoring.New(nil, c.catalog, c.locales).Context())
		return reportIssues(stdout, loc, file, res.Problems, res.Warnings, "ok: "+file+" reads as a survey")
	}
	st, err := c.openStore(ctx, *db, store.Options{})
	if err != nil {
		return err
	}
	defer st.Close()
	u, err := st.UserByEmail(ctx, *author)
	if err != nil || u.Disabled || (u.Role != "admin" && u.Role != "analyst") {
		return usageError{fmt.Sprintf("--author %s: not an admin or analyst of this database", *author)}
	}
	im, err := authoring.New(st, c.catalog, c.locales).Import(ctx, data, filepath.Base(file), u.ID)
	if err != nil {
		return err
	}
	done := ""
	if len(im.Problems) == 0 {
		done = fmt.Sprintf("ok: %s is revision %d of the draft of %s; a second admin or analyst reviews it at /surveys/drafts/%d",
			file, im.Revision, im.Survey.ID, im.DraftID)
		if err := st.Audit(ctx, u.ID, "survey_import", im.Survey.ID, filepath.Base(file)+" revision "+strconv.Itoa(im.Revision)+" (command line)"); err != nil {
			return err
		}
	}
	return reportIssues(stdout, loc, file, im.Problems, im.Warnings, done)
}

// reportIssues prints problems and warnings, one a line with its place,
// and fails when there is a problem.
func reportIssues(w io.Writer, loc *locale.Localizer, file string, problems, warnings []xlsform.Issue, done string) error {
	line := func(kind string, is xlsform.Issue) string {
		where := is.Place()
		if is.Header != "" {
			where += " (" + is.Header + ")"
		}
		return fmt.Sprintf("%s: %s: %s: %s", file, where, kind, loc.T(is.ID, is.Args...))
	}
	for _, is := range warnings {
		fmt.Fprintln(w, line("warning", is))
	}
	if len(problems) > 0 {
		var out []string
		for _, is := range problems {
			out = append(out, line("problem", is))
		}
		return checkFailed{fmt.Sprintf("%d problems, nothing kept:\n%s", len(problems), strings.Join(out, "\n"))}
	}
	fmt.Fprintln(w, done)
	return nil
}

// surveysExport writes a survey of the catalogue as an XLSForm in every
// shipped language: a shipped survey, or one published in --db (the
// current version, or --version N).
func surveysExport(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	f := newFlags("surveys export", getenv, stdout)
	db := f.db()
	xlsx := f.Bool("xlsx", false, "write an XLSForm (the one format so far)")
	version := f.Int("version", 0, "an earlier published version (default: the current one)")
	out := f.String("out", "", "file to write (default: standard output)")
	id, err := f.parseFile(args, "usage: kinderstem surveys export ID --xlsx [--db FILE] [--version N] [--out FILE.xlsx]")
	if err != nil {
		return err
	}
	if !*xlsx {
		return usageError{"surveys export: say the format: --xlsx"}
	}
	c, err := loadContent("")
	if err != nil {
		return err
	}
	if _, err := os.Stat(*db); err == nil {
		st, err := c.openStore(ctx, *db, store.Options{})
		if err != nil {
			return err
		}
		defer st.Close()
	}
	s, ok := c.catalog.Survey(id)
	if ok && *version > 0 {
		s, ok = c.catalog.Version(id, *version)
	}
	if !ok {
		return checkFailed{fmt.Sprintf("no survey %s (version %d) in the catalogue", id, *version)}
	}
	a := authoring.New(nil, c.catalog, c.locales)
	_, langs := a.Langs()
	data, err := xlsform.Write(s, langs, func(lang, id string) string {
		if !c.locales.Has(lang, id) {
			return ""
		}
		return c.locales.For(lang).T(id)
	})
	if err != nil {
		return err
	}
	if *out == "" {
		_, err = stdout.Write(data)
		return err
	}
	if err := os.WriteFile(*out, data, 0o644); err != nil {
		return errors.Join(errors.New("surveys export"), err)
	}
	fmt.Fprintf(os.Stderr, "wrote %s version %d to %s\n", s.ID, s.Version, *out)
	return nil
}
