package indicator

import (
	"crypto/cipher"
	"fmt"
)

// The body of a snapshot: the index's dictionaries and sessions, then each
// table's pre-aggregates (written while the index is held still), then
// each table's rows (written from a view: full chunks never change, and
// the last one is copied). The record keys, of rows and of cube cells, are
// encrypted with a key made from the record secret, so the file without
// the key file gives no key away, as the database does not.

// writeState writes what changes as rows come: the dictionaries, the
// sessions and the pre-aggregates. Caller holds ix.mu.
func (ix *Index) writeState(w *snapWriter, stream cipher.Stream) {
	w.strs(ix.settings.names)
	w.strs(ix.regions.names)
	w.strs(ix.orgs.names)
	n := len(ix.dims)
	setting, province := make([]uint8, n), make([]uint8, n)
	region, org := make([]uint16, n), make([]uint16, n)
	for i, d := range ix.dims {
		setting[i], province[i], region[i], org[i] = d.setting, d.province, d.region, d.org
	}
	writeSlice(w, ix.sessionIDs, nil)
	writeSlice(w, setting, nil)
	writeSlice(w, province, nil)
	writeSlice(w, region, nil)
	writeSlice(w, org, nil)
	for _, s := range ix.cat.Surveys() {
		t := ix.tables[s.ID]
		w.str(s.ID)
		w.u64(uint64(t.rows))
		w.strs(t.bands.names)
		if !t.cube.ok {
			w.u64(0)
			continue
		}
		w.u64(1)
		writeCube(w, t.cube, stream)
		writeCube(w, t.whole, stream)
		b := t.blocks
		writeSlice(w, b.first, nil)
		writeChunks(w, b.head, nil)
		for i := range b.sums {
			writeChunks(w, b.sums[i], nil)
		}
		writeSlice(w, b.order.byID(ix.sessionIDs), nil)
	}
}

func writeCube(w *snapWriter, cb *cube, stream cipher.Stream) {
	packed := make([]uint64, len(cb.keys))
	for i, k := range cb.keys {
		packed[i] = k.pack()
	}
	writeSlice(w, packed, nil)
	low, high := make([]uint16, cubeChunk*cb.width), make([]uint16, cubeChunk*cb.width)
	for i := range cb.n.chunks() {
		over := cb.n.chunk16(i, low, high)
		writeSlice(w, low, nil)
		if over {
			writeSlice(w, high, nil)
		} else {
			writeSlice[uint16](w, nil, nil) // empty: every count of the chunk fits in 16 bits
		}
	}
	for _, ch := range cb.key.chunks {
		writeSlice(w, ch, stream)
	}
}

// rowsView is a table's rows as they were when the view was made: safe to
// read while rows are added, since full chunks never change and the last
// one is a copy.
type rowsView struct {
	rows                  int
	session               narrowed[int32, int16]
	version, band, gender smallColumn
	age                   ageColumn
	month                 monthColumn
	key                   chunked[uint16]
	bg                    chunked[uint16]
	cols                  []codeColumn
}

func viewOf[T any](c chunked[T]) chunked[T] {
	out := chunked[T]{chunks: append([][]T(nil), c.chunks...)}
	if n := len(out.chunks); n > 0 {
		out.chunks[n-1] = append([]T(nil), out.chunks[n-1]...)
	}
	return out
}

// view makes a rowsView. Caller holds ix.mu.
func (t *table) view() rowsView {
	v := rowsView{rows: t.rows, session: t.session.view(), version: t.version.view(), band: t.band.view(), gender: t.gender.view(),
		age: t.age.view(), month: t.month.view(), key: viewOf(t.key), bg: viewOf(t.bg)}
	for i := range t.cols {
		v.cols = append(v.cols, t.cols[i].codes.view())
	}
	return v
}

func (v *rowsView) write(w *snapWriter, stream cipher.Stream) {
	writeNarrowed(w, v.session)
	writeSmall(w, &v.version, nil)
	writeSmall(w, &v.band, nil)
	writeSmall(w, &v.gender, nil)
	writeSmall(w, &v.age.small, ageMap.values)
	writeMonths(w, v.month)
	writeChunks(w, v.key, stream)
	writeChunks(w, v.bg, nil)
	w.u64(uint64(len(v.cols)))
	for i := range v.cols {
		writeCodes(w, &v.cols[i])
	}
}

// readState reads what writeState wrote into a new index.
func (ix *Index) readState(r *snapReader, stream cipher.Stream) {
	ix.settings, ix.regions, ix.orgs = dictOf(r.strs()), dictOf(r.strs()), dictOf(r.strs())
	ids := readSlice[int64](r, 0, nil)
	setting, province := readSlice[uint8](r, 0, nil), readSlice[uint8](r, 0, nil)
	region, org := readSlice[uint16](r, 0, nil), readSlice[uint16](r, 0, nil)
	if r.err != nil {
		return
	}
	if len(setting) != len(ids) || len(province) != len(ids) || len(region) != len(ids) || len(org) != len(ids) {
		r.fail(fmt.Errorf("sessions of unequal lengths"))
		return
	}
	ix.sessionIDs, ix.dims = ids, make([]sessionDims, len(ids))
	for i := range ids {
		d := sessionDims{setting: setting[i], province: province[i], region: region[i], org: org[i]}
		ix.dims[i] = d
		ix.sessionOrder.add(int32(i), ids)
	}
	ix.sessions.reset(ids)
	for _, s := range ix.cat.Surveys() {
		if r.err != nil {
			return
		}
		t := ix.tables[s.ID]
		if id := r.str(); id != s.ID {
			r.fail(fmt.Errorf("table %q where %q was expected", id, s.ID))
			return
		}
		t.rows = r.count(0)
		t.bands = dictOf(r.strs())
		if r.u64() == 0 {
			t.cube, t.whole, t.blocks = &cube{inds: t.cube.inds}, &cube{inds: t.cube.inds}, newBlocks(0)
			continue
		}
		readCube(r, t.cube, stream)
		readCube(r, t.whole, stream)
		b := t.blocks
		b.first = readSlice[int32](r, 0, nil)
		b.head = readChunksN[blockHead](r, -1)
		for i := range b.sums {
			b.sums[i] = readChunksN[blockSums](r, b.head.len())
		}
		order := readSlice[int32](r, 0, nil)
		b.order = sessionList{all: order, sorted: true}
		if len(order) > 0 && int(order[len(order)-1]) < len(ids) {
			b.order.lastID = ids[order[len(order)-1]]
		}
	}
}

func dictOf(names []string) dict {
	d := dict{}
	for _, n := range names {
		d.id(n)
	}
	return d
}

// readChunksN reads a chunked column written by writeChunks whose length
// is not known to the reader in advance; it is checked against n when n
// is not negative.
func readChunksN[T any](r *snapReader, n int) chunked[T] {
	var c chunked[T]
	chunks := r.count(8)
	for i := 0; i < chunks && r.err == nil; i++ {
		c.chunks = append(c.chunks, readSlice[T](r, chunkRows, nil))
	}
	if r.err == nil && n >= 0 && c.len() != n {
		r.fail(fmt.Errorf("%d values where %d were expected", c.len(), n))
	}
	return c
}

func readCube(r *snapReader, cb *cube, stream cipher.Stream) {
	packed := readSlice[uint64](r, 0, nil)
	cb.keys = make([]cellKey, len(packed))
	cb.cells = make(map[uint64]int32, len(packed))
	for i, p := range packed {
		cb.keys[i] = unpack(p)
		cb.cells[p] = int32(i)
	}
	chunks := (len(packed) + cubeChunk - 1) / cubeChunk
	var low, high []uint16
	for i := 0; i < chunks && r.err == nil; i++ {
		low, high = readInto(r, low, nil), readInto(r, high, nil)
		if len(low) != cubeChunk*cb.width || len(high) != 0 && len(high) != len(low) {
			r.fail(fmt.Errorf("a cube chunk of %d and %d values, not %d", len(low), len(high), cubeChunk*cb.width))
			return
		}
		cb.n.addChunk16(low, high)
	}
	for i := 0; i < chunks && r.err == nil; i++ {
		ch := readSlice[uint16](r, 0, stream)
		if len(ch) != cubeChunk*cb.width {
			r.fail(fmt.Errorf("a cube chunk of %d keys, not %d", len(ch), cubeChunk*cb.width))
		}
		cb.key.chunks = append(cb.key.chunks, ch)
	}
}

func unpack(p uint64) cellKey {
	return cellKey{version: uint8(p), band: uint8(p >> 8), gender: uint8(p >> 16), setting: uint8(p >> 24), province: uint8(p >> 32), month: uint16(p >> 40)}
}

// check refuses a snapshot whose numbers point outside what it holds:
// only a fault in the code that wrote it can make one that passes its
// checksum, and such an index would fail queries later.
func (ix *Index) check() error {
	sessions := int32(len(ix.dims))
	for _, t := range ix.tables {
		for row := range t.rows {
			if s := t.session.at(row); s < 0 || s >= sessions {
				return fmt.Errorf("a row of session %d of %d", s, sessions)
			}
		}
		for row := range t.rows {
			if b := t.band.at(row); int(b) >= len(t.bands.names) {
				return fmt.Errorf("a row of band %d of %d", b, len(t.bands.names))
			}
		}
		if !t.cube.ok {
			continue
		}
		b := t.blocks
		heads := int32(b.head.len())
		if len(b.first) > int(sessions) {
			return fmt.Errorf("blocks of %d sessions of %d", len(b.first), sessions)
		}
		for _, f := range b.first {
			if f < -1 || f >= heads {
				return fmt.Errorf("a block %d of %d", f, heads)
			}
		}
		for i, ch := range b.head.chunks {
			for j, h := range ch {
				// A block links only to an older one: no chain goes round.
				if h.next < -1 || int(h.next) >= i*chunkRows+j || int(h.band) >= len(t.bands.names) {
					return fmt.Errorf("a block links to %d of %d", h.next, heads)
				}
			}
		}
		for _, s := range b.order.all {
			if s < 0 || s >= sessions || int(s) >= len(b.first) {
				return fmt.Errorf("blocks of session %d of %d", s, sessions)
			}
		}
		for _, cb := range []*cube{t.cube, t.whole} {
			for _, k := range cb.keys {
				if int(k.gender) >= len(genders) || int(k.band) >= len(t.bands.names) || int(k.setting) >= len(ix.settings.names) || int(k.province) >= len(ix.regions.names) {
					return fmt.Errorf("a cube cell out of its dimensions: %+v", k)
				}
			}
		}
	}
	return nil
}

// readRows reads a table's rows.
func (t *table) readRows(r *snapReader, stream cipher.Stream) {
	t.session = readNarrowed[int32, int16](r, t.rows)
	t.version = readSmall(r, t.rows, false, nil)
	t.band = readSmall(r, t.rows, false, nil)
	t.gender = readSmall(r, t.rows, false, nil)
	t.age = ageColumn{small: readSmall(r, t.rows, false, ageMap.smalls)}
	t.month = readMonths(r, t.rows)
	t.key = readChunks[uint16](r, t.rows, stream)
	t.bg = readChunks[uint16](r, t.rows, nil)
	buf := make([]byte, 0, chunkRows/2)
	if n := r.count(8); r.err == nil && n != len(t.cols) {
		r.fail(fmt.Errorf("%d columns where the survey has %d", n, len(t.cols)))
		return
	}
	for i := 0; i < len(t.cols) && r.err == nil; i++ {
		t.cols[i].codes = readCodes(r, t.rows, buf)
	}
}
