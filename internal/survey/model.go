// Package survey owns the questionnaire model: surveys, sections, items,
// answer scales and indicator definitions, and loading them from surveys/.
package survey

import "strconv"

// Kind is what sort of answer an item takes.
type Kind string

// The item kinds. Every kind but Text stores one integer code per answer.
const (
	KindScale  Kind = "scale"  // faces or words on a reusable scale, codes 1..points
	KindYesNo  Kind = "yesno"  // 1 yes, 0 no
	KindChoice Kind = "choice" // one option, codes as declared
	KindMulti  Kind = "multi"  // any options, stored as a bit mask of codes
	KindLadder Kind = "ladder" // 0..10 (Cantril)
	KindText   Kind = "text"   // short optional free text, never in group feedback
	KindMatrix Kind = "matrix" // a statement rated per row (group) on a scale: one code per cell
	KindNumber Kind = "number" // a whole number from min to max, one button each
	KindNote   Kind = "note"   // words on a screen of their own; takes no answer and is never stored
)

// Respondents says who answers a survey.
type Respondents string

// The respondent kinds. Children answer in sessions (age band, gender,
// faces, kiosk); professionals answer by invitation link on a plain form,
// with no age or gender asked.
const (
	Children      Respondents = "children"
	Professionals Respondents = "professionals"
)

// Answer codes shared by every kind. Codes >= 0 are answers.
const (
	CodeSkipped  = -1
	CodeDontKnow = -2
)

// MaxTextLen is the longest free-text answer kept, in characters.
const MaxTextLen = 500

// Catalog is every survey with the reference lists they share.
type Catalog struct {
	Themes   []Theme
	Settings []string
	Regions  []Region
	live     *live       // the surveys, swapped whole when a written survey is published
	words    *WordLimits // the words-for-children limits; nil when the folder has none
	shared   map[string]*Scale
	themeIdx map[string]int
	regions  map[string]int // by code and by old slug
	higher   []Region       // Belgium and its regions, for registration figures
	mergers  map[string]string
	refs     []MessageRef

	registrations []*Registration
	sources       []Source
}

// Theme groups indicators the way the Kinderrechtenmonitor does: by the UN
// Committee's reporting clusters, plus wellbeing.
type Theme struct {
	ID    string `yaml:"id"`
	Title string `yaml:"title"`
	CRC   []int  `yaml:"crc"`
}

// Region is a province or municipality a session takes place in, keyed by
// its NIS (REFNIS) code as from the 2025 mergers, e.g. "44021" for Gent.
type Region struct {
	Code     string `yaml:"code"`     // NIS code, five digits
	Name     string `yaml:"name"`     // official name (Brussels: Dutch / French)
	Province string `yaml:"province"` // code of the province, empty for a province itself
	NL       string `yaml:"nl"`       // the name in Dutch, French, German where it differs
	FR       string `yaml:"fr"`
	DE       string `yaml:"de"`
	Slug     string `yaml:"slug"` // the code used before NIS codes, still accepted
}

// NameIn returns the region's name in language lang where Statbel gives
// one, else its official name.
func (r Region) NameIn(lang string) string {
	for _, n := range [][2]string{{"nl", r.NL}, {"fr", r.FR}, {"de", r.DE}} {
		if n[0] == lang && n[1] != "" {
			return n[1]
		}
	}
	return r.Name
}

// Survey is one questionnaire in one version.
type Survey struct {
	ID      string `yaml:"id"`
	Version int    `yaml:"version"`
	Title   string `yaml:"title"`
	Intro   string `yaml:"intro,omitempty"`
	Theme   string `yaml:"theme,omitempty"`
	CRC     []int  `yaml:"crc,omitempty"`
	// Respondents is children (the default) or professionals.
	Respondents Respondents  `yaml:"respondents,omitempty"`
	AgeBands    []Band       `yaml:"age_bands,omitempty"`
	Scales      []*Scale     `yaml:"scales,omitempty"`
	Sections    []*Section   `yaml:"sections,omitempty"`
	Indicators  []*Indicator `yaml:"indicators,omitempty"`
	// Source and Texts are set on a survey its users wrote (an XLSForm
	// kept in the database): the language it was written in, and its own
	// words by language and message id. A shipped survey has neither: its
	// words are in locales/.
	Source string `yaml:"source,omitempty"`
	Texts  Texts  `yaml:"texts,omitempty"`

	File   string `yaml:"-"` // path inside the surveys folder, or where a written survey came from
	Hash   string `yaml:"-"` // content hash of the file and the shared reference files
	items  []*Item
	notes  int // items of kind note, which take no answer and are not in items
	byItem map[string]int
	scales map[string]*Scale
	langs  []string // the languages every one of its own texts is written in
}

// Band is an age band in whole years, both ends included, written "6-9".
type Band struct{ Min, Max int }

func (b Band) String() string { return strconv.Itoa(b.Min) + "-" + strconv.Itoa(b.Max) }

// Young reports whether the band gets the simpler wording and the smaller
// face scales: children of nine and younger.
func (b Band) Young() bool { return b.Max <= 9 }

// Youngest reports whether the band is for children who cannot be
// expected to read (under six): every question has a picture and the
// questionnaire reads itself aloud after the first tap.
func (b Band) Youngest() bool { return b.Min < 6 }

// Pictures are the pictures a question can name: drawings made for
// Kinderstem (templates/partials/pictures.html, where their source and
// licence are recorded). A test checks that each one is drawn there.
var Pictures = []string{"home", "school", "friends", "listen", "safe", "play"}

// Contains reports whether age lies in the band.
func (b Band) Contains(age int) bool { return age >= b.Min && age <= b.Max }

// Scale is a reusable answer scale. Young, when set, is the smaller variant
// shown to young bands; its answers are stored on this scale through Map.
type Scale struct {
	ID       string      `yaml:"id"`
	Style    string      `yaml:"style"` // faces or words
	Points   int         `yaml:"points"`
	From     *int        `yaml:"from,omitempty"` // the first code, 0 or 1 (the default): 0-5 is from 0, 6 points
	Labels   []string    `yaml:"labels"`
	DontKnow bool        `yaml:"dont_know,omitempty"`
	Young    *YoungScale `yaml:"young,omitempty"`
}

// First returns the code of the scale's first point: 1 unless the scale
// declares from: 0.
func (s *Scale) First() int {
	if s.From == nil {
		return 1
	}
	return *s.From
}

// Last returns the code of the scale's last point.
func (s *Scale) Last() int { return s.First() + s.Points - 1 }

// YoungScale is the smaller variant of a scale for young children.
type YoungScale struct {
	Points int      `yaml:"points"`
	Labels []string `yaml:"labels"`
	Map    []int    `yaml:"map,omitempty"` // young answer i (1-based) is stored as Map[i-1]
}

// Section groups items under a title.
type Section struct {
	ID    string  `yaml:"id"`
	Title string  `yaml:"title"`
	Items []*Item `yaml:"items,omitempty"`
}

// Item is one question.
type Item struct {
	ID       string   `yaml:"id"`
	Kind     Kind     `yaml:"kind"`
	Text     string   `yaml:"text"`
	Young    string   `yaml:"young,omitempty"`     // simpler text for young bands
	Scale    string   `yaml:"scale,omitempty"`     // for KindScale
	Options  []Option `yaml:"options,omitempty"`   // for KindChoice and KindMulti
	Rows     []Row    `yaml:"rows,omitempty"`      // for KindMatrix: the groups the statement is rated for
	Low      string   `yaml:"low,omitempty"`       // ladder: label under 0
	High     string   `yaml:"high,omitempty"`      // ladder: label under 10
	DontKnow bool     `yaml:"dont_know,omitempty"` // for kinds without a scale
	Negative bool     `yaml:"negative,omitempty"`  // worded so that agreeing is bad ("I feel alone"): faces turn round
	CRC      []int    `yaml:"crc,omitempty"`
	Settings []string `yaml:"settings,omitempty"` // shown only in these settings; empty means all
	Picture  string   `yaml:"picture,omitempty"`  // one of Pictures, shown with the question; required for the youngest
	// Pictogram is one of Pictograms, shown beside the question's easy-read
	// wording; required on every item of a survey that offers easy read.
	Pictogram string `yaml:"pictogram,omitempty"`
	Min       int    `yaml:"min,omitempty"` // number: the smallest answer
	Max       int    `yaml:"max,omitempty"` // number: the largest answer
	// ShowIf asks the item only when an earlier single-answer item was
	// answered with one of the codes given; without JavaScript every item is
	// shown, with a line that says when it applies.
	ShowIf  *Condition `yaml:"show_if,omitempty"`
	Section string     `yaml:"-"`
	scale   *Scale
	// showIfMulti: the item ShowIf names is a multi item (its answer is a
	// mask of the options chosen).
	showIfMulti bool
}

// Condition is when an item applies: the answer to an earlier choice,
// yes/no or multi item is one of the codes In (a multi item's answer
// has one of them chosen).
type Condition struct {
	Item string `yaml:"item"`
	In   []int  `yaml:"in"`
}

// Row is one row of a matrix item: a group the statement is rated for.
type Row struct {
	ID    string `yaml:"id"`
	Label string `yaml:"label"`
}

// CellID is the answer key of one row of a matrix item, "item.row": a dot
// never occurs in an item id, so it cannot clash with one.
func CellID(item, row string) string { return item + "." + row }

// Option is one choice of a choice or multi item.
type Option struct {
	Code  int    `yaml:"code"`
	Label string `yaml:"label"`
	Name  string `yaml:"name,omitempty"` // the choice's name in the XLSForm it came from, when not its code
}

// IndicatorKind says how an indicator is computed from answers.
type IndicatorKind string

// The indicator kinds.
const (
	Share IndicatorKind = "share" // share of valid answers in Top
	Mean  IndicatorKind = "mean"  // mean of the item, on its own range or rescaled to 0-100
	Index IndicatorKind = "index" // mean of several items rescaled to 0-100, per respondent
	Pool  IndicatorKind = "pool"  // mean over the cells of matrix items, one value per section or per row
)

// The ways a pool indicator groups matrix cells.
const (
	PoolBySection = "section" // one value per block (a service): all its statements and rows
	PoolByRow     = "row"     // one value per row (a group), over every block
)

// Indicator is a survey-based children's-rights indicator.
type Indicator struct {
	ID         string        `yaml:"id"`
	Kind       IndicatorKind `yaml:"kind"`
	Items      []string      `yaml:"items,omitempty"`
	Top        []int         `yaml:"top,omitempty"`       // share: the codes that count
	Rescale    bool          `yaml:"rescale,omitempty"`   // mean: report on 0-100
	Reverse    []string      `yaml:"reverse,omitempty"`   // index: items scored the other way round
	MinItems   int           `yaml:"min_items,omitempty"` // index: answered items a respondent needs
	By         string        `yaml:"by,omitempty"`        // pool: section or row
	Theme      string        `yaml:"theme,omitempty"`
	CRC        []int         `yaml:"crc,omitempty"`
	Title      string        `yaml:"title"`
	Definition string        `yaml:"definition,omitempty"`
	Meta       `yaml:",inline"`
}
