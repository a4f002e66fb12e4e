package indicator

import (
	"fmt"
	"slices"
	"strings"
	"unsafe"
)

// Footprint lists the memory the index's structures hold, by part, largest
// first: the capacity of each slice (what is allocated, not what is used),
// and for maps an estimate (entries over the load factor, with the control
// bytes). The benchmarks print it beside the Go heap, to say where the heap
// goes.
func (ix *Index) Footprint() string {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	parts := map[string]int{}
	add := func(part string, bytes int) { parts[part] += bytes }
	zeros := 0
	add("sessions: by id", sliceBytes(ix.sessions.sorted)+sliceBytes(ix.sessions.ids)+mapBytes(len(ix.sessions.recent), 8+4))
	add("sessions: ids, dims, order", sliceBytes(ix.sessionIDs)+sliceBytes(ix.dims)+sliceBytes(ix.sessionOrder.all))
	for _, t := range ix.tables {
		add("rows: session", narrowBytes(t.session))
		add("rows: version, band, gender, age", smallBytes(t.version)+smallBytes(t.band)+smallBytes(t.gender)+smallBytes(t.age.small))
		add("rows: month, key, background", chunkBytes(t.month.narrow)+chunkBytes(t.month.wide)+chunkBytes(t.key)+chunkBytes(t.bg))
		for _, c := range t.cols {
			add("rows: answer codes", smallBytes(c.codes.small))
		}
		// Not a part of its own: how much of the rows is in chunks that
		// hold only zeros (not shown, not asked, unknown).
		zero := smallZeroBytes(t.version) + smallZeroBytes(t.band) + smallZeroBytes(t.gender) + smallZeroBytes(t.age.small) +
			zeroBytes(t.key) + zeroBytes(t.bg)
		for _, c := range t.cols {
			zero += smallZeroBytes(c.codes.small)
		}
		zeros += zero
		add("rows: order by session (built by a scan)", sliceBytes(t.order.order)+sliceBytes(t.order.start))
		for name, cb := range map[string]*cube{"cube by month": t.cube, "cube over all time": t.whole} {
			add(name+": counts", cellBytes(cb.n.narrow)+sliceBytes(cb.n.wideAt)+sliceBytes(cb.n.wide)+len(cb.n.wide)*cubeChunk*4)
			add(name+": record-key sums", cellBytes(cb.key))
			add(name+": cell map and keys", mapBytes(len(cb.cells), 8+4)+sliceBytes(cb.keys))
		}
		b := t.blocks
		add("blocks: sums", func() int {
			n := 0
			for _, s := range b.sums {
				n += chunkBytes(s)
			}
			return n
		}())
		add("blocks: heads, first, order", chunkBytes(b.head)+sliceBytes(b.first)+sliceBytes(b.order.all))
		for name, p := range map[string]*places{"places": b.places, "places by month": b.months} {
			if p == nil {
				continue
			}
			n := 0
			for _, s := range p.sums {
				n += sliceBytes(s)
			}
			for _, r := range p.month.runs {
				if r.narrow != nil {
					n += sliceBytes(r.narrow[:])
				}
				if r.wide != nil {
					n += sliceBytes(r.wide[:])
				}
			}
			add(name+": sums", n)
			add(name+": index, keys", mapBytes(len(p.index), 8+4)+sliceBytes(p.keys)+sliceBytes(p.spanning.all))
		}
	}
	names := make([]string, 0, len(parts))
	total := 0
	for k, v := range parts {
		names = append(names, k)
		total += v
	}
	slices.SortFunc(names, func(a, b string) int { return parts[b] - parts[a] })
	var sb strings.Builder
	for _, k := range names {
		fmt.Fprintf(&sb, "%8.1f MB  %s\n", float64(parts[k])/(1<<20), k)
	}
	fmt.Fprintf(&sb, "%8.1f MB  total\n", float64(total)/(1<<20))
	fmt.Fprintf(&sb, "%8.1f MB  of the rows in chunks of zeros only, not shared\n", float64(zeros)/(1<<20))
	return sb.String()
}

func sliceBytes[T any](s []T) int {
	var zero T
	return cap(s) * int(unsafe.Sizeof(zero))
}

// chunkBytes is a column's memory; the shared chunk of zeros is not its own.
func chunkBytes[T any](c chunked[T]) int {
	n := sliceBytes(c.chunks)
	for _, ch := range c.chunks {
		if !isZeros(ch) {
			n += sliceBytes(ch)
		}
	}
	return n
}

// smallBytes is a small column's memory, narrow or wide.
func smallBytes(c smallColumn) int {
	return chunkBytes(c.wide) + chunkBytes(chunked[byte]{chunks: c.nib})
}

func cellBytes[T uint8 | uint16](c cellColumn[T]) int {
	n := 0
	for _, ch := range c.chunks {
		n += sliceBytes(ch)
	}
	return n
}

// mapBytes estimates a map's memory: slots of key and value at a load of
// 7/8, and a control byte per slot.
func mapBytes(entries, slot int) int {
	return entries * 8 / 7 * (slot + 1)
}

// zeroBytes is the memory of a column's chunks that hold only zeros.
func zeroBytes[T comparable](c chunked[T]) int {
	var zero T
	n := 0
	for _, ch := range c.chunks {
		if !isZeros(ch) && !slices.ContainsFunc(ch, func(v T) bool { return v != zero }) {
			n += sliceBytes(ch)
		}
	}
	return n
}

func smallZeroBytes(c smallColumn) int {
	return zeroBytes(c.wide) + zeroBytes(chunked[byte]{chunks: c.nib})
}

func narrowBytes[W int32 | uint16, N int16 | int8](c narrowed[W, N]) int {
	n := sliceBytes(c.chunks)
	for _, ch := range c.chunks {
		n += sliceBytes(ch.off) + sliceBytes(ch.wide)
	}
	return n
}
