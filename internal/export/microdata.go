package export

import (
	"context"

	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/release"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// Microdata describes one microdata export.
type Microdata struct {
	Store   *store.Store
	Catalog *survey.Catalog
	Survey  *survey.Survey
	// Request is the analyst's request: filters on shown values only
	// (CheckMicrodata), no breakdowns.
	Request indicator.Request
	// Policy is the disclosure policy: its minimum base is the fewest
	// rows a file may hold.
	Policy release.Policy
	Texts  bool // include free text (an admin's explicit choice)
	T      Text
	// Weights are the population weights by class (weight column); nil
	// when no population table is imported: every row then weighs 1.
	Weights *indicator.ClassWeights
}

// Codes of the microdata beyond the answers themselves.
const (
	codeSkipped  = survey.CodeSkipped
	codeDontKnow = survey.CodeDontKnow
)

// sessionInfo is what a row takes from its session.
type sessionInfo struct {
	setting, region, province string
	mixedPaper                bool // some of its questionnaires came on paper, some on a screen
}

// Table returns the microdata as a table: one row per submission, coded
// answers (-1 skipped, -2 don't know, empty not asked), never free text
// unless asked for, protected as microdata_sdc.go says. Rows stream from
// the database, shuffled a block at a time. A request CheckMicrodata
// refuses, and a selection of fewer rows than the minimum base, are
// refused whole.
func (m *Microdata) Table(ctx context.Context) (Table, error) {
	m.Policy.Note(release.Microdata)
	if err := CheckMicrodata(m.Request, m.Catalog); err != nil {
		return Table{}, err
	}
	sessions, err := m.sessions(ctx)
	if err != nil {
		return Table{}, err
	}
	f := newShownFilter(m.Request.Filter)
	sdc, err := m.firstPass(ctx, sessions, MicroK, f)
	if err != nil {
		return Table{}, err
	}
	if err := m.Policy.CheckBase(sdc.leaving); err != nil {
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
		Design:  m.design(),
		Rows: func(yield func([]any) error) error {
			texts, err := m.texts(ctx)
			if err != nil {
				return err
			}
			row := make([]any, len(cols))
			sh := &shuffler{yield: yield}
			err = m.Store.ScanSurvey(ctx, m.Survey.ID, func(r *store.CodedRow) error {
				si, ok := sessions[r.SessionID]
				if !ok {
					return nil
				}
				key := sdc.key(r, si)
				level := sdc.level(r, key)
				if !f.keeps(sdc, key, level) {
					return nil
				}
				m.head(row, r, si, sdc, level)
				for i := nFixed; i < len(row); i++ {
					row[i] = nil
				}
				for _, a := range r.Answers {
					n := itemNames[a.Item]
					if c, ok := idx[n[1]]; ok && n[0] == m.Survey.ID {
						setAnswer(row, nFixed+c, items[c:], a.Code)
					}
				}
				if m.Texts {
					for i, it := range items {
						if it.item.Kind == survey.KindText {
							row[nFixed+i] = nil
							if t, ok := texts[r.ID][it.item.ID]; ok {
								row[nFixed+i] = t
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

// Codebook is the table's name, title and columns without rows or the
// counts of what was suppressed: what a codebook says when there are too
// few rows for a file.
func (m *Microdata) Codebook() Table {
	cols, _ := m.columns()
	return Table{Name: m.Survey.ID, Title: fill(m.T("exports2.microdata_title"), "title", m.T(m.Survey.Title)),
		Description: m.T("exports2.microdata_description"), Columns: cols, Design: m.design(),
		Rows: func(func([]any) error) error { return nil }}
}

// design is the microdata's sampling design; its example is the item of
// the survey's first mean indicator, so the first estimate an analyst runs
// is one the API also gives.
func (m *Microdata) design() *Design {
	d := &Design{Cluster: "psu", Weight: "weight"}
	for _, ind := range m.Survey.Indicators {
		if ind.Kind == survey.Mean && len(ind.Items) == 1 {
			d.Example = ind.Items[0]
			break
		}
	}
	return d
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

func (m *Microdata) head(row []any, r *store.CodedRow, si sessionInfo, s *sdc, level int) {
	var session, gender, lang, setting, province, band, quarter any = s.session(r.SessionID), r.Gender, r.Lang, si.setting, si.province, r.AgeBand, quarterOf(r.Day)
	// Paper or tablet is shown only where a whole session answered one way:
	// in a session that mixed them the mark would single out the few
	// children the worker knows used paper. It goes where the session goes.
	var paper any = r.Paper
	if si.mixedPaper {
		paper = nil
	}
	switch level {
	case 4:
		setting, province, band, quarter = nil, nil, nil, nil
		fallthrough
	case 3:
		session, paper = nil, nil
		fallthrough
	case 2:
		gender = nil
		fallthrough
	case 1:
		lang = nil
	}
	id := s.rowID()
	// The design: sessions are the clusters; a row whose session is left
	// out is a cluster of its own. Its weight is its class's, from what
	// the row shows (indicator.ClassWeights).
	psu := session
	if psu == nil {
		psu = id
	}
	weight := 1.0
	if m.Weights != nil {
		str := func(v any) string { x, _ := v.(string); return x }
		weight = m.Weights.Of(str(province), str(band), str(gender))
	}
	row[colSubmission], row[colSurvey], row[colSurveyVersion], row[colSession] = id, r.SurveyID, r.SurveyVersion, session
	row[colSetting], row[colRegion], row[colProvince], row[colAgeBand], row[colAge] = setting, nil, province, band, nil
	row[colGender], row[colQuarter], row[colLang], row[colComplete], row[colPaper] = gender, quarter, lang, r.Complete, paper
	row[colPSU], row[colWeight] = psu, weight
}

func (m *Microdata) sessions(ctx context.Context) (map[int64]sessionInfo, error) {
	all, err := m.Store.AllSessions(ctx)
	if err != nil {
		return nil, err
	}
	mixed, err := m.Store.MixedPaperSessions(ctx)
	if err != nil {
		return nil, err
	}
	out := map[int64]sessionInfo{}
	for _, s := range all {
		if s.SurveyID != m.Survey.ID {
			continue
		}
		out[s.ID] = sessionInfo{setting: s.Setting, region: s.Region,
			province: m.Catalog.ProvinceOf(s.Region), mixedPaper: mixed[s.ID]}
	}
	return out, nil
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
