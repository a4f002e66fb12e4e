package demo

import (
	"context"
	mrand "math/rand/v2"
	"time"

	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// demoComments are synthetic comments for the demo round, by the section
// they are written under, so a comment on housing never stands under
// childcare; sections without their own take the general ones. One
// general comment carries a phone number and an address, to show that
// analysts see them masked.
var demoComments = map[string][]string{
	"childcare": {
		"Het plaatstekort blijft het grootste probleem, zeker voor gezinnen in armoede.",
		"Inkomensgerelateerde opvang bestaat, maar de plaatsen zijn er niet waar de gezinnen wonen.",
	},
	"education": {
		"Schoolkosten voor uitstappen en materiaal blijven een drempel voor veel gezinnen.",
		"Voor kinderen met een handicap is er nog altijd te weinig inclusief onderwijs.",
	},
	"leisure": {
		"Voor kinderen met een handicap is er nog altijd te weinig inclusief aanbod.",
		"Zonder vervoer geraken kinderen niet tot bij de jeugdbeweging of de sportclub.",
	},
	"food": {
		"Gezonde voeding is voor veel gezinnen gewoon te duur geworden.",
		"Niet elke school biedt een warme maaltijd aan; de kinderen die ze het meest nodig hebben, missen ze.",
	},
	"health": {
		"De wachtlijsten in de geestelijke gezondheidszorg voor kinderen zijn veel te lang.",
	},
	"housing": {
		"Sociale huurwoningen zijn er veel te weinig; de wachtlijsten worden langer.",
		"Jongeren die de jeugdhulp verlaten, vinden op hun achttiende moeilijk een woning.",
	},
	"": {
		"Bel ons gerust op 0471 12 34 56 of kom langs in de Kerkstraat 12.",
		"Ik zie weinig verandering sinds de invoering van de Kindgarantie.",
	},
}

// demoComment draws a comment for a section: its own, or a general one.
func demoComment(rng *mrand.Rand, section string) string {
	list, ok := demoComments[section]
	if !ok {
		list = demoComments[""]
	}
	return list[rng.IntN(len(list))]
}

// seedRound runs one closed invitation round per professionals' survey:
// a link for each of 60 organisations, about 50 of them answered by
// synthetic professionals, so the round's results show numbers.
func seedRound(ctx context.Context, st *store.Store, cat *survey.Catalog, org, analyst int64) error {
	rng := mrand.New(mrand.NewPCG(2025, 3))
	for _, s := range cat.Professional() {
		r := &store.Round{OrganisationID: org, CreatedBy: analyst, SurveyID: s.ID, SurveyVersion: s.Version, SurveyHash: s.Hash,
			Label: "Demo: bevraging middenveld", ClosesAt: st.Now().Add(time.Hour)}
		tokens, err := st.CreateRound(ctx, r, 60)
		if err != nil {
			return err
		}
		for _, t := range tokens[:50] {
			if _, err := st.StartResponse(ctx, t, "nl", professional(rng, s)); err != nil {
				return err
			}
		}
		if err := st.CloseRound(ctx, r.ID); err != nil {
			return err
		}
	}
	return nil
}

// professional answers a survey the way the seed's respondents did: low
// scores on the whole, lower for housing and for homeless children, a
// block left empty when it lies outside their field, "don't know" now and
// then, and a comment once in a while.
func professional(rng *mrand.Rand, s *survey.Survey) []store.Answer {
	var out []store.Answer
	for _, sec := range s.Sections {
		outside := rng.Float64() < 0.35
		for _, it := range sec.Items {
			switch it.Kind {
			case survey.KindMatrix:
				for _, r := range it.Rows {
					out = append(out, store.Answer{Item: survey.CellID(it.ID, r.ID), Code: cellCode(rng, it, sec.ID, r.ID, outside)})
				}
			case survey.KindText:
				if !outside && rng.Float64() < 0.2 {
					out = append(out, store.Answer{Item: it.ID, Code: 1, Text: demoComment(rng, sec.ID)})
				} else {
					out = append(out, store.Answer{Item: it.ID, Code: survey.CodeSkipped})
				}
			default:
				ch := it.Choices(survey.ProfessionalBand)
				out = append(out, store.Answer{Item: it.ID, Code: ch[rng.IntN(len(ch))].Code})
			}
		}
	}
	return out
}

func cellCode(rng *mrand.Rand, it *survey.Item, section, row string, outside bool) int {
	switch u := rng.Float64(); {
	case outside:
		return survey.CodeSkipped
	case u < 0.12:
		return survey.CodeDontKnow
	}
	mean := 2.2
	if section == "housing" {
		mean -= 0.8
	}
	if row == "homeless" {
		mean -= 0.6
	}
	sc := it.ScaleDef()
	v := int(mean + rng.NormFloat64()*1.2 + 0.5)
	return min(max(v, sc.First()), sc.Last())
}
