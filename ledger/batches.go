package ledger

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"
)

// Batch is one import recorded in the ledger.
type Batch struct {
	ID         int64
	File       string
	SHA256     string
	Source     string
	ImportedAt time.Time
	Rows       int
	Added      int
	Duplicates int
	Skipped    int
}

// ErrNoBatch is returned for a batch id the ledger does not hold.
var ErrNoBatch = errors.New("no such batch")

// Batches lists the ledger's imports in the order they were made.
func (s *Store) Batches(ctx context.Context) ([]Batch, error) {
	return queryBatches(ctx, s.db, "")
}

func queryBatches(ctx context.Context, q queryer, where string, args ...any) ([]Batch, error) {
	rows, err := q.QueryContext(ctx, "SELECT id, file, sha256, source, imported_at, rows, added, duplicates, skipped FROM batches"+where+" ORDER BY id", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Batch
	for rows.Next() {
		var b Batch
		var at string
		if err := rows.Scan(&b.ID, &b.File, &b.SHA256, &b.Source, &at, &b.Rows, &b.Added, &b.Duplicates, &b.Skipped); err != nil {
			return nil, err
		}
		b.ImportedAt, _ = time.Parse(time.RFC3339, at)
		out = append(out, b)
	}
	return out, rows.Err()
}

// UndoResult says what undoing a batch removed.
type UndoResult struct {
	Batch   Batch
	Removed int // entries
	Links   int // transfer links dropped (automatic ones)
	Kept    int // manual links kept, dormant until the entries come back
}

// UndoBatch removes batch id: its entries, their sums, ids and
// classification records, the automatic transfer links that touch them (the
// partners get their former kinds back), conversions no entry uses any
// more, and the batch itself. Manual links and classifications are the
// user's decisions: they stay, dormant, and apply again when the file is
// imported again. Matching then runs again under rules, which drops the
// realised rates of the removed links (and the conversions made with them).
func (s *Store) UndoBatch(ctx context.Context, id int64, rules TransferRules) (UndoResult, error) {
	var res UndoResult
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return res, err
	}
	defer tx.Rollback()
	bs, err := queryBatches(ctx, tx, " WHERE id = ?", id)
	if err != nil {
		return res, err
	}
	if len(bs) == 0 {
		return res, fmt.Errorf("batch %d: %w", id, ErrNoBatch)
	}
	res.Batch = bs[0]

	rows, err := tx.QueryContext(ctx, "SELECT seq, hid, date, source, kind, currency, amount_units, home_units FROM entries WHERE batch = ?", id)
	if err != nil {
		return res, err
	}
	deltas := sumDeltas{}
	gone := map[string]bool{}
	for rows.Next() {
		var seq, hid int64
		var date, source, kind, currency string
		var au, hu sql.NullInt64
		if err := rows.Scan(&seq, &hid, &date, &source, &kind, &currency, &au, &hu); err != nil {
			rows.Close()
			return res, err
		}
		deltas.add(date, source, kind, currency, nullUnits(au), nullUnits(hu), -1)
		gone[idOf(hid)] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return res, err
	}
	res.Removed = len(gone)

	if err := dropLinksOf(ctx, tx, gone, &res); err != nil {
		return res, err
	}
	for _, q := range []string{
		"DELETE FROM ids WHERE seq IN (SELECT seq FROM entries WHERE batch = ?)",
		"DELETE FROM classified WHERE hid IN (SELECT hid FROM entries WHERE batch = ?)",
		"DELETE FROM entries WHERE batch = ?",
		"DELETE FROM batches WHERE id = ?",
	} {
		if _, err := tx.ExecContext(ctx, q, id); err != nil {
			return res, err
		}
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM conversions WHERE id NOT IN (SELECT conv FROM entries WHERE conv IS NOT NULL)"); err != nil {
		return res, err
	}
	if err := deltas.write(ctx, tx); err != nil {
		return res, err
	}
	// sums left empty by the removal go too, so that the table is what
	// an import of the remaining files would have made
	if _, err := tx.ExecContext(ctx, "DELETE FROM sums WHERE n = 0 AND n_amount = 0 AND amount_units = 0 AND n_home = 0 AND home_units = 0"); err != nil {
		return res, err
	}
	if err := bumpGeneration(ctx, tx); err != nil {
		return res, err
	}
	if err := tx.Commit(); err != nil {
		return res, err
	}
	_, _, err = s.MatchTransfersIfChanged(ctx, rules)
	return res, err
}

// dropLinksOf drops the automatic links that touch the entries gone and
// gives their partners their former kinds back. Manual links stay.
func dropLinksOf(ctx context.Context, tx *sql.Tx, gone map[string]bool, res *UndoResult) error {
	if len(gone) == 0 {
		return nil
	}
	rows, err := tx.QueryContext(ctx, "SELECT out_id, in_id, manual, out_kind, in_kind FROM transfer_links")
	if err != nil {
		return err
	}
	type link struct {
		out, in, outKind, inKind string
		manual                   bool
	}
	var hit []link
	for rows.Next() {
		var l link
		if err := rows.Scan(&l.out, &l.in, &l.manual, &l.outKind, &l.inKind); err != nil {
			rows.Close()
			return err
		}
		if gone[l.out] || gone[l.in] {
			hit = append(hit, l)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, l := range hit {
		if l.manual {
			res.Kept++
		} else {
			res.Links++
			if _, err := tx.ExecContext(ctx, "DELETE FROM transfer_links WHERE out_id = ?", l.out); err != nil {
				return err
			}
		}
		for _, p := range [][2]string{{l.out, l.outKind}, {l.in, l.inKind}} {
			if gone[p[0]] {
				continue
			}
			if _, err := tx.ExecContext(ctx, "UPDATE entries SET kind = ? WHERE seq = (SELECT seq FROM ids WHERE hid = ?)", p[1], hidArg(p[0])); err != nil {
				return err
			}
		}
	}
	return nil
}

// CheckSums compares the sums table with the entries grouped afresh (one
// full scan) and describes the first group that differs; "" when every
// group agrees.
func (s *Store) CheckSums(ctx context.Context) (string, error) {
	read := func(q string) (map[string]string, error) { return loadStringMap(ctx, s.db, q) }
	got, err := read(`SELECT month || ' ' || source || ' ' || kind || ' ' || currency,
		n || ' ' || n_amount || ' ' || amount_units || ' ' || n_home || ' ' || home_units FROM sums WHERE n <> 0 OR n_home <> 0`)
	if err != nil {
		return "", err
	}
	want, err := read(`SELECT substr(date, 1, 7) || ' ' || source || ' ' || kind || ' ' || currency,
		count(*) || ' ' || count(amount_units) || ' ' || coalesce(sum(amount_units), 0) || ' ' || count(home_units) || ' ' || coalesce(sum(home_units), 0)
		FROM entries GROUP BY 1`)
	if err != nil {
		return "", err
	}
	keys := make([]string, 0, len(got)+len(want))
	for k := range got {
		keys = append(keys, k)
	}
	for k := range want {
		if _, ok := got[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		if got[k] != want[k] {
			return fmt.Sprintf("sums %s: the table holds %q, the entries add up to %q (n, n_amount, amount_units, n_home, home_units)", k, got[k], want[k]), nil
		}
	}
	return "", nil
}

// Years lists the years the ledger holds entries in, in order.
func (s *Store) Years(ctx context.Context) ([]int, error) {
	return queryColumn[int](ctx, s.db, "SELECT DISTINCT CAST(substr(month, 1, 4) AS INTEGER) FROM sums WHERE n > 0 ORDER BY 1")
}

// queryColumn reads the one column of query's rows, in their order.
func queryColumn[T any](ctx context.Context, q queryer, query string, args ...any) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		var v T
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// PreviousImport returns the first batch before batch id that imported a
// file with this SHA-256 (false when none did).
func (s *Store) PreviousImport(ctx context.Context, sha string, id int64) (Batch, bool, error) {
	if sha == "" {
		return Batch{}, false, nil
	}
	bs, err := queryBatches(ctx, s.db, " WHERE sha256 = ? AND id < ?", sha, id)
	if err != nil || len(bs) == 0 {
		return Batch{}, false, err
	}
	return bs[0], true, nil
}
