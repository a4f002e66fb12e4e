// Package fault defines the one application error type: a kind that maps to
// an HTTP status, the field at fault and a message id the user can read.
package fault

import (
	"errors"
	"fmt"
)

// Kind says what went wrong in terms a caller can act on.
type Kind int

// The kinds of failure. Internal is the zero value so that an unclassified
// error is never mistaken for a user's mistake.
const (
	Internal Kind = iota
	Invalid
	NotFound
	Conflict
	Unauthorized
	Forbidden
	TooMany
	Gone
	TooLarge
	Unavailable
	MethodNotAllowed
	BadRequest // a request that is not HTTP we can read (a bad Host, a broken form)
)

var kindNames = [...]string{"internal", "invalid", "not_found", "conflict", "unauthorized", "forbidden", "too_many", "gone", "too_large", "unavailable",
	"method_not_allowed", "bad_request"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("kind(%d)", int(k))
}

// Error is an application error. Message is a locale message id (for
// example "error.age_range"), never text, so the web layer can translate it.
type Error struct {
	Kind    Kind
	Field   string // the input field at fault, if any
	Message string // locale message id shown to the user
	Detail  string // English detail for logs and API clients; never shown as UI text
	Err     error  // the cause, if any
}

func (e *Error) Error() string {
	msg := e.Kind.String()
	if e.Field != "" {
		msg += " " + e.Field
	}
	if e.Detail != "" {
		msg += ": " + e.Detail
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

// New returns an error of kind k with a user message id and an English detail.
func New(k Kind, message, detail string) *Error {
	return &Error{Kind: k, Message: message, Detail: detail}
}

// Field returns an Invalid error naming the input field at fault.
func Field(field, message, detail string) *Error {
	return &Error{Kind: Invalid, Field: field, Message: message, Detail: detail}
}

// KindOf returns the kind of the first *Error in err's chain, or Internal.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return Internal
}

// As returns the first *Error in err's chain.
func As(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// Is reports whether err is an application error of kind k.
func Is(err error, k Kind) bool {
	e, ok := As(err)
	return ok && e.Kind == k
}
