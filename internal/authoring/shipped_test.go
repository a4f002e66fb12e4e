package authoring_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/kinderstem/kinderstem/internal/authoring"
	"github.com/kinderstem/kinderstem/internal/xlsform"
)

// The monitor team revises a shipped questionnaire: its XLSForm, with one
// question put in better words, becomes the next version after the
// shipped file's, marked "wording only"; after a restart the database's
// version is the current one and the shipped file's stays for the
// sessions begun on it.
func TestRevisingAShippedSurvey(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	shipped, ok := e.a.Catalog.Survey("wellbeing")
	if !ok {
		t.Fatal("no wellbeing")
	}
	_, langs := e.a.Langs()
	data, err := xlsform.Write(shipped, langs, func(lang, id string) string {
		if !e.a.Locales.Has(lang, id) {
			return ""
		}
		return e.a.Locales.For(lang).T(id)
	})
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	cells, err := f.SearchSheet("survey", "Hoe tevreden ben je met je leven, alles samen?")
	if err != nil || len(cells) != 1 {
		t.Fatalf("the Dutch question is in %v (%v)", cells, err)
	}
	f.SetCellStr("survey", cells[0], "Hoe tevreden ben je met je leven, als je alles samen neemt?")
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	im := e.imported(t, buf.Bytes())
	d, err := e.a.Draft(ctx, im.DraftID)
	if err != nil {
		t.Fatal(err)
	}
	if d.NextVersion != shipped.Version+1 || len(d.Changes) != 1 || d.Changes[0].Item != "life_satisfaction" || !d.Changes[0].Words || d.Changes[0].Since != shipped.Version {
		t.Fatalf("next version %d, changes %+v", d.NextVersion, d.Changes)
	}
	e.approve(t, im, "life_satisfaction")
	next, err := e.a.Publish(ctx, im.DraftID, im.Revision, e.author)
	if err != nil {
		t.Fatal(err)
	}
	it, _ := next.Item("life_satisfaction")
	if got := e.a.Locales.For("nl").T(it.Text); got != "Hoe tevreden ben je met je leven, als je alles samen neemt?" {
		t.Errorf("the new words are %q", got)
	}
	// A restart: the shipped catalogue, then what the database published.
	fresh := authoring.New(e.st, catalogOf(t), bundleOf(t))
	if err := fresh.LoadPublished(ctx); err != nil {
		t.Fatal(err)
	}
	cur, _ := fresh.Catalog.Survey("wellbeing")
	if cur.Version != next.Version || cur.Hash != next.Hash {
		t.Fatalf("after a restart wellbeing is version %d", cur.Version)
	}
	if old, ok := fresh.Catalog.Version("wellbeing", shipped.Version); !ok || old.Hash != shipped.Hash {
		t.Fatal("after a restart the shipped version is gone")
	}
	n := 0
	for _, s := range fresh.Catalog.Surveys() {
		if s.ID == "wellbeing" {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("wellbeing is %d times in the list of surveys", n)
	}
	it, _ = cur.Item("life_satisfaction")
	if got := fresh.Locales.For("nl").T(it.Text); got != "Hoe tevreden ben je met je leven, als je alles samen neemt?" {
		t.Errorf("after a restart the words are %q", got)
	}
}
