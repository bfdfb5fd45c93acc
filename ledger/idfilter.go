package ledger

import (
	"context"
	"database/sql"
	"math/bits"
)

// idFilter is a Bloom filter of entry ids: has never misses an id that was
// added, and wrongly says yes for about 0.2% of others, which a real lookup
// then settles. Ids are already uniform hashes, so the probes are cut from
// the id itself. It costs 2 bytes per entry of the ledger.
type idFilter struct {
	bits []uint64
	mask uint64
}

const (
	filterBitsPerID = 16
	filterProbes    = 5
)

func newIDFilter(n int) *idFilter {
	m := uint64(1) << bits.Len64(uint64(max(n, 1)*filterBitsPerID-1)) // a power of two
	m = max(m, 64)
	return &idFilter{bits: make([]uint64, m/64), mask: m - 1}
}

func (f *idFilter) probes(h int64) (uint64, uint64) {
	a := uint64(h)
	return a, bits.RotateLeft64(a, 32) | 1
}

func (f *idFilter) add(h int64) {
	a, b := f.probes(h)
	for i := range uint64(filterProbes) {
		p := (a + i*b) & f.mask
		f.bits[p/64] |= 1 << (p % 64)
	}
}

func (f *idFilter) has(h int64) bool {
	a, b := f.probes(h)
	for i := range uint64(filterProbes) {
		p := (a + i*b) & f.mask
		if f.bits[p/64]&(1<<(p%64)) == 0 {
			return false
		}
	}
	return true
}

// loadIDFilter reads every id of the ledger (in rowid order: one pass over
// the ids table) into a filter.
func loadIDFilter(ctx context.Context, tx *sql.Tx) (*idFilter, error) {
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM ids").Scan(&n); err != nil {
		return nil, err
	}
	f := newIDFilter(n)
	rows, err := tx.QueryContext(ctx, "SELECT hid FROM ids")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var h int64
		if err := rows.Scan(&h); err != nil {
			return nil, err
		}
		f.add(h)
	}
	return f, rows.Err()
}
