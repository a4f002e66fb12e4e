package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	"github.com/kinderstem/kinderstem/internal/export"
	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/keys"
	"github.com/kinderstem/kinderstem/internal/locale"
	"github.com/kinderstem/kinderstem/internal/registration"
	"github.com/kinderstem/kinderstem/internal/release"
	"github.com/kinderstem/kinderstem/internal/store"
)

// runExport writes indicators or microdata as CSV with a datapackage.json
// codebook into a folder, for scheduled jobs.
func runExport(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	if len(args) == 0 || (args[0] != "indicators" && args[0] != "microdata") {
		return usageError{"usage: kinderstem export indicators|microdata --db FILE --out DIR [--survey ID] [filters]"}
	}
	what := args[0]
	f := newFlags("export "+what, getenv, stdout)
	db := f.db()
	keyFile := f.keyFile()
	out := f.String("out", ".", "folder to write into")
	surveyID := f.String("survey", "", "survey id (all surveys when empty)")
	indicatorID := f.String("indicator", "", "indicator id (all when empty)")
	by := f.String("by", "", "breakdowns, e.g. age_band,gender")
	period := f.String("period", "", "month, quarter or year, with --by period")
	filters := f.String("filter", "", "filters as a query string, e.g. from=2026-01&region=gent&setting=school (weights=population weights indicators)")
	lang := f.String("lang", locale.Default, "language of titles and value labels")
	k := f.integer("k", "KINDERSTEM_K", release.DefaultK, "disclosure threshold (at least 5)")
	bom := f.Bool("bom", false, "start each CSV with a UTF-8 byte order mark (Excel)")
	semicolon := f.Bool("semicolon", false, "semicolons and decimal commas (Excel set to Dutch, French or German)")
	texts := f.Bool("texts", false, "include free-text answers in microdata (an administrator's explicit choice)")
	withParquet := f.Bool("parquet", false, "microdata: also write each survey as Parquet, from the same pass as the CSV (the same rows, ids and pseudonyms)")
	if err := f.parse(args[1:]); err != nil {
		return err
	}
	// An export streams millions of short-lived values; collecting more
	// often keeps the process's memory flat.
	debug.SetGCPercent(40)
	policy, err := release.NewPolicy(*k, 0)
	if err != nil {
		return usageError{"--k: " + err.Error()}
	}
	q, err := url.ParseQuery(*filters)
	if err != nil {
		return usageError{"--filter: " + err.Error()}
	}
	if *by != "" {
		q.Set("by", *by)
	}
	if *period != "" {
		q.Set("period", *period)
	}
	c, err := loadContent("")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return err
	}
	ks, err := openKeys(*keyFile, *db, getenv)
	if err != nil {
		return err
	}
	st, err := c.openStore(ctx, *db, store.Options{})
	if err != nil {
		return err
	}
	defer st.Close()
	// The gate perturbs with the record secret the server uses, so a file
	// and a page give the same noise.
	record, err := ks.Secret(keys.Record)
	if err != nil {
		return err
	}
	job := &exportJob{st: st, keys: ks, db: *db, c: c, out: *out, q: q, policy: policy.WithSecret(record), t: c.locales.For(*lang), format: export.Format{BOM: *bom, Semicolon: *semicolon}, parquet: *withParquet, stdout: stdout}
	if what == "indicators" {
		err = job.indicators(ctx, *surveyID, *indicatorID)
	} else {
		err = job.microdata(ctx, *surveyID, *texts)
	}
	if err != nil {
		return err
	}
	return st.Audit(ctx, 0, "export", what+" via command line", q.Encode())
}

type exportJob struct {
	st      *store.Store
	keys    *keys.Keys
	db      string
	c       *content
	out     string
	q       url.Values
	policy  release.Policy
	t       *locale.Localizer
	format  export.Format
	parquet bool // microdata: a Parquet file beside each CSV
	stdout  io.Writer
}

func (j *exportJob) text(id string) string { return j.t.T(id) }

// write streams a table into a CSV file (and, for microdata with
// --parquet, a Parquet file from the same pass) and adds it to the
// codebook.
func (j *exportJob) write(t export.Table, withParquet bool) (string, error) {
	name := "kinderstem-" + t.Name + ".csv"
	csvFile, err := create(filepath.Join(j.out, name))
	if err != nil {
		return "", err
	}
	if !withParquet {
		err = export.WriteCSV(csvFile, t, j.format)
	} else {
		var pq *outFile
		if pq, err = create(filepath.Join(j.out, "kinderstem-"+t.Name+".parquet")); err != nil {
			csvFile.abort()
			return "", err
		}
		if err = export.WriteCSVAndParquet(csvFile, j.format, pq, t); err == nil {
			err = pq.close()
		} else {
			pq.abort()
		}
	}
	if err != nil {
		csvFile.abort()
		return "", err
	}
	if err := csvFile.close(); err != nil {
		return "", err
	}
	return name, j.syntaxes(t, name)
}

// outFile is a buffered file that is removed when writing it fails, so a
// failed export leaves no half-written file.
type outFile struct {
	*bufio.Writer
	f *os.File
}

func create(path string) (*outFile, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	return &outFile{Writer: bufio.NewWriterSize(f, 256<<10), f: f}, nil
}

func (o *outFile) close() error {
	if err := o.Flush(); err != nil {
		o.abort()
		return err
	}
	if err := o.f.Close(); err != nil {
		os.Remove(o.f.Name())
		return err
	}
	return nil
}

func (o *outFile) abort() {
	o.f.Close()
	os.Remove(o.f.Name())
}

// syntaxes writes the SPSS, Stata and R files that read a CSV file.
func (j *exportJob) syntaxes(t export.Table, csvFile string) error {
	for ext, write := range export.Syntaxes {
		var b bytes.Buffer
		if err := write(&b, t, csvFile, j.format); err != nil {
			return err
		}
		path := filepath.Join(j.out, strings.TrimSuffix(csvFile, ".csv")+"."+ext)
		if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
			return fmt.Errorf("export: %w", err)
		}
	}
	return nil
}

func (j *exportJob) codebook(name, title string, tables []export.Table, files map[string]string) error {
	dp := export.NewDataPackage(name, title, tables, func(t export.Table) string { return files[t.Name] }, j.format, time.Now())
	return os.WriteFile(filepath.Join(j.out, "datapackage.json"), dp.JSON(), 0o644)
}

func (j *exportJob) indicators(ctx context.Context, surveyID, indicatorID string) error {
	req, err := indicator.ParseRequest(j.q, j.c.catalog)
	if err != nil {
		return err
	}
	rk, err := recordKey(ctx, j.st, j.keys, j.db, false, j.stdout)
	if err != nil {
		return err
	}
	// The server's snapshot, when it is this database's, spares reading
	// every answer; the export never writes one (the server does).
	ix, err := indicator.OpenSnapshot(ctx, j.st, j.c.catalog, indicator.SnapshotPath(j.db), indicator.WithRecordKey(rk))
	if errors.Is(err, indicator.ErrSnapshotRefused) {
		ix, err = indicator.Load(ctx, j.st, j.c.catalog, indicator.WithRecordKey(rk))
	}
	if err != nil {
		return err
	}
	if ix.FromSnapshot() {
		fmt.Fprintln(j.stdout, "indicators counted from the index snapshot and the answers stored since")
	}
	refs, _ := j.c.catalog.Indicators(surveyID, indicatorID)
	var results []*indicator.Result
	for _, ref := range refs {
		res, err := ix.Compute(req.Query(ref, j.policy))
		if indicator.BaseTooSmall(err) && indicatorID == "" {
			// A whole-catalogue export leaves out a survey with too few
			// children in the selection and says so; asked for one
			// indicator, the refusal is the answer.
			fmt.Fprintf(j.stdout, "left out %s/%s: fewer than %d children in the selection\n", ref.Survey.ID, ref.Indicator.ID, j.policy.MinBase())
			continue
		}
		if err != nil {
			return err
		}
		results = append(results, res)
	}
	reg, err := j.registration(ctx, surveyID, indicatorID, req.Filter.Regions)
	if err != nil {
		return err
	}
	if len(results) == 0 && len(reg) == 0 {
		return usageError{"no such survey or indicator"}
	}
	orgs, err := export.OrganisationNames(ctx, j.st)
	if err != nil {
		return err
	}
	t := export.IndicatorTable(results, j.text, func(d indicator.Dim, key string) string {
		return export.LevelLabel(j.c.catalog, j.t.T, d, key, orgs)
	})
	t.RightToLeft = j.t.Lang().RTL()
	name, err := j.write(t, false)
	if err != nil {
		return err
	}
	tables, files := []export.Table{t}, map[string]string{t.Name: name}
	// Registration figures beside the survey indicators, in a file of
	// their own (the shape registration import reads).
	rt := export.RegistrationTable(reg, j.text, j.policy)
	rname, err := j.write(rt, false)
	if err != nil {
		return err
	}
	tables, files[rt.Name] = append(tables, rt), rname
	fmt.Fprintf(j.stdout, "Wrote %s (%d indicators), %s (%d registration figures) and datapackage.json to %s.\n", name, len(results), rname, len(reg), j.out)
	return j.codebook("kinderstem-indicators", "Kinderstem indicators", tables, files)
}

// registration gathers the published registration figures of the export:
// all, or one indicator's; none when one survey is asked for.
func (j *exportJob) registration(ctx context.Context, surveyID, indicatorID string, regions []string) ([]export.RegistrationFigure, error) {
	if surveyID != "" && surveyID != "registration" {
		return nil, nil
	}
	if _, ok := j.c.catalog.RegistrationByID(indicatorID); indicatorID != "" && !ok {
		return nil, nil // a survey indicator's id, or none: the caller says so
	}
	series, err := registration.Select(ctx, j.st, j.c.catalog, indicatorID, regions, j.t.Lang().Tag, j.policy)
	if err != nil {
		return nil, err
	}
	return export.RegistrationFigures(series), nil
}

func (j *exportJob) microdata(ctx context.Context, surveyID string, texts bool) error {
	req, err := indicator.ParseRequest(j.q, j.c.catalog)
	if err == nil {
		err = req.NoBackground() // never in the microdata
	}
	if err != nil {
		return err
	}
	// The index gives the population weights the rows carry.
	rk, err := recordKey(ctx, j.st, j.keys, j.db, false, j.stdout)
	if err != nil {
		return err
	}
	ix, err := indicator.Load(ctx, j.st, j.c.catalog, indicator.WithRecordKey(rk))
	if err != nil {
		return err
	}
	var tables []export.Table
	files := map[string]string{}
	for _, s := range j.c.catalog.Surveys() {
		if surveyID != "" && s.ID != surveyID {
			continue
		}
		m := &export.Microdata{Store: j.st, Catalog: j.c.catalog, Survey: s, Request: req, Policy: j.policy, Texts: texts, T: j.text,
			Weights: ix.MicrodataWeights(s.ID)}
		t, err := m.Table(ctx)
		if err != nil {
			return err
		}
		start := time.Now()
		name, err := j.write(t, j.parquet)
		if err != nil {
			return err
		}
		if j.parquet {
			name += " and " + strings.TrimSuffix(name, ".csv") + ".parquet"
		}
		fmt.Fprintf(j.stdout, "Wrote %s in %s.\n", name, time.Since(start).Round(time.Millisecond))
		tables, files[t.Name] = append(tables, t), "kinderstem-"+t.Name+".csv"
	}
	if len(tables) == 0 {
		return usageError{"no such survey"}
	}
	return j.codebook("kinderstem-microdata", "Kinderstem microdata", tables, files)
}
