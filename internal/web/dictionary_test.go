package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/klauspost/compress/zstd"
)

func offer(data []byte, accept string) *http.Request {
	sum := sha256.Sum256(data)
	r, _ := http.NewRequest(http.MethodGet, "/s/ABC?lang=de", nil)
	r.Header.Set("Available-Dictionary", ":"+base64.StdEncoding.EncodeToString(sum[:])+":")
	r.Header.Set("Accept-Encoding", accept)
	return r
}

// A page compressed against a kept dictionary decodes, with that
// dictionary, to the page; the body names the dictionary's hash first.
// The encoders are reused from page to page with each page's dictionary.
func TestDictionaryEncodesAgainstTheKeptPage(t *testing.T) {
	d := newDictionaries()
	words := []string{"Nooit", "Jamais", "Nie", "Never"}
	var dicts [][]byte
	for _, w := range words[:3] {
		dict := []byte(strings.Repeat(`<label class="answer"><input type="radio" name="a.q1" value="1"><span class="word">`+w+`</span></label>`, 200))
		d.add(dict)
		dicts = append(dicts, dict)
	}
	for round := range 3 {
		for i, dict := range dicts {
			page := bytes.ReplaceAll(dict, []byte(words[i]), []byte(words[3]))
			e := d.lookup(offer(dict, "gzip, br, zstd, dcb, dcz"))
			if e == nil {
				t.Fatal("a kept dictionary offered by its hash is not found")
			}
			out, err := e.encode(page)
			if err != nil {
				t.Fatal(err)
			}
			sum := sha256.Sum256(dict)
			if !bytes.HasPrefix(out, append(append([]byte{}, dczHeader...), sum[:]...)) {
				t.Fatalf("the body does not start with the dcz header and the dictionary's hash: % x", out[:min(len(out), 40)])
			}
			dec, err := zstd.NewReader(nil, zstd.WithDecoderDictRaw(0, dict))
			if err != nil {
				t.Fatal(err)
			}
			got, err := dec.DecodeAll(out[40:], nil)
			dec.Close()
			if err != nil || !bytes.Equal(got, page) {
				t.Fatalf("round %d, dictionary %d: decoded %d bytes (%v), want the page's %d", round, i, len(got), err, len(page))
			}
			if len(out) > len(page)/20 {
				t.Errorf("%d bytes for a %d-byte page that differs from the dictionary in a word", len(out), len(page))
			}
		}
	}
}

// Only what this server kept, still fresh, for a browser that takes dcz.
func TestDictionaryLookupRefuses(t *testing.T) {
	d := newDictionaries()
	now := time.Now()
	d.now = func() time.Time { return now }
	kept := []byte(strings.Repeat("kept page ", 100))
	d.add(kept)
	if d.lookup(offer([]byte("another page"), "br, dcz")) != nil {
		t.Error("an unknown hash was taken")
	}
	if d.lookup(offer(kept, "gzip, br, zstd")) != nil {
		t.Error("a browser that does not take dcz got a dictionary")
	}
	if d.lookup(offer(kept, "br, dcz;q=0")) != nil {
		t.Error("dcz;q=0 got a dictionary")
	}
	r := offer(kept, "br, dcz")
	r.Header.Set("Available-Dictionary", "not a hash")
	if d.lookup(r) != nil {
		t.Error("a malformed header was taken")
	}
	now = now.Add(dictionaryLife)
	if d.lookup(offer(kept, "br, dcz")) != nil {
		t.Error("an expired dictionary was taken")
	}
}

// The kept dictionaries stay within their budget, the oldest going first.
func TestDictionaryBudget(t *testing.T) {
	d := newDictionaries()
	page := func(i int) []byte { return bytes.Repeat([]byte{byte(i), byte(i >> 8)}, 32<<10) }
	n := dictionaryBudget/len(page(0)) + 10
	for i := range n {
		d.add(page(i))
	}
	if d.size > dictionaryBudget || len(d.by) != len(d.order) {
		t.Fatalf("%d bytes in %d dictionaries (%d in order), over the budget of %d", d.size, len(d.by), len(d.order), dictionaryBudget)
	}
	if d.lookup(offer(page(0), "dcz")) != nil || d.lookup(offer(page(n-1), "dcz")) == nil {
		t.Error("the oldest should go first, the newest stay")
	}
}

func FuzzAvailableDictionary(f *testing.F) {
	f.Add(":RJYY7Zr9shNMvPM7RP3+CIQ89FI+PDwyJSK1QVFCR2E=:")
	f.Add(":" + strings.Repeat("A", 44) + ":")
	f.Add("")
	f.Add(":====:")
	f.Fuzz(func(t *testing.T, v string) {
		sum, ok := parseAvailableDictionary(v)
		if !ok {
			if sum != ([32]byte{}) {
				t.Fatal("a refused header left a hash")
			}
			return
		}
		if want := ":" + base64.StdEncoding.EncodeToString(sum[:]) + ":"; strings.TrimSpace(v) != want {
			t.Fatalf("%q read as %q", v, want)
		}
	})
}
