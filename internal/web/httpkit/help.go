package httpkit

import "github.com/kinderstem/kinderstem/internal/survey"

// Help is what "Need to talk to someone?" shows a child: the free
// helplines of the country, the one in the child's language first, then
// the number for the rest of Europe. Every page a child can see carries
// it (the child layout renders it from Page.Help; the home page, the
// accessibility statement and an error page for someone not logged in
// set it too). Numbers are text, never links: a tap on a shared tablet
// must not open a dialler or another site. The same shape carries the
// complaint lines under the explanation of a decision about a child.
type Help struct {
	Local, Elsewhere []HelpLine
}

// HelpLine is one line in the reader's language.
type HelpLine struct {
	Name, Number, Web, Email, Text string
}

// HelpFor picks the helplines and their texts for a reader of lang; nil
// when no helplines are loaded.
func (k *Kit) HelpFor(lang string) *Help { return linesFor(k.Helplines, lang) }

// ComplaintsFor picks the lines where a child can ask a question about a
// decision or complain, for a child reading lang; nil when none are
// loaded.
func (k *Kit) ComplaintsFor(lang string) *Help { return linesFor(k.Complaints, lang) }

func linesFor(h *survey.Helplines, lang string) *Help {
	if h == nil {
		return nil
	}
	v := &Help{}
	local, elsewhere := h.For(lang)
	line := func(l survey.Helpline) HelpLine {
		return HelpLine{Name: l.Name, Number: l.Number, Web: l.Web, Email: l.Email, Text: l.Text[lang]}
	}
	for _, l := range local {
		v.Local = append(v.Local, line(l))
	}
	for _, l := range elsewhere {
		v.Elsewhere = append(v.Elsewhere, line(l))
	}
	return v
}
