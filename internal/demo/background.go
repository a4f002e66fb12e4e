package demo

import (
	"math"
	mrand "math/rand/v2"

	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// The background block in the demo. A share of sessions gets it, and the
// children of 8 and up in them answer it from plausible distributions,
// not measured ones (docs/analysts.md, "Breakdowns by background", gives
// the sources they were set from):
//
//   - who they live with: about two in three with both parents in one
//     home, one in eight in two homes, one in seven with one parent (the
//     household types of children in Statbel's and Statistiek
//     Vlaanderen's household statistics); foster families and residential
//     care are raised well above their population share (under 1% each),
//     and residential care is the answer of most children in residential
//     settings, so the demo has groups to show;
//   - languages at home: about seven in ten only the school's language,
//     one in five that and another, one in fourteen another only (the
//     share of pupils with another home language in Flemish education);
//   - a long illness or disability: about one in seven yes, one in eleven
//     "I don't know" (the share of 11- to 15-year-olds reporting a
//     chronic condition in HBSC Flanders);
//   - the Children's Worlds items: each lacked by a few to one in five
//     children, a phone by half the 8- and 9-year-olds, so that about
//     one child in six lacks two or more, as in the survey's wealthier
//     European countries.
//
// Every question is "I'd rather not say" for about one child in thirty.
// A child's latent sense of how things go (theta) tilts the draws a
// little: children who are doing less well live a little more often with
// one parent or in care, more often lack things and have a long illness
// more often, so a breakdown shows a difference of a few points, not a
// gulf.

// backgroundShare is the share of demo sessions with the background block.
const backgroundShare = 0.35

// ratherNotShare is how often a child answers "I'd rather not say".
const ratherNotShare = 0.03

var livingWeights = []float64{0.66, 0.12, 0.15, 0.02, 0.015, 0.035}

// withBackground decides whether a demo session has the block, from the
// generator's own stream so every other draw stays as it was.
func withBackground(rng *mrand.Rand, s *survey.Survey, sess *store.Session) bool {
	band, _ := s.Band(sess.AgeBand)
	draw := rng.Float64() < backgroundShare
	return draw && !s.ForProfessionals() && survey.AsksBackground(band, band.Max)
}

// drawBackground is one child's answers to the block, given their theta,
// age (0 unknown) and setting.
func drawBackground(rng *mrand.Rand, theta float64, age int, setting string) survey.Background {
	tilt := math.Exp(-0.35 * theta) // above 1 for a child doing less well
	var b survey.Background
	w := append([]float64(nil), livingWeights...)
	for i := 2; i < len(w); i++ { // one parent, foster, residential, other
		w[i] *= tilt
	}
	if setting == "residential_care" || setting == "closed_institution" {
		w[4] += 3
	}
	b.Living = pick(rng, survey.BackgroundLiving.Options, w)
	b.Language = pick(rng, survey.BackgroundLanguage.Options, []float64{0.72, 0.2, 0.07})
	b.Illness = pick(rng, survey.BackgroundIllness.Options, []float64{0.14 * tilt, 0.77, 0.09})
	lacking, leftOut := 0, 0
	for _, it := range survey.DeprivationItems {
		p := lackShare[it]
		if it == "phone" {
			p = phoneLack(age)
		}
		switch odds := p / (1 - p) * tilt; {
		case rng.Float64() < ratherNotShare:
			leftOut++
		case rng.Float64() < odds/(1+odds):
			lacking++
		}
	}
	b.Deprivation = survey.DeprivationGroup(lacking, leftOut)
	for _, v := range []*string{&b.Living, &b.Language, &b.Illness} {
		if rng.Float64() < ratherNotShare {
			*v = survey.RatherNot
		}
	}
	return b
}

// lackShare is the share of children lacking each item, phone aside.
var lackShare = map[string]float64{"clothes": 0.03, "computer": 0.08, "internet": 0.03, "own_room": 0.12, "books": 0.1, "school_trips": 0.05, "car": 0.07}

// phoneLack: most children get a phone between 10 and 12.
func phoneLack(age int) float64 {
	switch {
	case age > 0 && age <= 9:
		return 0.5
	case age > 0 && age <= 11:
		return 0.25
	}
	return 0.08
}

func pick(rng *mrand.Rand, options []string, weights []float64) string {
	total := 0.0
	for _, w := range weights {
		total += w
	}
	r := rng.Float64() * total
	for i, w := range weights {
		if r < w {
			return options[i]
		}
		r -= w
	}
	return options[len(options)-1]
}

// withBlock: the first start's wellbeing groups have the background
// block, 162 children over six groups, so a newcomer can break the
// wellbeing indicators down by living situation (above the background
// base of 100).
func withBlock(s *survey.Survey) bool { return s.ID == "wellbeing" }

// answerBlock draws a child's answers to the block when the session has
// it and the child is old enough.
func answerBlock(rng *mrand.Rand, c *child, sess *store.Session, sub *store.Submission) {
	band, _ := survey.ParseBand(sess.AgeBand)
	if sess.Background && survey.AsksBackground(band, sub.Age) {
		sub.Background = drawBackground(rng, c.theta, sub.Age, sess.Setting)
	}
}
