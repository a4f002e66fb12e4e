package locale

// The language registry: every language Kinderstem knows, in one place.
// A language is offered when files locales/<domain>.<tag>.toml are present
// for it; a file in a language this table does not name is refused at
// load, so a language cannot arrive without its direction, voice and
// status.

// Status says how complete and how checked a language's texts are.
type Status string

const (
	// Full languages have every message; every page speaks them.
	Full Status = "full"
	// ChildDraft languages have every message a child sees (ChildFacing),
	// drafted and not yet reviewed by a native speaker. Staff pages fall
	// back to a full language, and workers see the draft note wherever
	// they pick a language.
	ChildDraft Status = "child-facing draft"
	// ChildReviewed languages have every child-facing message, reviewed
	// by a native speaker (docs/translations.md says how): the draft note
	// goes; staff pages still fall back to a full language.
	ChildReviewed Status = "child-facing, reviewed"
)

// Registration is one language of the registry.
type Registration struct {
	Tag  string // BCP 47 as the file names spell it
	Name string // the language's own name, in its own script
	Dir  string // "ltr" or "rtl"
	// Speech are the read-aloud voice tags a device is asked for, best
	// first; the page tries each (exact tag, then its base language)
	// and shows no read-aloud when none is installed.
	Speech []string
	Status Status
	// Rules is the CLDR locale whose plural rules the language follows
	// when the libraries know it only by that name: Dari is CLDR's
	// "fa-AF". Empty means Tag.
	Rules string
	// Flag is the language button's picture under static/flags, or empty
	// for none. Arabic and Dari have a letter of their script instead of a
	// country's flag: no one flag speaks for all of their speakers.
	Flag string
}

// Registry lists the languages, the default first. The draft languages
// were chosen for the children in Belgium's schools and asylum reception;
// docs/translations.md gives the reasons and sources.
var Registry = []Registration{
	{Tag: "nl", Name: "Nederlands", Dir: "ltr", Speech: []string{"nl-BE", "nl-NL"}, Status: Full, Flag: "nl.svg"},
	{Tag: "ar", Name: "العربية", Dir: "rtl", Speech: []string{"ar"}, Status: Full, Flag: "ar.svg"},
	{Tag: "de", Name: "Deutsch", Dir: "ltr", Speech: []string{"de-BE", "de-DE"}, Status: Full, Flag: "de.svg"},
	{Tag: "en", Name: "English", Dir: "ltr", Speech: []string{"en-GB", "en-US"}, Status: Full, Flag: "en.svg"},
	{Tag: "fr", Name: "Français", Dir: "ltr", Speech: []string{"fr-BE", "fr-FR"}, Status: Full, Flag: "fr.svg"},
	{Tag: "uk", Name: "Українська", Dir: "ltr", Speech: []string{"uk-UA"}, Status: Full, Flag: "uk.svg"},
	{Tag: "tr", Name: "Türkçe", Dir: "ltr", Speech: []string{"tr-TR"}, Status: ChildDraft, Flag: "tr.svg"},
	{Tag: "pl", Name: "Polski", Dir: "ltr", Speech: []string{"pl-PL"}, Status: ChildDraft, Flag: "pl.svg"},
	{Tag: "ro", Name: "Română", Dir: "ltr", Speech: []string{"ro-RO"}, Status: ChildDraft, Flag: "ro.svg"},
	// Dari: devices almost never carry a Dari voice. Persian (fa) is the
	// same written language and a Persian voice reads Dari text
	// understandably, with an Iranian accent; with no Persian voice
	// either, the page has no read-aloud and tells the adult so.
	{Tag: "prs", Name: "دری", Dir: "rtl", Speech: []string{"prs-AF", "fa-AF", "fa-IR"}, Status: ChildDraft, Rules: "fa-AF", Flag: "prs.svg"},
}

// rulesTag is the tag the plural rules and the go-i18n bundle know a
// language by.
func rulesTag(tag string) string {
	if r, ok := registered(tag); ok && r.Rules != "" {
		return r.Rules
	}
	return tag
}

// fromRulesTag is the registry's tag for a tag go-i18n reports.
func fromRulesTag(tag string) string {
	for _, r := range Registry {
		if r.Rules == tag {
			return r.Tag
		}
	}
	return tag
}

func registered(tag string) (Registration, bool) {
	for _, r := range Registry {
		if r.Tag == tag {
			return r, true
		}
	}
	return Registration{}, false
}
