// Package demo makes synthetic but realistic content: the demo accounts and
// sessions of a first start, and large databases for trying and measuring.
// Nothing here is ever mistaken for real children's answers: demo
// organisations are named "Demo".
package demo

import (
	"crypto/rand"
	"math"
	mrand "math/rand/v2"

	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// child answers one survey the way a child might: one latent sense of how
// things are going (theta, standard normal) drives every item, with noise,
// skips and "don't know". The distributions are set so that a first look
// at the demo resembles a real monitor, not a crisis (the demo once showed
// 80% of children bullied). Targets, from the public pattern of children's
// surveys (HBSC, Children's Worlds, the Kinderrechtenmonitor's 2018 life
// satisfaction), not from any licensed data:
//
//   - life satisfaction (0-10): mean about 7.8, most children at 7-9, a
//     tail below 5 for about one child in ten;
//   - positively worded items: mostly "often" or "true" (4-5 of 5);
//   - negatively worded feelings (worried, sad, lonely): mostly "never" or
//     "rarely", less so for children who are not doing well;
//   - being bullied "sometimes or more" (3-5 of 5): about one in five; being
//     treated worse for being different: about one in eight;
//   - feeling safe at home, at school, in the neighbourhood: about nine in ten;
//   - 2% skips and 4% "don't know" on items that offer it.
//
// Young children (three faces) answer on the same five-point latent scale;
// their answer is the nearest face, so a share means the same at every age.
type child struct {
	rng   *mrand.Rand
	theta float64
}

var texts = []string{
	"Meer tijd om buiten te spelen.",
	"De speelplaats mag groter.",
	"Ik wil dat ze beter luisteren.",
	"Niets, het is goed zo.",
	"Meer sport na school.",
	"Minder huiswerk.",
}

func logistic(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

// negativeBase is the log-odds, for a child with theta 0, that one step of
// a negatively worded item is taken: lower is rarer. Items not listed use
// negativeDefault.
var negativeBase = map[string]float64{
	"bullied":       -1.5,
	"treated_worse": -2.0,
}

const negativeDefault = -0.8

func (c *child) binomial(n int, p float64) int {
	k := 0
	for i := 0; i < n; i++ {
		if c.rng.Float64() < p {
			k++
		}
	}
	return k
}

// Child is a synthetic child: a random sense of how things go, which
// drives every answer.
type Child struct{ c child }

// NewChild draws a child.
func NewChild(rng *mrand.Rand) *Child { return &Child{child{rng: rng, theta: rng.NormFloat64()}} }

// Submission is what this child would send for the session: every item it
// is shown answered, skipped or "don't know" as children do.
func (ch *Child) Submission(s *survey.Survey, sess *store.Session) *store.Submission {
	band, _ := s.Band(sess.AgeBand)
	sub := ch.c.submission(s, sess, band, reversedItems(s), nil)
	if b, ok := s.BandOf(sub.Age); ok {
		sub.AgeBand = b.String()
	}
	return sub
}

// submission makes one child's complete submission for a session.
func (c *child) submission(s *survey.Survey, sess *store.Session, band survey.Band, reversed map[string]bool, langs []string) *store.Submission {
	sub := &store.Submission{
		SessionID: sess.ID, SurveyID: s.ID, SurveyVersion: s.Version,
		Lang: sess.Lang, AgeBand: band.String(), Gender: c.gender(), Complete: true,
	}
	rand.Read(sub.UID[:])
	if c.rng.Float64() < 0.12 && len(langs) > 1 {
		sub.Lang = langs[c.rng.IntN(len(langs))]
	}
	if c.rng.Float64() < 0.9 {
		sub.Age = band.Min + c.rng.IntN(band.Max-band.Min+1)
	}
	for _, it := range s.Items() {
		if !it.ShownIn(sess.Setting) {
			continue
		}
		sub.Answers = append(sub.Answers, c.answer(it, band, reversed[it.ID]))
	}
	return sub
}

func (c *child) gender() string {
	switch r := c.rng.Float64(); {
	case r < 0.47:
		return "girl"
	case r < 0.94:
		return "boy"
	case r < 0.96:
		return "other"
	}
	return "skip"
}

func (c *child) answer(it *survey.Item, band survey.Band, reversed bool) store.Answer {
	a := store.Answer{Item: it.ID}
	r := c.rng.Float64()
	switch {
	case it.Kind == survey.KindText:
		if r < 0.05 {
			a.Code, a.Text = 1, texts[c.rng.IntN(len(texts))]
		} else {
			a.Code = survey.CodeSkipped
		}
		return a
	case r < 0.02:
		a.Code = survey.CodeSkipped
		return a
	case r < 0.06 && it.OffersDontKnow():
		a.Code = survey.CodeDontKnow
		return a
	}
	p := logistic(0.9 + 1.0*c.theta + 0.4*c.rng.NormFloat64())
	if reversed || it.Negative {
		base, ok := negativeBase[it.ID]
		if !ok {
			base = negativeDefault
		}
		p = logistic(base - 0.9*c.theta + 0.4*c.rng.NormFloat64())
	}
	choices := it.Choices(band)
	switch it.Kind {
	case survey.KindYesNo:
		a.Code = 0
		if c.rng.Float64() < logistic(2.4+0.8*c.theta) {
			a.Code = 1
		}
	case survey.KindLadder:
		v := math.Round(7.9 + 1.3*c.theta + 0.7*c.rng.NormFloat64())
		a.Code = int(math.Max(0, math.Min(10, v)))
	case survey.KindChoice:
		a.Code = choices[c.rng.IntN(len(choices))].Code
	case survey.KindMulti:
		for _, ch := range choices {
			if c.rng.Float64() < 0.35 {
				a.Code |= survey.MultiBit(ch.Code)
			}
		}
		if a.Code == 0 {
			a.Code = survey.MultiBit(choices[0].Code)
		}
	default: // scale: a step on the full scale, shown as the nearest face
		points := len(choices)
		if sc := it.ScaleDef(); sc != nil {
			points = sc.Points
		}
		a.Code = nearest(choices, 1+c.binomial(points-1, p))
	}
	return a
}

// nearest returns the code of the choice closest to code; between two, the
// one farther from the middle (a young child's "always" is 4 or 5).
func nearest(choices []survey.Choice, code int) int {
	best, mid := choices[0].Code, float64(choices[0].Code+choices[len(choices)-1].Code)/2
	for _, ch := range choices[1:] {
		d, bd := math.Abs(float64(ch.Code-code)), math.Abs(float64(best-code))
		if d < bd || (d == bd && math.Abs(float64(ch.Code)-mid) > math.Abs(float64(best)-mid)) {
			best = ch.Code
		}
	}
	return best
}

// reversedItems lists the items that indices score the other way round:
// for these a happier child gives a lower answer.
func reversedItems(s *survey.Survey) map[string]bool {
	out := map[string]bool{}
	for _, ind := range s.Indicators {
		for _, id := range ind.Reverse {
			out[id] = true
		}
	}
	return out
}
