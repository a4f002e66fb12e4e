package survey

import (
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// HelplinesFile is the reference file of children's helplines, inside the
// surveys folder.
const HelplinesFile = "reference/helplines.yaml"

// ComplaintsFile is the reference file of the lines where a child can ask
// a question about a decision made about them or complain, inside the
// surveys folder.
const ComplaintsFile = "reference/complaints.yaml"

// EU is the country of a line that works across the European Union.
const EU = "EU"

// Helpline is one free helpline for children, with its source.
type Helpline struct {
	ID      string            `yaml:"id"`
	Name    string            `yaml:"name"`
	Number  string            `yaml:"number"`
	Web     string            `yaml:"web"`
	Email   string            `yaml:"email"`
	Country string            `yaml:"country"`
	Langs   []string          `yaml:"langs"` // the languages it answers in
	Source  []string          `yaml:"source"`
	Text    map[string]string `yaml:"text"` // what it is, by language
}

// Helplines are the lines of reference/helplines.yaml (or of
// complaints.yaml) for the country every region lies in.
type Helplines struct {
	Country string     `yaml:"country"`
	Lines   []Helpline `yaml:"helplines"`
}

// LoadHelplines reads the helplines file from a surveys folder and checks
// that every line has a number, a source and a text in every language of
// langs.
func LoadHelplines(fsys fs.FS, langs []string) (*Helplines, error) {
	return loadLines(fsys, HelplinesFile, "helplines", langs)
}

// LoadComplaints reads the complaint lines from a surveys folder, checked
// as the helplines are.
func LoadComplaints(fsys fs.FS, langs []string) (*Helplines, error) {
	return loadLines(fsys, ComplaintsFile, "complaints", langs)
}

// loadLines reads a file of lines kept under the key list.
func loadLines(fsys fs.FS, file, list string, langs []string) (*Helplines, error) {
	data, err := fs.ReadFile(fsys, file)
	if err != nil {
		return nil, fmt.Errorf("survey: %s: %w", list, err)
	}
	var raw struct {
		Country string                `yaml:"country"`
		Lines   map[string][]Helpline `yaml:",inline"`
	}
	if err := yaml.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("survey: %s: %w", file, err)
	}
	h := Helplines{Country: raw.Country, Lines: raw.Lines[list]}
	if len(raw.Lines) != 1 || len(h.Lines) == 0 {
		return nil, fmt.Errorf("survey: %s: want a country and one list, %s", file, list)
	}
	var problems []string
	if h.Country == "" {
		problems = append(problems, "no country")
	}
	seen := map[string]bool{}
	for _, l := range h.Lines {
		switch {
		case l.ID == "" || seen[l.ID]:
			problems = append(problems, fmt.Sprintf("helpline id %q is empty or used twice", l.ID))
		case l.Number == "" || l.Name == "" || l.Country == "":
			problems = append(problems, l.ID+": name, number and country are required")
		case len(l.Source) == 0 || !strings.HasPrefix(l.Source[0], "https://"):
			problems = append(problems, l.ID+": a line without an https source is not shown to children")
		}
		seen[l.ID] = true
		for _, lang := range langs {
			if strings.TrimSpace(l.Text[lang]) == "" {
				problems = append(problems, fmt.Sprintf("%s: no text in %s", l.ID, lang))
			}
		}
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("survey: %s: %w", file, errors.New(strings.Join(problems, "; ")))
	}
	return &h, nil
}

// For returns the lines a child reading lang sees: the country's own lines,
// those answering in lang first, then the lines for all of the EU.
func (h *Helplines) For(lang string) (local, elsewhere []Helpline) {
	for _, l := range h.Lines {
		switch l.Country {
		case h.Country:
			local = append(local, l)
		case EU:
			elsewhere = append(elsewhere, l)
		}
	}
	slices.SortStableFunc(local, func(a, b Helpline) int {
		return boolRank(slices.Contains(b.Langs, lang)) - boolRank(slices.Contains(a.Langs, lang))
	})
	return local, elsewhere
}

func boolRank(b bool) int {
	if b {
		return 1
	}
	return 0
}
