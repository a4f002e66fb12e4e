package authoring_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/kinderstem/kinderstem/internal/fault"
)

// withoutRow is a workbook with one row of a sheet taken out.
func withoutRow(t *testing.T, data []byte, sheet string, row int) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := f.RemoveRow(sheet, row); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// A question a version dropped cannot come back under its old name asking
// something else: it is compared with the last version that asked it, so
// its series never mixes two questions.
func TestDroppedItemKeepsItsMeaning(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	publish := func(data []byte) {
		t.Helper()
		im := e.imported(t, data)
		e.approve(t, im)
		if _, err := e.a.Publish(ctx, im.DraftID, im.Revision, e.author); err != nil {
			t.Fatal(err)
		}
	}
	publish(example(t))
	// Version 2 no longer asks days_outside (row 7).
	publish(withoutRow(t, example(t), "survey", 7))
	if cur, _ := e.a.Catalog.Survey("play"); cur.Version != 2 {
		t.Fatalf("version %d", cur.Version)
	}
	if _, ok := e.a.Catalog.Version("play", 2); !ok {
		t.Fatal("no version 2")
	}
	// Version 3 brings it back counting up to 5 days.
	back := e.imported(t, example(t, "survey!AD7", ". >= 0 and . <= 5"))
	d, err := e.a.Draft(ctx, back.DraftID)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Changes) != 1 || d.Changes[0].Item != "days_outside" || !d.Changes[0].Answers || d.Changes[0].Since != 1 {
		t.Fatalf("changes of a returning question: %+v", d.Changes)
	}
	if len(d.Blocks) == 0 || d.Blocks[0].ID != "authoring.block_answers" {
		t.Fatalf("blocks of a returning question: %+v", d.Blocks)
	}
	// Brought back as it was, it needs nothing.
	same := e.imported(t, example(t))
	if d, _ = e.a.Draft(ctx, same.DraftID); len(d.Changes) != 0 {
		t.Fatalf("changes of a question back as it was: %+v", d.Changes)
	}
}

// A form naming an indicator after a registration indicator is refused at
// its cell; a revision kept before such a name was taken (an older build,
// a newer registration file) cannot be published: nothing is kept that
// could never join the catalogue.
func TestIndicatorNamedLikeARegistration(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	im, err := e.a.Import(ctx, example(t, "indicators!A2", "kansarmoede"), "play.xlsx", e.author)
	if err != nil {
		t.Fatal(err)
	}
	if len(im.Problems) != 1 || im.Problems[0].Place() != "indicators!A2" || im.Problems[0].ID != "xlsform.indicator_registration" {
		t.Fatalf("problems %+v", im.Problems)
	}
	good := e.imported(t, example(t))
	rev, err := e.st.RevisionOf(ctx, good.DraftID, good.Revision)
	if err != nil {
		t.Fatal(err)
	}
	old := bytes.ReplaceAll(rev.Definition, []byte("plays_outside"), []byte("kansarmoede"))
	if bytes.Equal(old, rev.Definition) {
		t.Fatal("the definition names no plays_outside")
	}
	id, n, err := e.st.SaveRevision(ctx, "play", old, "0123456789abcdef", "old.xlsx", e.author)
	if err != nil || id != good.DraftID {
		t.Fatal(id, err)
	}
	if err := e.a.Review(ctx, id, n, e.reviewer, true, nil, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := e.a.Publish(ctx, id, n, e.author); !fault.Is(err, fault.Conflict) {
		t.Fatalf("published a version that cannot join: %v", err)
	}
	if vs, _ := e.st.Versions(ctx); len(vs) != 0 {
		t.Fatalf("kept %d versions", len(vs))
	}
	if _, ok := e.a.Catalog.Survey("play"); ok {
		t.Fatal("play joined the catalogue")
	}
}

// A question that takes other answers, or is asked of other children,
// needs a new name, whatever its words: two named choices swapped in
// their list swap their codes; a changed condition changes who answers.
func TestOtherAnswersNeedANewName(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	im := e.imported(t, example(t))
	e.approve(t, im)
	if _, err := e.a.Publish(ctx, im.DraftID, im.Revision, e.author); err != nil {
		t.Fatal(err)
	}
	// Rows 4 and 5 of the choices are park and square of place_kind; AC6
	// is its condition.
	for name, edits := range map[string][]string{
		"options":   {"choices!B4", "square", "choices!B5", "park"},
		"condition": {"survey!AC6", "${has_place} = 'no'"},
		"settings":  {"survey!AG1", "only_in", "survey!AG6", "youth_care"},
	} {
		next := e.imported(t, example(t, edits...))
		d, err := e.a.Draft(ctx, next.DraftID)
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Changes) != 1 || d.Changes[0].Item != "place_kind" || !d.Changes[0].Answers || d.Changes[0].What != name {
			t.Errorf("%s: changes %+v", name, d.Changes)
		}
	}
	// The condition gone: asked of every child.
	d, _ := e.a.Draft(ctx, e.imported(t, example(t, "survey!AC6", "")).DraftID)
	if len(d.Changes) != 1 || d.Changes[0].What != "condition" {
		t.Errorf("condition gone: changes %+v", d.Changes)
	}
}
