package export

import (
	"encoding/json"
	"slices"
	"time"
)

// DataPackage is a Frictionless Data Package: the codebook of the CSV files
// beside it, readable by the frictionless tools for R and Python and by
// people.
type DataPackage struct {
	Profile   string     `json:"profile"`
	Name      string     `json:"name"`
	Title     string     `json:"title,omitempty"`
	Created   string     `json:"created"`
	Resources []Resource `json:"resources"`
}

// Resource is one CSV file and its Table Schema.
type Resource struct {
	Name        string  `json:"name"`
	Path        string  `json:"path"`
	Title       string  `json:"title,omitempty"`
	Description string  `json:"description,omitempty"`
	Profile     string  `json:"profile"`
	Format      string  `json:"format"`
	MediaType   string  `json:"mediatype"`
	Encoding    string  `json:"encoding"`
	Dialect     Dialect `json:"dialect"`
	Schema      Schema  `json:"schema"`
}

// Dialect says how the CSV is written.
type Dialect struct {
	Delimiter   string `json:"delimiter"`
	Header      bool   `json:"header"`
	DoubleQuote bool   `json:"doubleQuote"`
}

// Schema is a Table Schema.
type Schema struct {
	Fields        []Field  `json:"fields"`
	MissingValues []string `json:"missingValues"`
}

// Field is a Table Schema field: a Column plus the number format and, for
// answers, the codes that mean "no answer" (Table Schema v2's per-field
// missingValues, each with its label).
type Field struct {
	Column
	DecimalChar   string         `json:"decimalChar,omitempty"`
	MissingValues []MissingValue `json:"missingValues,omitempty"`
}

// MissingValue is a code read as missing, with what it means.
type MissingValue struct {
	Value string `json:"value"`
	Label string `json:"label"`
}

// NewDataPackage describes tables written as CSV files named path(table).
func NewDataPackage(name, title string, tables []Table, path func(Table) string, f Format, now time.Time) DataPackage {
	dp := DataPackage{Profile: "tabular-data-package", Name: name, Title: title, Created: now.UTC().Format(time.RFC3339)}
	// A byte order mark is part of UTF-8 that readers skip; "utf-8-sig" is
	// a Python name that the JavaScript library and readr refuse.
	encoding := "utf-8"
	for _, t := range tables {
		r := Resource{Name: t.Name, Path: path(t), Title: t.Title, Description: t.Description, Profile: "tabular-data-resource",
			Format: "csv", MediaType: "text/csv", Encoding: encoding,
			Dialect: Dialect{Delimiter: f.Delimiter(), Header: true, DoubleQuote: true},
			Schema:  Schema{MissingValues: schemaMissing(t)}}
		for _, c := range t.Columns {
			fl := Field{Column: c}
			if len(c.Missing) > 0 {
				for _, m := range c.Missing {
					fl.MissingValues = append(fl.MissingValues, MissingValue{Value: formatValue(m.Value, f), Label: m.Label})
				}
			}
			if c.Type == "number" && f.Semicolon {
				fl.DecimalChar = ","
			}
			r.Schema.Fields = append(r.Schema.Fields, fl)
		}
		dp.Resources = append(dp.Resources, r)
	}
	return dp
}

// schemaMissing lists the missing codes for the whole table, for readers
// of Table Schema v1 that know no per-field missing values. It is safe
// because no column of an export holds -1 or -2 as a real value.
func schemaMissing(t Table) []string {
	out := []string{""}
	for _, c := range t.Columns {
		for _, m := range c.Missing {
			if v := formatValue(m.Value, Format{}); !slices.Contains(out, v) {
				out = append(out, v)
			}
		}
	}
	return out
}

// JSON returns the package as indented JSON.
func (dp DataPackage) JSON() []byte {
	b, _ := json.MarshalIndent(dp, "", "  ")
	return append(b, '\n')
}
