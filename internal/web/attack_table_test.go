package web_test

import (
	"reflect"
	"slices"
	"strings"
	"testing"
)

// attack is one way of trying to get a small group back from a route that
// releases numbers: a test run from the table (run), or an existing test
// elsewhere that attacks the same thing (test: "package TestName", a
// package under internal/).
type attack struct {
	kind string // differencing, pool minus part, padding, made-up tokens, replay, averaging, …
	run  func(t *testing.T)
	test string
}

// The attacks by kind, shared by the routes they apply to.
var (
	microdataAttacks = []attack{
		{"a filter on what the file hides picks out a small group", attackMicrodataHiddenFilters, ""},
		{"a blank marks the rare child", attackMicrodataBlankMarks, ""},
		{"the paper mark singles out the child a worker knows used paper", attackMicrodataPaperChild, ""},
		{"differencing files with each filter and its complement", attackMicrodataFilesAddNothing, ""},
		{"singling out a row by its quasi-identifiers", nil, "web TestAttackMicrodataClasses"},
		{"lists, malformed months, a base under the minimum", nil, "web TestAttackQueryShapesRefused"},
	}
	poolAttacks = []attack{
		{"pool minus part: a closed round, or the pool before it closed", attackPoolMinusRound, ""},
		{"pool minus part, over random rounds", nil, "indicator TestPoolShowsOnlyWhatEveryRoundShows"},
		{"a token's pool over rounds it cannot open", attackTokenPoolScope, ""},
	}
	tableAttacks = []attack{
		{"differencing tables with each filter and its complement (15 attacks, 200 record keys)", nil, "indicator TestAttacks"},
		{"averaging over equivalent queries", attackAveragingEquivalentQueries, ""},
		{"the same children, the same noise, however asked", nil, "indicator TestSameChildrenSameNoise"},
		{"lists and a base under the minimum", nil, "web TestAttackQueryShapesRefused"},
		{"weights that reveal a true count", nil, "indicator TestWeightsRevealNoTrueCount"},
	}
	roundAttacks = []attack{
		{"a profile answer of fewer than k", attackProfileSharesUnderK, ""},
		{"a breakdown's shown levels subtracted from the overall", nil, "web TestRoundBreakdownSubtractionRevealsNoLevel"},
		{"the same, over 300 random rounds", nil, "indicator TestBreakdownAttackSubtractShownFromTotal"},
	}
	groupAttacks = []attack{
		{"padding by whoever holds the code", nil, "web TestAttackPadding"},
		{"differencing two publications around a reopening", nil, "web TestAttackReopening"},
		{"results published under a lower k, read under today's", attackRepublishUnderRaisedK, ""},
	}
	voteAttacks = []attack{
		{"made-up tokens", attackVoteMadeUpTokens, ""},
		{"a vote padded by the worker, who holds the code", attackVotePaddingByWorker, ""},
		{"replay of one form, counts under k", nil, "web TestChildrenVoteOnTopics"},
	}
	heardAttacks = []attack{
		{"more faces than the group, from one address or many", attackHeardCap, ""},
		{"ratings padded by the worker, who holds the code", attackHeardPaddingByWorker, ""},
		{"replay, a forged and an expired token, counts under k", nil, "web TestFeltHeardOncePerTokenAndShownFromK"},
	}
	processAttacks = []attack{
		{"the overall minus the shown organisations or months, an organisation minus its shown months, a month minus its shown organisations (200 record keys; 34-59 exact with the noise alone, none with the complement hidden)", nil, "process TestFeltHeardSubtractionAttack"},
		{"felt heard under k, in the API and the CSV", nil, "web TestProcessIndicatorsHideFeltHeardUnderK"},
	}
	pilotAttacks = []attack{
		{"a pilot of fewer than k children, counted alone", nil, "web TestPilotBelowK"},
		{"a pilot read while it runs, and a replay from the offline queue", nil, "web TestPilotWithChildren"},
		{"padding by whoever holds the pilot's code: one real child's tap in the noise", nil, "release TestPilotRelease"},
	}
	// The public monitor: frozen editions anyone reads, downloads and
	// embeds, and a draft under its preview link.
	openAttacks = []attack{
		{"a total minus published parts, across the tables of an edition and earlier editions", nil, "edition TestAuditAcrossTablesAndEditions"},
		{"every number of every page, chart, file and embed is a published cell, and none combine to a hidden one (generated data)", nil, "web TestOpenPropertyOverGeneratedData"},
		{"free cross-tabulation by query parameters", attackOpenQueryIgnored, ""},
		{"a draft read before it is published: made-up, altered and expired links", attackOpenPreviewTokens, ""},
		{"an edition published under a lower k, read under today's", nil, "edition TestShelfHidesUnderRaisedK"},
	}
	editionAttacks = []attack{
		{"a total minus published parts, across the tables of an edition and earlier editions", nil, "edition TestAuditAcrossTablesAndEditions"},
		{"an edition published since the draft was computed", nil, "edition TestPublishChecksAgainstNewerEditions"},
		{"every number of every page, chart, file and embed is a published cell, and none combine to a hidden one (generated data)", nil, "web TestOpenPropertyOverGeneratedData"},
	}
	voiceAttacks = []attack{
		{"the overall minus the shown organisations or settings, also their days and felt-heard parts (200 record keys; 55 exact with the noise alone, none with the complement hidden)", nil, "decision TestFiguresSubtractionAttack"},
		{"a group under k, a count of 1 or 2", nil, "decision TestFiguresHideSmallGroups"},
		{"a group under k in the page, the API and the CSV alike", nil, "web TestVoiceFiguresHideSmallGroups"},
		{"a worker pads their organisation with made-up decisions", attackVoicePaddingByWorker, ""},
		{"a child's words on any route an analyst or a token may use", attackVoiceWordsNeverReleased, ""},
	}
	topicAttacks = []attack{
		{"one small group's topics, narrowed to by province, age band, theme or a filter", attackTopicsSmallGroup, ""},
		{"the overall or a theme minus the shown cells (200 record keys; 44 and 60 exact with the noise alone, none with the complement hidden)", nil, "process TestTopicCountsSubtractionAttack"},
	}
	modelAttacks = []attack{
		{"differencing two models whose data differ by a few children (a month, over 40 record keys; recovered every time with the protection off)", nil, "model TestAttackModelDifferencing"},
		{"differencing two models through the API: an age filter one year wider takes in three children", attackModelDifferencing, ""},
		{"a level or crossing of fewer than k, a base under the minimum", nil, "model TestReleaseRefuses"},
		{"the same children, the same noise, however asked", nil, "indicator TestSameChildrenSameNoise"},
	}
	registrationAttacks = []attack{
		{"a count of fewer than k children", nil, "indicator TestHideCounts"},
		{"the same through upload, API and export", nil, "web TestRegistrationUploadToAPIAndExport"},
	}
)

// attackTable is every route that releases numbers derived from answers,
// with the attacks that apply to it. TestAttackTable finds the releasing
// routes itself (the gate tells it, release.Policy.Note): a route that
// releases without a line here fails, and so does a line for a route that
// releases nothing.
var attackTable = map[string][]attack{
	// Analysts: tables, pools, registration figures, microdata.
	"GET /indicators":                    join(tableAttacks, poolAttacks, registrationAttacks, backgroundAttacks),
	"GET /indicators/:survey/:indicator": join(tableAttacks, backgroundAttacks),
	"GET /indicators/registration/:id":   registrationAttacks,
	"GET /api/v1/indicators":             join(tableAttacks, poolAttacks, registrationAttacks, backgroundAttacks),
	"GET /api/v1/models":                 join(modelAttacks, modelBackgroundAttacks),
	"GET /models":                        join(modelAttacks, modelBackgroundAttacks),
	"GET /export/indicators/:format":     join(tableAttacks, poolAttacks, backgroundAttacks),
	"GET /export/registration/:format":   registrationAttacks,
	"GET /export/microdata/:file":        join(microdataAttacks, microdataParquetAttacks, []attack{{"a filter on a background variable", attackMicrodataBackground, ""}}), // CSV, Parquet, XLSX
	"GET /export/codebook/:survey":       microdataAttacks,
	// Invitation rounds.
	"GET /rounds/:id/results":        roundAttacks,
	"GET /rounds/:id/export/:format": roundAttacks,
	"GET /api/v1/rounds/:id/results": roundAttacks,
	// The participation loop's process figures.
	"GET /process":            processAttacks,
	"GET /export/process.csv": processAttacks,
	"GET /api/v1/process":     processAttacks,
	// Children's views in decisions about them: counts of decisions only.
	"GET /process/voice":        voiceAttacks,
	"GET /export/voice.csv":     voiceAttacks,
	"GET /api/v1/process/voice": voiceAttacks,
	// The children's topics as a whole.
	"GET /topics":            topicAttacks,
	"GET /api/v1/topics":     topicAttacks,
	"GET /export/topics.csv": topicAttacks,
	// A group's results, published once and read by children and worker.
	"GET /s/:code":               join(groupAttacks, openAttacks), // the area's figure beside the group's
	"GET /sessions/:id/results":  join(groupAttacks, openAttacks),
	"POST /sessions/:id/publish": groupAttacks,
	"GET /sessions/:id/ideas":    voteAttacks,
	"GET /answers/:id":           heardAttacks,
	"POST /answers/:id":          heardAttacks, // a form with a mistake is shown again, with the counts
	// A draft's pilots with children, for its authors and reviewers.
	"GET /surveys/drafts/:id":              pilotAttacks,
	"POST /surveys/drafts/:id/translation": pilotAttacks, // the draft's page again, with the upload's problems
	// Public editions: computed once, checked, published, read by anyone.
	"POST /editions":                       editionAttacks,
	"POST /editions/:id":                   editionAttacks,
	"POST /editions/:id/publish":           editionAttacks,
	"GET /embed/:lang/:survey/:indicator/": openAttacks,
}

// The public monitor's pages and files, under /open and a preview link,
// all release the frozen edition's cells.
func init() {
	for _, prefix := range []string{"/open", "/open/preview/:token"} {
		for _, p := range []string{"/catalog.jsonld", "/data/:file", "/:lang/", "/:lang/themes/:theme/",
			"/:lang/indicators/:survey/:indicator/", "/:lang/indicators/:survey/:indicator/chart.svg", "/:lang/editions/",
			"/:lang/editions/:n/", "/:lang/children/", "/:lang/children/:province/", "/:lang/accessibility/"} {
			attackTable["GET "+prefix+p] = openAttacks
		}
	}
}

func join(lists ...[]attack) []attack {
	var out []attack
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

// TestAttackTable walks every route of the real router, as each kind of
// visitor that may use it, on an installation with something to release
// everywhere (a closed and published group with ideas and a closed vote,
// a public answer with a closed rating, closed invitation rounds,
// registration figures, the index loaded), and collects the routes the
// gate saw release. It compares them with the table both ways, checks
// that every test a line points at exists, and runs the table's attacks.
func TestAttackTable(t *testing.T) {
	t.Parallel()
	released := releaseWalk(t)
	var found []string
	for route, whats := range released {
		found = append(found, route+": "+strings.Join(whats, ", "))
	}
	slices.Sort(found)
	t.Logf("%d routes release numbers:\n%s", len(found), strings.Join(found, "\n"))
	for route, whats := range released {
		if _, ok := attackTable[route]; !ok {
			t.Errorf("%s releases %s but has no line in the attack table: say which attacks apply", route, strings.Join(whats, ", "))
		}
	}
	for route := range attackTable {
		if _, ok := released[route]; !ok {
			t.Errorf("%s is in the attack table but released nothing in the walk", route)
		}
	}
	ran := map[uintptr]bool{}
	for route, attacks := range attackTable {
		if len(attacks) == 0 {
			t.Errorf("%s: no attack", route)
		}
		for _, a := range attacks {
			switch {
			case a.run == nil && a.test == "":
				t.Errorf("%s: %q names no test", route, a.kind)
			case a.test != "":
				pkg, name, _ := strings.Cut(a.test, " ")
				if !testExists(t, pkg, name) {
					t.Errorf("%s: %q points at %s, which does not exist", route, a.kind, a.test)
				}
			case !ran[reflect.ValueOf(a.run).Pointer()]:
				ran[reflect.ValueOf(a.run).Pointer()] = true
				t.Run(a.kind, a.run)
			}
		}
	}
}
