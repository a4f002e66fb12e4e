package main

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/kinderstem/kinderstem"
	"github.com/kinderstem/kinderstem/internal/locale"
	"github.com/kinderstem/kinderstem/internal/locale/childset"
	"github.com/kinderstem/kinderstem/internal/survey"
)

func runSurveys(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	if len(args) == 0 {
		return usageError{"usage: kinderstem surveys check|describe [DIR] | import FILE.xlsx | export ID --xlsx"}
	}
	switch args[0] {
	case "check":
		return surveysCheck(args[1:], getenv, stdout)
	case "describe":
		return surveysDescribe(args[1:], getenv, stdout)
	case "import":
		return surveysImport(ctx, args[1:], getenv, stdout)
	case "export":
		return surveysExport(ctx, args[1:], getenv, stdout)
	}
	return usageError{fmt.Sprintf("unknown surveys command %q: want check, describe, import or export", args[0])}
}

// surveyFiles returns the surveys and locales folders to read: the embedded
// ones, or DIR and the locales folder beside it (or --locales).
func surveyFiles(f *flags, args []string) (fs.FS, fs.FS, string, error) {
	locales := f.str("locales", "KINDERSTEM_LOCALES", "", "locales folder (default: beside DIR, or the embedded one)")
	if err := f.parse(args); err != nil {
		return nil, nil, "", err
	}
	assets := kinderstem.Assets()
	surveys, _ := fs.Sub(assets, "surveys")
	locs, _ := fs.Sub(assets, "locales")
	where := "embedded surveys"
	if dir := f.Arg(0); dir != "" {
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			return nil, nil, "", usageError{fmt.Sprintf("%s: not a folder", dir)}
		}
		surveys, where = os.DirFS(dir), dir
		if beside := filepath.Join(dir, "..", "locales"); *locales == "" {
			if st, err := os.Stat(beside); err == nil && st.IsDir() {
				locs = os.DirFS(beside)
			}
		}
	}
	if *locales != "" {
		locs = os.DirFS(*locales)
	}
	return surveys, locs, where, nil
}

// loadSurveys reads the catalog and the translations named by the command
// line, with the child-facing messages (what a draft language must
// translate); a broken file is a failed check (exit 1), not a usage error.
func loadSurveys(f *flags, args []string) (*survey.Catalog, *locale.Bundle, []string, string, error) {
	surveys, locs, where, err := surveyFiles(f, args)
	if err != nil {
		return nil, nil, nil, "", err
	}
	cat, err := survey.Load(surveys)
	if err != nil {
		return nil, nil, nil, "", checkFailed{fmt.Sprintf("%s:\n%v", where, err)}
	}
	bundle, err := locale.Load(locs)
	if err != nil {
		return nil, nil, nil, "", checkFailed{err.Error()}
	}
	templates, _ := fs.Sub(kinderstem.Assets(), "templates")
	child, err := childset.Messages(childset.Sources{Locales: locs, Surveys: surveys, Templates: templates, Catalog: cat})
	if err != nil {
		return nil, nil, nil, "", checkFailed{err.Error()}
	}
	// The helplines and complaint lines are what a child reads first in
	// any language: their texts are needed in every offered one.
	for _, load := range []func(fs.FS, []string) (*survey.Helplines, error){survey.LoadHelplines, survey.LoadComplaints} {
		if _, err := load(surveys, tags(bundle)); err != nil {
			return nil, nil, nil, "", checkFailed{fmt.Sprintf("%s:\n%v", where, err)}
		}
	}
	return cat, bundle, child, where, nil
}

// surveysCheck validates survey files and their translations: exit 1 with
// file, line and reason for each problem.
func surveysCheck(args []string, getenv func(string) string, stdout io.Writer) error {
	cat, bundle, child, where, err := loadSurveys(newFlags("surveys check", getenv, stdout), args)
	if err != nil {
		return err
	}
	problems, _ := translationProblems(cat, bundle, child, false)
	if len(problems) > 0 {
		return checkFailed{fmt.Sprintf("%s: %d problems:\n%s", where, len(problems), strings.Join(problems, "\n"))}
	}
	items, indicators := 0, 0
	for _, s := range cat.All() {
		items += len(s.Items())
		indicators += len(s.Indicators)
	}
	fmt.Fprintf(stdout, "ok: %d surveys, %d items, %d indicators, %d registration indicators, %d languages (%s)\n",
		len(cat.All()), items, indicators, len(cat.Registrations()), len(bundle.Offered()), strings.Join(tags(bundle), ", "))
	for _, l := range bundle.Offered() {
		if l.Draft() {
			fmt.Fprintf(stdout, "  %s: child-facing draft, complete for the %d child-facing messages; not reviewed by a native speaker\n", l.Tag, len(child))
		}
	}
	printCatalog(stdout, cat)
	return nil
}

// printCatalog lists every survey with its items and indicators and every
// registration indicator with its source, and counts the metadata a
// monitoring body reads beside the numbers.
func printCatalog(w io.Writer, cat *survey.Catalog) {
	var metas []*survey.Meta
	for _, s := range cat.All() {
		ids := make([]string, 0, len(s.Indicators))
		for _, ind := range s.Indicators {
			ids = append(ids, ind.ID)
			metas = append(metas, &ind.Meta)
		}
		items := make([]string, 0, len(s.Items()))
		for _, it := range s.Items() {
			items = append(items, it.ID)
		}
		fmt.Fprintf(w, "  %s v%d (%s): %d items; indicators: %s\n    items: %s\n", s.ID, s.Version, s.Respondents, len(s.Items()),
			strings.Join(ids, ", "), strings.Join(items, ", "))
	}
	for _, r := range cat.Registrations() {
		metas = append(metas, &r.Meta)
		fmt.Fprintf(w, "  registration %s: %s, %s (%s, %s)\n", r.ID, r.Source.Organisation, r.Source.Table, r.Source.Rhythm, r.Source.Layout)
	}
	observed, goals, refs, basis := 0, 0, 0, 0
	for _, m := range metas {
		basis += min(1, len(m.Basis))
		observed += min(1, len(m.Observations))
		goals += min(1, len(m.Goals))
		refs += len(m.References)
	}
	fmt.Fprintf(w, "metadata: %d of %d indicators with a basis, %d citing the UN Committee's concluding observations, %d a policy goal, %d reference values and targets; %d CRC articles to filter by; %d sources\n",
		basis, len(metas), observed, goals, refs, len(cat.Articles()), len(cat.Sources()))
}

// surveysDescribe prints the Markdown overview kept in surveys/README.md.
func surveysDescribe(args []string, getenv func(string) string, stdout io.Writer) error {
	cat, bundle, _, _, err := loadSurveys(newFlags("surveys describe", getenv, stdout), args)
	if err != nil {
		return err
	}
	nl := bundle.For(locale.Default)
	survey.Describe(stdout, cat, func(id string) string { return nl.T(id) })
	return nil
}
