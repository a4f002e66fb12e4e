package survey

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Problem is one thing wrong in a survey file, with where it is.
type Problem struct {
	File string
	Line int
	Msg  string
	// Path is where in the survey the problem is, as the validator walks
	// it ("sections", 0, "items", 2, "text"): a reader of another format
	// (an XLSForm) turns it into its own place (sheet, row, column).
	Path []any
}

func (p Problem) Error() string {
	if p.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Msg)
	}
	return fmt.Sprintf("%s: %s", p.File, p.Msg)
}

// Problems is every problem found in one load, in file and line order.
type Problems []Problem

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.Error()
	}
	return strings.Join(lines, "\n")
}

// The reference files every survey shares, inside the surveys folder.
const (
	themesFile   = "reference/themes.yaml"
	settingsFile = "reference/settings.yaml"
	scalesFile   = "reference/scales.yaml"
	regionsFile  = "reference/regions.yaml"
	mergersFile  = "reference/mergers.yaml"
)

// Load reads the reference lists and every *.yaml survey at the top of fsys
// (the surveys folder) and validates them. On any problem it returns a nil
// catalog and Problems naming file, line and reason for each.
func Load(fsys fs.FS) (*Catalog, error) {
	l := &loader{fsys: fsys}
	cat := l.reference()
	l.words(cat)
	names, err := fs.Glob(fsys, "*.yaml")
	if err != nil {
		return nil, fmt.Errorf("survey: list surveys: %w", err)
	}
	sort.Strings(names)
	set := &surveySet{byID: map[string]*Survey{}, versions: map[string][]*Survey{}}
	for _, name := range names {
		if s := l.survey(cat, name); s != nil {
			set.add(s, l)
		}
	}
	cat.live.set.Store(set)
	l.registrations(cat)
	if len(l.problems) > 0 {
		return nil, l.problems
	}
	if len(set.surveys)+len(set.profs) == 0 {
		return nil, Problems{{File: ".", Msg: "no survey files (*.yaml) found"}}
	}
	cat.refs = l.refs
	return cat, nil
}

type loader struct {
	fsys     fs.FS
	problems Problems
	refs     []MessageRef
	refHash  []byte // the reference files' bytes, part of every survey's hash
	// inIndicator is set while an indicator's own texts are read: their
	// refs are marked Indicator.
	inIndicator bool
}

func (l *loader) ref(file string, line int, id string) {
	l.refs = append(l.refs, MessageRef{ID: id, File: file, Line: line, Indicator: l.inIndicator})
}

func (l *loader) problem(file string, line int, format string, args ...any) {
	l.problems = append(l.problems, Problem{File: file, Line: line, Msg: fmt.Sprintf(format, args...)})
}

// problemAt is problem with the path to the place in the survey.
func (l *loader) problemAt(file string, line int, path []any, format string, args ...any) {
	l.problems = append(l.problems, Problem{File: file, Line: line, Msg: fmt.Sprintf(format, args...), Path: slices.Clone(path)})
}

// reference loads the shared lists. A missing or broken file is a problem.
func (l *loader) reference() *Catalog {
	cat := &Catalog{live: &live{}, shared: map[string]*Scale{}, themeIdx: map[string]int{}, regions: map[string]int{}}
	var themes struct {
		Themes []Theme `yaml:"themes"`
	}
	var settings struct {
		Settings []string `yaml:"settings"`
	}
	var scales struct {
		Scales []*Scale `yaml:"scales"`
	}
	var regions struct {
		Regions []Region `yaml:"regions"`
		Higher  []Region `yaml:"higher"`
	}

	if doc := l.decodeFile(themesFile, &themes); doc != nil {
		for i, t := range themes.Themes {
			l.ref(themesFile, locate(doc, "themes", i), t.Title)
		}
	}
	if doc := l.decodeFile(settingsFile, &settings); doc != nil {
		for i, st := range settings.Settings {
			l.ref(settingsFile, locate(doc, "settings", i), "setting."+st)
		}
	}
	if doc := l.decodeFile(scalesFile, &scales); doc != nil {
		for i, s := range scales.Scales {
			line := locate(doc, "scales", i)
			if s == nil {
				l.problem(scalesFile, line, "scale %d is empty", i+1)
				continue
			}
			if _, dup := cat.shared[s.ID]; dup {
				l.problem(scalesFile, line, "duplicate scale id %q", s.ID)
			}
			l.checkScale(scalesFile, line, s)
			cat.shared[s.ID] = s
		}
	}
	l.decodeFile(regionsFile, &regions)
	cat.Themes, cat.Settings, cat.Regions, cat.higher = themes.Themes, settings.Settings, regions.Regions, regions.Higher
	for i, t := range cat.Themes {
		cat.themeIdx[t.ID] = i
	}
	for i, r := range cat.Regions {
		for _, key := range []string{r.Code, r.Slug} {
			if _, dup := cat.regions[key]; dup {
				l.problem(regionsFile, 0, "region code or slug %q is used twice", key)
			}
			if key != "" {
				cat.regions[key] = i
			}
		}
		if !nisCode.MatchString(r.Code) {
			l.problem(regionsFile, 0, "region code %q is not a NIS code (five digits)", r.Code)
		}
	}
	l.mergers(cat)
	l.loadSources(cat)
	for _, r := range cat.Regions {
		if p, ok := cat.Region(r.Province); r.Province != "" && (!ok || p.Province != "") {
			l.problem(regionsFile, 0, "region %s: province %q is not a province in this list", r.Code, r.Province)
		}
	}
	return cat
}

// decodeFile strictly decodes a YAML file into v and returns its node tree
// for locating lines, or nil after recording a problem.
func (l *loader) decodeFile(name string, v any) *yaml.Node {
	data, err := fs.ReadFile(l.fsys, name)
	if err != nil {
		l.problem(name, 0, "cannot read: %v", unwrapPath(err))
		return nil
	}
	l.refHash = append(l.refHash, data...)
	return l.decode(name, data, v)
}

func (l *loader) decode(name string, data []byte, v any) *yaml.Node {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		l.yamlProblem(name, err)
		return nil
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		l.yamlProblem(name, err)
		return nil
	}
	return &doc
}

var yamlLine = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)

// yamlProblem turns the YAML library's errors ("line 7: field foo not found
// in type survey.Item") into problems with a line each.
func (l *loader) yamlProblem(name string, err error) {
	var te *yaml.TypeError
	msgs := []string{err.Error()}
	if errors.As(err, &te) {
		msgs = te.Errors
	}
	for _, m := range msgs {
		if sub := yamlLine.FindStringSubmatch(m); sub != nil {
			n, _ := strconv.Atoi(sub[1])
			l.problem(name, n, "%s", friendlyYAML(sub[2]))
			continue
		}
		l.problem(name, 0, "%s", friendlyYAML(strings.TrimPrefix(m, "yaml: ")))
	}
}

var goType = regexp.MustCompile(`in type [\w.*\[\]]+`)

// friendlyYAML drops Go type names from YAML errors: survey authors do not
// know them.
func friendlyYAML(msg string) string {
	msg = goType.ReplaceAllString(msg, "here")
	return strings.ReplaceAll(msg, "!!", "")
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// survey decodes and validates one survey file; nil means it had problems.
func (l *loader) survey(cat *Catalog, name string) *Survey {
	data, err := fs.ReadFile(l.fsys, name)
	if err != nil {
		l.problem(name, 0, "cannot read: %v", unwrapPath(err))
		return nil
	}
	return l.surveyBytes(cat, name, data)
}

// surveyBytes decodes and validates one survey; nil means it had problems.
func (l *loader) surveyBytes(cat *Catalog, name string, data []byte) *Survey {
	s := &Survey{}
	doc := l.decode(name, data, s)
	if doc == nil {
		return nil
	}
	s.File = name
	sum := sha256.New()
	sum.Write(data)
	sum.Write(l.refHash)
	s.Hash = hex.EncodeToString(sum.Sum(nil))[:16]
	before := len(l.problems)
	v := validator{l: l, cat: cat, s: s, doc: doc}
	v.run()
	if len(l.problems) > before {
		return nil
	}
	return s
}

// locate returns the line of the node at path (mapping keys as strings,
// sequence indexes as ints) or of the deepest ancestor that exists.
func locate(doc *yaml.Node, path ...any) int {
	n := doc
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	line := n.Line
	for _, p := range path {
		next := child(n, p)
		if next == nil {
			break
		}
		n, line = next, next.Line
	}
	return line
}

func child(n *yaml.Node, p any) *yaml.Node {
	switch key := p.(type) {
	case string:
		if n.Kind != yaml.MappingNode {
			return nil
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == key {
				return n.Content[i+1]
			}
		}
	case int:
		if n.Kind == yaml.SequenceNode && key >= 0 && key < len(n.Content) {
			return n.Content[key]
		}
	}
	return nil
}

// add indexes a validated survey file into the set being loaded.
func (set *surveySet) add(s *Survey, l *loader) {
	if other, dup := set.byID[s.ID]; dup {
		l.problem(s.File, 1, "survey id %q is also used by %s", s.ID, path.Base(other.File))
		return
	}
	set.put(s)
}
