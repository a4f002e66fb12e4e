package registration_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/kinderstem/kinderstem/internal/registration"
)

const refnisSample = `LVL_REFNIS|CD_REFNIS|CD_SUP_REFNIS|TX_REFNIS_DE|TX_REFNIS_FR|TX_REFNIS_NL|DT_VLDT_START|DT_VLDT_END
3|21000|04000|Bezirk Brüssel-Hauptstadt|Arrondissement de Bruxelles-Capitale|Arrondissement Brussel-Hoofdstad|01/01/1970|31/12/9999
3|24000|20001|Bezirk Löwen|Arrondissement de Louvain|Arrondissement Leuven|01/01/1995|31/12/9999
3|24000|20000|Bezirk Löwen|Arrondissement de Louvain|Arrondissement Leuven|01/01/1970|31/12/1994
4|21001|21000|Anderlecht|Anderlecht|Anderlecht|01/01/1970|31/12/9999
4|24062|24000|Löwen|Louvain|Leuven|01/01/1970|31/12/9999
4|24002|24000|Assent|Assent|Assent|01/01/1970|31/12/1976
`

// Both of Statbel's layouts give each municipality valid on the day with
// its province; Brussels' is the region, 04000.
func TestDecodeAreas(t *testing.T) {
	t.Parallel()
	flat := "CD_MUNTY_REFNIS;TX_MUNTY_DESCR_NL;TX_MUNTY_DESCR_FR;TX_MUNTY_DESCR_DE;CD_PROV_REFNIS;MS_POPULATION\n" +
		"21001;Anderlecht;Anderlecht;Anderlecht;;100\n24062;Leuven;Louvain;Löwen;20001;90\n24062;Leuven;Louvain;Löwen;20001;91\n"
	for name, in := range map[string]string{"refnis": refnisSample, "flat": flat} {
		areas, err := registration.DecodeAreas(strings.NewReader(in), name, time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		got := map[string]string{}
		for _, a := range areas {
			got[a.Code] = a.Province + " " + a.NL + "/" + a.FR
		}
		want := map[string]string{"21001": "04000 Anderlecht/Anderlecht", "24062": "20001 Leuven/Louvain"}
		if len(got) != 2 || got["21001"] != want["21001"] || got["24062"] != want["24062"] {
			t.Errorf("%s: %v, want %v", name, got, want)
		}
	}
}

func FuzzDecodeAreas(f *testing.F) {
	f.Add(refnisSample)
	f.Add("CD_REFNIS,TX_MUNTY_DESCR_NL,TX_MUNTY_DESCR_FR,CD_PROV_REFNIS\n11001,Aartselaar,Aartselaar,10000\n")
	f.Add("LVL_REFNIS|CD_REFNIS\n4|1\n")
	f.Fuzz(func(t *testing.T, in string) {
		areas, err := registration.DecodeAreas(strings.NewReader(in), "fuzz", time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC))
		var re *registration.RowError
		if err != nil && !errors.As(err, &re) {
			t.Fatalf("not a row error: %v", err)
		}
		for _, a := range areas {
			if len(a.Code) != 5 || len(a.Province) != 5 {
				t.Fatalf("bad area %+v", a)
			}
		}
	})
}
