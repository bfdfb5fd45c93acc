package tax

import (
	"fmt"

	"github.com/shopspring/decimal"
)

// Generic methods let a rules file add a regime without new code.

var flatMethod = methodSpec{
	params: map[string]string{"rate": typeRate, "threshold": typeAmount},
	run:    runFlat,
}

var progressiveMethod = methodSpec{
	params: map[string]string{"brackets": typeBrackets, "allowance": typeAmount},
	run:    runProgressive,
}

// runFlat: tax = (base - threshold) x rate, nothing at or below the threshold.
func runFlat(c *calc) {
	s := c.open()
	b := c.base("base")
	thr := c.amountStep("threshold", "threshold")
	p, e := c.value("rate")
	if c.err != nil {
		return
	}
	tax := maxZero(b.Sub(thr)).Mul(e.value)
	c.step(fmt.Sprintf("tax = (%s - %s) x %s", c.m(b), c.m(thr), pct(e.value)), tax, p, e, e.confidence)
	tax = c.round("tax", tax)
	c.close(s)
	c.genericLine(tax, s)
}

// runProgressive: tax = schedule on (base - allowance).
func runProgressive(c *calc) {
	s := c.open()
	b := c.base("base")
	allow := c.amountStep("allowance", "allowance")
	x := maxZero(b.Sub(allow))
	c.calcStep(fmt.Sprintf("taxable = %s - %s (not below 0)", c.m(b), c.m(allow)), x)
	p, e := c.schedule("brackets")
	if c.err != nil {
		return
	}
	tax := c.round("tax", c.progressiveSteps(p, e, 1, x, "tax"))
	c.close(s)
	c.genericLine(tax, s)
}

func (c *calc) genericLine(tax decimal.Decimal, s *scope) {
	key, label := c.def.lineKey, c.def.lineLabel
	if key == "" {
		key = "tax"
	}
	if label == "" {
		label = c.def.name
	}
	c.line(key, label, tax, s)
	if tax.IsZero() {
		c.note("C", "Nothing due: the %s is not above the threshold or allowance", c.def.base)
	}
}
