package xlsform_test

import (
	"bytes"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/kinderstem/kinderstem/internal/xlsform"
)

// The texts of a small survey in its own language, by key, as a
// translation sheet is made for them.
var trSource = map[string]string{"title": "Spelen", "pet": "Welk dier?", "pet.dog": "Hond"}

const trHead = "key | source::Nederlands (nl) | target::Deutsch (de) | note"

// trIssues writes what reading gave as want lines: "problem translation!A3
// xlsform.translation_key_unknown", "warning translation!4 ...".
func trIssues(tr *xlsform.Translation) []string {
	var out []string
	for _, p := range tr.Problems {
		out = append(out, "problem "+p.Place()+" "+p.ID)
	}
	for _, w := range tr.Warnings {
		out = append(out, "warning "+w.Place()+" "+w.ID)
	}
	slices.Sort(out)
	return out
}

// A translation sheet is read with the same care as a form: every problem
// and warning at its sheet, row and column; a problem keeps nothing.
func TestReadTranslation(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		sheet string // the sheet's name
		rows  []string
		want  []string // sorted
		texts map[string]string
	}{
		{name: "good", rows: []string{trHead, "title | Spelen | Spielen", "pet | Welk dier? | Welches Tier?", "pet.dog | Hond | Hund"},
			texts: map[string]string{"title": "Spielen", "pet": "Welches Tier?", "pet.dog": "Hund"}},
		{name: "another sheet name", sheet: "Blad1", rows: []string{trHead, "title | Spelen | Spielen", "pet | Welk dier? | Welches Tier?", "pet.dog | Hond | Hund"},
			texts: map[string]string{"title": "Spielen", "pet": "Welches Tier?", "pet.dog": "Hund"}},
		{name: "left empty", rows: []string{trHead, "title | Spelen | Spielen", "pet | Welk dier? |", "pet.dog | Hond |"},
			want: []string{"warning translation!3 xlsform.translation_missing"}, texts: map[string]string{"title": "Spielen"}},
		{name: "source changed since", rows: []string{trHead, "title | Spelen | Spielen", "pet | Welk beest? | Welches Tier?", "pet.dog | Hond | Hund"},
			want: []string{"warning translation!B3 xlsform.translation_source_changed"}, texts: map[string]string{"title": "Spielen", "pet": "Welches Tier?", "pet.dog": "Hund"}},
		{name: "a key left out", rows: []string{trHead, "title | Spelen | Spielen", "pet | Welk dier? | Welches Tier?"},
			want: []string{"warning translation xlsform.translation_keys_absent"}, texts: map[string]string{"title": "Spielen", "pet": "Welches Tier?"}},
		{name: "unknown key", rows: []string{trHead, "title | Spelen | Spielen", "cat | Kat | Katze"},
			want: []string{"problem translation!A3 xlsform.translation_key_unknown", "warning translation xlsform.translation_keys_absent"}},
		{name: "key twice", rows: []string{trHead, "title | Spelen | Spielen", "pet | Welk dier? | Welches Tier?", "title | Spelen | Spiel"},
			want: []string{"problem translation!A4 xlsform.translation_key_duplicate", "warning translation xlsform.translation_keys_absent"}},
		{name: "words without a key", rows: []string{trHead, "title | Spelen | Spielen", " | Welk dier? | Welches Tier?"},
			want: []string{"problem translation!A3 xlsform.translation_key_missing", "warning translation xlsform.translation_keys_absent"}},
		{name: "made for another language", rows: []string{"key | source::Nederlands (nl) | target::Français (fr) | note", "title | Spelen | Jouer"},
			want: []string{"problem translation!C1 xlsform.translation_language"}},
		{name: "from another source language", rows: []string{"key | source::English (en) | target::Deutsch (de) | note", "title | Play | Spielen"},
			want: []string{"problem translation!B1 xlsform.translation_language"}},
		{name: "no target column", rows: []string{"key | source::Nederlands (nl) | note", "title | Spelen | x"},
			want: []string{"problem translation!1 xlsform.column_missing"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			name := tc.sheet
			if name == "" {
				name = "translation"
			}
			sh := caseSheet{name: name}
			for _, r := range tc.rows {
				cells := strings.Split(r, "|")
				for i := range cells {
					cells[i] = strings.TrimSpace(cells[i])
				}
				sh.rows = append(sh.rows, cells)
			}
			tr := xlsform.ReadTranslation(workbook(t, []caseSheet{sh}), trSource, "nl", "de")
			if got := trIssues(tr); !slices.Equal(got, tc.want) {
				t.Errorf("issues %q, want %q", got, tc.want)
			}
			if len(tr.Problems) == 0 && !maps.Equal(tr.Texts, tc.texts) {
				t.Errorf("texts %v, want %v", tr.Texts, tc.texts)
			}
		})
	}
}

// A file that is not a workbook, and a workbook without a translation
// sheet among several, are problems too.
func TestReadTranslationNotASheet(t *testing.T) {
	t.Parallel()
	if got := trIssues(xlsform.ReadTranslation([]byte("key,source,target\n"), trSource, "nl", "de")); !slices.Equal(got, []string{"problem  xlsform.file_unreadable"}) {
		t.Errorf("a text file: %q", got)
	}
	two := workbook(t, []caseSheet{{name: "survey", rows: [][]string{{"type"}}}, {name: "choices", rows: [][]string{{"list_name"}}}})
	if got := trIssues(xlsform.ReadTranslation(two, trSource, "nl", "de")); !slices.Equal(got, []string{"problem translation xlsform.sheet_missing"}) {
		t.Errorf("a workbook of other sheets: %q", got)
	}
}

// The sheet written for a language reads back as the words put in it.
func TestTranslationSheetRoundTrip(t *testing.T) {
	t.Parallel()
	rows := []xlsform.TranslationRow{{Key: "title", Source: "Spelen", Target: "Spielen", Note: "the title"},
		{Key: "pet", Source: "Welk dier?", Target: "Welches Tier?"}, {Key: "pet.dog", Source: "Hond", Target: "Hund"}}
	data, err := xlsform.WriteTranslation(rows, xlsform.Lang{Tag: "nl", Name: "Nederlands"}, xlsform.Lang{Tag: "de", Name: "Deutsch"})
	if err != nil {
		t.Fatal(err)
	}
	tr := xlsform.ReadTranslation(data, trSource, "nl", "de")
	if len(tr.Problems)+len(tr.Warnings) > 0 || !maps.Equal(tr.Texts, map[string]string{"title": "Spielen", "pet": "Welches Tier?", "pet.dog": "Hund"}) {
		t.Fatalf("read back: %q %v", trIssues(tr), tr.Texts)
	}
	if tr.Rows["pet.dog"] != 4 {
		t.Errorf("pet.dog is on row %d", tr.Rows["pet.dog"])
	}
}

// A translation sheet is outside input: whatever its bytes, reading it
// answers with texts or problems, never a panic, and keeps only words for
// keys the survey has.
func FuzzReadTranslation(f *testing.F) {
	rows := []xlsform.TranslationRow{{Key: "title", Source: "Spelen", Target: "Spielen"}, {Key: "pet", Source: "Welk dier?"}}
	seed, err := xlsform.WriteTranslation(rows, xlsform.Lang{Tag: "nl", Name: "Nederlands"}, xlsform.Lang{Tag: "de", Name: "Deutsch"})
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		tr := xlsform.ReadTranslation(data, trSource, "nl", "de")
		if len(tr.Problems) > 0 {
			return
		}
		for k, v := range tr.Texts {
			if _, ok := trSource[k]; !ok || v == "" {
				t.Fatalf("kept %q = %q", k, v)
			}
			if tr.Rows[k] < 2 {
				t.Fatalf("%q on row %d", k, tr.Rows[k])
			}
		}
		if !bytes.HasPrefix(data, []byte("PK")) {
			t.Fatal("read a file that is no zip")
		}
	})
}
