package ledger

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
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
//
// Rows are inserted flushSize at a time by a second goroutine, so that
// parsing the next rows overlaps with SQLite writing the last ones; the
// two stages meet only through a small channel, so memory stays flat.
type Writer struct {
	ctx   context.Context
	tx    *sql.Tx
	batch int64
	convs *convCache
	args  []any
	n     int // entries queued in args

	work    chan []any
	free    chan []any
	done    chan struct{}
	insert  *sql.Stmt
	added   int // written by the insert goroutine; read after done
	written int
	werr    error
	sent    int
	closed  bool
	settled bool
}

// insertCols are the bound columns of one entry; the batch id is a literal
// of the prepared statement. Every bound value costs, so the row is lean:
// the file name lives on the batch and a conversion is one id.
const insertCols = 14

// flushSize rows go into one multi-row INSERT.
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
	w := &Writer{ctx: ctx, tx: tx, batch: id, convs: newConvCache(),
		work: make(chan []any, 2), free: make(chan []any, 3), done: make(chan struct{})}
	for range 3 {
		w.free <- make([]any, 0, flushSize*insertCols)
	}
	w.args = <-w.free
	go w.run()
	return w, nil
}

func (w *Writer) insertSQL(n int) string {
	return `INSERT OR IGNORE INTO entries(hid, date, source, account, kind, amount, amount_units, currency,
		description, counterparty, ref, line, conv, home_units, batch) VALUES ` +
		placeholdersWith(n, insertCols, strconv.FormatInt(w.batch, 10))
}

// run executes the queued INSERTs until work is closed.
func (w *Writer) run() {
	defer close(w.done)
	for args := range w.work {
		if w.werr == nil {
			w.werr = w.exec(args)
		}
		w.free <- args[:0]
	}
}

func (w *Writer) exec(args []any) error {
	n := len(args) / insertCols
	var res sql.Result
	var err error
	if n == flushSize {
		if w.insert == nil {
			if w.insert, err = w.tx.PrepareContext(w.ctx, w.insertSQL(flushSize)); err != nil {
				return err
			}
		}
		res, err = w.insert.ExecContext(w.ctx, args...)
	} else {
		res, err = w.tx.ExecContext(w.ctx, w.insertSQL(n), args...)
	}
	if err != nil {
		return err
	}
	k, err := res.RowsAffected()
	if err != nil {
		return err
	}
	w.added += int(k)
	w.written += n
	return nil
}

// Add validates e and queues it. An entry whose id is already in the ledger
// is a duplicate and is not added.
func (w *Writer) Add(e Entry) error {
	if err := e.Validate(); err != nil {
		return fmt.Errorf("%s:%d: %w: %w", e.File, e.Line, err, ErrInvalid)
	}
	if e.ID == "" {
		e.ID = MakeID(e.Key)
	}
	hid, err := hidOf(e.ID)
	if err != nil {
		return err
	}
	cur, _ := LookupCurrency(e.Currency)
	var au, conv, hu any
	if u, ok := units(e.Amount, cur.Minor); ok {
		au = u
	}
	if e.Home.Valid && e.Rate.Valid {
		id, err := w.convs.id(w.ctx, w.tx, e)
		if err != nil {
			return err
		}
		conv, hu = id, homeUnits(e.Home.Decimal)
	}
	w.args = append(w.args, hid, dateString(e.Date), e.Source, e.Account, string(e.Kind), e.Amount.String(), au, cur.Code,
		e.Description, e.Counterparty, e.Ref, e.Line, conv, hu)
	w.n++
	if w.n == flushSize {
		return w.flush()
	}
	return nil
}

// flush hands the queued rows to the insert goroutine.
func (w *Writer) flush() error {
	if w.n == 0 {
		return nil
	}
	select {
	case w.work <- w.args:
	case <-w.ctx.Done():
		return w.ctx.Err()
	}
	w.sent += w.n
	w.n = 0
	w.args = <-w.free
	return nil
}

// wait flushes and waits for every insert; it returns the first error.
func (w *Writer) wait() error {
	err := w.flush()
	if !w.closed {
		w.closed = true
		close(w.work)
		<-w.done
	}
	if err != nil {
		return err
	}
	return w.werr
}

// Commit writes what is queued, records the batch's counts and commits.
func (w *Writer) Commit(rows, skipped int) (BatchResult, error) {
	res, err := w.finish(rows, skipped)
	if err != nil {
		return res, err
	}
	w.settled = true
	return res, w.tx.Commit()
}

// DryRun counts what Commit would do, then undoes everything.
func (w *Writer) DryRun(rows, skipped int) (BatchResult, error) {
	res, err := w.finish(rows, skipped)
	w.Rollback()
	return res, err
}

func (w *Writer) finish(rows, skipped int) (BatchResult, error) {
	if err := w.wait(); err != nil {
		w.Rollback()
		return BatchResult{}, err
	}
	res := BatchResult{ID: w.batch, Added: w.added, Duplicates: w.written - w.added}
	if res.Added > 0 {
		if err := bumpGeneration(w.ctx, w.tx); err != nil {
			w.Rollback()
			return res, err
		}
	}
	if _, err := w.tx.ExecContext(w.ctx, "UPDATE batches SET rows = ?, added = ?, duplicates = ?, skipped = ? WHERE id = ?",
		rows, res.Added, res.Duplicates, skipped, w.batch); err != nil {
		w.Rollback()
		return res, err
	}
	return res, nil
}

// Rollback abandons the batch; safe to call after Commit.
func (w *Writer) Rollback() {
	if w.settled {
		return
	}
	w.wait()
	w.settled = true
	w.tx.Rollback()
}

// convCache gives each distinct conversion (rate, div, date, source) one
// row in the conversions table, remembered for the life of a transaction.
type convCache struct {
	ids  map[convRow]int64
	stmt *sql.Stmt
}

type convRow struct{ rate, div, date, source, policy string }

func newConvCache() *convCache { return &convCache{ids: map[convRow]int64{}} }

func (c *convCache) id(ctx context.Context, tx *sql.Tx, e Entry) (int64, error) {
	k := convRow{e.Rate.Decimal.String(), "", dateString(e.RateDate), e.RateSource, e.RatePolicy}
	if e.RateDiv.Valid {
		k.div = e.RateDiv.Decimal.String()
	}
	if id, ok := c.ids[k]; ok {
		return id, nil
	}
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO conversions(rate, div, rate_date, source, policy) VALUES(?, ?, ?, ?, ?)
		ON CONFLICT(rate, div, rate_date, source, policy) DO UPDATE SET source = excluded.source RETURNING id`,
		k.rate, k.div, k.date, k.source, k.policy).Scan(&id)
	if err != nil {
		return 0, err
	}
	c.ids[k] = id
	return id, nil
}
