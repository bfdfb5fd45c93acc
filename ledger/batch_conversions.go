package ledger

import (
	"context"
	"database/sql"
	"time"

	"github.com/shopspring/decimal"
)

// convCache gives each distinct conversion (rate, div, date, source) one
// row in the conversions table, remembered for the life of a transaction.
type convCache struct {
	ids  map[convRow]int64
	last lastConv
}

type lastConv struct {
	ok             bool
	rate           decimal.Decimal
	div            decimal.NullDecimal
	date           time.Time
	source, policy string
	id             int64
}

type convRow struct{ rate, div, date, source, policy string }

func newConvCache() *convCache { return &convCache{ids: map[convRow]int64{}} }

func (c *convCache) id(ctx context.Context, tx *sql.Tx, e Entry) (int64, error) {
	// rows of a file mostly share the last row's conversion
	if l := &c.last; l.ok && e.RateDate.Equal(l.date) && e.RateSource == l.source && e.RatePolicy == l.policy &&
		same(e.Rate.Decimal, l.rate) && e.RateDiv.Valid == l.div.Valid && (!l.div.Valid || same(e.RateDiv.Decimal, l.div.Decimal)) {
		return l.id, nil
	}
	id, err := c.lookup(ctx, tx, e)
	if err == nil {
		c.last = lastConv{true, e.Rate.Decimal, e.RateDiv, e.RateDate, e.RateSource, e.RatePolicy, id}
	}
	return id, err
}

// same says a and b are the same decimal, digit for digit.
func same(a, b decimal.Decimal) bool { return a.Exponent() == b.Exponent() && a.Equal(b) }

func (c *convCache) lookup(ctx context.Context, tx *sql.Tx, e Entry) (int64, error) {
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
