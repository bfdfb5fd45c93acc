package ledger

// De-duplication of a batch: which queued ids the ledger already has, and
// the ids table filled in id order at commit.

import (
	"cmp"
	"database/sql"
	"slices"
	"strings"
)

// filterAfter rows are looked up one by one before the writer reads the
// ledger's ids into a filter instead: a short file into a large ledger
// stays cheap, and a long one stops paying a random read per row.
var filterAfter = 20_000 // a variable for tests

// known returns the ids of args' rows that the ledger already has.
func (w *Writer) known(args []any) (map[int64]bool, error) {
	n := len(args) / insertCols
	if w.filter == nil && w.looked >= filterAfter {
		f, err := loadIDFilter(w.ctx, w.tx)
		if err != nil {
			return nil, err
		}
		w.filter = f
	}
	hids := make([]any, 0, n)
	for i := range n {
		h := args[i*insertCols+colHid]
		if w.filter == nil || w.filter.has(h.(int64)) {
			hids = append(hids, h)
		}
	}
	if len(hids) == 0 {
		return nil, nil
	}
	w.looked += len(hids)
	var rows *sql.Rows
	var err error
	if len(hids) == flushSize {
		rows, err = w.lookup.QueryContext(w.ctx, hids...)
	} else {
		rows, err = w.tx.QueryContext(w.ctx, "SELECT hid FROM ids WHERE hid IN ("+strings.TrimSuffix(strings.Repeat("?,", len(hids)), ",")+")", hids...)
	}
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var found map[int64]bool
	for rows.Next() {
		var h int64
		if err := rows.Scan(&h); err != nil {
			return nil, err
		}
		if found == nil {
			found = map[int64]bool{}
		}
		found[h] = true
	}
	return found, rows.Err()
}

// addIDs adds the file's ids to the ids table in sorted order (cheap for
// the B-tree, however random the ids). An id the file holds twice is a
// duplicate: its later rows are taken out again. It returns how many
// entries the file added. The chunks are sorted in place and merged, so
// this needs no memory beyond them.
func (w *Writer) addIDs() (int, error) {
	chunks := w.ids
	w.ids = nil
	w.sorting.Wait() // the full chunks
	if k := len(chunks); k > 0 && len(chunks[k-1]) < cap(chunks[k-1]) {
		slices.SortFunc(chunks[k-1], comparePairs)
	}
	ins := &idInserter{w: w}
	added := 0
	var prev idPair
	m := newPairMerger(chunks)
	for p, ok := m.next(); ok; p, ok = m.next() {
		if added > 0 && p.hid == prev.hid {
			if err := w.drop(p.seq); err != nil {
				return 0, err
			}
			w.dups++
			continue
		}
		prev = p
		added++
		if err := ins.add(p); err != nil {
			return 0, err
		}
	}
	return added, ins.flush()
}

func comparePairs(a, b idPair) int {
	if c := cmp.Compare(a.hid, b.hid); c != 0 {
		return c
	}
	return cmp.Compare(a.seq, b.seq)
}

// pairMerger yields the pairs of sorted chunks in order: a binary heap of
// the chunks' heads.
type pairMerger struct{ heads [][]idPair }

func newPairMerger(chunks [][]idPair) *pairMerger {
	m := &pairMerger{}
	for _, c := range chunks {
		if len(c) > 0 {
			m.heads = append(m.heads, c)
		}
	}
	for i := len(m.heads)/2 - 1; i >= 0; i-- {
		m.down(i)
	}
	return m
}

func (m *pairMerger) next() (idPair, bool) {
	if len(m.heads) == 0 {
		return idPair{}, false
	}
	p := m.heads[0][0]
	if m.heads[0] = m.heads[0][1:]; len(m.heads[0]) == 0 {
		last := len(m.heads) - 1
		m.heads[0] = m.heads[last]
		m.heads = m.heads[:last]
	}
	m.down(0)
	return p, true
}

func (m *pairMerger) down(i int) {
	h := m.heads
	for {
		l, small := 2*i+1, i
		if l < len(h) && comparePairs(h[l][0], h[small][0]) < 0 {
			small = l
		}
		if r := l + 1; r < len(h) && comparePairs(h[r][0], h[small][0]) < 0 {
			small = r
		}
		if small == i {
			return
		}
		h[i], h[small] = h[small], h[i]
		i = small
	}
}

// idInserter writes ids rows idsPerInsert at a time.
type idInserter struct {
	w    *Writer
	args []any
	stmt *sql.Stmt
}

const idsPerInsert = 500

func (ins *idInserter) add(p idPair) error {
	ins.args = append(ins.args, p.hid, p.seq)
	if len(ins.args) == 2*idsPerInsert {
		return ins.flush()
	}
	return nil
}

func (ins *idInserter) flush() error {
	n := len(ins.args) / 2
	if n == 0 {
		if ins.stmt != nil {
			ins.stmt.Close()
		}
		return nil
	}
	w := ins.w
	q := "INSERT INTO ids(hid, seq) VALUES " + strings.TrimSuffix(strings.Repeat("(?,?),", n), ",")
	var err error
	if n == idsPerInsert {
		if ins.stmt == nil {
			if ins.stmt, err = w.tx.PrepareContext(w.ctx, q); err != nil {
				return err
			}
		}
		_, err = ins.stmt.ExecContext(w.ctx, ins.args...)
	} else {
		_, err = w.tx.ExecContext(w.ctx, q, ins.args...)
	}
	ins.args = ins.args[:0]
	return err
}
