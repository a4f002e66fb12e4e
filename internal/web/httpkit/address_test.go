package httpkit

import (
	"net/netip"
	"testing"
)

func TestAddressKey(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ ip, want string }{
		{"203.0.113.9", "203.0.113.9"},
		{"::ffff:203.0.113.9", "203.0.113.9"}, // IPv4-mapped: the same client as IPv4
		{"2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"},
		{"2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64"}, // the same /64: the same home or school
		{"2001:db8:1:3::1", "2001:db8:1:3::/64"},                  // the next /64: another
		{"fe80::1%eth0", "fe80::/64"},
		{"::1", "::/64"},
		{"", ""},
		{"not an address", "not an address"},
	} {
		if got := AddressKey(c.ip); got != c.want {
			t.Errorf("AddressKey(%q) = %q, want %q", c.ip, got, c.want)
		}
	}
}

// Whatever a proxy's header makes gin read as the client, the key is an
// IPv4 address, an IPv6 /64, or the input itself when it is none, and
// two addresses of one /64 share a key. Never a panic.
func FuzzAddressKey(f *testing.F) {
	for _, s := range []string{"203.0.113.9", "::ffff:10.0.0.1", "2001:db8::1", "fe80::1%eth0", "", "1.2.3", "::", "[::1]"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, ip string) {
		key := AddressKey(ip)
		a, err := netip.ParseAddr(ip)
		if err != nil {
			if key != ip {
				t.Fatalf("AddressKey(%q) = %q: not an address, want it unchanged", ip, key)
			}
			return
		}
		a = a.Unmap().WithZone("")
		if a.Is4() {
			if key != a.String() {
				t.Fatalf("AddressKey(%q) = %q, want %q", ip, key, a)
			}
			return
		}
		p, err := netip.ParsePrefix(key)
		if err != nil || p.Bits() != 64 || !p.Contains(a) {
			t.Fatalf("AddressKey(%q) = %q, want the /64 holding it", ip, key)
		}
		b := a.As16()
		b[15] ^= 0xff
		if other := AddressKey(netip.AddrFrom16(b).String()); other != key {
			t.Fatalf("%q and its neighbour in the /64 get %q and %q", ip, key, other)
		}
	})
}
