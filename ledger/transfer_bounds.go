package ledger

// The bounds transfer matching compares amounts within, as exact integers
// of micro-units: fee tolerances, rate bands and the day's rate.

import (
	"math/bits"
	"time"

	"github.com/shopspring/decimal"
)

// unitScale is the fixed scale of the integers amounts are compared as.
const unitScale = 6

var (
	maxUnitAmount = decimal.New(9, 12)
	maxUnits      = maxUnitAmount.Shift(unitScale).IntPart()
)

// microUnits returns |d| in micro-units, or false when it does not fit
// exactly.
func microUnits(d decimal.Decimal) (int64, bool) {
	a := d.Abs()
	if !a.LessThan(maxUnitAmount) {
		return 0, false
	}
	s := a.Shift(unitScale)
	if !s.IsInteger() {
		return 0, false
	}
	return s.IntPart(), true
}

// ceilUnits and floorUnits turn a non-negative bound into micro-units,
// rounding inward so that integer comparisons stay exact; beyond every
// representable amount they saturate at maxUnits.
func ceilUnits(d decimal.Decimal) int64 {
	if !d.LessThan(maxUnitAmount) {
		return maxUnits
	}
	return d.Shift(unitScale).Ceil().IntPart()
}

func floorUnits(d decimal.Decimal) int64 {
	if !d.LessThan(maxUnitAmount) {
		return maxUnits
	}
	return d.Shift(unitScale).Floor().IntPart()
}

func dayNumber(t time.Time) int32 {
	return int32(t.UTC().Truncate(24*time.Hour).Unix() / 86400)
}

// ratio is a non-negative exact fraction n/d of machine integers: the fast
// path of the bounds. ok is false when a value does not fit.
type ratio struct {
	n, d uint64
	ok   bool
}

var pow10 = func() []uint64 {
	p := []uint64{1}
	for len(p) < 20 {
		p = append(p, p[len(p)-1]*10)
	}
	return p
}()

func ratioOf(x decimal.Decimal) ratio {
	if x.IsNegative() {
		return ratio{}
	}
	c, e := x.Coefficient(), x.Exponent()
	if !c.IsUint64() {
		return ratio{}
	}
	n := c.Uint64()
	for n != 0 && n%10 == 0 && e < 0 {
		n, e = n/10, e+1
	}
	if e >= 0 {
		if e >= int32(len(pow10)) {
			return ratio{}
		}
		hi, lo := bits.Mul64(n, pow10[e])
		return ratio{n: lo, d: 1, ok: hi == 0}
	}
	if -e >= int32(len(pow10)) {
		return ratio{}
	}
	return ratio{n: n, d: pow10[-e], ok: true}
}

func gcd(a, b uint64) uint64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// mul multiplies two ratios, reduced, or fails on overflow.
func (r ratio) mul(s ratio) ratio {
	if !r.ok || !s.ok || r.d == 0 || s.d == 0 {
		return ratio{}
	}
	a, b, c, d := r.n, r.d, s.n, s.d
	if g := gcd(a, d); g > 1 {
		a, d = a/g, d/g
	}
	if g := gcd(c, b); g > 1 {
		c, b = c/g, b/g
	}
	h1, n := bits.Mul64(a, c)
	h2, m := bits.Mul64(b, d)
	return ratio{n: n, d: m, ok: h1 == 0 && h2 == 0}
}

func (r ratio) inverse() ratio {
	return ratio{n: r.d, d: r.n, ok: r.ok && r.n != 0}
}

// floor and ceil return a·n/d rounded, exactly, or false on overflow.
func (r ratio) floor(a int64) (int64, bool) {
	hi, lo := bits.Mul64(uint64(a), r.n)
	if !r.ok || hi >= r.d {
		return 0, false
	}
	q, _ := bits.Div64(hi, lo, r.d)
	return int64(q), q <= uint64(maxUnits)
}

func (r ratio) ceil(a int64) (int64, bool) {
	hi, lo := bits.Mul64(uint64(a), r.n)
	if !r.ok || hi >= r.d {
		return 0, false
	}
	q, rem := bits.Div64(hi, lo, r.d)
	if rem != 0 {
		q++
	}
	return int64(q), q <= uint64(maxUnits)
}

// feeRule is the fee tolerance of one run, ready for each transfer.
type feeRule struct {
	part, max       decimal.Decimal // FeePercent/100, FeeMaxPercent/100
	fastPart, fastM ratio
	fixed           map[string]decimal.Decimal
	fixedUnits      map[string]int64
}

func newFeeRule(rules TransferRules) *feeRule {
	hundred := decimal.NewFromInt(100)
	f := &feeRule{part: rules.FeePercent.Div(hundred), max: rules.FeeMaxPercent.Div(hundred),
		fixed: rules.FeeFixed, fixedUnits: map[string]int64{}}
	f.fastPart = ratioOf(rules.FeePercent).mul(ratio{1, 100, true})
	f.fastM = ratioOf(rules.FeeMaxPercent).mul(ratio{1, 100, true})
	for cur, amt := range rules.FeeFixed {
		f.fixedUnits[cur] = floorUnits(amt)
	}
	return f
}

// sameBounds are the amounts, in micro-units, a credit in the transfer's
// own currency may have: [abs − fee, abs] where fee = min(max(abs·part,
// fixed), abs·max). Since abs is whole, abs − fee rounded up is abs minus
// fee rounded down, and rounding down commutes with min and max.
func (f *feeRule) sameBounds(abs int64, absDec decimal.Decimal, cur string) (lo, hi int64) {
	p, ok1 := f.fastPart.floor(abs)
	m, ok2 := f.fastM.floor(abs)
	if !ok1 || !ok2 {
		return f.slowSameBounds(absDec, cur)
	}
	fee := p
	if fx, ok := f.fixedUnits[cur]; ok && fx > fee {
		fee = fx
	}
	fee = min(fee, m)
	return abs - fee, abs
}

func (f *feeRule) slowSameBounds(absDec decimal.Decimal, cur string) (lo, hi int64) {
	fee := absDec.Mul(f.part)
	if fx, ok := f.fixed[cur]; ok && fx.GreaterThan(fee) {
		fee = fx
	}
	if m := absDec.Mul(f.max); fee.GreaterThan(m) {
		fee = m
	}
	return ceilUnits(absDec.Sub(fee)), floorUnits(absDec)
}

// band is the day's rate of one pair with the band around it: a credit in
// the other currency may have abs·lo to abs·hi, lo = num/den·(1 − band),
// hi = num/den·(1 + band).
type band struct {
	lo, hi         decimal.Decimal // as exact fractions: loN/den, hiN/den
	den            decimal.Decimal
	fastLo, fastHi ratio
}

func newBand(num, den, bandLo, bandHi decimal.Decimal) band {
	b := band{lo: num.Mul(bandLo), hi: num.Mul(bandHi), den: den}
	inv := ratioOf(den).inverse()
	b.fastLo = ratioOf(num).mul(ratioOf(bandLo)).mul(inv)
	b.fastHi = ratioOf(num).mul(ratioOf(bandHi)).mul(inv)
	return b
}

func (b band) bounds(abs int64, absDec decimal.Decimal) (lo, hi int64) {
	lo, ok1 := b.fastLo.ceil(abs)
	hi, ok2 := b.fastHi.floor(abs)
	if ok1 && ok2 {
		return lo, hi
	}
	return b.slowBounds(absDec)
}

func (b band) slowBounds(absDec decimal.Decimal) (lo, hi int64) {
	a := absDec.Shift(unitScale)
	ql, rl := a.Mul(b.lo).QuoRem(b.den, 0)
	if rl.IsPositive() {
		ql = ql.Add(decimal.NewFromInt(1))
	}
	qh, _ := a.Mul(b.hi).QuoRem(b.den, 0)
	return ceilUnits(ql.Shift(-unitScale)), floorUnits(qh.Shift(-unitScale))
}

// rateCache finds the day's band once per (date, pair).
type rateCache struct {
	fn             FindRate
	bandLo, bandHi decimal.Decimal
	cache          map[rateKey]rateVal
}

type rateKey struct {
	day      int32
	from, to string
}

type rateVal struct {
	b  band
	ok bool
}

func (c *rateCache) find(date time.Time, day int32, from, to string) (band, bool) {
	if c.fn == nil {
		return band{}, false
	}
	k := rateKey{day, from, to}
	if v, ok := c.cache[k]; ok {
		return v.b, v.ok
	}
	var v rateVal
	if r, err := c.fn(date, from, to); err == nil && r.Rate.IsPositive() && !r.Div.IsNegative() {
		den := r.Div
		if den.IsZero() {
			den = decimal.NewFromInt(1)
		}
		v = rateVal{newBand(r.Rate, den, c.bandLo, c.bandHi), true}
	}
	c.cache[k] = v
	return v.b, v.ok
}
