package survey_test

import (
	"net/url"
	"testing"

	"github.com/kinderstem/kinderstem/internal/survey"
)

func TestDeprivationGroup(t *testing.T) {
	for _, tc := range []struct {
		lacking, leftOut int
		want             string
	}{
		{0, 0, survey.DeprivationNoneOrOne},
		{1, 0, survey.DeprivationNoneOrOne},
		{0, 1, survey.DeprivationNoneOrOne}, // one left out cannot make two
		{1, 1, ""},                          // it could be one or two
		{2, 0, survey.DeprivationTwoOrMore},
		{2, 6, survey.DeprivationTwoOrMore},
		{0, len(survey.DeprivationItems), survey.RatherNot},
	} {
		if got := survey.DeprivationGroup(tc.lacking, tc.leftOut); got != tc.want {
			t.Errorf("lacking %d, left out %d: %q, want %q", tc.lacking, tc.leftOut, got, tc.want)
		}
	}
}

func TestTakeBackground(t *testing.T) {
	full := url.Values{"a.bg_living": {"foster_family"}, "a.bg_language": {"school_and_other"}, "a.bg_illness": {"dont_know"},
		"a.bg_have_clothes": {"no"}, "a.bg_have_car": {"no"}, "a.bg_have_books": {"rather_not"}, "a.life_satisfaction": {"8"}}
	ten, young, youngest := survey.Band{Min: 10, Max: 13}, survey.Band{Min: 6, Max: 9}, survey.Band{Min: 4, Max: 5}
	for _, tc := range []struct {
		name  string
		form  url.Values
		on    bool
		band  survey.Band
		age   string
		want  survey.Background
		field string // the error's field, "" for none
	}{
		{"all answered", full, true, ten, "11", survey.Background{"foster_family", "school_and_other", "dont_know", survey.DeprivationTwoOrMore}, ""},
		{"nothing answered is rather not say", url.Values{}, true, ten, "", survey.Background{survey.RatherNot, survey.RatherNot, survey.RatherNot, survey.RatherNot}, ""},
		{"a skip", url.Values{"a.bg_living": {"skip"}}, true, ten, "12", survey.Background{survey.RatherNot, survey.RatherNot, survey.RatherNot, survey.RatherNot}, ""},
		{"an eight-year-old in the 6-9 band", full, true, young, "8", survey.Background{"foster_family", "school_and_other", "dont_know", survey.DeprivationTwoOrMore}, ""},
		{"a seven-year-old: dropped", full, true, young, "7", survey.Background{}, ""},
		{"no age in the 6-9 band: dropped", full, true, young, "skip", survey.Background{}, ""},
		{"the youngest band: dropped", full, true, youngest, "5", survey.Background{}, ""},
		{"a session without the block", full, false, ten, "11", survey.Background{}, "answers.bg_"},
		{"an unknown option", url.Values{"a.bg_living": {"castle"}}, true, ten, "11", survey.Background{}, "answers.bg_living"},
		{"a number", url.Values{"a.bg_illness": {"1"}}, true, ten, "11", survey.Background{}, "answers.bg_illness"},
		{"an unknown question", url.Values{"a.bg_pets": {"yes"}}, true, ten, "11", survey.Background{}, "answers.bg_pets"},
		{"don't know where it is not offered", url.Values{"a.bg_have_car": {"dont_know"}}, true, ten, "11",
			survey.Background{survey.RatherNot, survey.RatherNot, survey.RatherNot, survey.RatherNot}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in, err := survey.DecodeForm(tc.form)
			if err != nil {
				t.Fatal(err)
			}
			got, err := survey.TakeBackground(in, tc.on, tc.band, tc.age)
			if tc.field != "" {
				if err == nil || !containsField(err, tc.field) {
					t.Fatalf("err %v, want one naming %s", err, tc.field)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("%+v %v, want %+v", got, err, tc.want)
			}
			for id := range in.Answers {
				if len(id) > 3 && id[:3] == survey.BackgroundPrefix {
					t.Errorf("%s left in the intake for the survey to check", id)
				}
			}
			if tc.form.Has("a.life_satisfaction") && in.Answers["life_satisfaction"].Codes == nil {
				t.Error("the survey's own answer was taken too")
			}
		})
	}
}

func containsField(err error, field string) bool {
	s := err.Error()
	for i := 0; i+len(field) <= len(s); i++ {
		if s[i:i+len(field)] == field {
			return true
		}
	}
	return false
}
