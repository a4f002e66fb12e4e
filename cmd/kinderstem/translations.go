package main

import (
	"fmt"
	"slices"

	"github.com/kinderstem/kinderstem/internal/locale"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// translationProblems lists what the translations lack or get wrong:
// surveys' words with no text in a full language, and every locale
// problem (locale.Bundle.Check). With lenient (the server's start and the
// other commands that load the content), an indicator's own text (its
// title, definition, basis, notes: read by analysts and the public, never
// on a child's screen) that a full language lacks is not a problem: the
// pages show the default language's text for it, and it is listed in
// fallbacks for a warning. A monitor does not go down for one missing
// translation of an indicator; `kinderstem surveys check` (strict) still
// fails on it, so CI catches it. Whatever a child reads stays required.
func translationProblems(cat *survey.Catalog, bundle *locale.Bundle, child []string, lenient bool) (problems, fallbacks []string) {
	has := bundle.Has
	if lenient {
		full := fullTags(bundle)
		texts := cat.IndicatorTexts()
		seen := map[string]bool{}
		has = func(lang, id string) bool {
			if bundle.Has(lang, id) {
				return true
			}
			if !texts[id] || !slices.Contains(full, lang) || !bundle.Has(locale.Default, id) {
				return false
			}
			if w := fmt.Sprintf("%s: indicator text %s is missing; the pages show the %s text", lang, id, locale.Default); !seen[w] {
				seen[w] = true
				fallbacks = append(fallbacks, w)
			}
			return true
		}
	}
	for _, p := range cat.CheckTranslations(fullTags(bundle), has) { // a draft's: in bundle.Check(child)
		problems = append(problems, p.Error())
	}
	for _, p := range bundle.CheckWith(child, has) {
		problems = append(problems, "locales: "+p)
	}
	return problems, fallbacks
}
