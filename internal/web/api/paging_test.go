package api

import (
	"encoding/base64"
	"net/url"
	"strings"
	"testing"
)

func TestPageFrom(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name, query, field string
		want               apiPage
	}{
		{"nothing", "", "", apiPage{}},
		{"limit", "limit=50", "", apiPage{Limit: 50}},
		{"cursor", "limit=50&cursor=" + encodeCursor(100), "", apiPage{Limit: 50, Offset: 100}},
		{"omit", "suppressed=omit", "", apiPage{OmitSuppressed: true}},
		{"limit zero", "limit=0", "limit", apiPage{}},
		{"limit too big", "limit=10001", "limit", apiPage{}},
		{"limit words", "limit=ten", "limit", apiPage{}},
		{"cursor forged", "cursor=" + base64.RawURLEncoding.EncodeToString([]byte("o-5")), "cursor", apiPage{}},
		{"cursor padded", "cursor=" + base64.RawURLEncoding.EncodeToString([]byte("o007")), "cursor", apiPage{}},
		{"cursor junk", "cursor=!!", "cursor", apiPage{}},
		{"suppressed other", "suppressed=hide", "suppressed", apiPage{}},
	} {
		t.Run(c.name, func(t *testing.T) {
			q, _ := url.ParseQuery(c.query)
			got, err := pageFrom(q)
			if c.field != "" {
				if err == nil || !strings.Contains(err.Error(), c.field) {
					t.Fatalf("err = %v, want one naming %s", err, c.field)
				}
				return
			}
			if err != nil || got != c.want {
				t.Fatalf("got %+v, %v; want %+v", got, err, c.want)
			}
		})
	}
}

// FuzzPageQuery: any query gives a page within bounds or an error, and a
// cursor this server made reads back as the same offset.
func FuzzPageQuery(f *testing.F) {
	for _, s := range []string{"limit=10&cursor=bzEw", "suppressed=omit", "cursor=", "limit=-1", "cursor=bzAx"} {
		f.Add(s, 5)
	}
	f.Fuzz(func(t *testing.T, query string, offset int) {
		q, _ := url.ParseQuery(query)
		if p, err := pageFrom(q); err == nil && (p.Limit < 0 || p.Limit > maxPageCells || p.Offset < 0) {
			t.Fatalf("%q: page %+v out of bounds", query, p)
		}
		if offset >= 0 {
			if n, ok := decodeCursor(encodeCursor(offset)); !ok || n != offset {
				t.Fatalf("cursor of %d reads back as %d, %v", offset, n, ok)
			}
		}
	})
}

// apply gives every cell once over the pages, in order, and counts them.
func TestPageApply(t *testing.T) {
	t.Parallel()
	cell := func(s bool) apiCell { return apiCell{Suppressed: s} }
	inds := []apiIndicator{
		{ID: "a", Cells: []apiCell{cell(false), cell(true), cell(false)}},
		{ID: "b"}, // no breakdown: its total is its one cell
		{ID: "c", Cells: []apiCell{cell(true), cell(false)}},
	}
	for _, omit := range []bool{false, true} {
		var got []string
		p := apiPage{Limit: 2, OmitSuppressed: omit}
		total := 0
		for pages := 0; pages < 10; pages++ {
			out, n, next := p.apply(inds)
			total = n
			for _, ind := range out {
				got = append(got, ind.ID)
				for range max(len(ind.Cells)-1, 0) {
					got = append(got, ind.ID)
				}
			}
			if next == "" {
				break
			}
			p.Offset, _ = decodeCursor(next)
		}
		want := map[bool]string{false: "a a a b c c", true: "a a b c"}[omit]
		if strings.Join(got, " ") != want || total != len(strings.Fields(want)) {
			t.Errorf("omit=%v: pages give %q of %d, want %q", omit, got, total, want)
		}
	}
}
