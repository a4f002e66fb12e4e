package survey

import (
	"regexp"
	"strings"
	"unicode"
)

// Masked is what MaskContact puts where it took out a phone number, an
// e-mail address or a street address: the same in every language.
const Masked = "[***]"

// Children are told that Kinderstem keeps no names or addresses, and a
// free-text box is where one slips in. These patterns find what is clearly
// contact data in the six languages children write in: digits may be any
// script's (Arabic-Indic too), street words are the common ones of each
// language. A street word alone ("our street is noisy") is left: only a
// street word with a house number is an address.
var (
	emailPattern = regexp.MustCompile(`[\p{L}\p{Nd}._%+\-]+\s*(?:@|\(at\)|\[at\])\s*[\p{L}\p{Nd}\-]+(?:\.[\p{L}\p{Nd}\-]+)*\.\p{L}{2,}`)
	// A run of digits with the separators people type in phone numbers;
	// maskPhone keeps only runs with 8 to 15 digits.
	phonePattern = regexp.MustCompile(`\+?\(?\p{Nd}[\p{Nd} ().\-/]{5,}\p{Nd}`)
	// Dates and year ranges look like phone numbers and are kept.
	notPhone = regexp.MustCompile(`^(?:\p{Nd}{1,2}[./\-]\p{Nd}{1,2}[./\-]\p{Nd}{2,4}|\p{Nd}{4}\s*[\-/]\s*\p{Nd}{4})$`)

	houseNumber = `\p{Nd}{1,4}(?:\s?[\p{L}](?:\b|$))?(?:\s?(?:bus|bte|box)\s?\p{Nd}{1,3})?`
	name        = `[\p{L}'’.\-]+`
	streetWords = []*regexp.Regexp{
		// nl and de: one word ending in a street word, then the number
		// (Kerkstraat 12, Hauptstraße 5, Goethestr. 3, Lindenallee 2).
		regexp.MustCompile(`(?i)\b\p{L}+(?:straat|str\.|laan|weg|plein|dreef|lei|steenweg|kaai|singel|gracht|baan|markt|straße|strasse|allee|platz|gasse|damm|ring|ufer)\s*,?\s*` + houseNumber),
		// de with a capitalised word before (Berliner Straße 12, Am Markt
		// 4): capitals only, so "ik ga weg 2 keer" stays.
		regexp.MustCompile(`\b(?:\p{Lu}` + name + `\s+){1,2}(?:Straße|Strasse|Str\.|Allee|Platz|Gasse|Markt|Weg)\s*,?\s*` + houseNumber),
		// en: number first (221B Baker Street, 5 Elm Rd).
		regexp.MustCompile(`(?i)\b\p{Nd}{1,4}\s?\p{L}?,?\s+(?:` + name + `\s+){1,3}(?:street|st|road|rd|avenue|ave|lane|ln|drive|dr|close|way|place|court|crescent|terrace|grove|gardens)\b\.?`),
		// fr: number first (12 rue de la Paix, 5, avenue Louise) ...
		regexp.MustCompile(`(?i)\b\p{Nd}{1,4}\s?(?:bis|ter)?\s*,?\s+(?:rue|avenue|av\.|boulevard|bd|place|chaussée|chemin|allée|impasse|quai|square|route)\s+(?:` + name + `\s*){1,4}`),
		// ... or the number after, as in Belgium (Rue de la Loi 16, chaussée de Gand 45).
		regexp.MustCompile(`(?i)\b(?:rue|avenue|av\.|boulevard|bd|place|chaussée|chemin|allée|impasse|quai|square|route)\s+(?:` + name + `\s+){1,4},?\s*` + houseNumber),
		// uk: вул. Шевченка, 12; проспект Перемоги 5; пров. Тихий 3.
		regexp.MustCompile(`(?i)(?:вул\.|вулиця|вулиці|просп\.|проспект|пров\.|провулок|бульв\.|бульвар|площа|пл\.)\s*(?:` + name + `\s*){1,3},?\s*(?:буд\.\s*)?` + houseNumber),
		// ar: شارع النيل 12, ١٢ شارع الملك فهد, طريق المطار ٣٥.
		regexp.MustCompile(`(?:\p{Nd}{1,4}\s+)?(?:شارع|طريق|حي|ساحة|زقاق)\s+(?:\p{L}+\s*){1,3}(?:\p{Nd}{1,4})?`),
	}
)

// MaskContact takes out of a free-text answer whatever is clearly a phone
// number, an e-mail address or a street address with a house number, and
// puts Masked in its place. It runs before an answer is stored, on every
// way in, so none of it reaches the database. Everything else is kept as
// written.
//
// One pass can leave an address behind when two touch ("0 rue A0 rue A":
// the first match takes the second one's number), so passes repeat until
// nothing changes; a pass never makes the text longer, so this ends.
func MaskContact(s string) string {
	for range 16 {
		masked := maskOnce(s)
		if masked == s {
			break
		}
		s = masked
	}
	return s
}

func maskOnce(s string) string {
	if !strings.ContainsFunc(s, unicode.IsDigit) && !strings.ContainsAny(s, "@(") {
		return s // no number, no e-mail: nothing to take out
	}
	s = emailPattern.ReplaceAllString(s, Masked)
	for _, re := range streetWords {
		s = re.ReplaceAllStringFunc(s, func(m string) string {
			if !strings.ContainsFunc(m, unicode.IsDigit) {
				return m // a street without a number is not an address
			}
			return Masked
		})
	}
	return phonePattern.ReplaceAllStringFunc(s, maskPhone)
}

func maskPhone(m string) string {
	digits := 0
	for _, r := range m {
		if unicode.IsDigit(r) {
			digits++
		}
	}
	if digits < 8 || digits > 15 || notPhone.MatchString(m) {
		return m
	}
	return Masked
}
