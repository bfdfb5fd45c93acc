package ledger

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/shopspring/decimal"
)

// homeScale is the fixed scale of home_units: home amounts are rounded to the
// home currency's minor unit (at most 3 digits in ISO 4217), so 4 digits hold
// any of them exactly and leave room for 9e14 units of the home currency.
const homeScale = 4

func homeUnits(d decimal.Decimal) int64 { return d.Shift(homeScale).IntPart() }

// Filter selects entries.
type Filter struct {
	Year   int // 0 = all
	Source string
	Kind   Kind
}

func (f Filter) where() (string, []any) {
	var conds []string
	var args []any
	if f.Year != 0 {
		conds = append(conds, "e.date >= ? AND e.date < ?")
		args = append(args, fmt.Sprintf("%04d-01-01", f.Year), fmt.Sprintf("%04d-01-01", f.Year+1))
	}
	if f.Source != "" {
		conds = append(conds, "e.source = ?")
		args = append(args, f.Source)
	}
	if f.Kind != "" {
		conds = append(conds, "e.kind = ?")
		args = append(args, string(f.Kind))
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

const selectEntry = `SELECT e.hid, e.date, e.source, e.account, e.kind, e.amount, e.currency, e.description, e.counterparty, e.ref,
	b.file, e.line, e.batch, coalesce(k.by, ''), c.rate, c.div, c.rate_date, c.source, c.policy, e.home_units
	FROM entries e JOIN batches b ON b.id = e.batch LEFT JOIN conversions c ON c.id = e.conv
	LEFT JOIN classified k ON k.hid = e.hid`

// selectEntryWithSeq is selectEntry with the row's seq last.
var selectEntryWithSeq = strings.Replace(selectEntry, "e.home_units", "e.home_units, e.seq", 1)

// Entries streams the entries that match f, in date order, to fn.
//
// There is no date index (imports would pay for it on every row): one scan
// reads each matching row's date and seq, packed into 8 bytes (all this
// keeps per entry), sorts them, and the entries are then read by seq a
// page at a time.
func (s *Store) Entries(ctx context.Context, f Filter, fn func(Entry) error) error {
	// one read transaction: the pages see the ledger the order was taken from
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	where, args := f.where()
	rows, err := tx.QueryContext(ctx, "SELECT e.seq, e.date FROM entries e"+where, args...)
	if err != nil {
		return err
	}
	var order []uint64
	for rows.Next() {
		var seq int64
		var date string
		if err := rows.Scan(&seq, &date); err != nil {
			rows.Close()
			return err
		}
		k, err := orderKey(date, seq)
		if err != nil {
			rows.Close()
			return err
		}
		order = append(order, k)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	slices.Sort(order)
	return entriesBySeq(ctx, tx, order, fn)
}

// orderKey packs (date, seq) so that the keys sort as the pairs do: the
// day (years 1 to 9999) in the top 22 bits, seq in the other 42.
func orderKey(date string, seq int64) (uint64, error) {
	d, err := parseDay(date)
	if err != nil {
		return 0, err
	}
	const seqBits = 42
	days := d.Unix()/86400 + 719162 // 0001-01-01 is day 0, 9999-12-31 day 3652058
	if days < 0 || days >= 1<<22 || seq < 0 || seq >= 1<<seqBits {
		return 0, fmt.Errorf("entry %d: date %s out of range", seq, date)
	}
	return uint64(days)<<seqBits | uint64(seq), nil
}

// entriesBySeq reads the entries of the order keys, in their order.
func entriesBySeq(ctx context.Context, q queryer, order []uint64, fn func(Entry) error) error {
	const seqMask = 1<<42 - 1
	const page = 500
	byseq := make(map[int64]Entry, page)
	for len(order) > 0 {
		n := min(page, len(order))
		ids := make([]any, n)
		for i, k := range order[:n] {
			ids[i] = int64(k & seqMask)
		}
		rows, err := q.QueryContext(ctx, selectEntryWithSeq+" WHERE e.seq IN ("+strings.TrimSuffix(strings.Repeat("?,", n), ",")+")", ids...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var seq int64
			e, err := scanEntry(rows, &seq)
			if err != nil {
				rows.Close()
				return err
			}
			byseq[seq] = e
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, k := range order[:n] {
			if err := fn(byseq[int64(k&seqMask)]); err != nil {
				return err
			}
		}
		clear(byseq)
		order = order[n:]
	}
	return nil
}

// Entry returns one entry by id.
func (s *Store) Entry(ctx context.Context, id string) (Entry, error) {
	e, err := queryEntry(ctx, s.db, id)
	if errors.Is(err, ErrNoEntry) {
		return Entry{}, fmt.Errorf("no entry %q", id)
	}
	return e, err
}

// queryEntry reads one entry by id; ErrNoEntry when there is none.
func queryEntry(ctx context.Context, q queryer, id string) (Entry, error) {
	rows, err := q.QueryContext(ctx, selectEntry+" WHERE e.seq = (SELECT seq FROM ids WHERE hid = ?)", hidArg(strings.TrimSpace(id)))
	if err != nil {
		return Entry{}, err
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return Entry{}, err
		}
		return Entry{}, fmt.Errorf("%q: %w", id, ErrNoEntry)
	}
	return scanEntry(rows)
}

// scanEntry reads a row of selectEntry, or of selectEntryWithSeq into
// extra's one destination.
// setStored sets the id, date, kind and amount from their stored forms.
func (e *Entry) setStored(hid int64, date, kind, amount string) error {
	e.ID = idOf(hid)
	var err error
	if e.Date, err = parseDay(date); err != nil {
		return err
	}
	e.Kind = Kind(kind)
	e.Amount, err = decimal.NewFromString(amount)
	return err
}

func scanEntry(rows *sql.Rows, extra ...any) (Entry, error) {
	var e Entry
	var date, kind, amount string
	var rate, rateDiv, rateDate, rateSource, ratePolicy sql.NullString
	var home sql.NullInt64
	var hid int64
	dest := []any{&hid, &date, &e.Source, &e.Account, &kind, &amount, &e.Currency, &e.Description,
		&e.Counterparty, &e.Ref, &e.File, &e.Line, &e.Batch, &e.ClassifiedBy, &rate, &rateDiv, &rateDate, &rateSource, &ratePolicy, &home}
	if err := rows.Scan(append(dest, extra...)...); err != nil {
		return e, err
	}
	err := e.setStored(hid, date, kind, amount)
	if err != nil {
		return e, err
	}
	if e.Rate, err = parseNull(rate); err != nil {
		return e, err
	}
	if e.RateDiv, err = parseNull(rateDiv); err != nil {
		return e, err
	}
	if home.Valid {
		e.Home = decimal.NewNullDecimal(decimal.New(home.Int64, -homeScale))
	}
	if rateDate.Valid {
		e.RateDate, _ = parseDay(rateDate.String)
	}
	e.RateSource = rateSource.String
	e.RatePolicy = ratePolicy.String
	return e, nil
}

func parseNull(s sql.NullString) (decimal.NullDecimal, error) {
	if !s.Valid || s.String == "" {
		return decimal.NullDecimal{}, nil
	}
	d, err := decimal.NewFromString(s.String)
	return decimal.NullDecimal{Decimal: d, Valid: err == nil}, err
}

// Sum is one group of an aggregation: entries of one source, kind, month and
// currency in one year.
type Sum struct {
	Source   string
	Kind     Kind
	Month    int // 1..12
	Currency string
	Count    int
	Amount   decimal.Decimal // sum in the entries' own currency
	Home     decimal.Decimal // sum of the rounded home amounts
	// Unconverted counts entries of the group that have no home amount yet.
	Unconverted int
}

// Sums aggregates a year's entries by source, kind, month and currency. The
// database adds exact integers; groups holding an amount with more digits
// than its currency's minor unit are summed exactly in Go instead.
func (s *Store) Sums(ctx context.Context, year int) ([]Sum, error) {
	// The sums table holds the groups (see sums.go): a year is twelve
	// months of them, however many entries it has.
	rows, err := s.db.QueryContext(ctx, `SELECT month, source, kind, currency, n, n_amount, amount_units, n_home, home_units
		FROM sums WHERE month >= ? AND month < ? AND n <> 0`, fmt.Sprintf("%04d-01", year), fmt.Sprintf("%04d-01", year+1))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	type groupKey struct {
		source, kind, currency string
		month                  int
	}
	type acc struct {
		n, nAmount, nHome    int
		amount, home         int64
		amountOver, homeOver bool // a sum left int64: sum exactly
	}
	groups := map[groupKey]*acc{}
	for rows.Next() {
		var date string
		var k groupKey
		var n, nau, nhu int
		var rau, rhu any
		if err := rows.Scan(&date, &k.source, &k.kind, &k.currency, &n, &nau, &rau, &nhu, &rhu); err != nil {
			return nil, err
		}
		au, auOK := rau.(int64)
		hu, huOK := rhu.(int64)
		if len(date) < 7 {
			return nil, fmt.Errorf("entry date %q", date)
		}
		k.month = int(date[5]-'0')*10 + int(date[6]-'0')
		a, ok := groups[k]
		if !ok {
			a = &acc{}
			groups[k] = a
		}
		a.n += n
		a.nAmount += nau
		a.nHome += nhu
		var fits bool
		a.amount, fits = addInt64(a.amount, au)
		a.amountOver = a.amountOver || !fits || !auOK
		a.home, fits = addInt64(a.home, hu)
		a.homeOver = a.homeOver || !fits || !huOK
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	out := make([]Sum, 0, len(groups))
	var inexact []int
	for k, a := range groups {
		cur, _ := LookupCurrency(k.currency)
		g := Sum{Source: k.source, Kind: Kind(k.kind), Month: k.month, Currency: k.currency, Count: a.n,
			Amount: decimal.New(a.amount, -cur.Minor), Home: decimal.New(a.home, -homeScale), Unconverted: a.n - a.nHome}
		out = append(out, g)
	}
	slices.SortFunc(out, func(a, b Sum) int {
		return cmp.Or(cmp.Compare(a.Source, b.Source), cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Month, b.Month), cmp.Compare(a.Currency, b.Currency))
	})
	// Groups with an amount finer than its currency's minor unit, or a sum
	// beyond int64, are summed exactly from their entries.
	var homeInexact []bool
	for i, g := range out {
		a := groups[groupKey{g.Source, string(g.Kind), g.Currency, g.Month}]
		if a.nAmount != g.Count || a.amountOver || a.homeOver {
			inexact = append(inexact, i)
			homeInexact = append(homeInexact, a.homeOver)
		}
	}
	for j, i := range inexact {
		g := &out[i]
		amount, home := decimal.Zero, decimal.Zero
		err := s.Entries(ctx, Filter{Year: year, Source: g.Source, Kind: g.Kind}, func(e Entry) error {
			if int(e.Date.Month()) == g.Month && e.Currency == g.Currency {
				amount = amount.Add(e.Amount)
				if e.Home.Valid {
					home = home.Add(e.Home.Decimal)
				}
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		g.Amount = amount
		if homeInexact[j] {
			g.Home = home
		}
	}
	return out, nil
}
