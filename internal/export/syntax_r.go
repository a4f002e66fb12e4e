package export

import (
	"io"
	"strconv"
	"strings"
)

// WriteR writes an R script that reads the CSV file written with format f
// with readr and labels it with haven: answers become labelled_spss
// vectors (value labels, the missing codes as user-defined missing values,
// the question as label), and a second data frame, d_factors, holds them
// as factors, ordered for scales, with the missing codes as NA.
func WriteR(w io.Writer, t Table, csvFile string, f Format) error {
	s := &syntaxWriter{w: w}
	q := strconv.Quote
	s.printf("# %s\n# Made by Kinderstem from the codebook of %s.\n\n", label(Column{Title: t.Title}, 200), csvFile)
	s.printf("library(readr)\nlibrary(haven)\n\n")
	var types []string
	for _, c := range t.Columns {
		types = append(types, c.Name+" = "+rType(c))
	}
	mark := map[bool]string{true: ",", false: "."}[f.Semicolon]
	s.printf("d <- read_delim(%s, delim = %s, na = \"\",\n  locale = locale(encoding = \"UTF-8\", decimal_mark = %s),\n  col_types = cols(\n    %s\n  ))\n\n",
		q(csvFile), q(f.Delimiter()), q(mark), strings.Join(types, ",\n    "))
	for _, c := range t.Columns {
		if c.Type != "integer" || len(c.Categories) == 0 {
			s.printf("attr(d$%s, \"label\") <- %s\n", c.Name, q(label(c, 250)))
			continue
		}
		var labels, na []string
		for _, cat := range append(append([]Category{}, c.Categories...), missingCodes(c)...) {
			labels = append(labels, q(cat.Label)+" = "+formatValue(cat.Value, Format{}))
		}
		for _, m := range missingCodes(c) {
			na = append(na, formatValue(m.Value, Format{}))
		}
		s.printf("d$%s <- labelled_spss(d$%s, labels = c(%s),\n  na_values = c(%s), label = %s)\n", c.Name, c.Name, strings.Join(labels, ", "), strings.Join(na, ", "), q(label(c, 250)))
	}
	s.printf("\n# Answers as factors: codes outside the levels (skipped, don't know) become NA.\nd_factors <- d\n")
	for _, c := range t.Columns {
		if c.Type != "integer" || len(c.Categories) == 0 {
			continue
		}
		var levels, labels []string
		for _, cat := range c.Categories {
			levels = append(levels, formatValue(cat.Value, Format{}))
			labels = append(labels, q(cat.Label))
		}
		s.printf("d_factors$%s <- factor(as.integer(d$%s), levels = c(%s),\n  labels = c(%s), ordered = %s)\n",
			c.Name, c.Name, strings.Join(levels, ", "), strings.Join(labels, ", "), map[bool]string{true: "TRUE", false: "FALSE"}[c.Ordered])
	}
	if d := t.Design; d != nil {
		s.printf("\n# The design: sessions as clusters, population weights (the survey package).\n")
		s.printf("# The missing codes are NA in des, so svymean(..., na.rm = TRUE) is the mean of real answers.\n")
		s.printf("if (requireNamespace(\"survey\", quietly = TRUE)) {\n")
		s.printf("  des <- survey::svydesign(ids = ~%s, weights = ~%s,\n    data = as.data.frame(zap_labels(zap_missing(d))))\n", d.Cluster, d.Weight)
		if d.Example != "" {
			s.printf("  # survey::svymean(~%s, des, na.rm = TRUE)\n", d.Example)
		}
		s.printf("}\n")
	}
	return s.err
}

func rType(c Column) string {
	switch c.Type {
	case "integer":
		return "col_integer()"
	case "number":
		return "col_double()"
	case "boolean":
		return "col_logical()"
	}
	return "col_character()"
}
