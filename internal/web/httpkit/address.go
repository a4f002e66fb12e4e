package httpkit

import (
	"net/netip"

	"github.com/gin-gonic/gin"
)

// ClientAddress is the client as every per-address limit counts it (the
// login throttle, submissions, wrong session codes, professionals' saves):
// see AddressKey. It is held in memory only, never stored or logged.
func ClientAddress(c *gin.Context) string { return AddressKey(c.ClientIP()) }

// AddressKey turns a client IP address into the key a limit counts it
// under: an IPv4 address as it is (also when written IPv4-mapped), an
// IPv6 address by its /64 network, because one home or school gets a
// whole /64 and picks addresses from it at will. Anything that is not an
// IP address (gin gives "" when it has none) is kept as it is.
func AddressKey(ip string) string {
	a, err := netip.ParseAddr(ip)
	if err != nil {
		return ip
	}
	a = a.Unmap().WithZone("")
	if a.Is4() {
		return a.String()
	}
	p, err := a.Prefix(64)
	if err != nil {
		return a.String()
	}
	return p.String()
}
