package survey

import "regexp"

// Contact details a respondent may write into a comment: e-mail addresses,
// phone numbers (eight or more digits, with spaces, dots, dashes, slashes
// or a leading +) and street addresses (a street word and a house number,
// in the six shipped languages' usual forms).
var (
	maskEmail  = regexp.MustCompile(`[\p{L}\p{N}._%+\-]+@[\p{L}\p{N}.\-]+\.\p{L}{2,}`)
	maskPhone  = regexp.MustCompile(`\+?\d(?:[\s./\-]?\(?\d\)?){7,}`)
	maskStreet = regexp.MustCompile(`(?i)\b[\p{L}\-']*(?:straat|laan|weg|plein|steenweg|lei|dreef|kaai|stra(?:ss|ß)e|gasse|platz|street|st\.|road|avenue|lane|square)\s+\d+[a-z]?\b|(?i)\b(?:rue|avenue|boulevard|chaussée|place|chemin|quai)\s+(?:[\p{L}'\-]+\s+){1,4}\d+[a-z]?\b|(?i)\b(?:вул\.|вулиця|شارع)\s*[\p{L}\s'\-]{1,40}\d+`)
)

// MaskContact replaces e-mail addresses, phone numbers and street
// addresses in a comment with "[…]", before an analyst reads it.
func MaskContact(s string) string {
	for _, re := range []*regexp.Regexp{maskEmail, maskStreet, maskPhone} {
		s = re.ReplaceAllString(s, "[…]")
	}
	return s
}
