package ledger

// What transfer matching reads: links, unlinks and the entries that may
// pair, in one transaction.

import (
	"context"
	"database/sql"
	"slices"
	"strings"
)

type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// transferState is everything matching looks at, read in one transaction.
type transferState struct {
	links    []*linkRow
	byID     map[string]*linkRow // either side
	unlinked map[string]bool
	entries  map[string]*Entry // transfer and unclassified entries, and every linked one
	order    []*Entry          // entries in (date, seq) order
}

func loadTransferState(ctx context.Context, q queryer) (*transferState, error) {
	st := &transferState{byID: map[string]*linkRow{}, unlinked: map[string]bool{}, entries: map[string]*Entry{}}
	rows, err := q.QueryContext(ctx, "SELECT out_id, in_id, manual, out_kind, in_kind, score FROM transfer_links ORDER BY out_id")
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		l := &linkRow{}
		var ok, ik string
		if err := rows.Scan(&l.out, &l.in, &l.manual, &ok, &ik, &l.score); err != nil {
			rows.Close()
			return nil, err
		}
		l.outKind, l.inKind = Kind(ok), Kind(ik)
		st.links = append(st.links, l)
		st.byID[l.out], st.byID[l.in] = l, l
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = q.QueryContext(ctx, "SELECT id FROM transfer_unlinked")
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		st.unlinked[id] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	add := func(rows *sql.Rows) error {
		for rows.Next() {
			e, err := scanTransferEntry(rows)
			if err != nil {
				rows.Close()
				return err
			}
			if _, dup := st.entries[e.ID]; !dup {
				st.entries[e.ID] = &e
				st.order = append(st.order, &e)
			}
		}
		rows.Close()
		return rows.Err()
	}
	rows, err = q.QueryContext(ctx, selectTransferEntry+" WHERE kind IN ('transfer', 'unclassified')")
	if err != nil {
		return nil, err
	}
	if err := add(rows); err != nil {
		return nil, err
	}
	// Linked entries are transfers; one of another kind is rare (its kind
	// was changed since), so it is read on its own.
	for _, l := range st.links {
		for _, id := range []string{l.out, l.in} {
			if _, ok := st.entries[id]; ok {
				continue
			}
			rows, err := q.QueryContext(ctx, selectTransferEntry+" WHERE seq = (SELECT seq FROM ids WHERE hid = ?)", hidArg(id))
			if err != nil {
				return nil, err
			}
			if err := add(rows); err != nil {
				return nil, err
			}
		}
	}
	slices.SortFunc(st.order, func(a, b *Entry) int {
		if c := a.Date.Compare(b.Date); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	for _, l := range st.links {
		l.outEntry, l.inEntry = st.entries[l.out], st.entries[l.in]
	}
	return st, nil
}

// selectTransferEntry reads what matching and listing need of an entry.
const selectTransferEntry = `SELECT hid, date, source, account, kind, amount, currency, description, counterparty, ref, line, batch FROM entries`

func scanTransferEntry(rows *sql.Rows) (Entry, error) {
	var e Entry
	var date, kind, amount string
	var hid int64
	if err := rows.Scan(&hid, &date, &e.Source, &e.Account, &kind, &amount, &e.Currency, &e.Description,
		&e.Counterparty, &e.Ref, &e.Line, &e.Batch); err != nil {
		return e, err
	}
	return e, e.setStored(hid, date, kind, amount)
}

// setFiles fills in the file each entry came from.
func setFiles(ctx context.Context, q queryer, es []*Entry) error {
	rows, err := q.QueryContext(ctx, "SELECT id, file FROM batches")
	if err != nil {
		return err
	}
	defer rows.Close()
	files := map[int64]string{}
	for rows.Next() {
		var id int64
		var f string
		if err := rows.Scan(&id, &f); err != nil {
			return err
		}
		files[id] = f
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for _, e := range es {
		e.File = files[e.Batch]
	}
	return nil
}

// origKind is an entry's kind before any link changed it.
func (st *transferState) origKind(e *Entry) Kind {
	if l, ok := st.byID[e.ID]; ok {
		if l.out == e.ID {
			return l.outKind
		}
		return l.inKind
	}
	return e.Kind
}

func (l *linkRow) active() bool { return l.outEntry != nil && l.inEntry != nil }
