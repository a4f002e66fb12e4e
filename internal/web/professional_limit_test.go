package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// Saves are counted per link: a link that floods is refused with the
// professionals' plain page in the respondent's language (not the
// child's), and another link in the same round still saves.
func TestResponseSavesLimitedPerLink(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, links := e.newRound(2, false)
	c := e.client()
	res := c.postForm("/i/"+links[0], url.Values{"lang": {"nl"}, "a.org_kind": {"1"}})
	res.want(t, http.StatusSeeOther)
	personal := strings.Split(res.Header.Get("Location"), "?")[0]
	var refused *response
	for range 40 {
		r := c.postForm(personal, url.Values{"lang": {"nl"}, "a.org_kind": {"2"}})
		if r.StatusCode == http.StatusTooManyRequests {
			refused = r
			break
		}
		r.want(t, http.StatusSeeOther)
	}
	if refused == nil {
		t.Fatal("40 saves through one personal link in a row, none refused")
	}
	refused.want(t, http.StatusTooManyRequests, "Over deze link", `lang="nl"`)
	if refused.Header.Get("Retry-After") == "" {
		t.Error("no Retry-After")
	}
	if strings.Contains(refused.body, "child_layout") || strings.Contains(refused.body, `class="child`) {
		t.Error("the refusal is the child's message page")
	}
	c.postForm("/i/"+links[1], url.Values{"lang": {"nl"}, "a.org_kind": {"3"}}).want(t, http.StatusSeeOther)
}
