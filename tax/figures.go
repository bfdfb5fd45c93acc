package tax

import (
	"fmt"

	"github.com/shopspring/decimal"
)

// Figures are the ledger's year in the home currency (magnitudes, all >= 0
// except Net which may be negative). Net = Gross - Refunds - Fees, and each
// field of the year equals the sum of its twelve months.
type Figures struct {
	Year                                          int
	Currency                                      string // home currency, e.g. "VND"
	Gross, Refunds, Fees, Expenses, Net, Withheld decimal.Decimal
	Months                                        [12]Period // January..December, same fields
}

// Period is one month of Figures.
type Period struct{ Gross, Refunds, Fees, Expenses, Net decimal.Decimal }

// The figures a regime can tax (its `base:` in the rules data):
//
//	gross    Gross: everything earned, before refunds and fees
//	revenue  Gross - Refunds: turnover; fees and expenses are not deductible
//	net      Gross - Refunds - Fees (Figures.Net): what the platforms paid out
//	profit   Net - Expenses - Facts.Expenses: net of every deductible cost
var baseLabels = map[string]string{
	"gross":   "gross",
	"revenue": "gross - refunds",
	"net":     "gross - refunds - platform fees",
	"profit":  "gross - refunds - platform fees - expenses - config expenses",
}

// base returns the named figure for the year; Facts.Expenses counts in
// profit for the year only (it has no months).
func (f Figures) base(name string, facts Facts) decimal.Decimal {
	return pick(name, Period{Gross: f.Gross, Refunds: f.Refunds, Fees: f.Fees, Expenses: f.Expenses, Net: f.Net}).Sub(profitExtra(name, facts))
}

func profitExtra(name string, facts Facts) decimal.Decimal {
	if name == "profit" {
		return facts.Expenses
	}
	return decimal.Zero
}

// monthBase returns the named figure for month m (1-12), without Facts.Expenses.
func (f Figures) monthBase(name string, m int) decimal.Decimal {
	return pick(name, f.Months[m-1])
}

func pick(name string, p Period) decimal.Decimal {
	switch name {
	case "gross":
		return p.Gross
	case "revenue":
		return p.Gross.Sub(p.Refunds)
	case "net":
		return p.Net
	case "profit":
		return p.Net.Sub(p.Expenses)
	}
	panic("tax: unknown base " + name) // validated when the rules are loaded
}

// check verifies the invariants of Figures.
func (f Figures) check() error {
	type field struct {
		name string
		year decimal.Decimal
		get  func(Period) decimal.Decimal
	}
	fields := []field{
		{"gross", f.Gross, func(p Period) decimal.Decimal { return p.Gross }},
		{"refunds", f.Refunds, func(p Period) decimal.Decimal { return p.Refunds }},
		{"fees", f.Fees, func(p Period) decimal.Decimal { return p.Fees }},
		{"expenses", f.Expenses, func(p Period) decimal.Decimal { return p.Expenses }},
		{"net", f.Net, func(p Period) decimal.Decimal { return p.Net }},
	}
	// Net may be negative, and so may fees: they are net of fee refunds, and
	// a month in which a platform refunded more fees than it charged (Upwork's
	// "Service fee refund") has negative fees.
	mayBeNegative := func(name string) bool { return name == "net" || name == "fees" }
	for _, fl := range fields {
		sum := decimal.Zero
		for m, p := range f.Months {
			v := fl.get(p)
			if !mayBeNegative(fl.name) && v.IsNegative() {
				return fmt.Errorf("figures: %d-%02d %s %s: must not be negative", f.Year, m+1, fl.name, v)
			}
			sum = sum.Add(v)
		}
		if !mayBeNegative(fl.name) && fl.year.IsNegative() {
			return fmt.Errorf("figures: %d %s %s: must not be negative", f.Year, fl.name, fl.year)
		}
		if !sum.Equal(fl.year) {
			return fmt.Errorf("figures: %d %s is %s but its months add up to %s", f.Year, fl.name, fl.year, sum)
		}
	}
	if f.Withheld.IsNegative() {
		return fmt.Errorf("figures: %d withheld %s: must not be negative", f.Year, f.Withheld)
	}
	for m, p := range append(f.Months[:], Period{Gross: f.Gross, Refunds: f.Refunds, Fees: f.Fees, Net: f.Net}) {
		if want := p.Gross.Sub(p.Refunds).Sub(p.Fees); !p.Net.Equal(want) {
			where := fmt.Sprintf("%d-%02d", f.Year, m+1)
			if m == 12 {
				where = fmt.Sprint(f.Year)
			}
			return fmt.Errorf("figures: %s net %s is not gross - refunds - fees (%s)", where, p.Net, want)
		}
	}
	return nil
}
