package tax

import (
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// Parameter lookups of a running computation: the entry of a role in force
// at a date or for the tax year, with its trace step and confidence.

func (c *calc) param(role string) *parameter {
	return c.rules.params[c.def.params[role]]
}

// entryAt is the latest entry effective on or before t, or nil.
func (p *parameter) entryAt(t time.Time) *entry {
	var out *entry
	for _, e := range p.entries {
		if e.effective.After(t) {
			break
		}
		out = e
	}
	return out
}

// at returns the entry of a role in force on date t.
func (c *calc) at(role string, t time.Time) (*parameter, *entry) {
	p := c.param(role)
	e := p.entryAt(t)
	if e == nil {
		c.fail("%s: no value in force on %s (first from %s)", p.name, t.Format(dateLayout), p.entries[0].effective.Format(dateLayout))
		return p, &entry{}
	}
	return p, e
}

// has reports whether a role's parameter has a value in force at some point of
// the tax year (rules that start in a later year are absent before it).
func (c *calc) has(role string) bool {
	return c.param(role).entryAt(c.yearEnd()) != nil
}

// yearEntry returns the entry that governs the tax year: the one in force at
// year end, or at year start under within_year: year_start. A change inside
// the year is explained in the trace.
func (c *calc) yearEntry(role string) (*parameter, *entry) {
	p, e := c.at(role, c.yearEnd())
	if c.err != nil {
		return p, e
	}
	changed := e.effective.After(c.yearStart())
	if changed && p.within.method == "year_start" {
		if s := p.entryAt(c.yearStart()); s != nil {
			c.ruleStep(fmt.Sprintf("%s changed on %s; the value in force on 1 January applies (within_year: year_start)", p.name, e.effective.Format(dateLayout)),
				decimal.Zero, p.name, "rules data", p.within.confidence)
			c.record(p.within.confidence, withinVerify(p))
			return p, s
		}
	}
	if s := p.entryAt(c.yearStart()); changed && s != nil && !sameValue(s, e) && p.within.method != "prorate" {
		c.ruleStep(fmt.Sprintf("%s changed on %s; the value in force at the end of the year applies", p.name, e.effective.Format(dateLayout)),
			decimal.Zero, p.name, "rules data (within_year: year_end)", lowest("C", p.within.confidence))
	}
	return p, e
}

// sameValue reports whether two entries hold the same value (a later entry
// may only re-cite it).
func sameValue(a, b *entry) bool {
	if !a.value.Equal(b.value) || a.text != b.text || len(a.brackets) != len(b.brackets) {
		return false
	}
	for i := range a.brackets {
		x, y := a.brackets[i], b.brackets[i]
		if !x.lower.Equal(y.lower) || !x.upper.Equal(y.upper) || x.open != y.open || !x.rate.Equal(y.rate) {
			return false
		}
	}
	return true
}

func withinVerify(p *parameter) string {
	if p.within.confidence == "C" || p.within.confidence == "" {
		return ""
	}
	return fmt.Sprintf("%s (within the year, %s): %s", p.name, p.within.method, p.within.note)
}

// amount returns a numeric role's value for the tax year. Under within_year:
// prorate a change inside the year is weighted by month: each month counts the
// value in force on its first day, and the result is rounded to the currency's
// minor unit.
func (c *calc) amount(role string, what string) decimal.Decimal {
	p, e := c.yearEntry(role)
	if c.err != nil {
		return decimal.Zero
	}
	if p.within.method == "prorate" && e.effective.After(c.yearStart()) && p.entryAt(c.yearStart()) != nil {
		sum := decimal.Zero
		var parts []string
		var used []*entry
		for m := 1; m <= 12; m++ {
			me := p.entryAt(monthStart(c.year, m))
			sum = sum.Add(me.value)
			if len(used) == 0 || used[len(used)-1] != me {
				used = append(used, me)
				parts = append(parts, fmt.Sprintf("%s from %s", c.m(me.value), monthStart(c.year, m).Format("Jan")))
			}
		}
		v := sum.DivRound(decimal.NewFromInt(12), c.ctry.minor)
		conf := e.confidence
		for _, u := range used {
			conf = lowest(conf, u.confidence)
			c.use(p, u, u.confidence)
		}
		conf = lowest(conf, p.within.confidence)
		c.record(p.within.confidence, withinVerify(p))
		c.step(fmt.Sprintf("%s for %d prorated by month (%s; within_year: prorate), rounded to %d places", what, c.year, strings.Join(parts, ", "), c.ctry.minor),
			v, p, e, conf)
		return v
	}
	c.use(p, e, e.confidence)
	return e.value
}

// amountStep is amount plus a trace step citing the entry.
func (c *calc) amountStep(role, what string) decimal.Decimal {
	p, e := c.yearEntry(role)
	if c.err != nil {
		return decimal.Zero
	}
	if p.within.method == "prorate" && e.effective.After(c.yearStart()) && p.entryAt(c.yearStart()) != nil {
		return c.amount(role, what)
	}
	c.use(p, e, e.confidence)
	c.step(fmt.Sprintf("%s: %s", what, c.m(e.value)), e.value, p, e, e.confidence)
	return e.value
}

// value returns a role's entry for the tax year and records its use without a
// step of its own: the step that applies it (a rate times a base) cites it.
func (c *calc) value(role string) (*parameter, *entry) {
	p, e := c.yearEntry(role)
	if c.err == nil {
		c.use(p, e, e.confidence)
	}
	return p, e
}

// text returns a text role's value for the tax year.
func (c *calc) text(role string) (*parameter, *entry) {
	p, e := c.yearEntry(role)
	if c.err == nil {
		c.use(p, e, e.confidence)
	}
	return p, e
}

// schedule returns a brackets or tiers role's entry for the tax year; the
// caller records use per bracket touched.
func (c *calc) schedule(role string) (*parameter, *entry) {
	return c.yearEntry(role)
}
