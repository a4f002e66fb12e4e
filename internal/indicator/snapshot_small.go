package indicator

import (
	"errors"
	"fmt"
)

// writeSmall writes a small column as writeChunks writes a column of
// bytes, a chunk at a time through one buffer, so the file does not
// depend on how the column is held; conv, when not nil, changes a chunk's
// values in the buffer before they are written.
func writeSmall(w *snapWriter, c *smallColumn, conv func([]byte)) {
	chunks := (c.rows + chunkRows - 1) / chunkRows
	w.u64(uint64(chunks))
	buf := make([]byte, 0, chunkRows)
	for i := range chunks {
		buf = c.values(i, buf)
		if conv != nil {
			conv(buf)
		}
		writeSlice(w, buf, nil)
	}
}

// readSmall reads what writeSmall wrote, as readChunks does, packing the
// values as they come; conv, when not nil, changes a chunk's values as
// read. A wide column stays a byte a row whatever its values.
func readSmall(r *snapReader, rows int, wide bool, conv func([]byte)) smallColumn {
	c := smallColumn{isWide: wide}
	n := r.count(8)
	buf := make([]byte, 0, chunkRows)
	for i := 0; i < n && r.err == nil; i++ {
		buf = readInto(r, buf, nil)
		if i < n-1 && len(buf) != chunkRows || len(buf) == 0 {
			r.fail(errors.New("a column's chunks are not whole"))
		}
		if conv != nil {
			conv(buf)
		}
		c.pushChunk(buf)
	}
	if r.err == nil && c.len() != rows {
		r.fail(fmt.Errorf("a column of %d values where the table has %d rows", c.len(), rows))
	}
	return c
}

// writeCodes writes a code column: 0 and its chunks of nibbles as they
// are held, or 1 and its codes a byte each.
func writeCodes(w *snapWriter, c *codeColumn) {
	if c.small.isWide {
		w.u64(1)
		writeSmall(w, &c.small, codeMap.values)
		return
	}
	w.u64(0)
	writeChunks(w, chunked[byte]{chunks: c.small.nib}, nil)
}

// readCodes reads what writeCodes wrote, into buf as it goes.
func readCodes(r *snapReader, rows int, buf []byte) codeColumn {
	if r.u64() == 1 {
		return codeColumn{small: readSmall(r, rows, true, codeMap.smalls)}
	}
	c := smallColumn{rows: rows}
	chunks, bytes := r.count(8), 0
	for j := 0; j < chunks && r.err == nil; j++ {
		buf = readInto(r, buf, nil)
		if j < chunks-1 && len(buf) != chunkRows/2 {
			r.fail(errors.New("a column's chunks are not whole"))
		}
		bytes += len(buf)
		c.nib = append(c.nib, keepChunk(buf, chunkRows/2, j == chunks-1))
	}
	if r.err == nil && (bytes != (rows+1)/2 || chunks != (rows+chunkRows-1)/chunkRows) {
		r.fail(fmt.Errorf("a column of %d bytes for %d rows", bytes, rows))
	}
	return codeColumn{small: c}
}
