package indicator_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/kinderstem/kinderstem/internal/indicator"
)

// attackKeyCount is how many record keys the attack suite tries.
const attackKeyCount = 200

// attackKeys loads the scenario's index under many record keys: each is
// an instance whose secret the attacker does not know.
func attackKeys(t *testing.T, f *fixture) []*indicator.Index {
	var out []*indicator.Index
	for i := 0; i < attackKeyCount; i++ {
		ix, err := indicator.Load(context.Background(), f.st, f.cat, indicator.WithRecordKey([]byte(fmt.Sprint("attack key ", i))))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, ix)
	}
	return out
}
