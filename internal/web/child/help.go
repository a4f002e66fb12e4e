package child

import (
	"golang.org/x/text/language"

	"github.com/kinderstem/kinderstem/internal/locale"
)

// browserLang is the first language of an Accept-Language header that is
// one of ours; false when none is.
func (h *Handler) browserLang(header string) (locale.Lang, bool) {
	if len(header) > 512 {
		return locale.Lang{}, false
	}
	tags, _, err := language.ParseAcceptLanguage(header)
	if err != nil {
		return locale.Lang{}, false
	}
	for _, t := range tags {
		base, _ := t.Base()
		if l, ok := h.Locales.Lang(base.String()); ok {
			return l, true
		}
	}
	return locale.Lang{}, false
}
