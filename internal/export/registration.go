package export

import (
	"strconv"
	"strings"

	"github.com/kinderstem/kinderstem/internal/registration"
	"github.com/kinderstem/kinderstem/internal/release"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// RegistrationFigure is a published registration figure with its
// indicator.
type RegistrationFigure struct {
	registration.Figure
	Reg *survey.Registration
}

// RegistrationTable is the tidy export of registration figures, in the
// same shape as the import file (so one can be read by the other), with
// titles, sources and the disclosure flag.
func RegistrationTable(figs []RegistrationFigure, t Text, p release.Policy) Table {
	p.Note(release.Registration)
	return Table{
		Name:        "registration",
		Title:       "Kinderstem registration figures",
		Description: "Registration (administrative) figures beside the survey indicators, by indicator, period and area (NIS code). A figure resting on fewer than k children is suppressed: its numbers are empty.",
		Columns: []Column{
			{Name: "indicator", Type: "string", Description: "Registration indicator id (surveys/registration/)."},
			{Name: "period", Type: "string", Description: "Year (2024), month (2024-03), quarter (2024-Q1) or school year (2023-2024)."},
			{Name: "area", Type: "string", Description: "NIS (REFNIS) code as from the 2025 mergers: 01000 Belgium, 02000/03000/04000 the regions, provinces, municipalities."},
			{Name: "sex", Type: "string", Categories: []Category{{"total", "total"}, {"female", "female"}, {"male", "male"}}},
			{Name: "age_band", Type: "string", Description: "total, or an age band such as 0-2."},
			{Name: "numerator", Type: "number", Description: "Count behind the value, where the source gives it. Empty when suppressed."},
			{Name: "denominator", Type: "number", Description: "Base of the value, where the source gives it. Empty when suppressed."},
			{Name: "value", Type: "number", Description: "The published value in the indicator's unit (a share in percent). Empty when suppressed."},
			{Name: "title", Type: "string", Description: "Indicator title in the export's language."},
			{Name: "area_name", Type: "string", Description: "Name of the area."},
			{Name: "theme", Type: "string", Description: "Children's-rights theme (Kinderrechtenmonitor grouping)."},
			{Name: "crc", Type: "string", Description: "Articles of the UN Convention on the Rights of the Child, separated by spaces."},
			{Name: "unit", Type: "string", Categories: []Category{{"share", "share (%)"}, {"rate100", "per 100"}, {"rate1000", "per 1,000"}, {"count", "count"}, {"mean", "mean"}}},
			{Name: "source", Type: "string", Description: "source: registration (to tell these rows from survey indicators)."},
			{Name: "source_organisation", Type: "string", Description: "Who publishes the indicator."},
			{Name: "source_url", Type: "string", Description: "Where this figure was published, else the indicator's source (the column registration import reads)."},
			{Name: "publication", Type: "string", Description: "The publication the figure was read from."},
			{Name: "table", Type: "string", Description: "The publication's table the figure was read from, as titled."},
			{Name: "published", Type: "string", Description: "The year the figure was published or read, where known."},
			{Name: "licence", Type: "string", Description: "The source's terms of re-use."},
			{Name: "rhythm", Type: "string", Description: "How often the source publishes: yearly, quarterly, monthly, school_year or irregular."},
			{Name: "suppressed", Type: "boolean", Description: "true when the figure is hidden to protect small groups."},
			{Name: "k", Type: "integer", Description: "Disclosure threshold for figures that count children."},
		},
		Rows: func(yield func([]any) error) error {
			for _, f := range figs {
				var num, den, val any
				if !f.Hidden {
					val = f.Value
					if f.Numerator != nil {
						num = *f.Numerator
					}
					if f.Denominator != nil {
						den = *f.Denominator
					}
				}
				url := f.Source
				if url == "" {
					url = f.Reg.Source.URL
				}
				crc := make([]string, len(f.Reg.CRC))
				for i, a := range f.Reg.CRC {
					crc[i] = strconv.Itoa(a)
				}
				if err := yield([]any{f.Indicator, f.Period, f.Area, f.Sex, f.AgeBand, num, den, val, t(f.Reg.Title), f.AreaName,
					f.Reg.Theme, strings.Join(crc, " "), f.Reg.Unit, "registration", f.Reg.Source.Organisation, url,
					f.Publication, f.Table, f.Published, f.Reg.Source.Licence, f.Reg.Source.Rhythm, f.Hidden, p.K()}); err != nil {
					return err
				}
			}
			return nil
		},
	}
}

// RegistrationFigures lists the figures of published series for the
// registration export.
func RegistrationFigures(series []*registration.Series) []RegistrationFigure {
	var out []RegistrationFigure
	for _, s := range series {
		for _, f := range s.Figures {
			out = append(out, RegistrationFigure{Figure: f, Reg: s.Reg})
		}
	}
	return out
}
