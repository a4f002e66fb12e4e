package survey

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

func (v *validator) indicators() {
	seen := map[string]bool{}
	for i, ind := range v.s.Indicators {
		p := []any{"indicators", i}
		if ind == nil {
			v.bad(p, "indicator %d is empty", i+1)
			continue
		}
		if !idPattern.MatchString(ind.ID) || seen[ind.ID] {
			v.bad(p, "indicator id %q must be unique, lower case letters, digits and _", ind.ID)
		}
		seen[ind.ID] = true
		v.theme(append(p, "theme"), ind.Theme)
		v.articles(append(p, "crc"), ind.CRC)
		v.l.inIndicator = true
		v.message(append(p, "title"), "indicator "+ind.ID+" title", ind.Title)
		v.message(append(p, "definition"), "indicator "+ind.ID+" definition", ind.Definition)
		line := locate(v.doc, p...)
		checkMeta(v.cat, &ind.Meta, false, func(format string, args ...any) {
			v.l.problem(v.s.File, line, "indicator "+ind.ID+": "+format, args...)
		}, func(id string) { v.l.ref(v.s.File, line, id) })
		v.l.inIndicator = false
		if !v.s.kindAllowed(ind.Kind) {
			v.bad(append(p, "kind"), "indicator %s: %s indicators are for %s surveys", ind.ID, ind.Kind, map[bool]string{true: "professionals'", false: "children's"}[ind.Kind == Pool])
			continue
		}
		if ind.Kind == Pool {
			v.pool(p, ind)
			continue
		}
		items := v.indicatorItems(p, ind)
		if items == nil {
			continue
		}
		switch ind.Kind {
		case Share:
			if v.s.ForProfessionals() {
				v.professionalShare(p, ind, items)
			}
			v.share(p, ind, items)
		case Mean:
			if len(items) != 1 || !numeric(items[0]) {
				v.bad(p, "indicator %s: a mean takes one scale or ladder item", ind.ID)
			}
		case Index:
			v.index(p, ind, items)
		default:
			v.bad(append(p, "kind"), "indicator %s: unknown kind %q (share, mean, index or pool)", ind.ID, ind.Kind)
		}
	}
}

func (v *validator) indicatorItems(p []any, ind *Indicator) []*Item {
	if len(ind.Items) == 0 {
		v.bad(p, "indicator %s: items are required", ind.ID)
		return nil
	}
	var out []*Item
	for k, id := range ind.Items {
		it, ok := v.s.Item(id)
		if !ok {
			v.bad(append(p, "items", k), "indicator %s: no item %q in this survey", ind.ID, id)
			return nil
		}
		out = append(out, it)
	}
	return out
}

func numeric(it *Item) bool { return it.Kind == KindScale || it.Kind == KindLadder }

func (v *validator) share(p []any, ind *Indicator, items []*Item) {
	it := items[0]
	if len(items) != 1 || it.Kind == KindText {
		v.bad(p, "indicator %s: a share takes one item that is not text", ind.ID)
		return
	}
	if len(ind.Top) == 0 {
		v.bad(p, "indicator %s: a share needs top, the answers that count", ind.ID)
	}
	for k, c := range ind.Top {
		if !topValid(it, c) {
			v.bad(append(p, "top", k), "indicator %s: %d is not an answer of item %s", ind.ID, c, it.ID)
		}
	}
}

// topValid reports whether code c is an answer of item it that a share can
// count: an option of a multi item, a point of a scale, a code otherwise.
func topValid(it *Item, c int) bool {
	switch {
	case it.Kind == KindMulti:
		return slices.ContainsFunc(it.Options, func(o Option) bool { return o.Code == c })
	case it.Kind == KindScale:
		return it.scale != nil && c >= it.scale.First() && c <= it.scale.Last()
	}
	lo, hi := it.CodeRange()
	return c >= lo && c <= hi
}

func (v *validator) index(p []any, ind *Indicator, items []*Item) {
	if len(items) < 2 {
		v.bad(p, "indicator %s: an index takes two or more items", ind.ID)
	}
	for _, it := range items {
		if !numeric(it) {
			v.bad(p, "indicator %s: item %s is not a scale or ladder item", ind.ID, it.ID)
		}
	}
	for k, r := range ind.Reverse {
		if !slices.Contains(ind.Items, r) {
			v.bad(append(p, "reverse", k), "indicator %s: reversed item %s is not one of its items", ind.ID, r)
		}
	}
	// A negatively worded item must be scored the other way round, and only
	// such an item may be.
	for _, it := range items {
		if it.Negative != slices.Contains(ind.Reverse, it.ID) {
			v.bad(append(p, "reverse"), "indicator %s: item %s is negative: %v; list it in reverse exactly when it is", ind.ID, it.ID, it.Negative)
		}
	}
	if ind.MinItems < 1 || ind.MinItems > len(items) {
		v.bad(append(p, "min_items"), "indicator %s: min_items must be 1 to %d", ind.ID, len(items))
	}
}

// UnmarshalYAML reads a band written "6-9".
func (b *Band) UnmarshalYAML(n *yaml.Node) error {
	lo, hi, ok := strings.Cut(n.Value, "-")
	min, err1 := strconv.Atoi(strings.TrimSpace(lo))
	max, err2 := strconv.Atoi(strings.TrimSpace(hi))
	if !ok || err1 != nil || err2 != nil {
		return fmt.Errorf("line %d: age band %q must look like 6-9", n.Line, n.Value)
	}
	b.Min, b.Max = min, max
	return nil
}
