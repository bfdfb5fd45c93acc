package fx

import (
	"errors"
	"fmt"
	"github.com/incomeledger/income/errs"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// Rate says how many Quote units one Base unit buys, Rate/Div, from Date
// (through Until when set), as published by Source.
type Rate struct {
	// Date is the first day the rate applies: the publication day of a daily
	// rate, the Wednesday opening a Kurs Pajak window, 1 January for a
	// yearly average. Always midnight UTC.
	Date time.Time
	// Until, when set, is the last day the rate applies (inclusive): the
	// Tuesday closing a Kurs Pajak window, 31 December for a yearly average.
	Until time.Time
	Base  string
	Quote string
	// Rate/Div is the price of one Base unit in Quote units. Div zero means
	// 1. A JPY Kurs Pajak figure (per 100 yen) keeps the published number in
	// Rate and 100 in Div; an IRS yearly average (units per USD) is 1/units.
	Rate decimal.Decimal
	Div  decimal.Decimal
	// Source names the publisher and series (see the Source* constants).
	Source string
	// Policy is set on rates a Lookup returns: the policy that chose it.
	Policy string
	// Ref cites the publication, e.g. a KMK number or a page address.
	Ref string
	// Note is a caveat a report should show beside figures using the rate.
	Note string
	// Legs, on a cross rate, holds the two rates it was computed from
	// (from→via, via→to); nil otherwise. A pointer keeps Rate comparable.
	Legs *[2]Rate
}

// DateLayout is the one date layout of rate files and the ledger.
const DateLayout = "2006-01-02"

// Source names of the rates this package reads. Frankfurter rates are named
// "frankfurter-" plus the lower-case provider key (frankfurter-ecb).
const (
	SourceECB            = "ecb"
	SourceVCBTransferBuy = "vietcombank-transfer-buy"
	SourceVCBCashBuy     = "vietcombank-cash-buy"
	SourceVCBSell        = "vietcombank-sell"
	SourceKursPajak      = "kurs-pajak"
	SourceIRS            = "irs-yearly-average"
	SourceRealised       = "realised"
	// SourceFile marks rates from a plain CSV without a source column.
	SourceFile = "file"
	// SourceIdentity marks the rate 1 between a currency and itself.
	SourceIdentity = "identity"
)

var (
	// ErrMissing is wrapped by lookups that find no usable rate.
	ErrMissing = errors.New("no exchange rate")
	// ErrInvalid is wrapped by every error about the content of a rates
	// file or response (see ParseError).
	// It is errs.ErrInvalid, shared by every package.
	ErrInvalid = errs.ErrInvalid
	// ErrFetch is wrapped by errors talking to a rate publisher.
	ErrFetch = errors.New("fetching rates")
)

// Lookup finds the rate that converts currency from into currency to for an
// entry dated date. The returned Rate has Base=from and Quote=to, and
// carries the date, source and policy of the rate actually used.
type Lookup interface {
	Find(date time.Time, from, to string) (Rate, error)
}

var one = decimal.NewFromInt(1)

// Divisor returns Div, or 1 when Div is zero.
func (r Rate) Divisor() decimal.Decimal {
	if r.Div.IsZero() {
		return one
	}
	return r.Div
}

// Convert returns amount*Rate/Div rounded half away from zero to places
// decimal places. It is exact up to that single rounding.
func (r Rate) Convert(amount decimal.Decimal, places int32) decimal.Decimal {
	p := amount.Mul(r.Rate)
	if r.Div.IsZero() {
		return p.Round(places)
	}
	return p.DivRound(r.Div, places)
}

// Value returns Rate/Div rounded half away from zero to places decimal
// places, for display and storage beside a converted amount.
func (r Rate) Value(places int32) decimal.Decimal {
	return r.Convert(one, places)
}

// Ratio renders the exact rate: "25412", or "16715.27/1.0321" when Div is
// not 1.
func (r Rate) Ratio() string {
	if r.Div.IsZero() || r.Div.Equal(one) {
		return r.Rate.String()
	}
	return r.Rate.String() + "/" + r.Div.String()
}

// Inverse returns the rate from Quote to Base, exactly: Div/Rate.
func (r Rate) Inverse() Rate {
	inv := r
	inv.Base, inv.Quote = r.Quote, r.Base
	inv.Rate, inv.Div = r.Divisor(), r.Rate
	if inv.Div.Equal(one) {
		inv.Div = decimal.Decimal{}
	}
	inv.Legs = nil
	return inv
}

// The range of dates a rate (and a ledger entry) may carry: years
// MinYear to MaxYear. A date outside it is a typo or a broken export.
const (
	MinYear = 1900
	MaxYear = 2199
)

// CheckYear refuses a date outside the years MinYear to MaxYear.
func CheckYear(t time.Time) error {
	if y := t.Year(); y < MinYear || y > MaxYear {
		return fmt.Errorf("date %s: outside the years %d to %d", t.Format(DateLayout), MinYear, MaxYear)
	}
	return nil
}

// The range of rates: a rate's value Rate/Div lies within 10^-MaxRateExp
// to 10^MaxRateExp (real rates span about 10^-6 to 10^6), and Rate and Div
// each have at most MaxRateDigits significant digits, so that amounts
// converted at any rate stay within the ledger's range or are refused.
const (
	MaxRateExp    = 12
	MaxRateDigits = 24
)

var (
	maxRateValue = decimal.New(1, MaxRateExp)
	minRateValue = decimal.New(1, -MaxRateExp)
)

// checkRateRange refuses a rate outside the range above.
func (r Rate) checkRateRange() error {
	for _, d := range []decimal.Decimal{r.Rate, r.Div} {
		if n := len(d.Coefficient().String()); !d.IsZero() && n > MaxRateDigits {
			return fmt.Errorf("rate %s: more than %d significant digits", r.Ratio(), MaxRateDigits)
		}
	}
	div := r.Divisor()
	if r.Rate.GreaterThan(maxRateValue.Mul(div)) || r.Rate.LessThan(minRateValue.Mul(div)) {
		return fmt.Errorf("rate %s: outside 10^-%d to 10^%d", r.Ratio(), MaxRateExp, MaxRateExp)
	}
	return nil
}

// Validate checks the parts every rate needs: a date in the years MinYear
// to MaxYear, two different three-letter codes, a positive Rate and a
// non-negative Div, and a value in the range of rates.
func (r Rate) Validate() error {
	switch {
	case r.Date.IsZero():
		return errors.New("no date")
	case CheckYear(r.Date) != nil:
		return CheckYear(r.Date)
	case !isCode(r.Base) || !isCode(r.Quote):
		return fmt.Errorf("pair %q/%q: want ISO 4217 codes", r.Base, r.Quote)
	case r.Base == r.Quote:
		return fmt.Errorf("pair %s/%s: same currency", r.Base, r.Quote)
	case !r.Rate.IsPositive():
		return fmt.Errorf("rate %s: not positive", r.Rate)
	case r.Div.IsNegative():
		return fmt.Errorf("divisor %s: negative", r.Div)
	case !r.Until.IsZero() && r.Until.Before(r.Date):
		return fmt.Errorf("valid until %s, before %s", r.Until.Format(DateLayout), r.Date.Format(DateLayout))
	case !r.Until.IsZero() && CheckYear(r.Until) != nil:
		return CheckYear(r.Until)
	}
	return r.checkRateRange()
}

// cross multiplies a from→via rate by a via→to rate, exactly.
func cross(a, b Rate) Rate {
	r := Rate{
		Base:   a.Base,
		Quote:  b.Quote,
		Date:   a.Date,
		Rate:   a.Rate.Mul(b.Rate),
		Div:    a.Divisor().Mul(b.Divisor()),
		Source: a.Source,
		Policy: a.Policy,
		Legs:   &[2]Rate{a, b},
	}
	if b.Date.Before(r.Date) {
		r.Date = b.Date
	}
	if r.Div.Equal(one) {
		r.Div = decimal.Decimal{}
	}
	if b.Source != a.Source {
		r.Source = a.Source + "+" + b.Source
	}
	if b.Policy != a.Policy {
		r.Policy = a.Policy + "+" + b.Policy
	}
	r.Note = joinNotes(a.Note, b.Note)
	return r
}

func joinNotes(a, b string) string {
	switch {
	case a == "" || a == b:
		return b
	case b == "":
		return a
	}
	return a + "; " + b
}

// identity is the rate 1 between a currency and itself.
func identity(date time.Time, cur, policy string) Rate {
	return Rate{Date: date, Base: cur, Quote: cur, Rate: one, Source: SourceIdentity, Policy: policy}
}

// Day returns t's calendar date as midnight UTC, the form every Rate.Date
// takes; lookups apply it to the dates they are given.
func Day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func isCode(s string) bool {
	if len(s) != 3 {
		return false
	}
	for i := 0; i < 3; i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}

func normCode(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }
