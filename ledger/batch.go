package ledger

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/incomeledger/income/errs"
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
//
// An entry whose id the ledger already has is a duplicate. The writer looks
// ids up in the ids table (only when the ledger has entries), inserts the
// rest, and at commit adds the file's ids to the ids table in sorted order,
// which also finds ids repeated inside the file. It keeps 16 bytes per added
// entry until then. See sums.go for why there is no unique index instead.
type Writer struct {
	// SHA256 replaces the batch's file hash at commit when set: a caller
	// may hash the file while it is imported rather than before.
	SHA256 string

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
	inserts map[shared]*sql.Stmt // for chunks sharing source, account and currency
	buf     []any                // a chunk's bound values under a shared statement
	lookup  *sql.Stmt            // nil when the ledger had no entries at Begin
	looked  int                  // rows looked up one by one
	filter  *idFilter            // the ledger's ids, once the file proves long
	seq     int64                // the last seq given
	ids     [][]idPair           // the added entries' ids, in chunks (no regrowing)
	sorting sync.WaitGroup       // sorts of full chunks
	sums    sumDeltas            // what the added entries add to sums
	dups    int
	// the last entry's date and its text: rows of a file share dates
	lastDate time.Time
	lastDay  string
	werr     error
	closed   bool
	settled  bool
}

type idPair struct{ hid, seq int64 }

// idChunk pairs make one chunk of Writer.ids (a variable for tests).
var idChunk = 1 << 16

// insertCols are the values of one queued entry. The batch id is a
// literal of the statement, and seq is left to SQLite (each row gets the
// last seq + 1, which the writer counts along and checks at commit). Every
// bound value costs, so the row is lean: the file name lives on the batch,
// a conversion is one id, and a chunk whose rows share source, account and
// currency (nearly every chunk) has them as literals too.
const insertCols = 14

// Positions of the queued values.
const (
	colHid = iota
	colDate
	colSource
	colAccount
	colKind
	colAmount
	colAmountUnits
	colCurrency
	colDescription
	colCounterparty
	colRef
	colLine
	colConv
	colHome
)

// rowCols are the values bound per row when a chunk shares source,
// account and currency as literals.
var rowCols = [...]int{colHid, colDate, colKind, colAmount, colAmountUnits, colDescription, colCounterparty, colRef, colLine, colConv, colHome}

// colNames are the entries columns of the queued values, in order.
var colNames = [insertCols]string{"hid", "date", "source", "account", "kind", "amount", "amount_units", "currency",
	"description", "counterparty", "ref", "line", "conv", "home_units"}

// shared is what a chunk's rows have in common.
type shared struct{ source, account, currency string }

// maxSharedStmts bounds the statements kept for shared values.
const maxSharedStmts = 8

// flushSize rows go into one multi-row INSERT.
const flushSize = 200

// Begin starts an import batch.
func (s *Store) Begin(ctx context.Context, info BatchInfo) (*Writer, error) {
	tx, err := s.begin(ctx)
	if err != nil {
		return nil, err
	}
	w, err := begin(ctx, tx, info)
	if err != nil {
		tx.Rollback()
		return nil, err
	}
	return w, nil
}

func begin(ctx context.Context, tx *sql.Tx, info BatchInfo) (*Writer, error) {
	res, err := tx.ExecContext(ctx, "INSERT INTO batches(file, sha256, source, imported_at) VALUES(?, ?, ?, ?)",
		validText(info.File), info.SHA256, validText(info.Source), info.ImportedAt.UTC().Format(time.RFC3339))
	if err != nil {
		return nil, err
	}
	id, err := res.LastInsertId()
	if err != nil {
		return nil, err
	}
	w := &Writer{ctx: ctx, tx: tx, batch: id, convs: newConvCache(), sums: sumDeltas{},
		work: make(chan []any, 2), free: make(chan []any, 3), done: make(chan struct{})}
	var has int
	if err := tx.QueryRowContext(ctx, "SELECT coalesce(max(seq), 0), EXISTS(SELECT 1 FROM ids) FROM entries").Scan(&w.seq, &has); err != nil {
		return nil, err
	}
	if has != 0 {
		if w.lookup, err = tx.PrepareContext(ctx, "SELECT hid FROM ids WHERE hid IN ("+strings.TrimSuffix(strings.Repeat("?,", flushSize), ",")+")"); err != nil {
			return nil, err
		}
	}
	for range 3 {
		w.free <- make([]any, 0, flushSize*insertCols)
	}
	w.args = <-w.free
	go w.run()
	return w, nil
}

func (w *Writer) insertSQL(n int) string {
	return "INSERT INTO entries(" + strings.Join(colNames[:], ", ") + ", batch) VALUES " +
		placeholdersWith(n, insertCols, strconv.FormatInt(w.batch, 10))
}

// sharedSQL is the INSERT of flushSize rows that share sh.
func (w *Writer) sharedSQL(sh shared) string {
	var names []string
	for _, c := range rowCols {
		names = append(names, colNames[c])
	}
	lits := []string{sqlString(sh.source), sqlString(sh.account), sqlString(sh.currency), strconv.FormatInt(w.batch, 10)}
	return "INSERT INTO entries(" + strings.Join(names, ", ") + ", source, account, currency, batch) VALUES " +
		placeholdersWith(flushSize, len(rowCols), strings.Join(lits, ", "))
}

// sqlString quotes s as an SQL string literal.
func sqlString(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// sharedOf returns what every row of args has in common, if they share
// source, account and currency and these can be literals.
func sharedOf(args []any) (shared, bool) {
	sh := shared{args[colSource].(string), args[colAccount].(string), args[colCurrency].(string)}
	for i := insertCols; i < len(args); i += insertCols {
		if args[i+colSource] != sh.source || args[i+colAccount] != sh.account || args[i+colCurrency] != sh.currency {
			return sh, false
		}
	}
	for _, v := range []string{sh.source, sh.account, sh.currency} {
		if len(v) > 200 || strings.IndexByte(v, 0) >= 0 {
			return sh, false
		}
	}
	return sh, true
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
	if w.lookup != nil {
		found, err := w.known(args)
		if err != nil {
			return err
		}
		if len(found) > 0 { // keep the new rows only
			kept := args[:0]
			for i := 0; i < len(args); i += insertCols {
				if found[args[i+colHid].(int64)] {
					w.dups++
					continue
				}
				kept = append(kept, args[i:i+insertCols]...)
			}
			args = kept
		}
	}
	n := len(args) / insertCols
	if n == 0 {
		return nil
	}
	for i := 0; i < len(args); i += insertCols {
		w.seq++ // the seq SQLite gives the row
		r := args[i : i+insertCols]
		if k := len(w.ids); k == 0 || len(w.ids[k-1]) == cap(w.ids[k-1]) {
			w.ids = append(w.ids, make([]idPair, 0, idChunk))
		}
		last := &w.ids[len(w.ids)-1]
		if *last = append(*last, idPair{r[colHid].(int64), w.seq}); len(*last) == cap(*last) {
			// a full chunk is sorted now, while the two stages wait on
			// each other, rather than at commit
			w.sorting.Add(1)
			go func(c []idPair) {
				defer w.sorting.Done()
				slices.SortFunc(c, comparePairs)
			}(*last)
		}
		w.sums.add(r[colDate].(string), r[colSource].(string), r[colKind].(string), r[colCurrency].(string), r[colAmountUnits], r[colHome], 1)
	}
	if n == flushSize {
		if sh, ok := sharedOf(args); ok {
			stmt, ok := w.inserts[sh]
			if !ok && len(w.inserts) < maxSharedStmts {
				var err error
				if stmt, err = w.tx.PrepareContext(w.ctx, w.sharedSQL(sh)); err != nil {
					return err
				}
				if w.inserts == nil {
					w.inserts = map[shared]*sql.Stmt{}
				}
				w.inserts[sh] = stmt
			}
			if stmt != nil {
				w.buf = w.buf[:0]
				for i := 0; i < len(args); i += insertCols {
					for _, c := range rowCols {
						w.buf = append(w.buf, args[i+c])
					}
				}
				_, err := stmt.ExecContext(w.ctx, w.buf...)
				return err
			}
		}
	}
	var err error
	if n == flushSize {
		if w.insert == nil {
			if w.insert, err = w.tx.PrepareContext(w.ctx, w.insertSQL(flushSize)); err != nil {
				return err
			}
		}
		_, err = w.insert.ExecContext(w.ctx, args...)
	} else {
		_, err = w.tx.ExecContext(w.ctx, w.insertSQL(n), args...)
	}
	return err
}

// Add validates e and queues it. An entry whose id is already in the ledger
// is a duplicate and is not added.
func (w *Writer) Add(e Entry) error {
	e.Source, e.Account, e.Description = validText(e.Source), validText(e.Account), validText(e.Description)
	e.Counterparty, e.Ref = validText(e.Counterparty), validText(e.Ref)
	if err := e.Validate(); err != nil {
		return errs.Data(e.File, e.Line, err)
	}
	var hid int64
	if e.ID == "" {
		hid = hidOfKey(e.Key)
	} else {
		var err error
		if hid, err = hidOf(e.ID); err != nil {
			return err
		}
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
	if !e.Date.Equal(w.lastDate) {
		w.lastDate, w.lastDay = e.Date, dateString(e.Date)
	}
	w.args = append(w.args, hid, w.lastDay, e.Source, e.Account, string(e.Kind), e.Amount.String(), au, cur.Code,
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
	var last int64
	if err := w.tx.QueryRowContext(w.ctx, "SELECT coalesce(max(seq), 0) FROM entries").Scan(&last); err != nil {
		w.Rollback()
		return BatchResult{}, err
	} else if last != w.seq {
		w.Rollback()
		return BatchResult{}, fmt.Errorf("ledger: entries took seq up to %d, not %d as counted", last, w.seq)
	}
	added, err := w.addIDs()
	if err != nil {
		w.Rollback()
		return BatchResult{}, err
	}
	if err := w.sums.write(w.ctx, w.tx); err != nil {
		w.Rollback()
		return BatchResult{}, err
	}
	res := BatchResult{ID: w.batch, Added: added, Duplicates: w.dups}
	if res.Added > 0 {
		if err := bumpGeneration(w.ctx, w.tx); err != nil {
			w.Rollback()
			return res, err
		}
	}
	if _, err := w.tx.ExecContext(w.ctx, "UPDATE batches SET rows = ?, added = ?, duplicates = ?, skipped = ?, sha256 = coalesce(nullif(?, ''), sha256) WHERE id = ?",
		rows, res.Added, res.Duplicates, skipped, w.SHA256, w.batch); err != nil {
		w.Rollback()
		return res, err
	}
	return res, nil
}

// drop takes an added entry out again, and out of the sums.
func (w *Writer) drop(seq int64) error {
	var date, source, kind, currency string
	var au, hu sql.NullInt64
	if err := w.tx.QueryRowContext(w.ctx, "SELECT date, source, kind, currency, amount_units, home_units FROM entries WHERE seq = ?", seq).
		Scan(&date, &source, &kind, &currency, &au, &hu); err != nil {
		return err
	}
	w.sums.add(date, source, kind, currency, nullUnits(au), nullUnits(hu), -1)
	_, err := w.tx.ExecContext(w.ctx, "DELETE FROM entries WHERE seq = ?", seq)
	return err
}

func nullUnits(v sql.NullInt64) any {
	if v.Valid {
		return v.Int64
	}
	return nil
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
