package indicator

import (
	"context"
	"math/rand/v2"
	"time"

	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/release"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// RoundResults is a closed invitation round's results: the matrix of
// statements by group with its pools and profile questions, optionally
// broken down by a single-answer question, and the comments of each block
// once the round has at least k responses.
type RoundResults struct {
	Matrix    *Matrix
	Breakdown *Breakdown // nil without a breakdown; its Total is Matrix
	Comments  []RoundComments
	// FewForComments: fewer than k responses, so the comments stay hidden.
	FewForComments bool
}

// RoundComments are the comments on one text item, shuffled and masked.
type RoundComments struct {
	ItemID  string
	Section string // message id of the block's title
	Item    string // message id of the question
	Texts   []string
}

// ResultsOfRound computes a round's results, broken down by the item by
// (nil for none). Only a closed round has any: while respondents can
// still change their answers, a figure that moves with one change would
// tell what that change was.
func ResultsOfRound(ctx context.Context, st *store.Store, r *store.Round, s *survey.Survey, by *survey.Item, p release.Policy, now time.Time) (*RoundResults, error) {
	p.Note(release.RoundResults)
	if r.IsOpen(now) {
		return nil, fault.New(fault.Conflict, "error.round_open", "results are shown once the round has closed")
	}
	rounds := []int64{r.ID}
	each := func(f func(map[string]int) error) error {
		return st.EachResponse(ctx, rounds, f)
	}
	out := &RoundResults{}
	var err error
	if by != nil {
		if out.Breakdown, err = MatrixBreakdown(s, by, each, p); out.Breakdown != nil {
			out.Matrix = out.Breakdown.Total
		}
	} else {
		out.Matrix, err = MatrixResults(s, each, p)
	}
	if err != nil {
		return nil, err
	}
	fpc := RoundFPC(r, out.Matrix.Responses)
	out.Matrix.intervals(s, fpc)
	if out.Breakdown != nil {
		for _, lv := range out.Breakdown.Levels {
			lv.Matrix.intervals(s, fpc)
		}
	}
	if out.Matrix.Responses < p.K() {
		out.FewForComments = true
		return out, nil
	}
	for _, sec := range s.Sections {
		for _, it := range sec.Items {
			if it.Kind != survey.KindText {
				continue
			}
			texts, err := st.Comments(ctx, rounds, it.ID)
			if err != nil {
				return nil, err
			}
			rand.Shuffle(len(texts), func(i, j int) { texts[i], texts[j] = texts[j], texts[i] })
			for i, t := range texts {
				texts[i] = survey.MaskContact(t)
			}
			out.Comments = append(out.Comments, RoundComments{ItemID: it.ID, Section: sec.Title, Item: it.Text, Texts: texts})
		}
	}
	return out, nil
}

// RoundBreakdown reads the id of the question a round's results are
// broken down by: nil for "", an Invalid fault for a question that is not
// a single-answer one of the survey.
func RoundBreakdown(s *survey.Survey, id string) (*survey.Item, error) {
	if id == "" {
		return nil, nil
	}
	it, err := BreakdownItem(s, id)
	if err != nil {
		return nil, fault.New(fault.Invalid, "error.round_by", err.Error())
	}
	return it, nil
}

// ProfessionalPools computes the indicators of the professionals' surveys
// (one survey when surveyID names one; indicatorID narrows them down) over
// every closed round of each survey's current version that org may see
// (0: every organisation's), showing no cell a round in it hides
// (PoolOverRounds). Their answers have no age, gender, setting,
// period or weight: a request that filters, breaks down or weights
// children gets none of them when it lists every survey, and a clear
// refusal when it names one, rather than unfiltered figures beside
// filtered ones.
func ProfessionalPools(ctx context.Context, st *store.Store, cat *survey.Catalog, req Request, org int64, surveyID, indicatorID string, p release.Policy, now time.Time) ([]*Result, error) {
	p.Note(release.Pools)
	if req.Narrowed() {
		if surveyID == "" {
			return nil, nil
		}
		return nil, fault.Field("survey", "error.professional_filters", "filters, breakdowns and weights are for children's surveys")
	}
	all, err := st.Rounds(ctx, org)
	if err != nil {
		return nil, err
	}
	var out []*Result
	for _, s := range cat.Professional() {
		if surveyID != "" && s.ID != surveyID {
			continue
		}
		var rounds []func(func(map[string]int) error) error
		for _, r := range all {
			if r.SurveyID == s.ID && r.SurveyVersion == s.Version && !r.IsOpen(now) {
				id := []int64{r.ID}
				rounds = append(rounds, func(f func(map[string]int) error) error { return st.EachResponse(ctx, id, f) })
			}
		}
		m, err := PoolOverRounds(s, rounds, p)
		if err != nil {
			return nil, err
		}
		for _, res := range ProfessionalResults(s, m, p) {
			if indicatorID == "" || res.Indicator.ID == indicatorID {
				out = append(out, res)
			}
		}
	}
	return out, nil
}
