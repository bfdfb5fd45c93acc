package ledger

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// RateFilter selects stored rates; empty fields select any.
type RateFilter struct {
	Source      string
	Base, Quote string
	From, To    time.Time // inclusive dates
}

func (f RateFilter) where() (string, []any) {
	var conds []string
	var args []any
	for _, c := range []struct{ col, v string }{{"source", f.Source}, {"base", strings.ToUpper(f.Base)}, {"quote", strings.ToUpper(f.Quote)}} {
		if c.v != "" {
			conds = append(conds, c.col+" = ?")
			args = append(args, c.v)
		}
	}
	if !f.From.IsZero() {
		conds = append(conds, "date >= ?")
		args = append(args, f.From.Format(DateLayout))
	}
	if !f.To.IsZero() {
		conds = append(conds, "date <= ?")
		args = append(args, f.To.Format(DateLayout))
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// DeleteRates deletes the stored rates f selects and returns how many. The
// conversions made so far are forgotten (as when rates are added), so that
// no entry keeps a rate the ledger no longer holds; reports convert again.
func (s *Store) DeleteRates(ctx context.Context, f RateFilter) (int, error) {
	where, args := f.where()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, "DELETE FROM rates"+where, args...)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, err
	}
	if n > 0 {
		if err := forgetConversions(ctx, tx); err != nil {
			return 0, err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM conversions WHERE id NOT IN (SELECT conv FROM entries WHERE conv IS NOT NULL)"); err != nil {
			return 0, err
		}
		if err := bumpGeneration(ctx, tx); err != nil {
			return 0, err
		}
	}
	return int(n), tx.Commit()
}

// SuspectRate is a rate far from what the ledger's other rates say.
type SuspectRate struct {
	Rate   Rate
	Ref    decimal.Decimal // the median it was compared with
	Count  int             // rates the median is over
	Others bool            // compared with other sources (else its own series)
}

func (w SuspectRate) String() string {
	r := w.Rate
	v := r.Value(6)
	away := v.Sub(w.Ref).Abs().Div(w.Ref).Mul(decimal.NewFromInt(100)).Round(0)
	against := fmt.Sprintf("its %d neighbours of source %s", w.Count, r.Source)
	if w.Others {
		against = fmt.Sprintf("%d rates of other sources within %d days", w.Count, suspectWindowDays)
	}
	return fmt.Sprintf("%s %s/%s %s (source %s) is %s%% away from the median %s of %s: check the file (a rate is quote units per base unit)",
		r.Date.Format(DateLayout), r.Base, r.Quote, r.Ratio(), r.Source, away, w.Ref.Round(6).String(), against)
}

// suspectFactor: a rate more than this fraction away from its reference is
// suspect (issue 14 asks for "~50%").
var suspectFactor = decimal.RequireFromString("0.5")

// suspectNeighbours rates on each side make a rate's own-series reference,
// and other sources' rates within suspectWindowDays days its cross one.
const (
	suspectNeighbours = 3
	suspectWindowDays = 10
)

// CheckRates compares each of rates with the rates the ledger would hold
// after storing them: first with its neighbours in the same pair and
// source (the median of up to 3 on each side), else with the same pair's
// other sources (and the inverse pair) within 10 days. A rate more than 50%
// away from that median is returned.
func (s *Store) CheckRates(ctx context.Context, rates []Rate) ([]SuspectRate, error) {
	pairs := map[[2]string]bool{}
	for _, r := range rates {
		pairs[[2]string{r.Base, r.Quote}] = true
	}
	var all []Rate
	for p := range pairs {
		for _, q := range [][2]string{p, {p[1], p[0]}} {
			got, err := s.Rates(ctx, q[0], q[1])
			if err != nil {
				return nil, err
			}
			all = append(all, got...)
		}
	}
	return SuspectRates(all, rates), nil
}

type seriesKey struct{ base, quote, source string }

type point struct {
	date time.Time
	v    decimal.Decimal
}

// SuspectRates is CheckRates over stored rates given (incoming ones
// replace stored ones of the same date, pair and source).
func SuspectRates(stored, incoming []Rate) []SuspectRate {
	type key struct {
		seriesKey
		date string
	}
	merged := map[key]Rate{}
	for _, list := range [][]Rate{stored, incoming} {
		for _, r := range list {
			merged[key{seriesKey{r.Base, r.Quote, r.Source}, r.Date.Format(DateLayout)}] = r
		}
	}
	series := map[seriesKey][]point{}
	for k, r := range merged {
		if r.Rate.IsZero() {
			continue
		}
		series[k.seriesKey] = append(series[k.seriesKey], point{r.Date, r.Value(10)})
	}
	for _, ps := range series {
		slices.SortFunc(ps, func(a, b point) int { return a.date.Compare(b.date) })
	}
	var out []SuspectRate
	for _, r := range incoming {
		if r.Rate.IsZero() {
			continue
		}
		v := r.Value(10)
		if ref, n := neighbourMedian(series[seriesKey{r.Base, r.Quote, r.Source}], r.Date); n > 0 {
			if far(v, ref) {
				out = append(out, SuspectRate{Rate: r, Ref: ref, Count: n})
			}
			continue
		}
		if ref, n := otherSourcesMedian(series, r); n > 0 && far(v, ref) {
			out = append(out, SuspectRate{Rate: r, Ref: ref, Count: n, Others: true})
		}
	}
	slices.SortFunc(out, func(a, b SuspectRate) int { return a.Rate.Date.Compare(b.Rate.Date) })
	return out
}

func far(v, ref decimal.Decimal) bool {
	return ref.IsPositive() && v.Sub(ref).Abs().GreaterThan(ref.Mul(suspectFactor))
}

// neighbourMedian is the median of up to suspectNeighbours points on each
// side of date (the point at date excluded).
func neighbourMedian(ps []point, date time.Time) (decimal.Decimal, int) {
	i, _ := slices.BinarySearchFunc(ps, date, func(p point, d time.Time) int { return p.date.Compare(d) })
	var vs []decimal.Decimal
	for j := i - 1; j >= 0 && j >= i-suspectNeighbours; j-- {
		vs = append(vs, ps[j].v)
	}
	after := i
	if after < len(ps) && ps[after].date.Equal(date) {
		after++
	}
	for j := after; j < len(ps) && j < after+suspectNeighbours; j++ {
		vs = append(vs, ps[j].v)
	}
	return median(vs), len(vs)
}

// otherSourcesMedian is the median of the pair's other sources (and of the
// inverse pair's, inverted) within suspectWindowDays of r.
func otherSourcesMedian(series map[seriesKey][]point, r Rate) (decimal.Decimal, int) {
	var vs []decimal.Decimal
	lo, hi := r.Date.AddDate(0, 0, -suspectWindowDays), r.Date.AddDate(0, 0, suspectWindowDays)
	for k, ps := range series {
		inverse := k.base == r.Quote && k.quote == r.Base
		if !(k.base == r.Base && k.quote == r.Quote && k.source != r.Source) && !inverse {
			continue
		}
		for _, p := range ps {
			if p.date.Before(lo) || p.date.After(hi) {
				continue
			}
			if inverse {
				if p.v.IsZero() {
					continue
				}
				vs = append(vs, decimal.NewFromInt(1).DivRound(p.v, 10))
			} else {
				vs = append(vs, p.v)
			}
		}
	}
	return median(vs), len(vs)
}

func median(vs []decimal.Decimal) decimal.Decimal {
	if len(vs) == 0 {
		return decimal.Zero
	}
	slices.SortFunc(vs, func(a, b decimal.Decimal) int { return a.Cmp(b) })
	n := len(vs)
	if n%2 == 1 {
		return vs[n/2]
	}
	return vs[n/2-1].Add(vs[n/2]).Div(decimal.NewFromInt(2))
}
