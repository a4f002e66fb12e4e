package web

import (
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/klauspost/compress/zstd"

	"github.com/kinderstem/kinderstem/internal/web/child"
)

// A tablet's first visit downloads the questionnaire once in every
// language for offline use, and the pages differ only in their words:
// ~6.5 KB each in brotli, of which the markup they share is more than
// half. With Compression Dictionary Transport (RFC 9842, in Chromium) the
// first of those pages the service worker fetches is kept by the browser
// as a dictionary (the questionnaire handler marks it: Use-As-Dictionary),
// and every next page is asked for with its hash (Available-Dictionary)
// and sent as zstd against it ("dcz"): ~2.5–3.4 KB instead of ~6.5 KB.
//
// The server keeps each dictionary it sent, by hash, for a short while
// (the time a tablet takes to fill its cache): the pages carry a random
// submission id, so no page can be made again byte for byte. A hash it
// does not know (another server, a dictionary already dropped) gets the
// usual brotli: the dictionary only ever saves bytes.
const (
	// dictionaryLife is how long a dictionary is kept here: a little
	// longer than the browser may use it.
	dictionaryLife = child.DictionaryMaxAge*time.Second + 30*time.Second
	// dictionaryBudget bounds the memory the kept dictionaries take
	// (~55 KB each, one for each tablet filling its cache): the oldest go
	// first.
	dictionaryBudget = 16 << 20
)

// dictionaries are the dictionaries recently sent, by SHA-256.
type dictionaries struct {
	mu    sync.Mutex
	by    map[[32]byte]*dictionary
	order []*dictionary // oldest first
	size  int
	now   func() time.Time
}

type dictionary struct {
	sum     [32]byte
	data    []byte
	expires time.Time
}

func newDictionaries() *dictionaries {
	return &dictionaries{by: map[[32]byte]*dictionary{}, now: time.Now}
}

// add keeps data as a dictionary a browser was asked to keep.
func (d *dictionaries) add(data []byte) {
	if len(data) == 0 || len(data) > dictionaryBudget/8 {
		return
	}
	e := &dictionary{sum: sha256.Sum256(data), data: data, expires: d.now().Add(dictionaryLife)}
	d.mu.Lock()
	defer d.mu.Unlock()
	if old, ok := d.by[e.sum]; ok {
		old.expires = e.expires
		return
	}
	d.by[e.sum] = e
	d.order = append(d.order, e)
	d.size += len(data)
	d.dropLocked()
}

// dropLocked forgets the dictionaries that expired, and the oldest while
// over the budget.
func (d *dictionaries) dropLocked() {
	now := d.now()
	n := 0
	for n < len(d.order) && (d.size > dictionaryBudget || !now.Before(d.order[n].expires)) {
		e := d.order[n]
		if d.by[e.sum] == e {
			delete(d.by, e.sum)
		}
		d.size -= len(e.data)
		n++
	}
	d.order = d.order[n:]
}

// lookup returns the dictionary r offers (Available-Dictionary) when it
// is one of ours and r takes "dcz"; nil otherwise.
func (d *dictionaries) lookup(r *http.Request) *dictionary {
	sum, ok := parseAvailableDictionary(r.Header.Get("Available-Dictionary"))
	if !ok || !acceptsEncoding(r.Header.Get("Accept-Encoding"), "dcz") {
		return nil
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	e := d.by[sum]
	if e == nil || !d.now().Before(e.expires) {
		return nil
	}
	return e
}

// parseAvailableDictionary reads an Available-Dictionary header: a
// structured-field byte sequence (":" base64 ":") holding a SHA-256.
func parseAvailableDictionary(v string) (sum [32]byte, ok bool) {
	v = strings.TrimSpace(v)
	if len(v) != 46 || v[0] != ':' || v[45] != ':' {
		return sum, false
	}
	b, err := base64.StdEncoding.Strict().DecodeString(v[1:45])
	if err != nil || len(b) != 32 {
		return sum, false
	}
	copy(sum[:], b)
	return sum, true
}

// dczHeader starts a "dcz" body: a zstd skippable frame holding the
// dictionary's SHA-256, so the browser can check it has the right one.
var dczHeader = []byte{0x5e, 0x2a, 0x4d, 0x18, 0x20, 0x00, 0x00, 0x00}

// dczEncoders are the zstd encoders pages are compressed with, two (this
// machine's cores): an encoder's tables are ~2 MB, made once and reused
// with each page's dictionary; a third page waits its turn. zstd's
// "better" level: its best is ~10% smaller (~350 bytes a page) but
// allocates ~70 MB and takes ~5 times as long per page.
var dczEncoders = func() chan *zstd.Encoder {
	ch := make(chan *zstd.Encoder, 2)
	for range cap(ch) {
		ch <- nil // made on first use
	}
	return ch
}()

// encode returns body compressed as "dcz" against the dictionary.
func (e *dictionary) encode(body []byte) ([]byte, error) {
	enc := <-dczEncoders
	defer func() { dczEncoders <- enc }()
	var err error
	if enc == nil {
		enc, err = zstd.NewWriter(nil, zstd.WithEncoderDictRaw(0, e.data), zstd.WithEncoderLevel(zstd.SpeedBetterCompression),
			zstd.WithEncoderConcurrency(1), zstd.WithWindowSize(1<<20), zstd.WithLowerEncoderMem(true))
	} else {
		err = enc.ResetWithOptions(nil, zstd.WithEncoderDictRaw(0, e.data))
	}
	if err != nil {
		enc = nil
		return nil, err
	}
	out := make([]byte, 0, len(dczHeader)+32+len(body)/8)
	out = append(append(out, dczHeader...), e.sum[:]...)
	return enc.EncodeAll(body, out), nil
}
