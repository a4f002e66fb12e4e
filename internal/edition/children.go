package edition

import (
	"github.com/kinderstem/kinderstem/internal/indicator"
)

// The version for children: what children in their province said, in
// the words of the questions they answered ("about 7 in 10 children"),
// with faces, read aloud on request, and what the adults answered where
// they made the answer public.

// ChildrenPage lets a child pick their province.
type ChildrenPage struct {
	Chrome
	Provinces []ProvinceLink
}

// ProvinceLink is one province to choose.
type ProvinceLink struct {
	Name, URL string
}

// Children is the children's first page.
func (s *Site) Children() *ChildrenPage {
	p := &ChildrenPage{Chrome: s.chrome("children/", s.L.T("open.kids_title"))}
	for _, pr := range s.Cat.Provinces() {
		p.Provinces = append(p.Provinces, ProvinceLink{Name: pr.NameIn(s.Lang.Tag), URL: s.URL("children/" + pr.Code + "/")})
	}
	return p
}

// ProvincePage is what children in one province said, and the adults'
// public answers there.
type ProvincePage struct {
	Chrome
	Province string
	Items    []KidItem
	Replies  []KidReply
	Period   string
}

// KidItem is one question as children read it.
type KidItem struct {
	Question string      // message id of the question
	Hidden   bool        // fewer than k children in the province answered
	Answers  []KidAnswer // the answers that count
	Faces    []string
	Share    indicator.Share // in children's words: about, fewer or more than N in 10, and the bar's length
}

// KidReply is an adults' answer as a child reads it.
type KidReply struct {
	Parts []KidPart
}

// KidPart is one part in the reader's language where it is written in
// it, else in the answer's own.
type KidPart struct {
	PartText
	Lang  string
	Dir   string
	Theme string // message id of the theme's title
}

// ChildrenIn is one province's page for children.
func (s *Site) ChildrenIn(code string) (*ProvincePage, error) {
	var name string
	for _, pr := range s.Cat.Provinces() {
		if pr.Code == code {
			name = pr.NameIn(s.Lang.Tag)
		}
	}
	if name == "" {
		return nil, errNoPage
	}
	e := s.Current()
	p := &ProvincePage{Chrome: s.chrome("children/"+code+"/", s.L.T("open.kids_province_title", "Province", name)), Province: name,
		Period: s.span(e.From, e.To)}
	for _, ind := range e.Snap.Indicators {
		if ind.Child == nil || ind.Source != SourceSurvey {
			continue
		}
		t := ind.Table("province")
		if t == nil || t.TooFew {
			continue
		}
		item := KidItem{Question: ind.Child.Question, Faces: ind.Child.Faces}
		for _, a := range ind.Child.Answers {
			if len(a) > 1 && a[0] == '#' {
				item.Answers = append(item.Answers, KidAnswer{Number: a[1:]})
			} else {
				item.Answers = append(item.Answers, KidAnswer{ID: a})
			}
		}
		c := t.Cell(code)
		if c == nil || !c.Shown {
			item.Hidden = true
		} else {
			item.Share = indicator.ShareOf(c.Value, c.N)
		}
		p.Items = append(p.Items, item)
	}
	for _, r := range e.Snap.Replies {
		if !contains(r.Provinces, code) {
			continue
		}
		var kr KidReply
		for _, part := range r.Parts {
			text, lang := part.Texts[s.Lang.Tag], s.Lang.Tag
			if _, ok := part.Texts[lang]; !ok {
				text, lang = part.Texts[r.Lang], r.Lang
			}
			kp := KidPart{PartText: text, Lang: lang}
			for _, l := range s.Langs {
				if l.Tag == lang {
					kp.Dir = l.Dir
				}
			}
			if th, ok := s.Cat.Theme(part.Theme); ok && part.Theme != "" {
				kp.Theme = th.Title
			}
			kr.Parts = append(kr.Parts, kp)
		}
		p.Replies = append(p.Replies, kr)
	}
	return p, nil
}

// KidAnswer is an answer that counts: a message id, or a ladder's step
// as its number.
type KidAnswer struct {
	ID, Number string
}
