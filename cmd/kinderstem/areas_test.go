package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Statbel's REFNIS list (rows as Statbel publishes them) loads the
// municipalities valid on a day; one the shipped list lacks (Puurs, merged
// in 2019) is then accepted in registration files.
func TestAreasImport(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "k.db")
	refnis := `LVL_REFNIS|CD_REFNIS|CD_SUP_REFNIS|TX_REFNIS_DE|TX_REFNIS_FR|TX_REFNIS_NL|DT_VLDT_START|DT_VLDT_END
2|10000|02000|Provinz Antwerpen|Province d'Anvers|Provincie Antwerpen|01/01/1970|31/12/9999
2|20001|02000|Provinz Flämisch-Brabant|Province du Brabant flamand|Provincie Vlaams-Brabant|01/01/1995|31/12/9999
3|12000|10000|Bezirk Mechelen|Arrondissement de Malines|Arrondissement Mechelen|01/01/1970|31/12/9999
3|21000|04000|Bezirk Brüssel-Hauptstadt|Arrondissement de Bruxelles-Capitale|Arrondissement Brussel-Hoofdstad|01/01/1970|31/12/9999
3|24000|20001|Bezirk Löwen|Arrondissement de Louvain|Arrondissement Leuven|01/01/1995|31/12/9999
3|24000|20000|Bezirk Löwen|Arrondissement de Louvain|Arrondissement Leuven|01/01/1970|31/12/1994
4|12030|12000|Puurs|Puurs|Puurs|01/01/1970|31/12/2018
4|12041|12000|Puurs-Sint-Amands|Puurs-Sint-Amands|Puurs-Sint-Amands|01/01/2019|31/12/9999
4|21001|21000|Anderlecht|Anderlecht|Anderlecht|01/01/1970|31/12/9999
4|24062|24000|Löwen|Louvain|Leuven|01/01/1970|31/12/9999
`
	path := filepath.Join(dir, "TU_COM_REFNIS.txt")
	os.WriteFile(path, []byte(refnis), 0o600)
	env := func(string) string { return "" }
	var out bytes.Buffer
	if err := run(context.Background(), []string{"areas", "import", "--db", db, "--on", "2018-06-01", path}, env, strings.NewReader(""), &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "3 municipalities valid on 2018-06-01") || !strings.Contains(out.String(), "1 of them were not in the shipped list") {
		t.Errorf("output: %s", out.String())
	}
	csv := filepath.Join(dir, "puurs.csv")
	os.WriteFile(csv, []byte("indicator,period,area,sex,age_band,numerator,denominator,value\nyouth_care_waiting,2018,12030,total,total,12,,\n"), 0o600)
	out.Reset()
	if err := run(context.Background(), []string{"registration", "import", "--db", db, csv}, env, strings.NewReader(""), &out); err != nil {
		t.Fatalf("a figure for an imported municipality: %v", err)
	}
	// A file that is neither layout stops with a reason.
	os.WriteFile(path, []byte("code,name\n11001,Aartselaar\n"), 0o600)
	err := run(context.Background(), []string{"areas", "import", "--db", db, path}, env, strings.NewReader(""), &out)
	if err == nil || !strings.Contains(err.Error(), "lacks CD_REFNIS") {
		t.Errorf("bad file: %v", err)
	}
}
