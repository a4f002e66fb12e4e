package child

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/kinderstem/kinderstem/internal/survey"
)

// decodeJSON reads the API body:
// {"id": uuid, "lang": "nl", "age": 11, "gender": "girl", "answers": {"item": 4 | "skip" | "dont_know" | "text" | [1, 3]},
// "unclear": ["item", ...]} (the last only in a pilot).
// encoding/json checks the syntax once, without building anything; then
// the members are read straight from their bytes, as is every answer: no
// reflection and little garbage, for this runs for every child's
// submission. Field names are exact; an unknown one is refused.
func decodeJSON(body []byte) (*survey.Intake, error) {
	if !json.Valid(body) {
		var v any
		err := json.Unmarshal(body, &v)
		detail := "body is not JSON"
		if err != nil {
			detail += ": " + err.Error()
		}
		return nil, survey.Invalid("", "error.body_invalid", detail)
	}
	in := survey.NewIntake()
	err := members(body, "", func(key string, v []byte) error {
		var err error
		switch key {
		case "id":
			in.ID, err = jsonString(v, "id")
		case "lang":
			in.Lang, err = jsonString(v, "lang")
		case "gender":
			in.Gender, err = jsonString(v, "gender")
		case "age":
			in.Age, err = jsonAge(v)
		case "answers":
			err = answersFrom(v, in.Answers)
		case "unclear":
			in.Unclear, err = unclearFrom(v, in.Unclear)
		default:
			err = survey.Invalid("", "error.body_invalid", fmt.Sprintf("unknown field %q", survey.Clip(key)))
		}
		return err
	})
	if err != nil {
		in.Release()
		return nil, err
	}
	return in, nil
}

// members calls f with each member of the JSON object obj, whose syntax
// is checked already, in order. A later duplicate key overrides, as in
// encoding/json. field names obj in errors ("" for the body).
func members(obj []byte, field string, f func(key string, value []byte) error) error {
	obj = bytes.TrimSpace(obj)
	if len(obj) == 0 || obj[0] != '{' {
		what := "the body must be a JSON object"
		if field != "" {
			what = field + " must be an object"
		}
		return survey.Invalid(field, "error.body_invalid", what)
	}
	rest := obj[1:]
	for {
		rest = skipPast(rest, ',')
		if len(rest) == 0 || rest[0] == '}' {
			return nil
		}
		keyEnd := jsonValueEnd(rest)
		key, err := jsonString(rest[:keyEnd], field)
		if err != nil {
			return err
		}
		rest = skipPast(rest[keyEnd:], ':')
		end := jsonValueEnd(rest)
		if err := f(key, bytes.TrimSpace(rest[:end])); err != nil {
			return err
		}
		rest = rest[end:]
	}
}

// skipPast drops JSON white space and the separator sep from the start of
// b (bytes.TrimLeft with a cutset builds its set on every call, and this
// runs twice for every answer).
func skipPast(b []byte, sep byte) []byte {
	for len(b) > 0 {
		switch b[0] {
		case ' ', '\t', '\r', '\n', sep:
			b = b[1:]
		default:
			return b
		}
	}
	return b
}

// jsonString reads a JSON string, or null as "".
func jsonString(v []byte, field string) (string, error) {
	if len(v) == 0 || string(v) == "null" {
		return "", nil
	}
	// The syntax is checked already: a string without escapes is its bytes.
	if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' && bytes.IndexByte(v, '\\') < 0 {
		return string(v[1 : len(v)-1]), nil
	}
	var s string
	if err := json.Unmarshal(v, &s); err != nil {
		return "", survey.Invalid(field, "error.body_invalid", field+" must be a string")
	}
	return s, nil
}

// jsonAge reads a whole number of years, null or "skip".
func jsonAge(v []byte) (string, error) {
	if len(v) == 0 || string(v) == "null" || string(v) == `"skip"` {
		return "", nil
	}
	if _, err := strconv.Atoi(string(v)); err != nil {
		return "", survey.Invalid("age", "error.age_range", "age must be a whole number")
	}
	return string(v), nil
}

var errWantNumber = fmt.Errorf("want a whole number, a list of them, \"skip\", \"dont_know\" or text")

// parseAnswer reads 4, "skip", "dont_know", "some text", [1, 3] or null
// from an answer's JSON bytes, which encoding/json has checked already.
func parseAnswer(b []byte) (survey.RawAnswer, error) {
	var ans survey.RawAnswer
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0 || string(b) == "null":
		ans.Word = "skip"
	case string(b) == `"skip"` || string(b) == `"dont_know"`:
		ans.Word = wordOf(b) // the constant: no copy for the commonest answers
	case b[0] == '"':
		s := string(b[1 : len(b)-1])
		if bytes.IndexByte(b, '\\') >= 0 {
			if err := json.Unmarshal(b, &s); err != nil {
				return ans, err
			}
		}
		if s == "skip" || s == "dont_know" {
			ans.Word = s
		} else {
			ans.Text = s
		}
	case b[0] == '[':
		ans.IsNum, ans.List = true, true
		inner := bytes.TrimSpace(b[1 : len(b)-1])
		if len(inner) == 0 {
			return ans, nil
		}
		for _, part := range bytes.Split(inner, []byte(",")) {
			n, err := strconv.Atoi(string(bytes.TrimSpace(part)))
			if err != nil || len(ans.Codes) >= 64 {
				return ans, errWantNumber
			}
			ans.Codes = append(ans.Codes, n)
		}
	default:
		n, err := strconv.Atoi(string(b))
		if err != nil {
			return ans, errWantNumber
		}
		ans.One, ans.IsNum = n, true
	}
	return ans, nil
}

func wordOf(b []byte) string {
	if string(b) == `"skip"` {
		return "skip"
	}
	return "dont_know"
}

// answersFrom reads the answers object, {"item": answer, ...}, into out,
// one member at a time from its bytes: no map of raw values in between. A
// second "answers" member replaces the first, as for any other field.
func answersFrom(obj []byte, out map[string]survey.RawAnswer) error {
	clear(out)
	if len(obj) == 0 || string(obj) == "null" {
		return nil
	}
	return members(obj, "answers", func(key string, v []byte) error {
		a, err := parseAnswer(v)
		if err != nil {
			return survey.Invalid("answers."+survey.Clip(key), "error.answer_invalid", err.Error())
		}
		if len(out) >= survey.MaxAnswers {
			if _, seen := out[key]; !seen {
				return survey.Invalid("answers", "error.body_invalid", "too many answers")
			}
		}
		out[key] = a
		return nil
	})
}

// jsonValueEnd returns where the JSON value at the start of b ends. The
// syntax is already checked: strings end at an unescaped quote, arrays and
// objects at their matching bracket, anything else at , } or ].
func jsonValueEnd(b []byte) int {
	depth, inString, escaped := 0, false, false
	for i, c := range b {
		switch {
		case inString:
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
				if depth == 0 {
					return i + 1
				}
			}
		case c == '"':
			inString = true
		case c == '[' || c == '{':
			depth++
		case c == ']' || c == '}':
			if depth == 0 {
				return i
			}
			depth--
			if depth == 0 {
				return i + 1
			}
		case c == ',' && depth == 0:
			return i
		}
	}
	return len(b)
}

// unclearFrom reads the questions a child in a pilot marked "I don't
// understand": a list of item names, or null.
func unclearFrom(v []byte, into []string) ([]string, error) {
	if string(v) == "null" {
		return into, nil
	}
	var items []string
	if err := json.Unmarshal(v, &items); err != nil || len(items) > survey.MaxAnswers {
		return into, survey.Invalid("unclear", "error.body_invalid", "unclear must be a list of question names")
	}
	for _, it := range items {
		into = append(into, survey.Clip(it))
	}
	return into, nil
}
