package store

import (
	"strings"

	"github.com/kinderstem/kinderstem/internal/fault"
)

// CheckStaffText refuses a text staff typed for others to read (a session
// label, an organisation's or a user's name, feedback to a group) when it
// carries characters that change how it reads without being seen:
// direction controls (Trojan Source, CVE-2021-42574), zero-width spaces and
// joiners, invisible operators, byte order marks, and control characters
// other than line breaks and tabs. Refused with a message rather than
// stripped, so that nobody's text changes silently.
func CheckStaffText(field, s string) error {
	for _, r := range s {
		if hiddenRune(r) {
			return fault.Field(field, "error.text_controls", "text carries a direction control or an invisible character")
		}
	}
	return nil
}

func hiddenRune(r rune) bool {
	switch {
	case r == '\n' || r == '\t' || r == '\r':
		return false
	case r < 0x20 || r >= 0x7f && r < 0xa0: // C0 and C1 controls
		return true
	case r == 0x061c, // Arabic letter mark
		r >= 0x200b && r <= 0x200f,   // zero-width space, non-joiner, joiner; LRM, RLM
		r >= 0x202a && r <= 0x202e,   // LRE, RLE, PDF, LRO, RLO
		r >= 0x2060 && r <= 0x2064,   // word joiner, invisible operators
		r >= 0x2066 && r <= 0x2069,   // LRI, RLI, FSI, PDI
		r == 0xfeff,                  // zero-width no-break space (BOM)
		r >= 0xe0000 && r <= 0xe007f: // tag characters
		return true
	}
	return false
}

// StripHidden drops the characters CheckStaffText refuses (but line
// breaks and tabs): for what a child types, which is cleaned rather than
// refused, so that a child never meets an error for a character they
// cannot see.
func StripHidden(s string) string {
	return strings.Map(func(r rune) rune {
		if hiddenRune(r) {
			return -1
		}
		return r
	}, s)
}
