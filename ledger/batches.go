package ledger

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
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
