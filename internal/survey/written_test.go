package survey_test

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/kinderstem/kinderstem/internal/survey"
)

var langs = []string{"nl", "fr", "en"}

// written is a survey with its words inside, as a draft is kept.
const written = `id: play
version: 1
title: title
intro: intro
theme: wellbeing
age_bands: [6-9, 10-13]
source: nl
sections:
  - id: outside
    title: section.outside
    items:
      - {id: hello, kind: note, text: item.hello}
      - id: pet
        kind: choice
        text: item.pet
        options:
          - {code: 1, label: choice.pet.dog, name: dog}
          - {code: 2, label: choice.pet.cat, name: cat}
      - {id: walks, kind: number, text: item.walks, min: 0, max: 7, show_if: {item: pet, in: [1]}}
      - {id: happy, kind: scale, scale: often, text: item.happy}
texts:
  nl:
    title: "Spelen"
    intro: "Over spelen."
    section.outside: "Buiten"
    item.hello: "Hallo!"
    item.pet: "Welk dier?"
    choice.pet.dog: "Hond"
    choice.pet.cat: "Kat"
    item.walks: "Hoe vaak wandel je?"
    item.happy: "Ik ben blij."
  fr:
    title: "Jouer"
    intro: "Sur le jeu."
    section.outside: "Dehors"
    item.hello: "Bonjour !"
    item.pet: "Quel animal ?"
    choice.pet.dog: "Chien"
    choice.pet.cat: "Chat"
    item.walks: "Combien de promenades ?"
    item.happy: "Je suis content."
  en:
    title: "Play"
    item.pet: "Which pet?"
`

func TestParseWritten(t *testing.T) {
	t.Parallel()
	cat, err := survey.Load(files(good))
	if err != nil {
		t.Fatal(err)
	}
	s, err := survey.ParseWritten(cat, langs, "play", []byte(written))
	if err != nil {
		t.Fatal(err)
	}
	if !s.Written() || len(s.Items()) != 3 || s.Notes() != 1 || s.Hash == "" {
		t.Fatalf("written = %v, items %d, notes %d, hash %q", s.Written(), len(s.Items()), s.Notes(), s.Hash)
	}
	// English lacks most words: the survey speaks Dutch and French.
	if got := s.Languages(); !slices.Equal(got, []string{"nl", "fr"}) || s.Speaks("en") || !s.Speaks("fr") {
		t.Errorf("languages = %v", got)
	}
	walks, _ := s.Item("walks")
	if lo, hi := walks.CodeRange(); lo != 0 || hi != 7 || walks.CheckCode(8, survey.Band{Min: 10, Max: 13}) == nil {
		t.Errorf("number range %d-%d", lo, hi)
	}
	// Marshal and parse again: the same bytes, the same hash.
	out, err := survey.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	again, err := survey.ParseWritten(cat, langs, "play", out)
	if err != nil {
		t.Fatal(err)
	}
	out2, _ := survey.Marshal(again)
	if string(out) != string(out2) || again.Hash != mustParse(t, cat, out2).Hash {
		t.Errorf("marshal is not stable:\n%s\n---\n%s", out, out2)
	}
	// Namespacing moves its own ids and leaves shared ones (the scale's).
	again.Namespace("@play.1.")
	happy, _ := again.Item("happy")
	if again.Title != "@play.1.title" || happy.Text != "@play.1.item.happy" || again.Texts["nl"]["@play.1.item.happy"] != "Ik ben blij." {
		t.Errorf("namespace: title %q, happy %q", again.Title, happy.Text)
	}
	if got := happy.Choices(survey.Band{Min: 10, Max: 13})[0].Label; got != "s.1" {
		t.Errorf("a shared scale's label became %q", got)
	}
}

func mustParse(t *testing.T, cat *survey.Catalog, data []byte) *survey.Survey {
	t.Helper()
	s, err := survey.ParseWritten(cat, langs, "x", data)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestParseWrittenBroken(t *testing.T) {
	t.Parallel()
	cat, err := survey.Load(files(good))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ name, old, new, want string }{
		{"no source text", "item.happy: \"Ik ben blij.\"", "item.sad: \"Ik ben blij.\"", "message item.happy has no text in the source language nl"},
		{"unknown source", "source: nl", "source: es", `source: "es" is not one of the languages`},
		{"condition on a later item", "in: [1]", "in: [9]", "show_if: 9 is not an answer of pet"},
		{"condition on itself", "show_if: {item: pet", "show_if: {item: walks", `which is not an earlier item`},
		{"condition on a number", "show_if: {item: pet, in: [1]}}\n      - {id: happy, kind: scale, scale: often, text: item.happy}", "}\n      - {id: happy, kind: scale, scale: often, text: item.happy, show_if: {item: walks, in: [1]}}", "show_if takes a choice, yes/no or multi item"},
		{"number range too wide", "max: 7", "max: 70", "a number item takes min and max"},
		{"note with an answer", "{id: hello, kind: note, text: item.hello}", "{id: hello, kind: note, text: item.hello, dont_know: true}", "note hello takes no answer"},
		{"note id reused", "{id: hello, kind: note", "{id: happy, kind: note", `duplicate item id "happy"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			src := strings.Replace(written, c.old, c.new, 1)
			if src == written {
				t.Fatalf("%q not found", c.old)
			}
			_, err := survey.ParseWritten(cat, langs, "play", []byte(src))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want %q", err, c.want)
			}
		})
	}
}

// A condition decides whether an item is asked: an answer to an item not
// asked is not kept, even when the form without JavaScript sent one.
func TestShowIf(t *testing.T) {
	t.Parallel()
	cat, _ := survey.Load(files(good))
	s := mustParse(t, cat, []byte(written))
	check := func(pet string) []string {
		in := survey.NewIntake()
		in.ID, in.Lang = "6f1c1f0e-6c0a-4d6e-9d1a-0b6f1d2e3c4a", "nl"
		in.Answers["walks"] = survey.RawAnswer{One: 3, IsNum: true}
		if pet != "" {
			in.Answers["pet"] = survey.RawAnswer{Word: pet}
			if pet != "skip" {
				in.Answers["pet"] = survey.RawAnswer{One: map[string]int{"dog": 1, "cat": 2}[pet], IsNum: true}
			}
		}
		ch, err := s.CheckChild(in, "10-13", survey.Scope{Setting: "school"}, func(string) bool { return true })
		if err != nil {
			t.Fatal(err)
		}
		var items []string
		for _, a := range ch.Answers {
			items = append(items, a.Item)
		}
		return items
	}
	if got := check("dog"); !slices.Contains(got, "walks") {
		t.Errorf("a dog owner's walks were not kept: %v", got)
	}
	for _, pet := range []string{"cat", "skip", ""} {
		if got := check(pet); slices.Contains(got, "walks") {
			t.Errorf("pet %q: walks kept though not asked: %v", pet, got)
		}
	}
}

// Publishing swaps the catalog's surveys whole: followers hear of a new
// version before readers can see it, sessions find old versions, and a
// clone publishes on its own.
func TestPublish(t *testing.T) {
	t.Parallel()
	shared, _ := survey.Load(files(good))
	cat := shared.Clone()
	var heard []string
	var mu sync.Mutex
	before := cat.Follow(func(s *survey.Survey) bool {
		mu.Lock()
		defer mu.Unlock()
		// The follower runs before the version is visible.
		if cur, ok := cat.Survey(s.ID); ok && cur.Version == s.Version {
			t.Errorf("follower of %s %d ran after readers could see it", s.ID, s.Version)
		}
		heard = append(heard, s.ID)
		return true
	})
	if len(before) != 1 || before[0].ID != "mini" {
		t.Fatalf("Follow returned %v", before)
	}
	v1 := mustParse(t, cat, []byte(written))
	if err := cat.Publish(v1); err != nil {
		t.Fatal(err)
	}
	v2 := mustParse(t, cat, []byte(strings.Replace(written, "version: 1", "version: 2", 1)))
	if err := cat.Publish(v2); err != nil {
		t.Fatal(err)
	}
	if err := cat.Publish(v1); err == nil {
		t.Error("published version 1 again, below the current 2")
	}
	if cur, _ := cat.Survey("play"); cur != v2 {
		t.Error("the current version is not 2")
	}
	if old, ok := cat.Version("play", 1); !ok || old != v1 || len(cat.Versions("play")) != 2 {
		t.Error("version 1 is gone")
	}
	if !slices.Equal(heard, []string{"play", "play"}) {
		t.Errorf("followers heard %v", heard)
	}
	if _, ok := shared.Survey("play"); ok {
		t.Error("publishing in a clone reached the catalog it was cloned from")
	}
	// Readers during publications always see a whole set.
	var wg sync.WaitGroup
	ctx, cancel := context.WithCancel(context.Background())
	wg.Go(func() {
		for ctx.Err() == nil {
			for _, s := range cat.Surveys() {
				if got, ok := cat.Survey(s.ID); !ok || got.ID != s.ID {
					t.Error("a survey listed is not found")
				}
			}
		}
	})
	for v := 3; v <= 20; v++ {
		if err := cat.Publish(mustParse(t, cat, []byte(strings.Replace(written, "version: 1", "version: "+strconv.Itoa(v), 1)))); err != nil {
			t.Fatal(err)
		}
	}
	cancel()
	wg.Wait()
}
