package api

import (
	"encoding/base64"
	"net/url"
	"strconv"
	"strings"

	"github.com/kinderstem/kinderstem/internal/fault"
)

// maxPageCells is the largest page a caller may ask for.
const maxPageCells = 10000

// apiPage is how much of an indicator answer a caller asked for: at most
// Limit cells (0: all) from Offset on, hidden cells left out or not.
type apiPage struct {
	Limit          int
	Offset         int
	OmitSuppressed bool
}

// pageFrom reads limit=, cursor= and suppressed=omit|include.
func pageFrom(q url.Values) (apiPage, error) {
	var p apiPage
	if s := q.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > maxPageCells {
			return p, fault.Field("limit", "exports2.limit_invalid", "limit must be 1 to "+strconv.Itoa(maxPageCells))
		}
		p.Limit = n
	}
	if s := q.Get("cursor"); s != "" {
		n, ok := decodeCursor(s)
		if !ok {
			return p, fault.Field("cursor", "exports2.cursor_invalid", "cursor is not one this server gave")
		}
		p.Offset = n
	}
	switch q.Get("suppressed") {
	case "", "include":
	case "omit":
		p.OmitSuppressed = true
	default:
		return p, fault.Field("suppressed", "exports2.suppressed_invalid", "suppressed must be omit or include")
	}
	return p, nil
}

// A cursor is the offset of the next cell, opaque to callers so the
// shape can change.
func encodeCursor(offset int) string {
	return base64.RawURLEncoding.EncodeToString([]byte("o" + strconv.Itoa(offset)))
}

func decodeCursor(s string) (int, bool) {
	if len(s) > 32 {
		return 0, false
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return 0, false
	}
	digits, ok := strings.CutPrefix(string(b), "o")
	n, err := strconv.Atoi(digits)
	if !ok || err != nil || n < 0 || strconv.Itoa(n) != digits {
		return 0, false
	}
	return n, true
}

// apply cuts the answer to the page. The unit is a cell; an indicator
// without a breakdown counts its total as its one cell. An indicator comes
// with its total and definition on every page that holds one of its
// cells. It returns the cells of the whole answer and the next page's
// cursor ("" on the last page).
func (p apiPage) apply(inds []apiIndicator) ([]apiIndicator, int, string) {
	out := []apiIndicator{}
	at := 0
	for _, ind := range inds {
		cells := ind.Cells[:0:0]
		for _, c := range ind.Cells {
			if !p.OmitSuppressed || !c.Suppressed {
				cells = append(cells, c)
			}
		}
		units := len(cells)
		if len(ind.Cells) == 0 && (!p.OmitSuppressed || !ind.Total.Suppressed) {
			units = 1
		}
		lo, hi := max(p.Offset-at, 0), units
		if p.Limit > 0 {
			hi = min(units, p.Offset+p.Limit-at)
		}
		if lo < hi {
			if len(ind.Cells) > 0 {
				ind.Cells = cells[lo:hi]
			}
			out = append(out, ind)
		}
		at += units
	}
	next := ""
	if p.Limit > 0 && p.Offset+p.Limit < at {
		next = encodeCursor(p.Offset + p.Limit)
	}
	return out, at, next
}
