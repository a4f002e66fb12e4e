package export

import (
	"io"
	"strconv"
	"strings"
)

// WriteStata writes a Stata do-file that reads the CSV file written with
// format f. Missing codes become Stata's extended missing values (.a
// skipped, .b "don't know"), labelled, so they stay apart from the answers
// and from each other; string columns keep their codes (Stata labels
// numbers only). Every string column is read as a string whatever it
// looks like (stringcols), so a province code "04000" keeps its zero and
// an id stays an id.
func WriteStata(w io.Writer, t Table, csvFile string, f Format) error {
	s := &syntaxWriter{w: w}
	q := func(v string) string { return "`\"" + v + "\"'" } // compound quotes take any text
	s.printf("* %s\n* Made by Kinderstem from the codebook of %s.\n\n", label(Column{Title: t.Title}, 200), csvFile)
	opts := `delimiters(",")`
	if f.Semicolon {
		opts = `delimiters(";") decimalseparator(",")`
	}
	var text []string
	for i, c := range t.Columns {
		if c.Type == "string" {
			text = append(text, strconv.Itoa(i+1))
		}
	}
	if len(text) > 0 {
		opts += " stringcols(" + strings.Join(text, " ") + ")"
	}
	s.printf("import delimited using %s, %s varnames(1) encoding(\"utf-8\") case(preserve) clear\n\n", q(csvFile), opts)
	for _, c := range t.Columns {
		s.printf("label variable %s %s\n", c.Name, q(label(c, 80)))
	}
	for _, c := range t.Columns {
		if c.Type != "integer" || len(c.Categories)+len(missingCodes(c)) == 0 {
			continue
		}
		codes := missingCodes(c)
		if len(codes) > 0 {
			var mv []string
			for i, m := range codes {
				mv = append(mv, formatValue(m.Value, Format{})+"="+stataMissing(i))
			}
			s.printf("mvdecode %s, mv(%s)\n", c.Name, strings.Join(mv, " \\ "))
		}
		s.printf("label define %s", c.Name)
		for _, cat := range c.Categories {
			s.printf(" %s %s", formatValue(cat.Value, Format{}), q(label(Column{Title: cat.Label}, 80)))
		}
		for i, m := range codes {
			s.printf(" %s %s", stataMissing(i), q(label(Column{Title: m.Label}, 80)))
		}
		s.printf(", replace\nlabel values %s %s\n", c.Name, c.Name)
	}
	if d := t.Design; d != nil {
		s.printf("\n* The design: sessions as clusters, population weights.\n")
		s.printf("svyset %s [pweight = %s]\n", d.Cluster, d.Weight)
		if d.Example != "" {
			s.printf("* svy: mean %s\n", d.Example)
		}
	}
	return s.err
}

// stataMissing names the i-th missing code: .a, .b, ...
func stataMissing(i int) string { return "." + string(rune('a'+i)) }
