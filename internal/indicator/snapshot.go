package indicator

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/kinderstem/kinderstem/internal/keys"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// A snapshot is the index as a file beside the database, so a restart
// reads it in seconds instead of reading every answer again: the rows,
// the cube and the sessions' blocks, then only the answers stored since.
// It is used only when it is the index of this very database: the same
// schema, the same surveys, the same record secret, and the same
// submissions (sampled by id and random id, up to the last it holds).
// Anything else refuses it, and the index is read from the database and
// written again.

const (
	snapMagic = "KSINDEX\x00"
	// snapFormat 2: the rows carry the background column, and the cube's
	// chunks are laid out slot by slot. 3: the cube's counts in 16 bits,
	// with the upper halves of a chunk whose counts pass 65,535; the
	// blocks' sums in 8 bits.
	snapFormat = 3
	// snapSamples is how many stored submissions the snapshot names to
	// tell its database from another or from an older copy of it.
	snapSamples = 32
)

// SnapshotPath is where the snapshot of the database at db is kept.
func SnapshotPath(db string) string { return db + ".index" }

// ErrSnapshotRefused wraps every reason a snapshot is not used.
var ErrSnapshotRefused = errors.New("indicator: snapshot refused")

func refused(format string, a ...any) error {
	return fmt.Errorf("%w: %s", ErrSnapshotRefused, fmt.Sprintf(format, a...))
}

// snapMeta is what the snapshot is checked against before its body is read.
type snapMeta struct {
	schema int
	key    string // keys.Fingerprint of the record secret
	layout string // layoutOf: the surveys' columns and indicators
}

func (ix *Index) meta(ctx context.Context, st *store.Store) (snapMeta, error) {
	schema, err := st.SchemaVersion(ctx)
	if err != nil {
		return snapMeta{}, err
	}
	return snapMeta{schema: schema, key: keys.Fingerprint(ix.recordSecret), layout: ix.layout()}, nil
}

// layout names the shape of the index the catalog makes: a survey with
// another item, option, age band or indicator makes another index.
func (ix *Index) layout() string {
	h := sha256.New()
	fmt.Fprintln(h, ix.cat.Settings)
	for _, p := range ix.cat.Provinces() {
		fmt.Fprint(h, p.Code, " ")
	}
	for _, s := range ix.cat.Surveys() {
		t := ix.tables[s.ID]
		fmt.Fprintln(h, "\n", s.ID, s.Version, s.Hash, t.cube.width, t.bands.names[:len(s.AgeBands)])
		for _, c := range t.cols {
			fmt.Fprint(h, c.item.ID, ":", c.option, " ")
		}
		for _, ind := range s.Indicators {
			fmt.Fprint(h, ind.ID, ":", ind.Kind, " ")
		}
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// stream is the cipher the record keys are written under: AES-CTR with a
// key made from the record secret and the snapshot's own nonce.
func (ix *Index) stream(nonce []byte) cipher.Stream {
	m := hmac.New(sha256.New, ix.recordSecret)
	m.Write([]byte("kinderstem index snapshot"))
	block, err := aes.NewCipher(m.Sum(nil))
	if err != nil {
		panic(err) // a 32-byte key is always valid
	}
	return cipher.NewCTR(block, nonce)
}

// SaveSnapshot writes the index to path, replacing what is there only once
// the new file is complete and on disk. Commits wait while the index's
// counts are written (the rows are written after, from a view).
func (ix *Index) SaveSnapshot(ctx context.Context, st *store.Store, path string) error {
	if len(ix.recordSecret) == 0 || !littleEndian {
		return errors.New("indicator: snapshot: an index without a record secret of its own is never saved")
	}
	m, err := ix.meta(ctx, st)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("indicator: snapshot: %w", err)
	}
	defer os.Remove(tmp.Name()) // after the rename, nothing is left to remove
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return fmt.Errorf("indicator: snapshot: %w", err)
	}
	nonce := make([]byte, aes.BlockSize)
	rand.Read(nonce)
	err = ix.writeSnapshot(ctx, st, tmp, m, nonce)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return fmt.Errorf("indicator: snapshot: %w", err)
	}
	if d, err := os.Open(filepath.Dir(path)); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// writeSnapshot writes the snapshot with the record keys under nonce, a
// new random one for each file (aes.BlockSize bytes).
func (ix *Index) writeSnapshot(ctx context.Context, st *store.Store, f io.Writer, m snapMeta, nonce []byte) error {
	w := newSnapWriter(f)
	w.raw([]byte(snapMagic))
	w.u64(snapFormat)
	w.u64(uint64(m.schema))
	w.str(m.key)
	w.str(m.layout)
	w.raw(nonce)
	stream := ix.stream(nonce)

	ix.mu.RLock()
	lastID := ix.lastID
	samples, err := st.SampleSubmissions(ctx, lastID, snapSamples)
	if err != nil {
		ix.mu.RUnlock()
		return err
	}
	w.u64(uint64(lastID))
	w.u64(uint64(len(samples)))
	for _, s := range samples {
		w.u64(uint64(s.ID))
		w.raw(s.UID[:])
	}
	ix.writeState(w, stream)
	views := make([]rowsView, 0, len(ix.tables))
	for _, s := range ix.cat.Surveys() {
		views = append(views, ix.tables[s.ID].view())
	}
	ix.mu.RUnlock()

	for i := range views {
		views[i].write(w, stream)
	}
	if w.err != nil {
		return w.err
	}
	var sum [4]byte
	binary.LittleEndian.PutUint32(sum[:], w.crc.Sum32())
	if _, err := w.w.Write(sum[:]); err != nil {
		return err
	}
	return w.w.Flush()
}

// OpenSnapshot reads the index from the snapshot at path and brings it up
// to date with the answers stored since, as Load does with all of them. An
// error wrapping ErrSnapshotRefused says why the snapshot does not belong
// to this database; the caller then loads from the database.
func OpenSnapshot(ctx context.Context, st *store.Store, cat *survey.Catalog, path string, opts ...Option) (*Index, error) {
	ix := New(cat, st.SessionByID, opts...)
	if len(ix.recordSecret) == 0 || !littleEndian {
		return nil, refused("the index has no record secret of its own")
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, refused("%v", err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, refused("%v", err)
	}
	if err := ix.readSnapshot(ctx, st, f, fi.Size()); err != nil {
		return nil, err
	}
	if err := ix.attach(ctx, st); err != nil {
		return nil, fmt.Errorf("indicator: load after the snapshot: %w", err)
	}
	ix.released()
	return ix, nil
}

func (ix *Index) readSnapshot(ctx context.Context, st *store.Store, f io.Reader, size int64) error {
	want, err := ix.meta(ctx, st)
	if err != nil {
		return err
	}
	r := newSnapReader(f, size-4)
	magic := make([]byte, len(snapMagic))
	r.raw(magic)
	if r.err != nil || string(magic) != snapMagic {
		return refused("not an index snapshot")
	}
	if v := r.u64(); v != snapFormat {
		return refused("format %d, not %d", v, snapFormat)
	}
	if v := r.u64(); int(v) != want.schema {
		return refused("written under schema %d; the database has schema %d", v, want.schema)
	}
	if k := r.str(); k != want.key {
		return refused("written under record key %s; this is %s", k, want.key)
	}
	if l := r.str(); l != want.layout {
		return refused("written for other surveys")
	}
	nonce := make([]byte, aes.BlockSize)
	r.raw(nonce)
	lastID := int64(r.u64())
	n := r.count(8 + 16)
	for i := 0; i < n && r.err == nil; i++ {
		var s store.SubmissionSample
		s.ID = int64(r.u64())
		r.raw(s.UID[:])
		if r.err != nil {
			break
		}
		uid, found, err := st.SubmissionUID(ctx, s.ID)
		if err != nil {
			return err
		}
		if !found || uid != s.UID {
			return refused("submission %d is not the one the snapshot counted: it is another database, or an older copy", s.ID)
		}
	}
	if r.err != nil {
		return refused("%v", r.err)
	}
	if lastID <= 0 || n == 0 {
		return refused("it counts no submissions")
	}
	stream := ix.stream(nonce)
	ix.readState(r, stream)
	for _, s := range ix.cat.Surveys() {
		if r.err != nil {
			break
		}
		ix.tables[s.ID].readRows(r, stream)
	}
	if r.err != nil {
		return refused("%v", r.err)
	}
	if r.left != 0 {
		return refused("%d bytes more than the index", r.left)
	}
	var sum [4]byte
	if _, err := io.ReadFull(r.r, sum[:]); err != nil {
		return refused("no checksum: %v", err)
	}
	if binary.LittleEndian.Uint32(sum[:]) != r.crc.Sum32() {
		return refused("the checksum does not match: the file is damaged")
	}
	if err := ix.check(); err != nil {
		return refused("%v", err)
	}
	ix.placesFromBlocks()
	ix.lastID = lastID
	ix.fromSnapshot = true
	return nil
}

// FromSnapshot reports whether the index was read from a snapshot.
func (ix *Index) FromSnapshot() bool { return ix.fromSnapshot }

// Open returns the index of the database: from the snapshot at path when
// it belongs to it, otherwise read from the database and written to path
// again. refusedWhy is why a snapshot there was not used ("" when it was,
// or when there was none).
func Open(ctx context.Context, st *store.Store, cat *survey.Catalog, path string, opts ...Option) (ix *Index, refusedWhy string, err error) {
	ix, err = OpenSnapshot(ctx, st, cat, path, opts...)
	if err == nil {
		return ix, "", nil
	}
	return Rebuild(ctx, st, cat, path, err, opts...)
}

// Rebuild reads the index from the database after OpenSnapshot failed
// with refused, and writes it to path again: what Open does when the
// snapshot is not used, for a caller that reads the snapshot and the
// rows under different conditions. Any other error from OpenSnapshot is
// returned as it is.
func Rebuild(ctx context.Context, st *store.Store, cat *survey.Catalog, path string, refused error, opts ...Option) (ix *Index, refusedWhy string, err error) {
	if !errors.Is(refused, ErrSnapshotRefused) {
		return nil, "", refused
	}
	if _, statErr := os.Stat(path); statErr == nil {
		refusedWhy = refused.Error()
	}
	ix, err = Load(ctx, st, cat, opts...)
	if err != nil {
		return nil, refusedWhy, err
	}
	if len(ix.recordSecret) > 0 && ix.Counted() > 0 {
		if err := ix.SaveSnapshot(ctx, st, path); err != nil {
			return ix, refusedWhy, err
		}
	}
	return ix, refusedWhy, nil
}

// Counted is the id of the last submission the index counts.
func (ix *Index) Counted() int64 {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.lastID
}
