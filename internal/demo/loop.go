package demo

import (
	"context"
	"fmt"
	mrand "math/rand/v2"
	"strconv"
	"strings"

	"github.com/kinderstem/kinderstem/internal/store"
)

// The demo's participation loop: the first wellbeing group had an ideas
// step; its ideas are merged into topics the group voted on, and a public
// answer in parts takes the topics up, so a newcomer sees every step: the
// worker's ideas page, the vote's counts, the answer under the group's
// code and the process indicators.

var demoChanges = []string{"Een groter voetbalveld", "Meer voetbal op woensdag", "Een plek om rustig te zitten", "Langer open in het weekend",
	"Een voetbaldoel dat niet kapot is", "Een stille hoek om te lezen", "Ook open op zondag", "Minder lawaai binnen"}

var demoKeeps = []string{"De begeleiders", "De uitstappen", "Dat iedereen mag meedoen", "De kookavond"}

// demoIdeas are one child's two ideas.
func demoIdeas(i int) []store.Idea {
	return []store.Idea{{Kind: "change", Text: demoChanges[i%len(demoChanges)]}, {Kind: "keep", Text: demoKeeps[i%len(demoKeeps)]}}
}

// demoTopics group the ideas that say the same, by a word in them, and say
// what the adults answer for each.
var demoTopics = []struct {
	title, word           string
	youSaid, weWill, wont string
	whoDecides            string
}{
	{"Voetbal", "voetbal", "Jullie willen meer en beter voetbal.", "We kopen een nieuw doel en houden het veld vrij op woensdag.",
		"Een groter veld lukt niet: de tuin is niet groter.", "De begeleiders, in de teamvergadering van volgende week."},
	{"Een rustige plek", "rustig|stille|lawaai", "Jullie willen een plek waar het stil is.", "We maken van het kleine lokaal een rustige hoek.",
		"", "De begeleiders, deze maand."},
	{"Langer open", "open", "Jullie willen dat het jeugdhuis langer open is.", "",
		"Op zondag open gaan we niet doen: er zijn dan geen begeleiders. We vragen de stad wel om meer geld.", "De gemeenteraad, in de begroting van december."},
}

// seedLoop merges the session's ideas into the demo topics, lets 18
// children vote and publishes an answer to the topics.
func seedLoop(ctx context.Context, st *store.Store, rng *mrand.Rand, sess *store.Session) error {
	ideas, err := st.Ideas(ctx, sess.ID)
	if err != nil {
		return err
	}
	var topics []int64
	for _, t := range demoTopics {
		var keys [][]byte
		for _, idea := range ideas {
			if idea.Kind == "change" && matchesAny(strings.ToLower(idea.Text), t.word) {
				key, err := store.ParseIdeaKey(idea.Key)
				if err != nil {
					return err
				}
				keys = append(keys, key)
			}
		}
		id, err := st.MergeIdeas(ctx, sess.ID, keys, 0, t.title)
		if err != nil {
			return err
		}
		topics = append(topics, id)
	}
	if err := st.OpenVotes(ctx, sess.ID); err != nil {
		return err
	}
	for i := 0; i < 18; i++ {
		var token [32]byte
		for j := range token {
			token[j] = byte(rng.IntN(256))
		}
		picked := []int64{topics[rng.IntN(len(topics))]}
		if _, err := st.Vote(ctx, sess.ID, token, picked); err != nil {
			return err
		}
	}
	if err := st.CloseVotes(ctx, sess.ID); err != nil {
		return err
	}
	reply := &store.Reply{OrganisationID: sess.OrganisationID, CreatedBy: sess.CreatedBy, Lang: "nl", Sessions: []int64{sess.ID}}
	for i, t := range demoTopics {
		reply.Parts = append(reply.Parts, store.ReplyPart{TopicID: topics[i], Texts: map[string]store.PartText{"nl": {
			Title: t.title, YouSaid: t.youSaid, WeWill: t.weWill, WeWillNot: t.wont, WhoDecides: t.whoDecides}}})
	}
	if err := st.SaveReply(ctx, reply); err != nil {
		return err
	}
	return st.SetReplyPublic(ctx, reply.ID, true)
}

func matchesAny(text, words string) bool {
	for _, w := range strings.Split(words, "|") {
		if strings.Contains(text, w) {
			return true
		}
	}
	return false
}

// LoopSession returns the id of the group the demo's participation loop
// runs in, if the demo was seeded. Its results are published once the
// indicator index is loaded (web.App.PublishSeeded), and only then does
// its ideas page show the ideas, as for any group.
func LoopSession(ctx context.Context, st *store.Store) (int64, bool, error) {
	v, ok, err := st.GetSetting(ctx, settingLoopSession)
	if err != nil || !ok {
		return 0, false, err
	}
	id, err := strconv.ParseInt(string(v), 10, 64)
	if err != nil {
		return 0, false, fmt.Errorf("demo: loop session %q: %w", v, err)
	}
	return id, true, nil
}
