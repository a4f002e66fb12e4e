package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"
	"strings"

	"github.com/kinderstem/kinderstem"
	"github.com/kinderstem/kinderstem/internal/authoring"
	"github.com/kinderstem/kinderstem/internal/declare"
	"github.com/kinderstem/kinderstem/internal/keys"
	"github.com/kinderstem/kinderstem/internal/locale"
	"github.com/kinderstem/kinderstem/internal/locale/childset"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
)

const usage = `Usage: kinderstem [command] [flags]

Commands:
  serve            run the web server (the default)
  demo             fill a database with synthetic submissions
  user add         create a staff user (password from standard input; at least
                   12 characters for an admin, 10 for others, not a common one)
  user password    set a staff user's password (from standard input) and end
                   every session of the user
  token add        create an API token and print it once
  surveys check    validate survey files and their translations
  surveys describe print every item with its CRC articles, scale and indicators
  surveys import   read an XLSForm (Excel): every problem at its sheet, row and
                   column; a good file becomes a draft to review and publish
  surveys export   write a survey as an XLSForm (--xlsx), to change in Excel
  tallies check    rebuild the indicator index from the answers and compare it
                   with a direct SQL aggregation (rebuild: the same)
  export           write indicators or microdata as CSV with a codebook
  registration import  import registration figures (tidy CSV; any bad row imports nothing)
  areas import     load Statbel's REFNIS list of municipalities (codes the shipped list lacks)
  population import  load a population table (area, sex, age, count) for weights=population
  backup           make a consistent copy of the database while it runs
  invitations add  start an invitation round for a professionals' survey and
                   print its links (one per organisation, or one open link)
  site build       write the public monitor as of an edition as static files
                   (HTML, SVG, CSV, JSON, the catalogue) for any web server
  bench            load a running server on this machine and compare with SQLite's ceiling
  migrate          bring the schema up to this build's after a consistent copy;
                   --dry-run lists the migrations and changes nothing
  restore-drill    restore the latest replica (or --backup FILE) to a temporary
                   file, check it and compare it with the live database; exit 1
                   on any difference
  soak             a national day at this machine's scale against the binary,
                   with SIGKILL and a restore drill half-way

Every command takes --db FILE (or KINDERSTEM_DB). serve and export also take
--keys FILE (or KINDERSTEM_KEYS): the server's secrets, kept beside the
database as DB.keys (mode 0600), never in it. Run "kinderstem COMMAND -h"
for its flags.
`

// run is the whole program; main only gives it the process's context,
// arguments, environment and streams, so tests can drive it the same way.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout io.Writer) error {
	cmd, rest := "serve", args
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, rest = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		return runServe(ctx, rest, getenv, stdout)
	case "demo":
		return runDemo(ctx, rest, getenv, stdout)
	case "user":
		return runUser(ctx, rest, getenv, stdin, stdout)
	case "surveys":
		return runSurveys(ctx, rest, getenv, stdout)
	case "export":
		return runExport(ctx, rest, getenv, stdout)
	case "backup":
		return runBackup(ctx, rest, getenv, stdout)
	case "bench":
		return runBench(ctx, rest, getenv, stdout)
	case "migrate":
		return runMigrate(ctx, rest, getenv, stdout)
	case "restore-drill":
		return runRestoreDrill(ctx, rest, getenv, stdout)
	case "soak":
		return runSoak(ctx, rest, getenv, stdout)
	case "tallies":
		return runTallies(ctx, rest, getenv, stdout)
	case "token":
		return runToken(ctx, rest, getenv, stdout)
	case "registration":
		return runRegistration(ctx, rest, getenv, stdout)
	case "areas":
		return runAreas(ctx, rest, getenv, stdout)
	case "population":
		return runPopulation(ctx, rest, getenv, stdout)
	case "invitations":
		return runInvitations(ctx, rest, getenv, stdout)
	case "site":
		return runSite(ctx, rest, getenv, stdout)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	return usageError{fmt.Sprintf("unknown command %q\n\n%s", cmd, usage)}
}

// usageError is a mistake in the command line: exit code 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// checkFailed is a check that ran and found problems: exit code 1.
type checkFailed struct{ msg string }

func (e checkFailed) Error() string { return e.msg }

func exitCode(err error) int {
	var ue usageError
	if errors.As(err, &ue) || errors.Is(err, flag.ErrHelp) {
		return 2
	}
	return 1
}

// flags is a command's flag set with environment fallbacks and the errors
// found while reading them.
type flags struct {
	*flag.FlagSet
	getenv func(string) string
	errs   []string
}

func newFlags(name string, getenv func(string) string, out io.Writer) *flags {
	fs := flag.NewFlagSet("kinderstem "+name, flag.ContinueOnError)
	fs.SetOutput(out)
	return &flags{FlagSet: fs, getenv: getenv}
}

func (f *flags) str(name, env, def, help string) *string {
	if v := f.getenv(env); v != "" {
		def = v
	}
	return f.String(name, def, help+" ("+env+")")
}

func (f *flags) boolean(name, env string, def bool, help string) *bool {
	if v := f.getenv(env); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			f.errs = append(f.errs, fmt.Sprintf("%s=%q: want true or false", env, v))
		}
		def = b
	}
	return f.Bool(name, def, help+" ("+env+")")
}

func (f *flags) integer(name, env string, def int, help string) *int {
	if v := f.getenv(env); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			f.errs = append(f.errs, fmt.Sprintf("%s=%q: want a whole number", env, v))
		}
		def = n
	}
	return f.Int(name, def, help+" ("+env+")")
}

func (f *flags) db() *string {
	return f.str("db", "KINDERSTEM_DB", "kinderstem.db", "SQLite database file")
}

// keyFile is the --keys flag: the file of named secrets, beside the
// database unless said otherwise.
func (f *flags) keyFile() *string {
	return f.str("keys", "KINDERSTEM_KEYS", "", "file of the server's secrets (cookie and export keys), made with mode 0600 on first start; DB.keys beside the database when empty")
}

// openKeys opens the key file named by --keys, or the one beside db.
func openKeys(path, db string, getenv func(string) string) (*keys.Keys, error) {
	if path == "" {
		path = keys.PathFor(db)
	}
	return keys.Open(path, getenv)
}

// parse reads args; bad environment values are reported with the flags'.
func (f *flags) parse(args []string) error {
	if err := f.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err.Error()}
	}
	if len(f.errs) > 0 {
		return usageError{strings.Join(f.errs, "\n")}
	}
	return nil
}

// parseFile reads the args of a command that takes one file, with its
// flags before or after the file name; anything else is the usage.
func (f *flags) parseFile(args []string, use string) (string, error) {
	if err := f.parse(args); err != nil {
		return "", err
	}
	if f.NArg() == 0 {
		return "", usageError{use}
	}
	file := f.Arg(0)
	if err := f.parse(f.Args()[1:]); err != nil || f.NArg() > 0 {
		return "", usageError{use}
	}
	return file, nil
}

// content is the catalog and translations, embedded or from --assets DIR.
type content struct {
	assets  fs.FS
	catalog *survey.Catalog
	locales *locale.Bundle
	// fallbacks are the indicator texts a full language lacks, shown in
	// the default language (translationProblems): serve logs them.
	fallbacks []string
}

// openStore opens the database at path and registers the shipped surveys
// in it, as every command that reads or writes answers needs.
func (c *content) openStore(ctx context.Context, path string, opts store.Options) (*store.Store, error) {
	st, err := store.Open(ctx, path, opts)
	if err != nil {
		return nil, err
	}
	// Registration indicators an administrator declared join the
	// catalogue, checked again against the shipped files of this build.
	defs, err := st.RegistrationDefinitions(ctx)
	if err != nil {
		st.Close()
		return nil, err
	}
	if len(defs) > 0 {
		cat, bundle, err := declare.Load(c.assets, declare.FromStore(defs))
		if err != nil {
			st.Close()
			return nil, checkFailed{fmt.Sprintf("declared registration indicators (admin pages) no longer fit this build:\n%v", err)}
		}
		c.catalog, c.locales = cat, bundle
	}
	if err := st.RegisterCatalog(ctx, c.catalog); err != nil {
		st.Close()
		return nil, err
	}
	// Municipalities an operator loaded from Statbel's list that the
	// shipped list lacks (kinderstem areas import).
	areas, err := st.Areas(ctx)
	if err != nil {
		st.Close()
		return nil, err
	}
	for _, a := range areas {
		c.catalog.AddArea(a.Code, a.NL, a.FR, a.DE, a.Province)
	}
	// Surveys written and published in this database join the catalogue
	// beside the shipped ones. One that no longer reads is said and left
	// out: its sessions say it is gone, every other survey works.
	if err := authoring.New(st, c.catalog, c.locales).LoadPublished(ctx); err != nil {
		if ctx.Err() != nil {
			st.Close()
			return nil, err
		}
		fmt.Fprintf(os.Stderr, "kinderstem: some published surveys were not loaded:\n%v\n", err)
	}
	return st, nil
}

func loadContent(dir string) (*content, error) {
	assets := kinderstem.Assets()
	if dir != "" {
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			return nil, usageError{fmt.Sprintf("--assets %s: not a folder", dir)}
		}
		assets = os.DirFS(dir)
	}
	surveys, _ := fs.Sub(assets, "surveys")
	cat, err := survey.Load(surveys)
	if err != nil {
		return nil, fmt.Errorf("surveys:\n%w", err)
	}
	locs, _ := fs.Sub(assets, "locales")
	bundle, err := locale.Load(locs)
	if err != nil {
		return nil, err
	}
	templates, _ := fs.Sub(assets, "templates")
	child, err := childset.Messages(childset.Sources{Locales: locs, Surveys: surveys, Templates: templates, Catalog: cat})
	if err != nil {
		return nil, err
	}
	problems, fallbacks := translationProblems(cat, bundle, child, true)
	if len(problems) > 0 {
		return nil, checkFailed{"translations are incomplete (kinderstem surveys check lists them all):\n" + strings.Join(firstN(problems, 20), "\n")}
	}
	return &content{assets: assets, catalog: cat, locales: bundle, fallbacks: fallbacks}, nil
}

// tags are the offered languages, full and draft.
func tags(b *locale.Bundle) []string {
	var out []string
	for _, l := range b.Offered() {
		out = append(out, l.Tag)
	}
	return out
}

// fullTags are the full languages only: the demo's children switch among
// these, so the demo's numbers do not move when a draft arrives.
func fullTags(b *locale.Bundle) []string {
	var out []string
	for _, l := range b.Languages() {
		out = append(out, l.Tag)
	}
	return out
}

// firstN keeps a long list of problems readable.
func firstN(lines []string, n int) []string {
	if len(lines) <= n {
		return lines
	}
	return append(lines[:n:n], fmt.Sprintf("… and %d more", len(lines)-n))
}
