package indicator

import (
	"bufio"
	"crypto/cipher"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"unsafe"
)

// The snapshot's body is little-endian: counts as uint64, arrays of fixed
// size values as their bytes. Every byte of the file is under a CRC-32C.

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// littleEndian reports whether this machine stores numbers as the file
// does; elsewhere snapshots are neither written nor read (the index is
// then read from the database, as without a snapshot).
var littleEndian = func() bool {
	x := uint16(1)
	return *(*byte)(unsafe.Pointer(&x)) == 1
}()

// rawBytes is the memory of a slice of fixed-size values.
func rawBytes[T any](s []T) []byte {
	if len(s) == 0 {
		return nil
	}
	var zero T
	return unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(s))), len(s)*int(unsafe.Sizeof(zero)))
}

type snapWriter struct {
	w   *bufio.Writer
	crc hash.Hash32
	n   int64
	err error
}

func newSnapWriter(w io.Writer) *snapWriter {
	return &snapWriter{w: bufio.NewWriterSize(w, 1<<20), crc: crc32.New(castagnoli)}
}

func (w *snapWriter) raw(b []byte) {
	if w.err != nil {
		return
	}
	w.crc.Write(b)
	w.n += int64(len(b))
	_, w.err = w.w.Write(b)
}

func (w *snapWriter) u64(v uint64) {
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], v)
	w.raw(b[:])
}

func (w *snapWriter) str(s string) {
	w.u64(uint64(len(s)))
	w.raw([]byte(s))
}

func (w *snapWriter) strs(ss []string) {
	w.u64(uint64(len(ss)))
	for _, s := range ss {
		w.str(s)
	}
}

// writeSlice writes a length and the values; with a stream, XORed with it
// (the record keys).
func writeSlice[T any](w *snapWriter, s []T, stream cipher.Stream) {
	w.u64(uint64(len(s)))
	b := rawBytes(s)
	if stream == nil {
		w.raw(b)
		return
	}
	buf := make([]byte, min(len(b), 64<<10))
	for len(b) > 0 {
		n := min(len(b), len(buf))
		stream.XORKeyStream(buf[:n], b[:n])
		w.raw(buf[:n])
		b = b[n:]
	}
}

func writeChunks[T any](w *snapWriter, c chunked[T], stream cipher.Stream) {
	w.u64(uint64(len(c.chunks)))
	for _, ch := range c.chunks {
		writeSlice(w, ch, stream)
	}
}

type snapReader struct {
	r    *bufio.Reader
	crc  hash.Hash32
	left int64 // bytes the body may still hold: no length can ask for more
	err  error
}

var errSnapshotTruncated = errors.New("the file is shorter than it says")

func newSnapReader(r io.Reader, size int64) *snapReader {
	return &snapReader{r: bufio.NewReaderSize(r, 1<<20), crc: crc32.New(castagnoli), left: size}
}

func (r *snapReader) fail(err error) {
	if r.err == nil {
		r.err = err
	}
}

func (r *snapReader) raw(b []byte) {
	if r.err != nil {
		return
	}
	if int64(len(b)) > r.left {
		r.fail(errSnapshotTruncated)
		return
	}
	if _, err := io.ReadFull(r.r, b); err != nil {
		r.fail(err)
		return
	}
	r.left -= int64(len(b))
	r.crc.Write(b)
}

func (r *snapReader) u64() uint64 {
	var b [8]byte
	r.raw(b[:])
	return binary.LittleEndian.Uint64(b[:])
}

// count reads a length of values of size bytes each, refusing one the
// rest of the file cannot hold.
func (r *snapReader) count(size int) int {
	n := r.u64()
	if r.err == nil && (size > 0 && n > uint64(r.left)/uint64(size) || size == 0 && n > uint64(r.left)) {
		r.fail(fmt.Errorf("a length of %d does not fit in the file", n))
	}
	if r.err != nil {
		return 0
	}
	return int(n)
}

func (r *snapReader) str() string {
	b := make([]byte, r.count(1))
	r.raw(b)
	return string(b)
}

func (r *snapReader) strs() []string {
	out := make([]string, r.count(8))
	for i := range out {
		out[i] = r.str()
	}
	return out
}

// readSlice reads what writeSlice wrote into a slice of at least capacity
// c; with a stream, XORed back.
func readSlice[T any](r *snapReader, c int, stream cipher.Stream) []T {
	var zero T
	n := r.count(int(unsafe.Sizeof(zero)))
	s := make([]T, n, max(n, c))
	b := rawBytes(s)
	r.raw(b)
	if stream != nil {
		stream.XORKeyStream(b, b)
	}
	return s
}

// readInto reads what writeSlice wrote into buf, grown as needed: for a
// chunk that is not kept as it is read, so that reading leaves no garbage
// behind (the process would keep its pages).
func readInto[T any](r *snapReader, buf []T, stream cipher.Stream) []T {
	var zero T
	n := r.count(int(unsafe.Sizeof(zero)))
	if cap(buf) < n {
		buf = make([]T, n)
	}
	buf = buf[:n]
	b := rawBytes(buf)
	r.raw(b)
	if stream != nil {
		stream.XORKeyStream(b, b)
	}
	return buf
}

// keepChunk returns a chunk read into a buffer as the column keeps it: the
// shared chunk when it is full of zeros only, else a copy of its own, with
// room for a whole chunk when it is the last.
func keepChunk[T comparable](buf []T, full int, last bool) []T {
	if !last {
		if z := shareIfZeros(buf, full); isZeros(z) {
			return z
		}
		return append([]T(nil), buf...)
	}
	return append(make([]T, 0, max(len(buf), full)), buf...)
}

// readChunks reads a row column; every chunk but the last must be full,
// and rows says how many values the column holds. A full chunk of zeros
// only becomes the shared one.
func readChunks[T comparable](r *snapReader, rows int, stream cipher.Stream) chunked[T] {
	var c chunked[T]
	n := r.count(8)
	buf := make([]T, 0, chunkRows)
	for i := 0; i < n && r.err == nil; i++ {
		buf = readInto(r, buf, stream)
		c.chunks = append(c.chunks, keepChunk(buf, chunkRows, i == n-1))
	}
	if r.err == nil && c.len() != rows {
		r.fail(fmt.Errorf("a column of %d values where the table has %d rows", c.len(), rows))
	}
	for i, ch := range c.chunks {
		if r.err == nil && (i < len(c.chunks)-1 && len(ch) != chunkRows || len(ch) == 0) {
			r.fail(errors.New("a column's chunks are not whole"))
		}
	}
	return c
}

// writeNarrowed writes a narrowed column as writeChunks writes a column of
// its full width: the file does not depend on how a chunk is held.
func writeNarrowed[W int32 | uint16, N int16 | int8](w *snapWriter, c narrowed[W, N]) {
	w.u64(uint64(len(c.chunks)))
	buf := make([]W, 0, chunkRows)
	for i := range c.chunks {
		writeSlice(w, c.chunks[i].values(buf), nil)
	}
}

// readNarrowed reads what writeNarrowed wrote, as readChunks does, each
// chunk narrowed as it is read where its values allow.
func readNarrowed[W int32 | uint16, N int16 | int8](r *snapReader, rows int) narrowed[W, N] {
	var c narrowed[W, N]
	n := r.count(8)
	buf := make([]W, 0, chunkRows)
	for i := 0; i < n && r.err == nil; i++ {
		ch := readInto(r, buf, nil)
		buf = ch
		if i < n-1 && len(ch) != chunkRows || len(ch) == 0 {
			r.fail(errors.New("a column's chunks are not whole"))
		}
		c.chunks = append(c.chunks, narrowChunkOf[W, N](ch))
	}
	if r.err == nil && c.len() != rows {
		r.fail(fmt.Errorf("a column of %d values where the table has %d rows", c.len(), rows))
	}
	return c
}

// writeMonths writes a month column as writeChunks writes one of uint16:
// the file does not depend on how the column is held.
func writeMonths(w *snapWriter, c monthColumn) {
	chunks := (c.rows + chunkRows - 1) / chunkRows
	w.u64(uint64(chunks))
	buf := make([]uint16, 0, chunkRows)
	for i := range chunks {
		buf = buf[:0]
		for r := i * chunkRows; r < min(c.rows, (i+1)*chunkRows); r++ {
			buf = append(buf, c.at(r))
		}
		writeSlice(w, buf, nil)
	}
}

// readMonths reads what writeMonths wrote, as readChunks does.
func readMonths(r *snapReader, rows int) monthColumn {
	var c monthColumn
	n := r.count(8)
	buf := make([]uint16, 0, chunkRows)
	for i := 0; i < n && r.err == nil; i++ {
		buf = readInto(r, buf, nil)
		if i < n-1 && len(buf) != chunkRows || len(buf) == 0 {
			r.fail(errors.New("a column's chunks are not whole"))
		}
		for _, m := range buf {
			c.push(m)
		}
	}
	if r.err == nil && c.len() != rows {
		r.fail(fmt.Errorf("a column of %d values where the table has %d rows", c.len(), rows))
	}
	return c
}
