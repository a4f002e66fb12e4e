package export

import (
	"context"
	"strconv"

	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// OrganisationNames names organisations by id, for LevelLabel.
func OrganisationNames(ctx context.Context, st *store.Store) (map[string]string, error) {
	orgs, err := st.Organisations(ctx)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, o := range orgs {
		out[strconv.FormatInt(o.ID, 10)] = o.Name
	}
	return out, nil
}

// LevelLabel turns a breakdown level into words in the reader's language,
// the same on pages, in the API and in every export (web and command
// line). orgs names organisations by id.
func LevelLabel(cat *survey.Catalog, t func(string, ...any) string, d indicator.Dim, key string, orgs map[string]string) string {
	switch d {
	case indicator.DimAgeBand, indicator.DimAge:
		return t("sessions.band_years", "Band", key)
	case indicator.DimGender:
		return t("gender." + key)
	case indicator.DimSetting:
		return t("setting." + key)
	case indicator.DimProvince, indicator.DimRegion:
		if r, ok := cat.Region(key); ok {
			return r.Name
		}
		return t("indicators.unknown_region")
	case indicator.DimOrganisation:
		if name, ok := orgs[key]; ok {
			return name
		}
	case indicator.DimVersion:
		return "v" + key
	case indicator.DimLiving, indicator.DimHomeLanguage, indicator.DimIllness, indicator.DimDeprivation:
		return t("background." + string(d) + "." + key)
	case indicator.DimSection, indicator.DimRow:
		if label := poolLevelLabel(cat, d, key); label != "" {
			return t(label)
		}
	case "":
		return t("indicators.all")
	}
	return key
}

// DistributionLabel names one answer of a distribution: its label, or
// "step N" for a ladder's unlabelled steps.
func DistributionLabel(t func(string, ...any) string, b indicator.Bucket) string {
	if b.Label == "" {
		return t("indicators.ladder_step", "Step", b.Code)
	}
	return t(b.Label)
}

// poolLevelLabel is the message id naming a section (a service) or a
// matrix row (a group) of the professionals' surveys; empty when none has
// that id.
func poolLevelLabel(cat *survey.Catalog, d indicator.Dim, key string) string {
	for _, s := range cat.Professional() {
		for _, sec := range s.Sections {
			if d == indicator.DimSection && sec.ID == key {
				return sec.Title
			}
			for _, it := range sec.Items {
				for _, r := range it.Rows {
					if d == indicator.DimRow && r.ID == key {
						return r.Label
					}
				}
			}
		}
	}
	return ""
}
