package indicator

// ageColumn is the ages in whole years the children gave, held as small
// values (chunked_small.go): two to a byte while every age is unknown or
// 4 to 18, one to a byte from the first that is not. The questionnaires
// are for children of 4 to 18, so a table whose children gave no other
// age keeps its ages in half the room.
type ageColumn struct {
	small smallColumn
}

// An age is held as the small value age-3 (modulo 256), so that 4 to 18
// are 1 to 15. Unknown (0) is 0, so that a chunk of rows that gave no age
// is shared; 3, whose value that would be, takes unknown's (253).
var ageMap = newValueMap[uint8](0, 253) // 253 is -3 modulo 256

func (c *ageColumn) at(row int) uint8 { return ageMap.value[c.small.at(row)] }

// push adds a row holding age.
func (c *ageColumn) push(age uint8) { c.small.push(ageMap.small[age]) }

// view is the column as it is now, safe to read while rows are added.
func (c *ageColumn) view() ageColumn { return ageColumn{small: c.small.view()} }
