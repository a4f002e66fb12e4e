package release

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"hash"
)

// Keys makes the record keys of cell key perturbation from the record
// secret (the key file's "record" secret, never in the database): one way
// for every release, so the same record gets the same key wherever it is
// counted. A Keys is not safe for concurrent use; make one per goroutine
// (NewKeys is cheap) or guard it.
type Keys struct {
	mac hash.Hash
}

// NewKeys makes keys under a secret. An empty secret gets a random one of
// its own: numbers released under it change from one start to the next,
// which lets an attacker average them, so every command that serves or
// exports numbers passes the record secret.
func NewKeys(secret []byte) *Keys {
	if len(secret) == 0 {
		secret = make([]byte, 32)
		rand.Read(secret)
	}
	return &Keys{mac: hmac.New(sha256.New, secret)}
}

// Record is the key of one submission, by its id: 16 bits of the HMAC of
// the id (8 bytes, big-endian).
func (k *Keys) Record(id int64) uint16 {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], uint64(id))
	k.mac.Reset()
	k.mac.Write(b[:])
	return k.sum()
}

// Row is the key of a row of counts that keeps nothing per child (a
// felt-heard face of an answer in a session, the votes of a topic): 16
// bits of the HMAC of a label naming what is counted, then each id
// (8 bytes, big-endian). The count itself is one of the ids: such a row
// is only released once it can no longer change, so one row never shows
// two counts under one key.
func (k *Keys) Row(label string, ids ...int64) uint16 {
	k.mac.Reset()
	k.mac.Write([]byte(label))
	var b [8]byte
	for _, id := range ids {
		binary.BigEndian.PutUint64(b[:], uint64(id))
		k.mac.Write(b[:])
	}
	return k.sum()
}

func (k *Keys) sum() uint16 {
	var s [sha256.Size]byte
	return binary.BigEndian.Uint16(k.mac.Sum(s[:0]))
}
