package fx

import (
	"cmp"
	"slices"
	"sort"
	"time"
)

// GapBusinessDays is how many missing business days (Monday to Friday) in
// a row make a gap in a daily series; shorter runs are weekends and
// holidays (the ECB closes at most four TARGET days in a row).
const GapBusinessDays = 4

// PairCoverage describes the rates held for one pair from one source, for
// `income rates list`.
type PairCoverage struct {
	Base   string `json:"base"`
	Quote  string `json:"quote"`
	Source string `json:"source"`
	// Cadence is "daily" (a rate per publication day) or "window" (rates
	// valid over a period: Kurs Pajak weeks, IRS years).
	Cadence string `json:"cadence"`
	First   string `json:"first"` // YYYY-MM-DD, the first day covered
	Last    string `json:"last"`  // the last day covered (a window's end)
	Count   int    `json:"count"`
	Gaps    []Gap  `json:"gaps"`
}

// Gap is a run of days with no rate inside a series: for a daily series
// more than GapBusinessDays business days, for a window series any day no
// window covers.
type Gap struct {
	From         string `json:"from"` // first day without a rate
	To           string `json:"to"`   // last day without a rate
	Days         int    `json:"days"`
	BusinessDays int    `json:"business_days"`
}

// Coverage summarises rates per pair and source, sorted by base, quote and
// source. Pairs are taken as published (USD/VND and VND/USD are two pairs).
func Coverage(rates []Rate) []PairCoverage {
	type key struct{ base, quote, source string }
	groups := map[key][]Rate{}
	for _, r := range rates {
		k := key{r.Base, r.Quote, r.Source}
		r.Date = Day(r.Date)
		if !r.Until.IsZero() {
			r.Until = Day(r.Until)
		}
		groups[k] = append(groups[k], r)
	}
	out := make([]PairCoverage, 0, len(groups))
	for k, rs := range groups {
		sort.SliceStable(rs, func(i, j int) bool { return rs[i].Date.Before(rs[j].Date) })
		window := true
		for _, r := range rs {
			if r.Until.IsZero() && r.Source != SourceKursPajak {
				window = false
				break
			}
		}
		pc := PairCoverage{Base: k.base, Quote: k.quote, Source: k.source, Cadence: "daily",
			Count: len(rs), First: rs[0].Date.Format(DateLayout), Gaps: []Gap{}}
		last := rs[0].Date
		if window {
			pc.Cadence = "window"
			last = windowEnd(rs[0])
		}
		for _, r := range rs[1:] {
			if window {
				if next := last.AddDate(0, 0, 1); r.Date.After(next) {
					pc.Gaps = append(pc.Gaps, newGap(next, r.Date.AddDate(0, 0, -1)))
				}
				if e := windowEnd(r); e.After(last) {
					last = e
				}
				continue
			}
			if r.Date.After(last) {
				from, to := last.AddDate(0, 0, 1), r.Date.AddDate(0, 0, -1)
				if !to.Before(from) && businessDays(from, to) > GapBusinessDays {
					pc.Gaps = append(pc.Gaps, newGap(from, to))
				}
				last = r.Date
			}
		}
		pc.Last = last.Format(DateLayout)
		out = append(out, pc)
	}
	slices.SortFunc(out, func(a, b PairCoverage) int {
		return cmp.Or(cmp.Compare(a.Base, b.Base), cmp.Compare(a.Quote, b.Quote), cmp.Compare(a.Source, b.Source))
	})
	return out
}

func newGap(from, to time.Time) Gap {
	return Gap{From: from.Format(DateLayout), To: to.Format(DateLayout),
		Days: int(to.Sub(from).Hours()/24) + 1, BusinessDays: businessDays(from, to)}
}

// businessDays counts Monday-to-Friday days in [from, to].
func businessDays(from, to time.Time) int {
	if to.Before(from) {
		return 0
	}
	days := int(to.Sub(from).Hours()/24) + 1
	n := (days / 7) * 5
	for d, i := from.AddDate(0, 0, (days/7)*7), 0; i < days%7; d, i = d.AddDate(0, 0, 1), i+1 {
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
			n++
		}
	}
	return n
}
