package ledger

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

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

const selectEntry = `SELECT e.id, e.date, e.source, e.account, e.kind, e.amount, e.currency, e.description, e.counterparty, e.ref,
	b.file, e.line, e.batch, c.rate, c.div, c.rate_date, c.source, c.policy, e.home_units
	FROM entries e JOIN batches b ON b.id = e.batch LEFT JOIN conversions c ON c.id = e.conv`

// Entries streams the entries that match f, in date order, to fn.
func (s *Store) Entries(ctx context.Context, f Filter, fn func(Entry) error) error {
	where, args := f.where()
	rows, err := s.db.QueryContext(ctx, selectEntry+where+" ORDER BY e.date, e.seq", args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return err
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	return rows.Err()
}

// Entry returns one entry by id.
func (s *Store) Entry(ctx context.Context, id string) (Entry, error) {
	rows, err := s.db.QueryContext(ctx, selectEntry+" WHERE e.id = ?", id)
	if err != nil {
		return Entry{}, err
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return Entry{}, err
		}
		return Entry{}, fmt.Errorf("no entry %q", id)
	}
	return scanEntry(rows)
}

func scanEntry(rows *sql.Rows) (Entry, error) {
	var e Entry
	var date, kind, amount string
	var rate, rateDiv, rateDate, rateSource, ratePolicy sql.NullString
	var home sql.NullInt64
	if err := rows.Scan(&e.ID, &date, &e.Source, &e.Account, &kind, &amount, &e.Currency, &e.Description,
		&e.Counterparty, &e.Ref, &e.File, &e.Line, &e.Batch, &rate, &rateDiv, &rateDate, &rateSource, &ratePolicy, &home); err != nil {
		return e, err
	}
	var err error
	if e.Date, err = time.Parse(DateLayout, date); err != nil {
		return e, err
	}
	e.Kind = Kind(kind)
	if e.Amount, err = decimal.NewFromString(amount); err != nil {
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
		e.RateDate, _ = time.Parse(DateLayout, rateDate.String)
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
	from, to := fmt.Sprintf("%04d-01-01", year), fmt.Sprintf("%04d-01-01", year+1)
	rows, err := s.db.QueryContext(ctx, `SELECT source, kind, CAST(substr(date, 6, 2) AS INTEGER), currency, count(*),
		sum(amount_units), count(amount_units), sum(home_units), count(home_units)
		FROM entries WHERE date >= ? AND date < ? GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`, from, to)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Sum
	var inexact []int
	for rows.Next() {
		var g Sum
		var kind string
		var au, hu sql.NullInt64
		var nau, nhu int
		if err := rows.Scan(&g.Source, &kind, &g.Month, &g.Currency, &g.Count, &au, &nau, &hu, &nhu); err != nil {
			return nil, err
		}
		g.Kind = Kind(kind)
		cur, _ := LookupCurrency(g.Currency)
		g.Amount = decimal.New(au.Int64, -cur.Minor)
		g.Home = decimal.New(hu.Int64, -homeScale)
		g.Unconverted = g.Count - nhu
		if nau != g.Count {
			inexact = append(inexact, len(out))
		}
		out = append(out, g)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	for _, i := range inexact {
		g := &out[i]
		g.Amount = decimal.Zero
		err := s.Entries(ctx, Filter{Year: year, Source: g.Source, Kind: g.Kind}, func(e Entry) error {
			if int(e.Date.Month()) == g.Month && e.Currency == g.Currency {
				g.Amount = g.Amount.Add(e.Amount)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}
