package process

import (
	"github.com/kinderstem/kinderstem/internal/release"
	"github.com/kinderstem/kinderstem/internal/store"
)

// The felt-heard counts are perturbed the way the analysts' tables are
// (release.Perturb, cell key perturbation), because hiding alone is
// undone by subtraction: the overall row minus the shown organisations
// gives a hidden organisation's raters and "yes" (attack_test.go). The
// counts keep nothing per child, so a row of heard_counts (an answer, a
// session, a face and its count) stands in for a record: its key is
// release.HeardKey, and a cell's key is the sum of its rows' keys mod
// 2^16. Only closed ratings are counted, so a row never changes and the
// same cell always gets the same noise; the worker's page shows each row
// with the same key.

// heardKey is the key of one heard_counts row of session sessionID.
func heardKey(k *release.Keys, sessionID int64, cell store.HeardCell) uint16 {
	return release.HeardKey(k, cell.ReplyID, sessionID, cell.Rating, cell.N)
}
