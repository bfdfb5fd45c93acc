package fx

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

type pair struct{ base, quote string }

// index holds rates by pair, each series sorted by date then source, and
// which currencies each currency has a series with (for cross rates).
type index struct {
	series map[pair][]Rate
	adj    map[string][]string // neighbours in pivot order
	adjSet map[string]map[string]bool
}

func buildIndex(rates []Rate, keep func(Rate) bool) index {
	ix := index{series: map[pair][]Rate{}, adjSet: map[string]map[string]bool{}}
	for _, r := range rates {
		r.Base, r.Quote = normCode(r.Base), normCode(r.Quote)
		if r.Validate() != nil || (keep != nil && !keep(r)) {
			continue
		}
		r.Date = Day(r.Date)
		if !r.Until.IsZero() {
			r.Until = Day(r.Until)
		}
		r.Policy, r.Legs = "", nil
		p := pair{r.Base, r.Quote}
		ix.series[p] = append(ix.series[p], r)
		for _, e := range [][2]string{{r.Base, r.Quote}, {r.Quote, r.Base}} {
			if ix.adjSet[e[0]] == nil {
				ix.adjSet[e[0]] = map[string]bool{}
			}
			ix.adjSet[e[0]][e[1]] = true
		}
	}
	for _, s := range ix.series {
		sort.SliceStable(s, func(i, j int) bool {
			if !s[i].Date.Equal(s[j].Date) {
				return s[i].Date.Before(s[j].Date)
			}
			return s[i].Source < s[j].Source
		})
	}
	ix.adj = make(map[string][]string, len(ix.adjSet))
	for c, set := range ix.adjSet {
		l := make([]string, 0, len(set))
		for n := range set {
			l = append(l, n)
		}
		sort.Slice(l, func(i, j int) bool { return pivotLess(l[i], l[j]) })
		ix.adj[c] = l
	}
	return ix
}

// pivotLess orders bridge currencies: EUR (the ECB's base), USD, then
// alphabetically.
func pivotLess(a, b string) bool {
	ra, rb := pivotRank(a), pivotRank(b)
	if ra != rb {
		return ra < rb
	}
	return a < b
}

func pivotRank(c string) int {
	switch c {
	case "EUR":
		return 0
	case "USD":
		return 1
	}
	return 2
}

// pivots lists the currencies that have a series with both from and to.
func (ix *index) pivots(from, to string) []string {
	var out []string
	for _, c := range ix.adj[from] {
		if c != to && ix.adjSet[to][c] {
			out = append(out, c)
		}
	}
	return out
}

// Table is an in-memory set of rates read under one policy. NewTable gives
// the daily policy (the latest rate on or before the date); NewPolicy gives
// the others. A pair is found directly, else as the exact inverse of the
// opposite pair, else as an exact cross through a currency both sides have
// a series with (EUR first, then USD, then alphabetically). Each leg is
// found under the table's policy; restrict the source to keep both legs
// from one publisher.
type Table struct {
	ix     index
	policy string
	// Source, when set, restricts lookups to rates of that source.
	Source string
	// MaxAge, when positive, makes the daily policy refuse a rate more than
	// MaxAge days older than the date asked for (a gap in the data rather
	// than a weekend or holiday).
	MaxAge int
	// Ahead, when positive, makes the daily policy take the earliest rate
	// up to Ahead days after the date when none is on or before it (the
	// transfer matcher's window).
	Ahead int
}

// NewTable builds a daily-policy table from rates in any order. Rates that
// fail Validate are left out.
func NewTable(rates []Rate) *Table {
	return &Table{ix: buildIndex(rates, nil), policy: PolicyDaily}
}

// Policy returns the name of the table's policy.
func (t *Table) Policy() string { return t.policy }

// Find implements Lookup under the table's policy.
func (t *Table) Find(date time.Time, from, to string) (Rate, error) {
	date, from, to = Day(date), normCode(from), normCode(to)
	if from == to {
		return identity(date, from, t.policy), nil
	}
	r, ok := t.pairRate(from, to, date)
	if !ok {
		r, ok = t.crossRate(from, to, date)
	}
	if !ok {
		return Rate{}, &MissingError{Date: date, From: from, To: to, Policy: t.policy, Source: t.Source}
	}
	if t.policy == PolicyDaily && t.MaxAge > 0 && date.Sub(r.Date) > time.Duration(t.MaxAge)*24*time.Hour {
		return Rate{}, &MissingError{Date: date, From: from, To: to, Policy: t.policy, Source: t.Source,
			Reason: fmt.Sprintf("latest is from %s, more than %d days earlier", r.Date.Format(DateLayout), t.MaxAge)}
	}
	return r, nil
}

func (t *Table) pairRate(from, to string, date time.Time) (Rate, bool) {
	if r, ok := t.leg(pair{from, to}, date); ok {
		r.Policy = t.policy
		return r, true
	}
	if r, ok := t.leg(pair{to, from}, date); ok {
		r.Policy = t.policy
		return r.Inverse(), true
	}
	return Rate{}, false
}

func (t *Table) crossRate(from, to string, date time.Time) (Rate, bool) {
	for _, p := range t.ix.pivots(from, to) {
		a, ok := t.pairRate(from, p, date)
		if !ok {
			continue
		}
		b, ok := t.pairRate(p, to, date)
		if !ok {
			continue
		}
		return cross(a, b), true
	}
	return Rate{}, false
}

// leg finds the rate of one published pair under the table's policy.
func (t *Table) leg(p pair, date time.Time) (Rate, bool) {
	s := t.ix.series[p]
	i := sort.Search(len(s), func(i int) bool { return s[i].Date.After(date) })
	for i--; i >= 0; i-- {
		if t.Source == "" || strings.EqualFold(s[i].Source, t.Source) {
			break
		}
	}
	if i < 0 {
		return t.ahead(s, date)
	}
	r := s[i]
	switch t.policy {
	case PolicyWeekly:
		if date.After(windowEnd(r)) {
			return Rate{}, false
		}
	case PolicyYearly:
		if r.Date.Year() != date.Year() || (!r.Until.IsZero() && date.After(r.Until)) {
			return Rate{}, false
		}
	}
	return r, true
}

// ahead finds the earliest rate of series s (of the table's source) dated
// after date by at most t.Ahead days, under the daily policy.
func (t *Table) ahead(s []Rate, date time.Time) (Rate, bool) {
	if t.Ahead <= 0 || t.policy != PolicyDaily {
		return Rate{}, false
	}
	for _, r := range s {
		if r.Date.Sub(date) > time.Duration(t.Ahead)*24*time.Hour {
			break
		}
		if t.Source == "" || strings.EqualFold(r.Source, t.Source) {
			return r, true
		}
	}
	return Rate{}, false
}

// windowEnd is the last day of a weekly rate: Until, or six days after
// Date (Wednesday to Tuesday) when Until is not set.
func windowEnd(r Rate) time.Time {
	if !r.Until.IsZero() {
		return r.Until
	}
	return r.Date.AddDate(0, 0, 6)
}

// MissingError says which rate a lookup could not find. It wraps ErrMissing.
type MissingError struct {
	Date     time.Time
	From, To string
	Policy   string
	Source   string // the source restriction, if any
	Reason   string
}

func (e *MissingError) Error() string {
	var when string
	switch e.Policy {
	case PolicyWeekly:
		when = "in a window covering " + e.Date.Format(DateLayout)
	case PolicyYearly:
		when = fmt.Sprintf("for the year %d", e.Date.Year())
	case PolicyRealised:
		when = "on or after " + e.Date.Format(DateLayout)
	default:
		when = "on or before " + e.Date.Format(DateLayout)
	}
	msg := fmt.Sprintf("%s for %s/%s %s", ErrMissing, e.From, e.To, when)
	var ctx []string
	if e.Policy != "" {
		ctx = append(ctx, "policy "+e.Policy)
	}
	if e.Source != "" {
		ctx = append(ctx, "source "+e.Source)
	}
	if len(ctx) > 0 {
		msg += " (" + strings.Join(ctx, ", ") + ")"
	}
	if e.Reason != "" {
		msg += ": " + e.Reason
	}
	return msg
}

func (e *MissingError) Unwrap() error { return ErrMissing }
