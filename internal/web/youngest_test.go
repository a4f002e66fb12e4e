package web_test

import (
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/kinderstem/kinderstem/internal/survey"
)

// Every picture a question may name is drawn; a name without a drawing
// would show a child an empty square.
func TestEveryPictureIsDrawn(t *testing.T) {
	t.Parallel()
	src, err := os.ReadFile("../../templates/partials/pictures.html")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range survey.Pictures {
		if !strings.Contains(string(src), `<symbol id="pic-`+p+`"`) {
			t.Errorf("picture %q is not drawn in pictures.html", p)
		}
	}
}

// The youngest's questionnaire: a picture with every question, the ages
// 4 and 5 to choose, three faces, and the page asks to be read aloud; an
// older band's page carries none of it.
func TestYoungestQuestionnaire(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	sess := e.openSession("little_voices", "4-5", "nl", "school")
	r := e.client().get("/s/" + sess.Code + "?lang=nl")
	r.want(t, http.StatusOK, `data-autoread="1"`, `class="child questionnaire youngest"`, `<input type="radio" name="age" value="4">`)
	s, _ := e.catalog.Survey("little_voices")
	for _, it := range s.Items() {
		if it.Kind == survey.KindText {
			continue
		}
		screen := r.body[strings.Index(r.body, `data-item="`+it.ID+`"`):]
		screen = screen[:strings.Index(screen, "</fieldset>")]
		if !strings.Contains(screen, `<use href="#pic-`+it.Picture+`"/>`) {
			t.Errorf("%s has no picture on its screen", it.ID)
		}
		if n := strings.Count(screen, `class="face"`); n != 3 {
			t.Errorf("%s shows %d faces, want 3", it.ID, n)
		}
	}
	older := e.openSession("wellbeing", "6-9", "nl", "school")
	o := e.client().get("/s/" + older.Code + "?lang=nl")
	o.want(t, http.StatusOK)
	if strings.Contains(o.body, "data-autoread") || strings.Contains(o.body, `id="pic-home"`) {
		t.Error("an older band's page reads itself aloud or carries the pictures")
	}
}
