package decision

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/kinderstem/kinderstem/internal/fault"
)

// A sealed blob is framed so that it names what it holds and can be
// found and checked on its own:
//
//	"KSV1" | kind (1 byte) | request id (8, big-endian) | length (4) | nonce (12) | ciphertext and tag
//
// The first 17 bytes are the additional data of AES-256-GCM, so a blob
// moved to another request or part does not open. The framing says which
// request a blob belongs to, which the database row says anyway; it says
// nothing of what is in it.
const (
	magic     = "KSV1"
	headerLen = len(magic) + 1 + 8 + 4
	nonceLen  = 12
	dataKeyLn = 32
)

// The kinds of sealed blob: the wrapped data key, and one per part.
const (
	kindKey         = 'K'
	kindRequest     = 'R'
	kindSay         = 'S'
	kindDecision    = 'D'
	kindExplanation = 'E'
)

// partKinds maps the stored parts to their kind of blob.
var partKinds = map[string]byte{
	partRequest:     kindRequest,
	partSay:         kindSay,
	partDecision:    kindDecision,
	partExplanation: kindExplanation,
}

// The parts a request's words are stored in.
const (
	partRequest     = "request"
	partSay         = "say"
	partDecision    = "decision"
	partExplanation = "explanation"
)

// ErrForeignKey is the answer when a request was sealed under another key
// file's voice secret than the server's: its words cannot be read until
// that key file is back.
var ErrForeignKey = fault.New(fault.Unavailable, "voice.error_foreign_key", "the request was sealed under another key file")

// derive makes a key for one purpose from the key file's voice secret, so
// the wrapping key, the code key and the visit key never meet.
func derive(secret []byte, purpose string) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte("kinderstem voice " + purpose + " v1"))
	return m.Sum(nil)
}

// seal encrypts plain with key (32 bytes) into a framed blob of kind for
// request id.
func seal(key []byte, kind byte, id int64, plain []byte) ([]byte, error) {
	gcm, err := newGCM(key)
	if err != nil {
		return nil, err
	}
	out := make([]byte, headerLen+nonceLen, headerLen+nonceLen+len(plain)+gcm.Overhead())
	copy(out, magic)
	out[4] = kind
	binary.BigEndian.PutUint64(out[5:13], uint64(id))
	binary.BigEndian.PutUint32(out[13:17], uint32(len(plain)+gcm.Overhead()))
	if _, err := rand.Read(out[headerLen:]); err != nil {
		return nil, fmt.Errorf("decision: seal: %w", err)
	}
	return gcm.Seal(out, out[headerLen:headerLen+nonceLen], plain, out[:headerLen]), nil
}

// open checks that blob is a blob of kind for request id and decrypts it
// with key.
func open(key []byte, kind byte, id int64, blob []byte) ([]byte, error) {
	gcm, err := newGCM(key)
	if err != nil {
		return nil, err
	}
	h, err := parseHeader(blob)
	if err != nil {
		return nil, err
	}
	if h.kind != kind || h.id != id || len(blob) != headerLen+nonceLen+h.length {
		return nil, errors.New("decision: a sealed part of another kind, request or length")
	}
	plain, err := gcm.Open(nil, blob[headerLen:headerLen+nonceLen], blob[headerLen+nonceLen:], blob[:headerLen])
	if err != nil {
		return nil, fmt.Errorf("decision: open sealed part: %w", err)
	}
	return plain, nil
}

// header is the readable frame of a sealed blob.
type header struct {
	kind   byte
	id     int64
	length int // of ciphertext and tag
}

func parseHeader(b []byte) (header, error) {
	if len(b) < headerLen+nonceLen || string(b[:4]) != magic {
		return header{}, errors.New("decision: not a sealed part")
	}
	return header{kind: b[4], id: int64(binary.BigEndian.Uint64(b[5:13])), length: int(binary.BigEndian.Uint32(b[13:17]))}, nil
}

func newGCM(key []byte) (cipher.AEAD, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("decision: %w", err)
	}
	return cipher.NewGCM(block)
}

// newDataKey makes a request's own data key.
func newDataKey() ([]byte, error) {
	k := make([]byte, dataKeyLn)
	if _, err := rand.Read(k); err != nil {
		return nil, fmt.Errorf("decision: data key: %w", err)
	}
	return k, nil
}
