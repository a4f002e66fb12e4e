package locale

import (
	"fmt"
	"sort"
	"strings"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
)

// Negotiate picks the language for a request: an explicit ?lang= choice,
// then the language cookie, then the browser's Accept-Language, then the
// default. Unknown or malformed values are passed over, never an error.
func (b *Bundle) Negotiate(query, cookie, acceptLanguage string) Lang {
	for _, v := range []string{query, cookie} {
		if l, ok := b.match(v); ok {
			return l
		}
	}
	if len(acceptLanguage) <= 512 {
		if tags, _, err := language.ParseAcceptLanguage(acceptLanguage); err == nil && len(tags) > 0 {
			_, i, conf := b.matcher.Match(tags...)
			if conf != language.No {
				return b.matchTo[i]
			}
		}
	}
	return b.langs[0]
}

// match accepts a shipped tag, a regional form of one ("fr-BE" for "fr")
// or its CLDR alias ("fa-AF" for "prs").
func (b *Bundle) match(v string) (Lang, bool) {
	if v == "" || len(v) > 35 {
		return Lang{}, false
	}
	if l, ok := b.Lang(v); ok {
		return l, true
	}
	t, err := language.Parse(v)
	if err != nil {
		return Lang{}, false
	}
	for tag, alias := range cldrAlias {
		if t == language.MustParse(alias) {
			return b.Lang(tag)
		}
	}
	base, _ := t.Base()
	return b.Lang(base.String())
}

// Check compares every language with the default: a message missing or
// empty in a language, a message the default does not have, and a plural
// message without every form its language's CLDR rules need are problems.
func (b *Bundle) Check() []string {
	var out []string
	ref := b.messages[Default]
	for _, lang := range b.langs {
		set := b.messages[lang.Tag]
		for id := range ref {
			if !b.Has(lang.Tag, id) {
				out = append(out, fmt.Sprintf("%s: message %s is missing or empty", lang.Tag, id))
			}
		}
		for id, m := range set {
			if _, ok := ref[id]; !ok {
				out = append(out, fmt.Sprintf("%s: message %s is not in %s", lang.Tag, id, Default))
			}
			out = append(out, pluralGaps(lang.Tag, m, ref[id])...)
		}
	}
	sort.Strings(out)
	return out
}

// pluralGaps reports the CLDR plural forms a plural message lacks in lang.
// A message is plural when the default language's version has a "one" form.
func pluralGaps(lang string, m, ref *i18n.Message) []string {
	if ref == nil || ref.One == "" {
		return nil
	}
	forms := map[plural.Form]string{
		plural.Zero: m.Zero, plural.One: m.One, plural.Two: m.Two,
		plural.Few: m.Few, plural.Many: m.Many, plural.Other: m.Other,
	}
	var out []string
	for _, f := range cldrForms(lang) {
		if strings.TrimSpace(forms[f]) == "" {
			out = append(out, fmt.Sprintf("%s: plural message %s lacks its %q form", lang, m.ID, formName(f)))
		}
	}
	return out
}

// cldrForms returns the plural forms whole numbers reach in lang (counts of
// children are whole), plus "other", which go-i18n falls back to.
func cldrForms(lang string) []plural.Form {
	tag := cldrTag(lang)
	seen := map[plural.Form]bool{plural.Other: true}
	for i := 0; i <= 1000; i++ {
		seen[plural.Cardinal.MatchPlural(tag, i, 0, 0, 0, 0)] = true
	}
	var out []plural.Form
	for _, f := range []plural.Form{plural.Zero, plural.One, plural.Two, plural.Few, plural.Many, plural.Other} {
		if seen[f] {
			out = append(out, f)
		}
	}
	return out
}

func formName(f plural.Form) string {
	return map[plural.Form]string{
		plural.Zero: "zero", plural.One: "one", plural.Two: "two",
		plural.Few: "few", plural.Many: "many", plural.Other: "other",
	}[f]
}
