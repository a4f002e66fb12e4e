package export

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// The syntax files read a CSV export into SPSS (or PSPP), Stata and R
// with what the codebook says: variable labels, value labels, the missing
// codes declared as missing, and each variable's measurement level. They
// are made from the same columns as the CSV and datapackage.json, so the
// three cannot drift apart.

// measure is a column's level of measurement, as SPSS names it.
func measure(c Column) string {
	switch {
	case c.Type == "number", c.Type == "integer" && len(c.Categories) == 0:
		return "SCALE"
	case c.Ordered:
		return "ORDINAL"
	}
	return "NOMINAL"
}

// label is the variable label: the question where there is one, else the
// start of the description.
func label(c Column, limit int) string {
	s := c.Title
	if s == "" {
		s = c.Description
	}
	s = strings.Join(strings.Fields(s), " ")
	if len(s) <= limit {
		return s
	}
	// Cut at a rune boundary, within the byte limit.
	for limit > 0 && !utf8.RuneStart(s[limit]) {
		limit--
	}
	return s[:limit]
}

// missingCodes are a column's missing codes other than the empty cell.
func missingCodes(c Column) []Category {
	var out []Category
	for _, m := range c.Missing {
		if m.Value != nil {
			out = append(out, m)
		}
	}
	return out
}

// syntaxWriter keeps the first write error, so generators read as the
// file they write.
type syntaxWriter struct {
	w   io.Writer
	err error
}

func (s *syntaxWriter) printf(format string, args ...any) {
	if s.err == nil {
		_, s.err = fmt.Fprintf(s.w, format, args...)
	}
}

// WriteSPSS writes SPSS syntax (also run by PSPP) that reads the CSV file
// written with format f.
func WriteSPSS(w io.Writer, t Table, csvFile string, f Format) error {
	s := &syntaxWriter{w: w}
	q := func(v string) string { return "'" + strings.ReplaceAll(v, "'", "''") + "'" }
	s.printf("* %s.\n* Made by Kinderstem from the codebook of %s.\n\n", label(Column{Title: t.Title}, 200), csvFile)
	s.printf("SET DECIMAL=%s.\n", map[bool]string{true: "COMMA", false: "DOT"}[f.Semicolon])
	s.printf("GET DATA\n  /TYPE=TXT\n  /FILE=%s\n  /ENCODING='UTF8'\n  /ARRANGEMENT=DELIMITED\n  /DELCASE=LINE\n  /FIRSTCASE=2\n  /DELIMITERS=%s\n  /QUALIFIER='\"'\n  /VARIABLES=\n",
		q(csvFile), q(f.Delimiter()))
	for _, c := range t.Columns {
		s.printf("    %s %s\n", c.Name, spssFormat(c))
	}
	s.printf(".\n\nVARIABLE LABELS\n")
	for i, c := range t.Columns {
		s.printf("  %s %s%s\n", c.Name, q(label(c, 250)), map[bool]string{true: ".", false: ""}[i == len(t.Columns)-1])
	}
	first := true
	for _, c := range t.Columns {
		if len(c.Categories)+len(missingCodes(c)) == 0 {
			continue
		}
		if first {
			s.printf("\nVALUE LABELS\n")
		}
		s.printf("  %s%s\n", map[bool]string{true: "", false: "/"}[first], c.Name)
		first = false
		for _, cat := range append(append([]Category{}, c.Categories...), missingCodes(c)...) {
			v := formatValue(cat.Value, Format{})
			if c.Type == "string" {
				v = q(v)
			}
			s.printf("    %s %s\n", v, q(label(Column{Title: cat.Label}, 120)))
		}
	}
	if !first {
		s.printf(".\n")
	}
	for _, c := range t.Columns {
		if codes := missingCodes(c); len(codes) > 0 {
			var vs []string
			for _, m := range codes {
				vs = append(vs, formatValue(m.Value, Format{}))
			}
			s.printf("MISSING VALUES %s (%s).\n", c.Name, strings.Join(vs, ", "))
		}
	}
	for _, level := range []string{"NOMINAL", "ORDINAL", "SCALE"} {
		var names []string
		for _, c := range t.Columns {
			if measure(c) == level {
				names = append(names, c.Name)
			}
		}
		if len(names) > 0 {
			s.printf("VARIABLE LEVEL %s (%s).\n", strings.Join(names, " "), level)
		}
	}
	s.printf("EXECUTE.\n")
	if d := t.Design; d != nil {
		// PSPP has no Complex Samples and stops at CSPLAN, and this file
		// serves both: the plan is written as comments an SPSS user
		// uncomments.
		plan := q(strings.TrimSuffix(csvFile, ".csv") + ".csaplan")
		s.printf("\n* The design for SPSS Complex Samples: sessions as clusters, population weights.\n")
		s.printf("* PSPP has no Complex Samples; in SPSS remove the asterisk before each line below.\n")
		s.printf("* CSPLAN ANALYSIS /PLAN FILE=%s\n*   /PLANVARS ANALYSISWEIGHT=%s /DESIGN CLUSTER=%s /ESTIMATOR TYPE=WR.\n", plan, d.Weight, d.Cluster)
		if d.Example != "" {
			s.printf("* CSDESCRIPTIVES /PLAN FILE=%s /SUMMARY VARIABLES=%s /MEAN.\n", plan, d.Example)
		}
	}
	return s.err
}

func spssFormat(c Column) string {
	switch c.Type {
	case "integer":
		return "F8.0"
	case "number":
		return "F12.6"
	case "boolean":
		return "A5"
	case "yearmonth":
		return "A7"
	}
	if c.Title != "" { // free text
		return "A1000"
	}
	return "A255"
}

// SyntaxWriter writes one kind of syntax file for a CSV file.
type SyntaxWriter func(w io.Writer, t Table, csvFile string, f Format) error

// Syntaxes are the syntax files by file extension: SPSS (and PSPP),
// Stata, R.
var Syntaxes = map[string]SyntaxWriter{"sps": WriteSPSS, "do": WriteStata, "R": WriteR}
