package report

import (
	"github.com/incomeledger/income/ledger"
	"github.com/shopspring/decimal"
)

// kindSums are signed sums per kind: home amounts, or own-currency amounts.
type kindSums map[ledger.Kind]decimal.Decimal

func (k kindSums) add(kind ledger.Kind, d decimal.Decimal) { k[kind] = k[kind].Add(d) }

// figures turns signed sums into the report's magnitudes.
func (k kindSums) figures() (f Figures, withheld decimal.Decimal) {
	f.Gross = k[ledger.Income]
	f.Refunds = k[ledger.Refund].Neg()
	f.Fees = k[ledger.Fee].Neg()
	f.Expenses = k[ledger.Expense].Neg()
	f.Net = f.Gross.Sub(f.Refunds).Sub(f.Fees)
	return f, k[ledger.TaxWithheld].Neg()
}

// tally adds up the entries as the Summary's formulas do, so that each
// formula's cached value is what the formula computes from the Entries
// sheet. While streaming it keeps one sum per (source, month, kind) and per
// (source, currency, kind); finish derives the Summary's slices from them.
type tally struct {
	total, transfers, unclassified int
	monthCount                     [12]int
	sourceCount                    map[string]int
	home                           map[groupKey]decimal.Decimal
	amount                         map[origKey]decimal.Decimal
	rates                          map[rateKey]int
	rateOrder                      []rateKey

	// derived by finish
	all     kindSums
	months  [12]kindSums
	sources map[string]kindSums
	orig    map[[2]string]kindSums // (source, currency), in that currency
}

type groupKey struct {
	source string
	month  int
	kind   ledger.Kind
}

type origKey struct {
	source, currency string
	kind             ledger.Kind
}

// rateKey is one rate as the entries used it; date is a date serial (0 for
// none).
type rateKey struct {
	date                              int64
	base, quote, rate, source, policy string
}

func (t *tally) init() {
	t.sourceCount = map[string]int{}
	t.home = map[groupKey]decimal.Decimal{}
	t.amount = map[origKey]decimal.Decimal{}
	t.rates = map[rateKey]int{}
}

func (t *tally) add(e ledger.Entry, home string) {
	t.total++
	t.sourceCount[e.Source]++
	m := int(e.Date.Month())
	t.monthCount[m-1]++
	switch e.Kind {
	case ledger.Transfer:
		t.transfers++
	case ledger.Unclassified:
		t.unclassified++
	}
	ok := origKey{e.Source, e.Currency, e.Kind}
	t.amount[ok] = t.amount[ok].Add(e.Amount)
	if e.Rate.Valid && e.Currency != home {
		k := rateKey{0, e.Currency, home, RateString(e), e.RateSource, e.RatePolicy}
		if !e.RateDate.IsZero() {
			k.date = excelDate(e.RateDate)
		}
		if _, seen := t.rates[k]; !seen {
			t.rateOrder = append(t.rateOrder, k)
		}
		t.rates[k]++
	}
	if e.Home.Valid {
		g := groupKey{e.Source, m, e.Kind}
		t.home[g] = t.home[g].Add(e.Home.Decimal)
	}
}

func (t *tally) finish() {
	t.all = kindSums{}
	for i := range t.months {
		t.months[i] = kindSums{}
	}
	t.sources = map[string]kindSums{}
	for g, d := range t.home {
		t.all.add(g.kind, d)
		t.months[g.month-1].add(g.kind, d)
		s := t.sources[g.source]
		if s == nil {
			s = kindSums{}
			t.sources[g.source] = s
		}
		s.add(g.kind, d)
	}
	t.orig = map[[2]string]kindSums{}
	for k, d := range t.amount {
		o := t.orig[[2]string{k.source, k.currency}]
		if o == nil {
			o = kindSums{}
			t.orig[[2]string{k.source, k.currency}] = o
		}
		o.add(k.kind, d)
	}
}

// rateValue is the rate an entry was converted at: exact, or to 10 places
// when it is a quotient.
