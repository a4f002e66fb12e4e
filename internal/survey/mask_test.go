package survey_test

import (
	"testing"

	"github.com/kinderstem/kinderstem/internal/survey"
)

func TestMaskContact(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Mail sien.crivits@kinderrechtencoalitie.be gerust.", "Mail […] gerust."},
		{"Bel 0471 97 21 23 of +32 9 123 45 67.", "Bel […] of […]."},
		{"Ons adres: Smidsestraat 130, 9000 Gent.", "Ons adres: […], 9000 Gent."},
		{"Écrivez rue de la Loi 16.", "Écrivez […]."},
		{"Wir sind in der Hauptstraße 5.", "Wir sind in der […]."},
		{"Office at 10 Downing Street 10b", "Office at 10 Downing […]"},
		{"De wachtlijst is 18 maanden en 2024 was erger.", "De wachtlijst is 18 maanden en 2024 was erger."},
		{"", ""},
	} {
		if got := survey.MaskContact(c.in); got != c.want {
			t.Errorf("MaskContact(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
