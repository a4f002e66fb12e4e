package survey

import "slices"

// respondents checks who answers the survey: children give an age band,
// professionals never do.
func (v *validator) respondents() {
	switch v.s.Respondents {
	case "":
		v.s.Respondents = Children
	case Children:
	case Professionals:
		if len(v.s.AgeBands) > 0 {
			v.bad([]any{"age_bands"}, "age_bands: professionals are not asked their age; leave age_bands out")
		}
		return
	default:
		v.bad([]any{"respondents"}, "respondents must be children or professionals, not %q", v.s.Respondents)
		return
	}
	v.bands()
}

// matrix checks a matrix item: a scale, and rows with unique ids and a
// label each. Children's screens ask one thing at a time, so only
// professionals' surveys have matrices.
func (v *validator) matrix(p []any, it *Item) {
	if !v.s.ForProfessionals() {
		v.bad(append(p, "kind"), "item %s: matrix items are for surveys with respondents: professionals", it.ID)
	}
	v.itemScale(p, it)
	if len(it.Rows) == 0 {
		v.bad(p, "item %s: a matrix item needs rows", it.ID)
	}
	seen := map[string]bool{}
	for k, r := range it.Rows {
		rp := append(p, "rows", k)
		if !idPattern.MatchString(r.ID) || seen[r.ID] {
			v.bad(rp, "item %s: row id %q must be unique, lower case letters, digits and _", it.ID, r.ID)
		}
		seen[r.ID] = true
		v.message(append(rp, "label"), "row label", r.Label)
	}
}

// pool checks an indicator that pools matrix cells by section or by row;
// without items it pools every matrix item of the survey.
func (v *validator) pool(p []any, ind *Indicator) {
	if ind.By != PoolBySection && ind.By != PoolByRow {
		v.bad(append(p, "by"), "indicator %s: a pool is by section or by row, not %q", ind.ID, ind.By)
	}
	for k, id := range ind.Items {
		it, ok := v.s.Item(id)
		if !ok || it.Kind != KindMatrix {
			v.bad(append(p, "items", k), "indicator %s: %q is not a matrix item of this survey", ind.ID, id)
		}
	}
	if len(v.s.PoolItems(ind)) == 0 {
		v.bad(p, "indicator %s: the survey has no matrix items to pool", ind.ID)
	}
}

// PoolItems returns the matrix items a pool indicator takes: those it
// lists, or every matrix item of the survey.
func (s *Survey) PoolItems(ind *Indicator) []*Item {
	var out []*Item
	for _, it := range s.items {
		if it.Kind == KindMatrix && (len(ind.Items) == 0 || slices.Contains(ind.Items, it.ID)) {
			out = append(out, it)
		}
	}
	return out
}

// kindAllowed says which indicator kinds a survey may have: children's
// surveys share, mean and index; professionals' surveys pool (matrix
// cells) and share (of a single-answer question, such as "never heard of
// the Child Guarantee").
func (s *Survey) kindAllowed(k IndicatorKind) bool {
	if s.ForProfessionals() {
		return k == Pool || k == Share
	}
	return k != Pool
}

// professionalShare checks a share of a professionals' survey: it counts
// the answers of one single-answer question (choice or yes/no), the
// questions whose answers the results page gives as shares.
func (v *validator) professionalShare(p []any, ind *Indicator, items []*Item) {
	if len(items) != 1 || !items[0].SingleAnswer() {
		v.bad(p, "indicator %s: a share of a professionals' survey takes one choice or yes/no item", ind.ID)
	}
}

// SingleAnswer reports whether the item takes one answer from a list
// (choice or yes/no): the questions given as shares and usable as a
// breakdown of a professionals' survey.
func (it *Item) SingleAnswer() bool { return it.Kind == KindChoice || it.Kind == KindYesNo }
