package export

import (
	"context"
	"slices"

	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// Microdata describes one microdata export.
type Microdata struct {
	Store   *store.Store
	Catalog *survey.Catalog
	Survey  *survey.Survey
	Filter  indicator.Filter
	Texts   bool // include free text (an admin's explicit choice)
	T       Text
}

// Codes of the microdata beyond the answers themselves.
const (
	codeSkipped  = survey.CodeSkipped
	codeDontKnow = survey.CodeDontKnow
)

// sessionInfo is what a row takes from its session.
type sessionInfo struct {
	setting, region, province string
	org                       int64
}

// Table returns the microdata as a table: one row per submission, coded
// answers (-1 skipped, -2 don't know, empty not asked), never free text
// unless asked for, protected as microdata_sdc.go says. Rows stream from
// the database, shuffled a block at a time.
func (m *Microdata) Table(ctx context.Context) (Table, error) {
	sessions, err := m.sessions(ctx)
	if err != nil {
		return Table{}, err
	}
	sdc, err := m.firstPass(ctx, sessions, MicroK)
	if err != nil {
		return Table{}, err
	}
	cols, items := m.columns()
	idx := map[string]int{} // item id -> first column
	for i, it := range items {
		if _, ok := idx[it.item.ID]; !ok {
			idx[it.item.ID] = i
		}
	}
	itemNames := m.Store.ItemNames()
	return Table{
		Name:  m.Survey.ID,
		Title: fill(m.T("exports2.microdata_title"), "title", m.T(m.Survey.Title)),
		Description: m.T("exports2.microdata_description") + " " + fill(m.T("exports2.microdata_protection"), "k", sdc.k,
			"lang", sdc.suppressed[1], "gender", sdc.suppressed[2], "session", sdc.suppressed[3], "all", sdc.suppressed[4]),
		Columns: cols,
		Rows: func(yield func([]any) error) error {
			texts, err := m.texts(ctx)
			if err != nil {
				return err
			}
			row := make([]any, len(cols))
			sh := &shuffler{yield: yield}
			err = m.Store.ScanSurvey(ctx, m.Survey.ID, func(r *store.CodedRow) error {
				si, ok := sessions[r.SessionID]
				if !ok || !m.keep(r, si) {
					return nil
				}
				m.head(row, r, si, sdc)
				for i := len(fixedColumns); i < len(row); i++ {
					row[i] = nil
				}
				for _, a := range r.Answers {
					n := itemNames[a.Item]
					if c, ok := idx[n[1]]; ok && n[0] == m.Survey.ID {
						setAnswer(row, len(fixedColumns)+c, items[c:], a.Code)
					}
				}
				if m.Texts {
					for i, it := range items {
						if it.item.Kind == survey.KindText {
							row[len(fixedColumns)+i] = nil
							if t, ok := texts[r.ID][it.item.ID]; ok {
								row[len(fixedColumns)+i] = t
							}
						}
					}
				}
				return sh.add(row)
			})
			if err != nil {
				return err
			}
			return sh.flush()
		},
	}, nil
}

// setAnswer writes one coded answer; a multi item's mask spreads over its
// option columns as 1 or 0.
func setAnswer(row []any, at int, items []itemColumn, code int) {
	it := items[0].item
	switch it.Kind {
	case survey.KindText:
		return
	case survey.KindMulti:
		for i := 0; i < len(items) && items[i].item == it; i++ {
			v := code
			if code >= 0 {
				v = 0
				if survey.MultiHas(code, items[i].option) {
					v = 1
				}
			}
			row[at+i] = v
		}
	default:
		row[at] = code
	}
}

var fixedColumns = []string{"submission", "survey", "survey_version", "session", "setting", "region", "province", "age_band", "age", "gender", "quarter", "lang", "complete"}

func (m *Microdata) head(row []any, r *store.CodedRow, si sessionInfo, s *sdc) {
	var session, gender, lang, setting, province, band, quarter any = s.session(r.SessionID), r.Gender, r.Lang, si.setting, si.province, r.AgeBand, quarterOf(r.Day)
	switch s.level(r, si) {
	case 4:
		setting, province, band, quarter = nil, nil, nil, nil
		fallthrough
	case 3:
		session = nil
		fallthrough
	case 2:
		gender = nil
		fallthrough
	case 1:
		lang = nil
	}
	copy(row, []any{s.rowID(), r.SurveyID, r.SurveyVersion, session, setting, nil, province,
		band, nil, gender, quarter, lang, r.Complete})
}

func (m *Microdata) sessions(ctx context.Context) (map[int64]sessionInfo, error) {
	all, err := m.Store.AllSessions(ctx)
	if err != nil {
		return nil, err
	}
	out := map[int64]sessionInfo{}
	for _, s := range all {
		if s.SurveyID != m.Survey.ID {
			continue
		}
		out[s.ID] = sessionInfo{setting: s.Setting, region: s.Region,
			province: m.Catalog.ProvinceOf(s.Region), org: s.OrganisationID}
	}
	return out, nil
}

// keep applies the analysts' filters to one submission.
func (m *Microdata) keep(r *store.CodedRow, si sessionInfo) bool {
	f := m.Filter
	month := ""
	if len(r.Day) >= 7 {
		month = r.Day[:7]
	}
	switch {
	case f.From != "" && month < f.From, f.To != "" && month > f.To:
		return false
	case len(f.Versions) > 0 && !slices.Contains(f.Versions, r.SurveyVersion):
		return false
	case len(f.Settings) > 0 && !slices.Contains(f.Settings, si.setting):
		return false
	case len(f.Regions) > 0 && !slices.Contains(f.Regions, si.region) && !slices.Contains(f.Regions, si.province):
		return false
	case len(f.Organisations) > 0 && !slices.Contains(f.Organisations, si.org):
		return false
	case len(f.AgeBands) > 0 && !slices.Contains(f.AgeBands, r.AgeBand):
		return false
	case len(f.Genders) > 0 && !slices.Contains(f.Genders, r.Gender):
		return false
	case !f.KeepsAge(r.Age):
		return false
	}
	return true
}

func (m *Microdata) texts(ctx context.Context) (map[int64]map[string]string, error) {
	out := map[int64]map[string]string{}
	if !m.Texts {
		return out, nil
	}
	err := m.Store.ScanTexts(ctx, m.Survey.ID, func(id int64, item, text string) error {
		if out[id] == nil {
			out[id] = map[string]string{}
		}
		out[id][item] = text
		return nil
	})
	return out, err
}
