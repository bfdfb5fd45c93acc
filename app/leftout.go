package app

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/incomeledger/income/internal/textfmt"
	"github.com/incomeledger/income/ledger"
	"github.com/shopspring/decimal"
)

// unclassifiedSums groups unclassified entries by source and currency.
type unclassifiedSums map[[2]string]*Unclassified

func (m unclassifiedSums) add(e ledger.Entry) {
	k := [2]string{e.Source, e.Currency}
	u := m[k]
	if u == nil {
		u = &Unclassified{Source: e.Source, Currency: e.Currency}
		m[k] = u
	}
	u.Count++
	if e.Amount.IsNegative() {
		u.out = u.out.Add(e.Amount.Neg())
		return
	}
	u.in = u.in.Add(e.Amount)
	if e.Amount.GreaterThan(u.Largest.Amount) {
		u.Largest = e
	}
}

// list returns the groups, the largest credits first.
func (m unclassifiedSums) list() []Unclassified {
	out := make([]Unclassified, 0, len(m))
	for _, u := range m {
		u.In, u.Out = u.in.String(), u.out.String()
		out = append(out, *u)
	}
	sort.Slice(out, func(i, j int) bool {
		if c := out[i].in.Cmp(out[j].in); c != 0 {
			return c > 0
		}
		return out[i].Source+out[i].Currency < out[j].Source+out[j].Currency
	})
	return out
}

// Money shows an amount of currency cur grouped, with at least its minor
// unit's digits.
func Money(d decimal.Decimal, cur string) string {
	c, ok := ledger.LookupCurrency(cur)
	if !ok {
		return textfmt.Plain(d)
	}
	return textfmt.AtLeast(d, c.Minor)
}

// LeftOut says what the year's figures leave out: the unclassified entries
// with their totals by source and currency, one warning a group ("" when
// none). Tax figures start from the report, so these are not in them.
func (l *Ledger) LeftOut(ctx context.Context, year int) ([]string, error) {
	m := unclassifiedSums{}
	if err := l.Store.Entries(ctx, ledger.Filter{Year: year, Kind: ledger.Unclassified}, func(e ledger.Entry) error {
		m.add(e)
		return nil
	}); err != nil {
		return nil, err
	}
	var out []string
	for _, u := range m.list() {
		var parts []string
		if u.in.IsPositive() {
			parts = append(parts, Money(u.in, u.Currency)+" "+u.Currency+" in")
		}
		if u.out.IsPositive() {
			parts = append(parts, Money(u.out, u.Currency)+" "+u.Currency+" out")
		}
		if len(parts) == 0 {
			parts = append(parts, "0 "+u.Currency)
		}
		out = append(out, fmt.Sprintf("%d unclassified %s entries of %d (%s) are left out of these figures: they count as nothing until 'income classify' gives them a kind (see 'income doctor --year %d')",
			u.Count, u.Source, year, strings.Join(parts, ", "), year))
	}
	return out, nil
}
