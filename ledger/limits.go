package ledger

import (
	"fmt"
	"strings"

	"github.com/incomeledger/income/fx"
	"github.com/shopspring/decimal"
)

// The ledger's range. Every amount it keeps — an entry's amount in its own
// currency and its home amount — lies strictly between -MaxAmount and
// MaxAmount (10^14: one hundred trillion units of any currency), and every
// date in the years fx.MinYear to fx.MaxYear. Rates are bounded by
// fx.Rate.Validate. Inside that range an amount is an exact int64 of minor
// units (at most 10^17) and of home units (10^18); sums are added with
// overflow checks, and a group whose sum would not fit is summed exactly in
// decimals instead, so a total is never wrapped.
const MaxAmountExp = 14

// MaxAmount is 10^MaxAmountExp.
var MaxAmount = decimal.New(1, MaxAmountExp)

// checkAmount refuses an amount outside the ledger's range.
func checkAmount(what string, d decimal.Decimal) error {
	// d = c×10^e with c of n digits lies in [10^(n-1+e), 10^(n+e)): below
	// 10^14 exactly when n+e <= 14.
	if !d.IsZero() && d.NumDigits()+int(d.Exponent()) > MaxAmountExp {
		return fmt.Errorf("%s %s: beyond the ledger's range (less than 10^%d in absolute value)", what, d, MaxAmountExp)
	}
	return nil
}

// addInt64 adds exactly, or reports that the sum does not fit.
func addInt64(a, b int64) (int64, bool) {
	s := a + b
	// overflow when a and b share a sign that s does not
	return s, (a >= 0) != (b >= 0) || (s >= 0) == (a >= 0)
}

// validText is s with every invalid UTF-8 sequence replaced by U+FFFD, so
// that every export of the ledger stays readable.
func validText(s string) string {
	return strings.ToValidUTF8(s, "\uFFFD")
}

// checkDate refuses a date outside the years fx.MinYear to fx.MaxYear.
var checkDate = fx.CheckYear
