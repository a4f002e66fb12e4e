package survey_test

import (
	"testing"
	"unicode/utf8"

	"github.com/kinderstem/kinderstem/internal/survey"
)

func TestMaskContact(t *testing.T) {
	t.Parallel()
	const m = survey.Masked
	cases := []struct {
		lang, name, in, want string
	}{
		// Phone numbers, as children write them in each language.
		{"nl", "mobile", "bel me op 0470 12 34 56 aub", "bel me op " + m + " aub"},
		{"nl", "landline", "ons nummer is 09/123.45.67", "ons nummer is " + m},
		{"fr", "mobile", "appelle-moi au 06 12 34 56 78 stp", "appelle-moi au " + m + " stp"},
		{"fr", "belgian +32", "mon numéro : +32 470 12 34 56", "mon numéro : " + m},
		{"de", "landline", "ruf an: (030) 12345678", "ruf an: " + m},
		{"en", "uk number", "text me on 07700 900123", "text me on " + m},
		{"uk", "ukrainian", "мій номер +380 44 123 4567", "мій номер " + m},
		{"ar", "arabic-indic digits", "رقمي ٠٤٧٠١٢٣٤٥٦", "رقمي " + m},
		// E-mail addresses.
		{"nl", "e-mail", "mail naar lotte.peeters2014@gmail.com", "mail naar " + m},
		{"fr", "e-mail", "écris à emma@hotmail.fr merci", "écris à " + m + " merci"},
		{"de", "e-mail (at)", "meine mail: max (at) web.de", "meine mail: " + m},
		{"en", "e-mail", "Email me: sam_99@yahoo.co.uk!", "Email me: " + m + "!"},
		{"uk", "e-mail", "пиши на olena@ukr.net", "пиши на " + m},
		{"ar", "e-mail", "بريدي ahmed.k@gmail.com", "بريدي " + m},
		// Street addresses, in each language's own form.
		{"nl", "street and number", "ik woon in de Kerkstraat 12 in Gent", "ik woon in de " + m + " in Gent"},
		{"nl", "with bus", "Lange Lozanastraat 142 bus 3", "Lange " + m},
		{"nl", "laan", "Schoolweg 7a is mijn huis", m + " is mijn huis"},
		{"fr", "number first", "j'habite au 12 rue de la Paix", "j'habite au " + m},
		{"fr", "belgian order", "chez moi: Rue de la Loi 16, Bruxelles", "chez moi: " + m + ", Bruxelles"},
		{"de", "straße", "ich wohne Hauptstraße 5 in Eupen", "ich wohne " + m + " in Eupen"},
		{"de", "two words", "Berliner Straße 12", m},
		{"de", "am markt", "wir wohnen Am Markt 4", "wir wohnen " + m},
		{"en", "number first", "I live at 221B Baker Street, London", "I live at " + m + ", London"},
		{"en", "abbreviated", "come to 5 Elm Rd tomorrow", "come to " + m + " tomorrow"},
		{"uk", "вулиця", "я живу вул. Шевченка, 12", "я живу " + m},
		{"uk", "проспект", "проспект Перемоги 5, Київ", m + ", Київ"},
		{"ar", "street then number", "أسكن في شارع النيل 12", "أسكن في " + m},
		{"ar", "arabic-indic number first", "١٢ شارع الملك فهد", m},
		// What stays: numbers and streets that are not contact data.
		{"nl", "age and count", "ik ben 11 en we zijn met 25 kinderen", "ik ben 11 en we zijn met 25 kinderen"},
		{"nl", "street without number", "onze straat is te druk", "onze straat is te druk"},
		{"nl", "weg as a word", "ik ga weg 2 keer per week", "ik ga weg 2 keer per week"},
		{"fr", "date", "le 12/05/2026 c'était bien", "le 12/05/2026 c'était bien"},
		{"de", "year range", "von 2020-2024 war es schön", "von 2020-2024 war es schön"},
		{"en", "helpline", "I called 102 once", "I called 102 once"},
		{"uk", "plain", "більше часу для гри", "більше часу для гри"},
		{"ar", "street word without number", "الشارع مزدحم", "الشارع مزدحم"},
	}
	for _, tc := range cases {
		t.Run(tc.lang+"/"+tc.name, func(t *testing.T) {
			if got := survey.MaskContact(tc.in); got != tc.want {
				t.Errorf("MaskContact(%q)\n got %q\nwant %q", tc.in, got, tc.want)
			}
		})
	}
}

// Masking never makes a text longer than it was, so an answer that fitted
// still fits, and it is idempotent.
func FuzzMaskContact(f *testing.F) {
	for _, s := range []string{"0470 12 34 56", "a@b.be", "Kerkstraat 12", "12 rue de la Paix", "شارع النيل ١٢", "вул. Шевченка, 12"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		out := survey.MaskContact(s)
		if utf8.RuneCountInString(out) > max(utf8.RuneCountInString(s), utf8.RuneCountInString(survey.Masked)) {
			t.Fatalf("masking made %q longer: %q", s, out)
		}
		if again := survey.MaskContact(out); again != out {
			t.Fatalf("not idempotent: %q -> %q -> %q", s, out, again)
		}
	})
}
