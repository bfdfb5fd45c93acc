package ledger

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// BatchInfo describes one imported file.
type BatchInfo struct {
	File       string // base name
	SHA256     string
	Source     string
	ImportedAt time.Time
}

// BatchResult counts what one import did.
type BatchResult struct {
	ID         int64
	Added      int
	Duplicates int
}

// Writer adds one file's entries inside one transaction: all or nothing.
type Writer struct {
	ctx     context.Context
	tx      *sql.Tx
	batch   int64
	buf     []Entry
	added   int
	written int
	done    bool
}

const entryCols = 21

// flushSize rows go into one multi-row INSERT: far fewer statements than
// one per row, well under SQLite's parameter limit.
const flushSize = 200

// Begin starts an import batch.
func (s *Store) Begin(ctx context.Context, info BatchInfo) (*Writer, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	res, err := tx.ExecContext(ctx, "INSERT INTO batches(file, sha256, source, imported_at) VALUES(?, ?, ?, ?)",
		info.File, info.SHA256, info.Source, info.ImportedAt.UTC().Format(time.RFC3339))
	if err != nil {
		tx.Rollback()
		return nil, err
	}
	id, err := res.LastInsertId()
	if err != nil {
		tx.Rollback()
		return nil, err
	}
	return &Writer{ctx: ctx, tx: tx, batch: id, buf: make([]Entry, 0, flushSize)}, nil
}

// Add validates e and queues it. An entry whose key is already in the ledger
// is a duplicate and is not added.
func (w *Writer) Add(e Entry) error {
	if err := e.Validate(); err != nil {
		return fmt.Errorf("%s:%d: %w: %w", e.File, e.Line, err, ErrInvalid)
	}
	e.Batch = w.batch
	if e.ID == "" {
		e.ID = MakeID(e.Key)
	}
	w.buf = append(w.buf, e)
	if len(w.buf) == flushSize {
		return w.flush()
	}
	return nil
}

var insertFull = map[int]string{}

func insertSQL(n int) string {
	if q, ok := insertFull[n]; ok {
		return q
	}
	q := `INSERT OR IGNORE INTO entries(id, key, date, source, account, kind, amount, amount_units, currency,
		description, counterparty, ref, file, line, batch, rate, rate_div, rate_date, rate_source, home, home_units) VALUES ` + placeholders(n, entryCols)
	insertFull[n] = q
	return q
}

func (w *Writer) flush() error {
	if len(w.buf) == 0 {
		return nil
	}
	args := make([]any, 0, len(w.buf)*entryCols)
	for i := range w.buf {
		e := &w.buf[i]
		cur, _ := LookupCurrency(e.Currency)
		var au any
		if u, ok := units(e.Amount, cur.Minor); ok {
			au = u
		}
		var hu any
		if e.Home.Valid {
			hu = homeUnits(e.Home.Decimal)
		}
		args = append(args, e.ID, e.Key, dateString(e.Date), e.Source, e.Account, string(e.Kind), e.Amount.String(), au, cur.Code,
			e.Description, e.Counterparty, e.Ref, e.File, e.Line, e.Batch,
			nullDec(e.Rate), nullDec(e.RateDiv), nullString(dateString(e.RateDate)), nullString(e.RateSource), nullDec(e.Home), hu)
	}
	res, err := w.tx.ExecContext(w.ctx, insertSQL(len(w.buf)), args...)
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	w.added += int(n)
	w.written += len(w.buf)
	w.buf = w.buf[:0]
	return nil
}

// Commit writes what is queued, records the batch's counts and commits.
func (w *Writer) Commit(rows, skipped int) (BatchResult, error) {
	res, err := w.finish(rows, skipped)
	if err != nil {
		return res, err
	}
	w.done = true
	return res, w.tx.Commit()
}

// DryRun counts what Commit would do, then undoes everything.
func (w *Writer) DryRun(rows, skipped int) (BatchResult, error) {
	res, err := w.finish(rows, skipped)
	w.Rollback()
	return res, err
}

func (w *Writer) finish(rows, skipped int) (BatchResult, error) {
	if err := w.flush(); err != nil {
		w.Rollback()
		return BatchResult{}, err
	}
	res := BatchResult{ID: w.batch, Added: w.added, Duplicates: w.written - w.added}
	if _, err := w.tx.ExecContext(w.ctx, "UPDATE batches SET rows = ?, added = ?, duplicates = ?, skipped = ? WHERE id = ?",
		rows, res.Added, res.Duplicates, skipped, w.batch); err != nil {
		w.Rollback()
		return res, err
	}
	return res, nil
}

// Rollback abandons the batch; safe to call after Commit.
func (w *Writer) Rollback() {
	if !w.done {
		w.done = true
		w.tx.Rollback()
	}
}
