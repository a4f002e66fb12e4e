package respond

import (
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// responseView is a professional's form: every section with its items, a
// matrix as one labelled group of radio buttons per row.
type responseView struct {
	Survey     *survey.Survey
	Action     string
	Lang       string
	Sections   []proSection
	Saved      bool
	Link       string // the personal link, shown once the response is saved
	ClosesOn   string // the last day answers can be changed
	Error      string // message id of what was wrong, when the form comes back
	ErrorField string // the item or cell at fault
	values     map[string][]string
}

type proSection struct {
	Title string
	Items []*proItem
}

// proItem is one question; a matrix has Rows, every other kind one Field.
type proItem struct {
	Kind     string
	Text     string
	Field    string // the form field name, a.<item>
	Name     string // item id, for error links
	Choices  []proChoice
	Rows     []*proRow
	DontKnow bool
	Text1    string // a text item's current text
	Multi    bool
}

type proRow struct {
	Label   string
	Field   string // a.<item>.<row>
	Name    string
	Choices []proChoice
}

type proChoice struct {
	Value, Label string
	Checked      bool
}

func (h *Handler) responseView(c *gin.Context, r *store.Round, s *survey.Survey, action string, answers []store.Answer) *responseView {
	v := &responseView{Survey: s, Action: action, Lang: h.Localizer(c).Lang().Tag, ClosesOn: r.LastDay(h.Store.Location()), values: map[string][]string{}}
	if action[1] == 'r' {
		v.Link = h.PublicURL(action)
	}
	for _, ans := range answers {
		v.values[ans.Item] = answerValues(s, ans)
	}
	return v
}

// fill shows what was sent back in the form, after an error.
func (v *responseView) fill(form url.Values) {
	v.values = map[string][]string{}
	for key, vals := range form {
		if item, ok := cutAnswerKey(key); ok {
			v.values[item] = vals
		}
	}
}

func cutAnswerKey(key string) (string, bool) {
	if len(key) > 2 && key[:2] == "a." {
		return key[2:], true
	}
	return "", false
}

// answerValues turns a stored answer back into the form values that give it.
func answerValues(s *survey.Survey, ans store.Answer) []string {
	switch {
	case ans.Text != "":
		return []string{ans.Text}
	case ans.Code == survey.CodeDontKnow:
		return []string{"dont_know"}
	case ans.Code == survey.CodeSkipped:
		return nil
	}
	if it, ok := s.Item(ans.Item); ok && it.Kind == survey.KindMulti {
		var out []string
		for _, o := range it.Options {
			if survey.MultiHas(ans.Code, o.Code) {
				out = append(out, strconv.Itoa(o.Code))
			}
		}
		return out
	}
	return []string{strconv.Itoa(ans.Code)}
}

// Build returns the form's sections with the current values checked.
func (v *responseView) Build() []proSection {
	if v.Sections != nil {
		return v.Sections
	}
	for _, sec := range v.Survey.Sections {
		ps := proSection{Title: sec.Title}
		for _, it := range sec.Items {
			ps.Items = append(ps.Items, v.item(it))
		}
		v.Sections = append(v.Sections, ps)
	}
	return v.Sections
}

func (v *responseView) item(it *survey.Item) *proItem {
	pi := &proItem{Kind: string(it.Kind), Text: it.Text, Field: "a." + it.ID, Name: it.ID, DontKnow: it.OffersDontKnow(), Multi: it.Kind == survey.KindMulti}
	switch it.Kind {
	case survey.KindText:
		if vals := v.values[it.ID]; len(vals) > 0 {
			pi.Text1 = vals[0]
		}
	case survey.KindMatrix:
		for _, r := range it.Rows {
			id := survey.CellID(it.ID, r.ID)
			pi.Rows = append(pi.Rows, &proRow{Label: r.Label, Field: "a." + id, Name: id, Choices: v.choices(it, id)})
		}
	default:
		pi.Choices = v.choices(it, it.ID)
	}
	return pi
}

// choices lists an item's answers, then "don't know" where offered, and
// for one-answer items "no answer", so a choice can be taken back without
// JavaScript.
func (v *responseView) choices(it *survey.Item, key string) []proChoice {
	set := map[string]bool{}
	for _, val := range v.values[key] {
		set[val] = true
	}
	var out []proChoice
	for _, ch := range it.Choices(survey.ProfessionalBand) {
		val := strconv.Itoa(ch.Code)
		label := ch.Label
		if label == "" {
			label = val
		}
		out = append(out, proChoice{Value: val, Label: label, Checked: set[val]})
	}
	if it.OffersDontKnow() {
		out = append(out, proChoice{Value: "dont_know", Label: "answer.dont_know", Checked: set["dont_know"]})
	}
	if it.Kind != survey.KindMulti {
		out = append(out, proChoice{Value: "skip", Label: "pro.no_answer", Checked: len(set) == 0 || set["skip"]})
	}
	return out
}
