package tax

import (
	"fmt"

	"github.com/shopspring/decimal"
)

// band is the part of a base that falls in one bracket and its tax.
type band struct {
	n         int // 1-based bracket number
	b         bracket
	part, tax decimal.Decimal
}

// scaled returns the brackets with every bound multiplied by k (a monthly
// schedule applied to a year is scaled by 12, to a quarter by 3).
func scaled(bs []bracket, k int64) []bracket {
	out := make([]bracket, len(bs))
	f := decimal.NewFromInt(k)
	for i, b := range bs {
		b.lower = b.lower.Mul(f)
		if !b.open {
			b.upper = b.upper.Mul(f)
		}
		out[i] = b
	}
	return out
}

// progressive applies a marginal schedule to x: each bracket taxes the part of
// x between its lower and upper bound (x exactly at a bound is in the lower
// bracket; the result is the same either way). It returns the exact tax and the
// bands x reaches.
func progressive(bs []bracket, x decimal.Decimal) (decimal.Decimal, []band) {
	total := decimal.Zero
	var out []band
	for i, b := range bs {
		if !x.GreaterThan(b.lower) {
			break
		}
		top := x
		if !b.open && x.GreaterThan(b.upper) {
			top = b.upper
		}
		part := top.Sub(b.lower)
		tax := part.Mul(b.rate)
		total = total.Add(tax)
		out = append(out, band{n: i + 1, b: b, part: part, tax: tax})
	}
	return total, out
}

// tier returns the bracket whose range holds x (lower < x <= upper; x at or
// below the first lower bound falls in the first bracket).
func tier(bs []bracket, x decimal.Decimal) (int, bracket) {
	for i, b := range bs {
		if b.open || !x.GreaterThan(b.upper) {
			return i + 1, b
		}
	}
	return len(bs), bs[len(bs)-1]
}

// progressiveSteps applies the schedule of parameter p (entry e, scaled by k)
// to x, traces each band and records the confidence of the brackets used.
func (c *calc) progressiveSteps(p *parameter, e *entry, k int64, x decimal.Decimal, what string) decimal.Decimal {
	bs := e.brackets
	if k != 1 {
		bs = scaled(bs, k)
	}
	total, bands := progressive(bs, x)
	if len(bands) == 0 {
		// Nothing taxable: the first bracket's rule still applies, at zero.
		c.use(p, e, bracketConf(e, 0))
		c.step(fmt.Sprintf("%s: %s is not above %s, no tax", what, c.m(x), c.m(bs[0].lower)), decimal.Zero, p, e, bracketConf(e, 0))
		return decimal.Zero
	}
	for _, b := range bands {
		conf := bracketConf(e, b.n-1)
		c.use(p, e, conf)
		rng := fmt.Sprintf("above %s", c.m(b.b.lower))
		if !b.b.open {
			rng = fmt.Sprintf("%s-%s", c.m(b.b.lower), c.m(b.b.upper))
		}
		c.step(fmt.Sprintf("%s bracket %d (%s): %s x %s", what, b.n, rng, c.m(b.part), pct(b.b.rate)), b.tax, p, e, conf)
	}
	c.calcStep(fmt.Sprintf("%s on %s", what, c.m(x)), total)
	return total
}

func bracketConf(e *entry, i int) string {
	if i < len(e.brackets) && e.brackets[i].confidence != "" {
		return e.brackets[i].confidence
	}
	return e.confidence
}
