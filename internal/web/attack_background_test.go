package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/web"
)

// The background breakdowns (who a child lives with, languages at home,
// a long illness or disability, going without things) carry the gate's
// stronger rules. Each attack below was run with the rules taken out of
// indicator.compute (release.CheckBackground and CheckBackgroundBase not
// called) and succeeded there; docs/disclosure-control.md gives what each
// recovered.
var backgroundAttacks = []attack{
	{"a background group between the minimum base and the background base", attackBackgroundBelowBase, ""},
	{"a background variable crossed with or filtered by municipality or organisation", attackBackgroundWithPlace, ""},
	{"differencing an organisation with and without a background group", attackBackgroundDifferencing, ""},
	{"a tracker through two background variables", attackBackgroundTracker, ""},
}

var modelBackgroundAttacks = []attack{
	{"a background variable in a model: with a place, two of them, or under the background base", attackModelBackground, ""},
}

// bgKid is one child's background answers and life satisfaction.
type bgKid struct {
	living, illness, lacks string // lacks: "none" or "two"
	life                   int
}

// bgKids sends a group's questionnaires with the background block through
// the JSON API.
func (e *env) bgKids(t *testing.T, sess *store.Session, name string, kids []bgKid) {
	t.Helper()
	for i, k := range kids {
		have := `"bg_have_clothes":"yes","bg_have_computer":"yes"`
		if k.lacks == "two" {
			have = `"bg_have_clothes":"no","bg_have_computer":"no"`
		}
		body := fmt.Sprintf(`{"id":"%s","lang":"nl","age":%d,"gender":"%s","answers":{"life_satisfaction":%d,"bullied":1,`+
			`"bg_living":"%s","bg_language":"school_only","bg_illness":"%s",%s,"bg_have_internet":"yes","bg_have_phone":"yes",`+
			`"bg_have_own_room":"yes","bg_have_books":"yes","bg_have_school_trips":"yes","bg_have_car":"yes"}}`,
			uidFor(name, i), 10+i%4, []string{"girl", "boy"}[i%2], k.life, k.living, k.illness, have)
		e.client().postJSON("/api/v1/sessions/"+sess.Code+"/submissions", body).want(t, http.StatusCreated)
	}
}

func kids(n int, living string, life int) []bgKid {
	out := make([]bgKid, n)
	for i := range out {
		out[i] = bgKid{living, "no", "none", life}
	}
	return out
}

// withBlock gives a session the background block.
func withBlock(s *store.Session) { s.Background = true }

// backgroundFixture is an installation where the background groups are
// large enough to show nationally and small inside one organisation:
// Testclub in Gent has 14 children with one parent, 20 with both and 12
// in foster families (4 of them ill, lacking two things); another
// organisation 20 with both parents. The minimum base is 10 and the
// background base 20, so the attacks need a fifth of the children the
// defaults (50 and 100) would; docs/disclosure-control.md gives the
// same attacks at the defaults.
func backgroundFixture(t *testing.T) (*env, *client, int64) {
	// One test client sends every child's questionnaire: no rate limit.
	e := newEnvWith(t, func(c *web.Config) {
		c.ClientRate, c.SessionRate = 1<<30, 1<<30
		c.MinBase, c.BackgroundBase = 10, 20
	})
	club := e.openSession("wellbeing", "10-13", "nl", "school", withBlock)
	foster := kids(12, "foster_family", 2)
	for i := range 4 {
		foster[i].illness, foster[i].lacks = "yes", "two"
	}
	e.bgKids(t, club, "bg-club", append(append(kids(14, "one_parent", 6), kids(20, "both_parents", 9)...), foster...))
	other := e.org("Tweede organisatie")
	e.bgKids(t, e.openSession("wellbeing", "10-13", "nl", "school", withBlock, inOrg(other)), "bg-other", kids(20, "both_parents", 8))
	return e, e.login("analyst", "Stad"), e.org("Testclub")
}

func refused(t *testing.T, a *client, query, code string) {
	t.Helper()
	r := a.get("/api/v1/indicators?survey=wellbeing&indicator=life_satisfied&" + query)
	r.want(t, http.StatusUnprocessableEntity, `"code":"`+code+`"`)
}

// A selection of 14 children with one parent passes the minimum base of
// 10 but not the background base of 20: refused whole.
func attackBackgroundBelowBase(t *testing.T) {
	t.Parallel()
	_, a, _ := backgroundFixture(t)
	refused(t, a, "living=one_parent", "background_base_too_small")
	refused(t, a, "living=one_parent&by=gender", "background_base_too_small")
	// The same 14 children as a level of the whole: shown.
	a.get("/api/v1/indicators?survey=wellbeing&indicator=life_satisfied&by=living").want(t, http.StatusOK, `"one_parent"`)
	a.get("/indicators/wellbeing/life_satisfied?living=one_parent").want(t, http.StatusOK, "twee keer zoveel kinderen")
}

// Within one organisation or municipality a background group is a handful
// of known children: refused in the API, the page and the export alike.
func attackBackgroundWithPlace(t *testing.T) {
	t.Parallel()
	_, a, club := backgroundFixture(t)
	org := strconv.FormatInt(club, 10)
	for _, q := range []string{"by=living&organisation=" + org, "by=living,organisation", "by=living,region",
		"by=living&region=gent", "living=foster_family&organisation=" + org, "illness=yes&by=region"} {
		refused(t, a, q, "background_place")
	}
	a.get("/indicators/wellbeing/life_satisfied?by=living&organisation="+org).want(t, http.StatusUnprocessableEntity, "nooit per gemeente of organisatie")
	a.get("/export/indicators/csv?survey=wellbeing&by=living&organisation="+org).want(t, http.StatusUnprocessableEntity)
	a.get("/indicators?living=foster_family&organisation="+org).want(t, http.StatusUnprocessableEntity, "nooit per gemeente of organisatie")
	// A province is as low as a background figure goes, and it may.
	a.get("/api/v1/indicators?survey=wellbeing&indicator=life_satisfied&by=living&region=oost-vlaanderen").want(t, http.StatusOK)
}

// Microdata carries no background variable at all, so a filter on one is
// refused rather than ignored (or, worse, applied to rows that do not
// show it).
func attackMicrodataBackground(t *testing.T) {
	t.Parallel()
	_, a, _ := backgroundFixture(t)
	a.get("/export/microdata/wellbeing.csv").want(t, http.StatusOK)
	for _, q := range []string{"living=foster_family", "deprivation=two_or_more", "by=illness"} {
		r := a.get("/export/microdata/wellbeing.csv?" + q)
		r.want(t, http.StatusUnprocessableEntity)
		if strings.Contains(r.body, "foster") {
			t.Errorf("?%s: the refusal names a background value", q)
		}
	}
	a.get("/export/microdata/wellbeing.csv?living=foster_family").want(t, http.StatusUnprocessableEntity, "De achtergrondvragen zijn hier niet beschikbaar")
}

// The organisation's total minus the organisation's children with both
// parents would be its 26 others; only the first is answered.
func attackBackgroundDifferencing(t *testing.T) {
	t.Parallel()
	_, a, club := backgroundFixture(t)
	org := strconv.FormatInt(club, 10)
	a.get("/api/v1/indicators?survey=wellbeing&indicator=life_satisfied&organisation="+org).want(t, http.StatusOK)
	refused(t, a, "organisation="+org+"&living=both_parents", "background_place")
	refused(t, a, "region=gent&living=both_parents", "background_place")
	// Nationally the group filtered in and the total are both shown,
	// perturbed with the same children's keys: the difference is the
	// perturbed rest, never a small group's exact count.
	total, in := apiTotal(t, a, ""), apiTotal(t, a, "living=both_parents")
	if total-in < 20 {
		t.Errorf("the whole minus both parents is %d children: a small group", total-in)
	}
}

// Two background variables cross to a handful (the 4 ill foster children
// lacking two things): a figure uses one at most.
func attackBackgroundTracker(t *testing.T) {
	t.Parallel()
	_, a, _ := backgroundFixture(t)
	for _, q := range []string{"by=living,illness", "by=living&illness=yes", "living=foster_family&deprivation=two_or_more",
		"by=deprivation&living=foster_family", "by=illness,deprivation"} {
		refused(t, a, q, "background_two")
	}
}

func apiTotal(t *testing.T, a *client, query string) int {
	t.Helper()
	var out apiResult
	r := a.get("/api/v1/indicators?survey=wellbeing&indicator=life_satisfied&" + query)
	r.want(t, http.StatusOK)
	if err := json.Unmarshal([]byte(r.body), &out); err != nil || len(out.Indicators) != 1 || out.Indicators[0].Total.N == nil {
		t.Fatalf("?%s: %v %.300s", query, err, r.body)
	}
	return *out.Indicators[0].Total.N
}

// TestBackgroundBreakdownOnTheAPIAndPage: an analyst breaks life
// satisfaction down by living situation; the children of one parent (who
// said 6 of 10) are less often satisfied than those with both parents (9),
// the foster group of 12 is hidden under k... or shown, never with the
// other levels giving it away.
func TestBackgroundBreakdownOnTheAPIAndPage(t *testing.T) {
	t.Parallel()
	_, a, _ := backgroundFixture(t)
	var out apiResult
	r := a.get("/api/v1/indicators?survey=wellbeing&indicator=life_satisfied&by=living")
	r.want(t, http.StatusOK)
	if err := json.Unmarshal([]byte(r.body), &out); err != nil || len(out.Indicators) != 1 {
		t.Fatal(err, r.body)
	}
	values := map[string]float64{}
	for _, c := range out.Indicators[0].Cells {
		if c.Value != nil {
			values[c.Levels["living"]] = *c.Value
		}
	}
	if values["both_parents"] < 0.9 || values["one_parent"] > 0.1 {
		t.Errorf("by living: %v; want both parents satisfied, one parent not", values)
	}
	page := a.get("/indicators/wellbeing/life_satisfied?by=living")
	page.want(t, http.StatusOK, "Woonsituatie", "Beide ouders, één huis", "Eén ouder")
	if strings.Contains(page.body, "background.") {
		t.Error("a message id shows on the page")
	}
}

// A model is a figure too: a background variable as a predictor or a
// filter follows the same three rules, through the API and the page.
func attackModelBackground(t *testing.T) {
	t.Parallel()
	_, a, club := backgroundFixture(t)
	org := strconv.FormatInt(club, 10)
	model := func(query string) *response {
		return a.get("/api/v1/models?survey=wellbeing&indicator=life_satisfied&" + query)
	}
	for q, code := range map[string]string{
		"by=living,organisation":                     "background_place",
		"by=living&organisation=" + org:              "background_place",
		"by=gender&living=foster_family&region=gent": "background_place",
		"by=living,illness":                          "background_two",
		"by=living&deprivation=two_or_more":          "background_two",
		"by=gender&living=one_parent":                "background_base_too_small",
	} {
		model(q).want(t, http.StatusUnprocessableEntity, `"code":"`+code+`"`)
	}
	a.get("/models?indicator=wellbeing/life_satisfied&by=living,organisation").want(t, http.StatusUnprocessableEntity)
	// Nationally, by one background variable, on enough children, the
	// background rules let the model through (this fixture's answers are
	// too uniform to fit, which the model then says on its own account).
	if r := model("by=living"); strings.Contains(r.body, `"code":"background_`) {
		t.Errorf("by=living nationally is refused by a background rule: %s", r.body)
	}
}
