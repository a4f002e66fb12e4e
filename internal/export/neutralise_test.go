package export

import (
	"bytes"
	"encoding/csv"
	"testing"
)

func TestNeutralise(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ name, in, want string }{
		{"equals", "=1+1", "'=1+1"},
		{"plus", "+1", "'+1"},
		{"minus", "-2+3", "'-2+3"},
		{"at", "@SUM(A1)", "'@SUM(A1)"},
		{"tab", "\t=1", "'\t=1"},
		{"carriage return", "\r=1", "'\r=1"},
		{"empty", "", ""},
		{"plain", "gewoon goed", "gewoon goed"},
		{"equals later", "1+1=2", "1+1=2"},
		{"arabic", "جيد", "جيد"},
		{"band", "10-13", "10-13"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := Neutralise(c.in); got != c.want {
				t.Fatalf("Neutralise(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}

// Texts are neutralised in the CSV; numbers, negative codes included,
// stay numbers.
func TestCSVNeutralisesTextsOnly(t *testing.T) {
	t.Parallel()
	tab := Table{Columns: []Column{{Name: "text", Type: "string"}, {Name: "code", Type: "integer"}, {Name: "x", Type: "number"}},
		Rows: func(yield func([]any) error) error {
			if err := yield([]any{"\t=HYPERLINK(\"x\")", -2, -0.5}); err != nil {
				return err
			}
			return yield([]any{"-1", -1, 1.5})
		}}
	for _, f := range []Format{{}, {Semicolon: true, BOM: true}} {
		var b bytes.Buffer
		if err := WriteCSV(&b, tab, f); err != nil {
			t.Fatal(err)
		}
		r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b.Bytes(), []byte("\uFEFF"))))
		r.Comma = rune(f.Delimiter()[0])
		rows, err := r.ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		want := [][]string{{"'\t=HYPERLINK(\"x\")", "-2", "-0" + f.DecimalChar() + "5"}, {"'-1", "-1", "1" + f.DecimalChar() + "5"}}
		for i, w := range want {
			for j := range w {
				if rows[i+1][j] != w[j] {
					t.Errorf("%+v row %d col %d: %q, want %q", f, i, j, rows[i+1][j], w[j])
				}
			}
		}
	}
}
