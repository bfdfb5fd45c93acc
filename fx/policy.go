package fx

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// Policy names.
const (
	// PolicyDaily: the latest rate on or before the date.
	PolicyDaily = "daily"
	// PolicyWeekly: the rate whose validity window covers the date, from
	// Date through Until (or Date+6 days when Until is not set). Kurs Pajak
	// windows run Wednesday to Tuesday.
	PolicyWeekly = "weekly-window"
	// PolicyYearly: the average rate for the date's calendar year (the
	// embedded IRS table plus any yearly rates given).
	PolicyYearly = "yearly-average"
	// PolicyRealised: the rate actually obtained when the money was
	// converted (rates with source "realised"), else a fallback.
	PolicyRealised = "realised"
)

// Policies lists the policy names NewPolicy accepts.
func Policies() []string {
	return []string{PolicyDaily, PolicyWeekly, PolicyYearly, PolicyRealised}
}

// NewPolicy builds a lookup under the named policy over rates, keeping only
// rates of source when source is not empty. With an empty source every
// source counts except "realised", which only the realised policy reads.
//
//   - daily, weekly-window: as the Policy* constants say.
//   - yearly-average: the embedded IRS table (IRSYearly) plus the yearly
//     rates among rates (source irs-yearly-average, or valid 1 January to
//     31 December); a given rate wins over an embedded one for the same
//     pair, year and source.
//   - realised: the first realised rate on or after the date (the payout
//     that carried the money out, taking earnings first in, first out),
//     direct or inverse; when there is none (money not yet paid out, or no
//     matched transfer), the daily policy over the other rates of source.
//     Rule.Lookup falls back to the country's own policy instead.
func NewPolicy(name, source string, rates []Rate) (Lookup, error) {
	keep := func(r Rate) bool {
		if source == "" {
			return r.Source != SourceRealised
		}
		return strings.EqualFold(r.Source, source)
	}
	switch name {
	case PolicyDaily, PolicyWeekly:
		return &Table{ix: buildIndex(rates, keep), policy: name, Source: source}, nil
	case PolicyYearly:
		all := append(IRSYearly(), rates...)
		ix := buildIndex(all, func(r Rate) bool { return isYearly(r) && keep(r) })
		return &Table{ix: ix, policy: name, Source: source}, nil
	case PolicyRealised:
		fb := &Table{policy: PolicyDaily, Source: source, ix: buildIndex(rates, func(r Rate) bool {
			return r.Source != SourceRealised && (source == "" || strings.EqualFold(r.Source, source))
		})}
		return Realised(rates, fb), nil
	}
	return nil, fmt.Errorf("rate policy %q: want one of %s", name, strings.Join(Policies(), ", "))
}

// isYearly reports whether r is a yearly average: from the IRS table, or
// valid exactly from 1 January to 31 December of one year.
func isYearly(r Rate) bool {
	if r.Source == SourceIRS {
		return true
	}
	y := r.Date.Year()
	return r.Date.Equal(time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)) &&
		r.Until.Equal(time.Date(y, 12, 31, 0, 0, 0, 0, time.UTC))
}

type realised struct {
	ix       index
	fallback Lookup
}

// Realised returns a lookup that uses the first rate of source "realised"
// dated on or after the date (direct or inverse; never crossed), and asks
// fallback otherwise. A nil fallback makes a missing realised rate an error.
func Realised(rates []Rate, fallback Lookup) Lookup {
	return &realised{
		ix:       buildIndex(rates, func(r Rate) bool { return r.Source == SourceRealised }),
		fallback: fallback,
	}
}

func (l *realised) Find(date time.Time, from, to string) (Rate, error) {
	date, from, to = Day(date), normCode(from), normCode(to)
	if from == to {
		return identity(date, from, PolicyRealised), nil
	}
	if r, ok := l.next(pair{from, to}, date); ok {
		return r, nil
	}
	if r, ok := l.next(pair{to, from}, date); ok {
		return r.Inverse(), nil
	}
	if l.fallback == nil {
		return Rate{}, &MissingError{Date: date, From: from, To: to, Policy: PolicyRealised}
	}
	return l.fallback.Find(date, from, to)
}

func (l *realised) next(p pair, date time.Time) (Rate, bool) {
	s := l.ix.series[p]
	i := sort.Search(len(s), func(i int) bool { return !s[i].Date.Before(date) })
	if i == len(s) {
		return Rate{}, false
	}
	r := s[i]
	r.Policy = PolicyRealised
	return r, true
}

type fallback []Lookup

// Fallback returns a lookup that asks each lookup in turn and returns the
// first rate found. An error other than ErrMissing stops the search; when
// all miss, the first lookup's error is returned.
func Fallback(lookups ...Lookup) Lookup { return fallback(lookups) }

func (f fallback) Find(date time.Time, from, to string) (Rate, error) {
	var first error
	for _, l := range f {
		r, err := l.Find(date, from, to)
		if err == nil {
			return r, nil
		}
		if !errors.Is(err, ErrMissing) {
			return Rate{}, err
		}
		if first == nil {
			first = err
		}
	}
	if first == nil {
		first = &MissingError{Date: Day(date), From: from, To: to}
	}
	return Rate{}, first
}

type crossLookup struct {
	via           string
	first, second Lookup
}

// Cross returns a lookup that converts from→via with first and via→to with
// second, and multiplies the two exactly. Indonesia uses it for currencies
// outside the Kurs Pajak list: the daily spot rate to USD, then USD to IDR
// at the Kurs Pajak.
func Cross(via string, first, second Lookup) Lookup {
	return &crossLookup{via: normCode(via), first: first, second: second}
}

func (c *crossLookup) Find(date time.Time, from, to string) (Rate, error) {
	from, to = normCode(from), normCode(to)
	switch {
	case from == to:
		return identity(Day(date), from, ""), nil
	case from == c.via:
		return c.second.Find(date, from, to)
	case to == c.via:
		return c.first.Find(date, from, to)
	}
	a, err := c.first.Find(date, from, c.via)
	if err != nil {
		return Rate{}, err
	}
	b, err := c.second.Find(date, c.via, to)
	if err != nil {
		return Rate{}, err
	}
	return cross(a, b), nil
}

// Rule is the exchange rate a country's tax rules name for converting
// foreign income into the home currency.
type Rule struct {
	Country string // ISO 3166 alpha-2
	Home    string // home currency
	Policy  string // one of Policies()
	Source  string // the rate source the rules name ("" = any)
	// MaxAge, when positive, caps how stale a daily rate may be (days).
	MaxAge int
	// Via, when set, bridges currencies the source does not quote: foreign
	// → Via under ViaPolicy/ViaSource, then Via → home under the rule.
	Via       string
	ViaPolicy string
	ViaSource string
	// Reference cites the rule (see research/tax-rules.md).
	Reference string
}

// Rules lists the built-in rule of each supported country.
func Rules() []Rule {
	return []Rule{
		{
			Country: "VN", Home: "VND", Policy: PolicyDaily, Source: SourceVCBTransferBuy, MaxAge: 14,
			Via: "USD", ViaPolicy: PolicyDaily, ViaSource: "",
			Reference: "Circular 111/2013/TT-BTC as amended by Circular 92/2015/TT-BTC Art. 13: the transfer " +
				"buying rate of the bank holding the account when the income arises (no Vietnamese account: " +
				"Vietcombank); a currency without a VND quote is crossed through one that has one",
		},
		{
			Country: "ID", Home: "IDR", Policy: PolicyWeekly, Source: SourceKursPajak,
			Via: "USD", ViaPolicy: PolicyDaily, ViaSource: "", MaxAge: 14,
			Reference: "Kurs Pajak set weekly by Minister of Finance decision (KMK), valid Wednesday to " +
				"Tuesday; a currency outside the KMK list goes to USD at the daily spot rate, then to IDR " +
				"at the Kurs Pajak",
		},
		{
			Country: "US", Home: "USD", Policy: PolicyYearly, Source: SourceIRS,
			Reference: "IRS, Yearly Average Currency Exchange Rates: the IRS has no official rate and " +
				"accepts any posted rate used consistently; spot rate when received is the general rule, " +
				"the yearly average suits income received evenly (choose policy daily for spot)",
		},
	}
}

// RuleFor returns the built-in rule of a country (ISO 3166 alpha-2).
func RuleFor(country string) (Rule, error) {
	for _, r := range Rules() {
		if strings.EqualFold(r.Country, country) {
			return r, nil
		}
	}
	return Rule{}, fmt.Errorf("country %q: no exchange-rate rule (have VN, ID, US)", country)
}

// Lookup builds the rule's lookup over rates. Policy "realised" uses
// realised rates first and falls back to the country's built-in policy with
// the rule's source.
func (r Rule) Lookup(rates []Rate) (Lookup, error) {
	policy := r.Policy
	if policy == PolicyRealised {
		policy = PolicyDaily
		if def, err := RuleFor(r.Country); err == nil {
			policy = def.Policy
		}
	}
	build := func(policy, source string) (Lookup, error) {
		l, err := NewPolicy(policy, source, rates)
		if t, ok := l.(*Table); ok && r.MaxAge > 0 {
			t.MaxAge = r.MaxAge
		}
		return l, err
	}
	main, err := build(policy, r.Source)
	if err != nil {
		return nil, err
	}
	if r.Via != "" {
		first, err := build(r.ViaPolicy, r.ViaSource)
		if err != nil {
			return nil, err
		}
		main = Fallback(main, Cross(r.Via, first, main))
	}
	if r.Policy == PolicyRealised {
		main = Realised(rates, main)
	}
	return main, nil
}

// NewRealised records the rate a matched transfer obtained: fromAmount of
// from became toAmount of to on date. Signs are ignored.
func NewRealised(date time.Time, from string, fromAmount decimal.Decimal, to string, toAmount decimal.Decimal, ref string) (Rate, error) {
	r := Rate{Date: Day(date), Base: normCode(from), Quote: normCode(to), Rate: toAmount.Abs(), Div: fromAmount.Abs(), Source: SourceRealised, Ref: ref}
	if r.Div.IsZero() {
		return Rate{}, fmt.Errorf("realised rate %s/%s on %s: zero %s amount", r.Base, r.Quote, r.Date.Format(DateLayout), r.Base)
	}
	if err := r.Validate(); err != nil {
		return Rate{}, fmt.Errorf("realised rate on %s: %w", r.Date.Format(DateLayout), err)
	}
	return r, nil
}
