package locale

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
)

// Negotiate picks the language for a request: an explicit ?lang= choice,
// then the language cookie, then the browser's Accept-Language, then the
// default. Unknown or malformed values are passed over, never an error.
// Only full languages are picked: a staff page asked for in a draft
// language falls back to a full one (a child's page takes the draft with
// Lang, on purpose).
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
				return b.langs[i] // the full languages come first in b.langs, in the matcher's order
			}
		}
	}
	return b.langs[0]
}

// match accepts a full language's tag or a regional form of one ("fr-BE"
// for "fr").
func (b *Bundle) match(v string) (Lang, bool) {
	if v == "" || len(v) > 35 {
		return Lang{}, false
	}
	if l, ok := b.Lang(v); ok {
		return l, l.Status == Full
	}
	t, err := language.Parse(v)
	if err != nil {
		return Lang{}, false
	}
	base, _ := t.Base()
	l, ok := b.Lang(base.String())
	return l, ok && l.Status == Full
}

// Check compares every language with the default: a message missing or
// empty in a language, a message the default does not have, a plural
// message without every form its language's CLDR rules need, and a
// message whose placeholders ({{.Name}}) differ from the default's are
// problems. A full language must have every message; a child-facing
// draft every message of childFacing (ChildFacing derives that set from
// what the child's pages use).
func (b *Bundle) Check(childFacing []string) []string {
	return b.CheckWith(childFacing, b.Has)
}

// CheckWith is Check with has deciding whether a language has a text: the
// server's start tolerates some texts a full language lacks, since a
// missing text shows the default language's (see Localizer.T).
func (b *Bundle) CheckWith(childFacing []string, has func(lang, id string) bool) []string {
	var out []string
	ref := b.messages[Default]
	for _, lang := range b.langs {
		set := b.messages[lang.Tag]
		need := childFacing
		if lang.Status == Full {
			need = make([]string, 0, len(ref))
			for id := range ref {
				need = append(need, id)
			}
		}
		for _, id := range need {
			if _, ok := ref[id]; !ok {
				continue // a survey's word missing in the default: survey.Catalog.CheckTranslations reports it
			}
			if !has(lang.Tag, id) {
				out = append(out, fmt.Sprintf("%s: message %s is missing or empty", lang.Tag, id))
			}
		}
		for id, m := range set {
			if _, ok := ref[id]; !ok {
				out = append(out, fmt.Sprintf("%s: message %s is not in %s", lang.Tag, id, Default))
				continue
			}
			out = append(out, pluralGaps(lang.Tag, m, ref[id])...)
			out = append(out, placeholderGaps(lang.Tag, m, ref[id])...)
		}
	}
	sort.Strings(out)
	return out
}

var placeholder = regexp.MustCompile(`{{\s*\.([A-Za-z0-9_]+)\s*}}`)

// placeholders returns the names a text fills in, sorted and unique.
func placeholders(texts ...string) string {
	seen := map[string]bool{}
	for _, t := range texts {
		for _, m := range placeholder.FindAllStringSubmatch(t, -1) {
			seen[m[1]] = true
		}
	}
	names := make([]string, 0, len(seen))
	for n := range seen {
		names = append(names, n)
	}
	sort.Strings(names)
	return strings.Join(names, " ")
}

// placeholderGaps reports a translation that fills in other names than
// the default language's text: a name it lacks would leave a number or a
// date out, one the default lacks would show "<no value>". In a plural
// message the "other" form fills in every name and the other forms a part
// of them (a language's "one" may say "one child" without {{.Count}}).
func placeholderGaps(lang string, m, ref *i18n.Message) []string {
	want := placeholders(ref.Zero, ref.One, ref.Two, ref.Few, ref.Many, ref.Other)
	bad := placeholders(m.Other) != want
	for _, f := range []string{m.Zero, m.One, m.Two, m.Few, m.Many} {
		bad = bad || (f != "" && !subset(placeholders(f), want))
	}
	if !bad {
		return nil
	}
	got := placeholders(m.Zero, m.One, m.Two, m.Few, m.Many, m.Other)
	return []string{fmt.Sprintf("%s: message %s fills in {%s}, the default {%s}", lang, m.ID, got, want)}
}

func subset(a, b string) bool {
	for _, n := range strings.Fields(a) {
		if !strings.Contains(" "+b+" ", " "+n+" ") {
			return false
		}
	}
	return true
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
	tag := language.Make(rulesTag(lang))
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
