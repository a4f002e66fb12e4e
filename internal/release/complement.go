package release

// Member is one number of an additive line: numbers that add up to a
// total shown elsewhere (the rows of a breakdown and the overall row, the
// cells of a table's column and its margin).
type Member struct {
	Hidden bool // withheld
	Holds  bool // something is in it: a hidden member holding nothing gives nothing away
	Size   int  // the count shown, to pick the smallest
}

// Complement is the rule of complementary hiding, for every table and
// breakdown that hides a small group: where exactly one member of a line
// that holds something is hidden, the total minus the members shown would
// give it back (exactly whenever the cell key noise happens to cancel,
// and which time cannot be told), so the smallest member shown must be
// hidden beside it. It returns that member's index (the first of equal
// sizes), or -1 when the line needs nothing more hidden. Callers apply it
// to each of their lines until no line needs more.
func Complement(line []Member) int {
	unknown, smallest := 0, -1
	for i, m := range line {
		switch {
		case m.Hidden:
			if m.Holds {
				unknown++
			}
		case smallest < 0 || m.Size < line[smallest].Size:
			smallest = i
		}
	}
	if unknown != 1 {
		return -1
	}
	return smallest
}

// HideComplements applies Complement to each line (the indexes of its
// members, in any numbering the caller keeps) until no line needs more
// hidden: member describes a member as it stands, hide withholds it.
// Lines are visited in order each round, so a caller whose lines share
// members (hiding one part of a row hides another) gets the same result
// every time.
func HideComplements(lines [][]int, member func(i int) Member, hide func(i int)) {
	for changed := true; changed; {
		changed = false
		for _, line := range lines {
			ms := make([]Member, len(line))
			for j, i := range line {
				ms[j] = member(i)
			}
			if j := Complement(ms); j >= 0 {
				hide(line[j])
				changed = true
			}
		}
	}
}
