package authoring

import (
	"context"
	"errors"
	"slices"

	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
	"github.com/kinderstem/kinderstem/internal/xlsform"
)

// TextKey is one of a written survey's own texts, in questionnaire order,
// with what it is (a message id with its data) for the translator's note.
type TextKey struct {
	Key  string
	Note Reason
}

// TextKeys lists a written survey's own texts in the order a child meets
// them: title and introduction, each section and its questions (with
// their simpler wording, ladder ends and answers), then the indicators.
func TextKeys(s *survey.Survey) []TextKey {
	own := s.Texts[s.Source]
	var out []TextKey
	seen := map[string]bool{}
	add := func(id, note string, args ...any) {
		if _, ok := own[id]; ok && !seen[id] {
			seen[id] = true
			out = append(out, TextKey{Key: id, Note: Reason{note, args}})
		}
	}
	add(s.Title, "authoring.note_title")
	add(s.Intro, "authoring.note_intro")
	number := 0
	for _, sec := range s.Sections {
		add(sec.Title, "authoring.note_section", "Section", sec.ID)
		for _, it := range sec.Items {
			if it.Kind != survey.KindNote {
				number++
			}
			add(it.Text, "authoring.note_question", "Number", number, "Item", it.ID)
			add(it.Young, "authoring.note_young", "Number", number, "Item", it.ID)
			add(it.Low, "authoring.note_low", "Number", number, "Item", it.ID)
			add(it.High, "authoring.note_high", "Number", number, "Item", it.ID)
			for _, o := range it.Options {
				add(o.Label, "authoring.note_answer", "Number", number, "Item", it.ID)
			}
			for _, r := range it.Rows {
				add(r.Label, "authoring.note_row", "Number", number, "Item", it.ID)
			}
			if sc := it.ScaleDef(); sc != nil {
				for _, l := range sc.Labels {
					add(l, "authoring.note_scale", "Scale", sc.ID)
				}
			}
		}
	}
	for _, ind := range s.Indicators {
		add(ind.Title, "authoring.note_indicator", "Indicator", ind.ID)
		add(ind.Definition, "authoring.note_definition", "Indicator", ind.ID)
	}
	return out
}

// TranslationSheet writes the translation sheet of a draft's current
// revision for one language; note gives a key's note in the reader's
// language.
func (a *Service) TranslationSheet(ctx context.Context, draftID int64, target string, note func(Reason) string) ([]byte, *survey.Survey, error) {
	d, err := a.Draft(ctx, draftID)
	if err != nil {
		return nil, nil, err
	}
	s := d.Survey
	var rows []xlsform.TranslationRow
	for _, k := range TextKeys(s) {
		rows = append(rows, xlsform.TranslationRow{Key: k.Key, Source: s.Texts.Get(s.Source, k.Key), Target: s.Texts.Get(target, k.Key), Note: note(k.Note)})
	}
	_, langs := a.Langs()
	data, err := xlsform.WriteTranslation(rows, langOf(langs, s.Source), langOf(langs, target))
	return data, s, err
}

func langOf(langs []xlsform.Lang, tag string) xlsform.Lang {
	for _, l := range langs {
		if l.Tag == tag {
			return l
		}
	}
	return xlsform.Lang{Tag: tag, Name: tag}
}

// TranslationImport is the outcome of a translation sheet's upload: what
// reading it found, and the revision it made when it had no problems.
type TranslationImport struct {
	*xlsform.Translation
	Revision int
}

// ImportTranslation reads a translation sheet for one language of a
// draft and, when it has no problems, keeps the draft with those words as
// its next revision. The words check runs on the new words, each said at
// its row of the sheet.
func (a *Service) ImportTranslation(ctx context.Context, draftID int64, target string, data []byte, fileName string, by int64) (*TranslationImport, error) {
	d, err := a.Draft(ctx, draftID)
	if err != nil {
		return nil, err
	}
	if d.Published > 0 {
		return nil, ErrChanged
	}
	s := d.Survey
	tags, _ := a.Langs()
	if !slices.Contains(tags, target) || target == s.Source {
		return nil, ErrChanged
	}
	tr := xlsform.ReadTranslation(data, s.Texts[s.Source], s.Source, target)
	out := &TranslationImport{Translation: tr}
	if len(tr.Problems) > 0 {
		return out, nil
	}
	if s.Texts[target] == nil {
		s.Texts[target] = map[string]string{}
	}
	for k, v := range tr.Texts {
		s.Texts[target][k] = v
	}
	def, err := survey.Marshal(s)
	if err != nil {
		return nil, err
	}
	next, err := a.parse(s.ID, def)
	if err != nil {
		return nil, err
	}
	for _, w := range a.Catalog.Words().CheckSurvey(next, []string{target}, next.Texts.Get) {
		it, _ := next.Item(w.Item)
		key := "item." + w.Item
		if it != nil {
			key = it.Text
			if band, _ := next.Band(w.Band); band.Young() && it.Young != "" {
				key = it.Young
			}
		}
		tr.Warnings = append(tr.Warnings, xlsform.Issue{Sheet: "translation", Row: tr.Rows[key], Col: "C", ID: "xlsform.words_" + w.Check,
			Args: []any{"Lang", w.Lang, "Band", w.Band, "Value", w.Value, "Limit", w.Limit, "Word", w.Word}})
	}
	// Kept only on the revision its words were added to: a revision made
	// in between (another language's sheet, a new upload) is not undone.
	out.Revision, err = a.Store.SaveRevisionOn(ctx, d.ID, d.Revision, def, next.Hash, fileName, by)
	if errors.Is(err, store.ErrDraftMoved) {
		return nil, ErrChanged
	}
	return out, err
}
