package ledger

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/incomeledger/income/errs"
	"github.com/incomeledger/income/fx"
	"github.com/shopspring/decimal"
)

// Missing is one (date, pair) for which no rate was found.
type Missing struct {
	Date     time.Time
	From, To string
}

func (m Missing) String() string {
	return m.Date.Format(DateLayout) + " " + m.From + "/" + m.To
}

// MissingRatesError lists every (date, pair) a conversion could not find.
type MissingRatesError struct{ Missing []Missing }

func (e *MissingRatesError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "missing exchange rates for %d date(s):", len(e.Missing))
	// consecutive days of one pair are listed as a range, so a year with no
	// rates at all is one line, not 365
	for i := 0; i < len(e.Missing); {
		m := e.Missing[i]
		j := i + 1
		for j < len(e.Missing) && e.Missing[j].From == m.From && e.Missing[j].To == m.To &&
			e.Missing[j].Date.Equal(e.Missing[j-1].Date.AddDate(0, 0, 1)) {
			j++
		}
		if j-i > 2 {
			fmt.Fprintf(&b, "\n  %s to %s %s/%s (%d days)", m.Date.Format(DateLayout), e.Missing[j-1].Date.Format(DateLayout), m.From, m.To, j-i)
		} else {
			for _, x := range e.Missing[i:j] {
				b.WriteString("\n  " + x.String())
			}
		}
		i = j
	}
	return b.String()
}

// Unwrap lets callers match ErrInvalid (exit 3).
func (e *MissingRatesError) Unwrap() error { return ErrInvalid }

// Rate is an exchange rate as the ledger records it with each entry: the
// one rate type, fx.Rate (Quote units per Base unit are Rate, or Rate/Div
// exactly when Div is set).
type Rate = fx.Rate

// FindRate finds the rate converting from into to for an entry dated date;
// an error means no rate.
type FindRate func(date time.Time, from, to string) (Rate, error)

// Converter converts entries to the home currency, caching the rate of each
// (date, currency).
type Converter struct {
	Home  Currency
	find  FindRate
	cache map[convKey]convVal
	miss  map[Missing]bool
	over  error // the first home amount beyond the ledger's range
}

type convKey struct {
	date time.Time
	cur  string
}

type convVal struct {
	rate Rate
	err  error
}

// NewConverter returns a converter into home.
func NewConverter(home Currency, find FindRate) *Converter {
	return &Converter{Home: home, find: find, cache: map[convKey]convVal{}, miss: map[Missing]bool{}}
}

// Convert sets e's rate fields and home amount, rounded half away from zero
// to the home currency's minor unit. A missing rate is remembered (see
// Missing) and leaves e unconverted.
func (c *Converter) Convert(e *Entry) {
	k := convKey{e.Date, e.Currency}
	v, ok := c.cache[k]
	if !ok {
		r, err := c.find(e.Date, e.Currency, c.Home.Code)
		v = convVal{r, err}
		c.cache[k] = v
	}
	if v.err != nil {
		c.miss[Missing{e.Date, e.Currency, c.Home.Code}] = true
		return
	}
	home := v.rate.Convert(e.Amount, c.Home.Minor)
	if err := checkAmount("home amount", home); err != nil {
		if c.over == nil {
			c.over = errs.Invalidf("%s %s %s of %s (%s) at %s %s per %s: %v", e.Amount, e.Currency, e.Kind,
				dateString(e.Date), e.Source, v.rate.Ratio(), c.Home.Code, e.Currency, err)
		}
		return
	}
	e.Rate = decimal.NewNullDecimal(v.rate.Rate)
	e.RateDiv = decimal.NullDecimal{}
	if !v.rate.Div.IsZero() && !v.rate.Div.Equal(decimal.NewFromInt(1)) {
		e.RateDiv = decimal.NewNullDecimal(v.rate.Div)
	}
	e.RateDate = v.rate.Date
	e.RateSource = v.rate.Source
	e.RatePolicy = v.rate.Policy
	e.Home = decimal.NewNullDecimal(home)
}

// Overflow is the first conversion whose home amount would have left the
// ledger's range (the entry was left unconverted), or nil.
func (c *Converter) Overflow() error { return c.over }

// Missing returns every (date, pair) without a rate so far, sorted.
func (c *Converter) Missing() []Missing {
	out := make([]Missing, 0, len(c.miss))
	for m := range c.miss {
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].From != out[j].From {
			return out[i].From < out[j].From
		}
		return out[i].Date.Before(out[j].Date)
	})
	return out
}

// Err is a *MissingRatesError when any rate was missing.
func (c *Converter) Err() error {
	if len(c.miss) == 0 {
		return nil
	}
	return &MissingRatesError{Missing: c.Missing()}
}

// ConvertPending converts the stored entries of year (0 = every year) that
// have no home amount yet, in pages, one transaction per page. Missing rates
// are left in c.Missing.
//
// The sums table counts the entries without a home amount, so a ledger with
// none to convert is not read at all; otherwise one pass in seq order finds
// them (an index of pending entries would cost every import a write per row).
func (s *Store) ConvertPending(ctx context.Context, c *Converter, year int) error {
	months, margs := "", []any{}
	if year != 0 {
		months, margs = " WHERE month >= ? AND month < ?", []any{fmt.Sprintf("%04d-01", year), fmt.Sprintf("%04d-01", year+1)}
	}
	var waiting int64
	if err := s.db.QueryRowContext(ctx, "SELECT coalesce(sum(n - n_home), 0) FROM sums"+months, margs...).Scan(&waiting); err != nil {
		return err
	}
	if waiting == 0 {
		return nil
	}
	const page = 5000
	var last int64
	type pending struct {
		seq int64
		e   Entry
	}
	todo := make([]pending, 0, page)
	names := interned{}
	where, args := Filter{Year: year}.where()
	if where == "" {
		where = " WHERE 1"
	}
	for {
		rows, err := s.db.QueryContext(ctx, "SELECT e.seq, e.date, e.amount, e.amount_units, e.currency, e.source, e.kind FROM entries e"+where+" AND e.conv IS NULL AND e.seq > ? ORDER BY e.seq LIMIT ?", append(args, last, page)...)
		if err != nil {
			return err
		}
		todo = todo[:0]
		for rows.Next() {
			var p pending
			var date, amount, currency, source, kind sql.RawBytes
			var units sql.NullInt64
			if err := rows.Scan(&p.seq, &date, &amount, &units, &currency, &source, &kind); err != nil {
				rows.Close()
				return err
			}
			if p.e.Date, err = parseDay(string(date)); err != nil {
				rows.Close()
				return err
			}
			p.e.Currency, p.e.Source, p.e.Kind = names.of(currency), names.of(source), Kind(names.of(kind))
			if cur, ok := LookupCurrency(p.e.Currency); ok && units.Valid {
				p.e.Amount = decimal.New(units.Int64, -cur.Minor)
			} else if p.e.Amount, err = decimal.NewFromString(string(amount)); err != nil {
				rows.Close()
				return err
			}
			todo = append(todo, p)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(todo) == 0 {
			return nil
		}
		last = todo[len(todo)-1].seq
		tx, err := s.begin(ctx)
		if err != nil {
			return err
		}
		convs := newConvCache()
		sums := sumDeltas{}
		set := &convUpdater{tx: tx}
		for _, p := range todo {
			c.Convert(&p.e)
			if err := c.Overflow(); err != nil {
				tx.Rollback()
				return err
			}
			if !p.e.Home.Valid {
				continue
			}
			id, err := convs.id(ctx, tx, p.e)
			if err != nil {
				tx.Rollback()
				return err
			}
			hu := homeUnits(p.e.Home.Decimal)
			if err := set.add(ctx, p.seq, id, hu); err != nil {
				tx.Rollback()
				return err
			}
			sums.addHome(dateString(p.e.Date), p.e.Source, string(p.e.Kind), p.e.Currency, hu)
		}
		if err := set.flush(ctx); err != nil {
			tx.Rollback()
			return err
		}
		if err := sums.write(ctx, tx); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
		if len(todo) < page {
			return nil
		}
	}
}

// interned keeps one copy of each of a few distinct strings (currencies,
// sources, kinds) read from many rows.
type interned map[string]string

func (in interned) of(b []byte) string {
	if s, ok := in[string(b)]; ok {
		return s
	}
	s := string(b)
	in[s] = s
	return s
}

// convUpdater sets conversions convUpdates rows at a time: one UPDATE per
// row costs more than the conversion.
type convUpdater struct {
	tx   *sql.Tx
	args []any
	stmt *sql.Stmt
}

const convUpdates = 500

func (u *convUpdater) add(ctx context.Context, seq, conv, home int64) error {
	u.args = append(u.args, seq, conv, home)
	if len(u.args) == 3*convUpdates {
		return u.flush(ctx)
	}
	return nil
}

func (u *convUpdater) flush(ctx context.Context) error {
	n := len(u.args) / 3
	if n == 0 {
		return nil
	}
	q := "UPDATE entries SET conv = v.column2, home_units = v.column3 FROM (VALUES " +
		strings.TrimSuffix(strings.Repeat("(?,?,?),", n), ",") + ") AS v WHERE entries.seq = v.column1"
	var err error
	if n == convUpdates {
		if u.stmt == nil {
			if u.stmt, err = u.tx.PrepareContext(ctx, q); err != nil {
				return err
			}
		}
		_, err = u.stmt.ExecContext(ctx, u.args...)
	} else {
		_, err = u.tx.ExecContext(ctx, q, u.args...)
	}
	u.args = u.args[:0]
	return err
}

// AddRates stores rates (a rate already stored for the same date, pair and
// source is replaced) and forgets conversions so they are made again.
func (s *Store) AddRates(ctx context.Context, rates []Rate) (int, error) {
	tx, err := s.begin(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	if err := addRates(ctx, tx, rates); err != nil {
		return 0, err
	}
	return len(rates), tx.Commit()
}

// addRates is AddRates inside the caller's transaction. A rate that fails
// fx.Rate.Validate (a date outside 1900–2199, a value outside the range of
// rates) is refused and nothing is stored.
func addRates(ctx context.Context, tx *sql.Tx, rates []Rate) error {
	if len(rates) == 0 {
		return nil
	}
	for _, r := range rates {
		if err := r.Validate(); err != nil {
			return errs.Invalidf("rate %s %s/%s (%s): %v", dateString(r.Date), r.Base, r.Quote, r.Source, err)
		}
	}
	stmt, err := tx.PrepareContext(ctx, "INSERT INTO rates(date, base, quote, rate, div, source, until, ref, note) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(date, base, quote, source) DO UPDATE SET rate = excluded.rate, div = excluded.div, until = excluded.until, ref = excluded.ref, note = excluded.note")
	if err != nil {
		return err
	}
	defer stmt.Close()
	for _, r := range rates {
		div := ""
		if !r.Div.IsZero() {
			div = r.Div.String()
		}
		if _, err := stmt.ExecContext(ctx, r.Date.Format(DateLayout), r.Base, r.Quote, r.Rate.String(), div, validText(r.Source), dateString(r.Until), validText(r.Ref), validText(r.Note)); err != nil {
			return err
		}
	}
	if err := forgetConversions(ctx, tx); err != nil {
		return err
	}
	return bumpGeneration(ctx, tx)
}

// Rates returns the stored rates, optionally for one pair ("" = any).
func (s *Store) Rates(ctx context.Context, base, quote string) ([]Rate, error) {
	q := "SELECT date, base, quote, rate, div, source, until, ref, note FROM rates"
	var conds []string
	var args []any
	if base != "" {
		conds = append(conds, "base = ?")
		args = append(args, strings.ToUpper(base))
	}
	if quote != "" {
		conds = append(conds, "quote = ?")
		args = append(args, strings.ToUpper(quote))
	}
	if len(conds) > 0 {
		q += " WHERE " + strings.Join(conds, " AND ")
	}
	rows, err := s.db.QueryContext(ctx, q+" ORDER BY base, quote, source, date", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Rate
	for rows.Next() {
		var date, rate, div, until string
		var r Rate
		if err := rows.Scan(&date, &r.Base, &r.Quote, &rate, &div, &r.Source, &until, &r.Ref, &r.Note); err != nil {
			return nil, err
		}
		if until != "" {
			r.Until, _ = time.Parse(DateLayout, until)
		}
		var err error
		if r.Date, err = parseDay(date); err != nil {
			return nil, err
		}
		if r.Rate, err = decimal.NewFromString(rate); err != nil {
			return nil, err
		}
		if div != "" {
			if r.Div, err = decimal.NewFromString(div); err != nil {
				return nil, err
			}
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
