package tax

import (
	"fmt"

	"github.com/shopspring/decimal"
)

var idPP55Method = methodSpec{
	params: map[string]string{"rate": typeRate, "exempt": typeAmount, "ceiling": typeAmount},
	run:    runIDPP55,
}

// runIDPP55: 0.5% final tax on gross turnover above the year's exempt slice,
// paid month by month from the month the cumulative turnover passes it. Each
// monthly payment is rounded; the year's tax is their sum.
func runIDPP55(c *calc) {
	s := c.open()
	rev := c.base("base")
	exempt := c.amountStep("exempt", "exempt turnover per year (individuals)")
	ceiling := c.amountStep("ceiling", "turnover ceiling")
	if c.err != nil {
		return
	}
	if rev.GreaterThan(ceiling) {
		c.note("C", "Turnover %s is above %s: PP 55 is not available next year (the test uses the prior year's turnover)", c.m(rev), c.m(ceiling))
	}
	if c.facts.PekerjaanBebas {
		c.out.Applicable = false
		c.ruleStep("PP 55 does not apply: the income is from services in connection with pekerjaan bebas (config tax.pekerjaan_bebas: true); the figure below is for comparison only",
			decimal.Zero, "config.pekerjaan_bebas", "PP 55/2022 Art. 56(3)(a) and (4): income of an individual from services in connection with pekerjaan bebas is not under the final tax", "C")
		c.note("C", "Not available: PP 55/2022 Art. 56(3)(a) excludes income from pekerjaan bebas (config tax.pekerjaan_bebas: true); Art. 17 rates apply (NPPN or bookkeeping)")
	}
	ro := c.rounding()
	cum, total := decimal.Zero, decimal.Zero
	for m := 1; m <= 12; m++ {
		mb := c.fig.monthBase(c.def.base, m)
		before := cum
		cum = cum.Add(mb)
		if c.crossMonth == 0 && !cum.GreaterThan(exempt) {
			continue
		}
		if c.crossMonth == 0 {
			c.crossMonth = m
			c.calcStep(fmt.Sprintf("cumulative turnover passes the exempt %s in %d-%02d", c.m(exempt), c.year, m), cum)
		}
		taxable := maxZero(cum.Sub(exempt)).Sub(maxZero(before.Sub(exempt)))
		p, e := c.at("rate", monthEnd(c.year, m))
		if c.err != nil {
			return
		}
		c.use(p, e, e.confidence)
		pay := decimal.Zero
		if taxable.IsPositive() {
			pay = ro.apply(taxable.Mul(e.value))
		} else if taxable.IsNegative() {
			c.note("C", "%d-%02d turnover is negative after refunds: no payment that month, and the excess is not refunded here", c.year, m)
		}
		c.step(fmt.Sprintf("%d-%02d: %s above the exempt slice x %s, rounded to %d places", c.year, m, c.m(maxZero(taxable)), pct(e.value), ro.places), pay, p, e, e.confidence)
		c.out.Months = append(c.out.Months, Quarter{Period: fmt.Sprintf("%d-%02d", c.year, m), Base: mb, Amount: pay})
		total = total.Add(pay)
	}
	if c.crossMonth == 0 {
		p, e := c.at("rate", c.yearEnd())
		c.use(p, e, e.confidence)
		c.step(fmt.Sprintf("turnover %s is not above the exempt %s: no tax", c.m(rev), c.m(exempt)), decimal.Zero, p, e, e.confidence)
		c.note("C", "No PPh: turnover %s is not above the exempt %s of the year", c.m(rev), c.m(exempt))
	}
	c.calcStep("PPh final = sum of the monthly payments", total)
	c.close(s)
	c.line("pph", "PPh final 0.5% (PP 55)", total, s)
}

var art17Params = map[string]string{
	"brackets":       typeBrackets,
	"ptkp_self":      typeAmount,
	"ptkp_married":   typeAmount,
	"ptkp_dependant": typeAmount,
	"max_dependants": typeNumber,
	"pkp_round_down": typeAmount,
}

var idNPPNMethod = methodSpec{
	params: withParams(art17Params, map[string]string{"max_turnover": typeAmount}),
	run:    runIDNPPN,
}

var idBookkeepingMethod = methodSpec{params: art17Params, run: runIDBookkeeping}

func withParams(a, b map[string]string) map[string]string {
	out := cloneMap(a)
	for k, v := range b {
		out[k] = v
	}
	return out
}

// runIDNPPN: deemed net income = turnover x norma %, then PTKP and Art. 17.
func runIDNPPN(c *calc) {
	s := c.open()
	rev := c.base("base")
	max := c.amountStep("max_turnover", "NPPN turnover limit (below)")
	if c.err != nil {
		return
	}
	if !rev.LessThan(max) {
		c.out.Applicable = false
		c.note("C", "Not available: turnover %s is not below %s, so bookkeeping is required; the figure is shown for comparison only", c.m(rev), c.m(max))
	}
	norma := c.facts.NormaPercent
	c.record("U", "tax.norma_percent: the norma % depends on the KLU and the zone (PER-17/PJ/2015 annex); check yours")
	net := rev.Mul(norma).Shift(-2)
	c.ruleStep(fmt.Sprintf("deemed net income = %s x norma %s%% (config tax.norma_percent)", c.m(rev), norma), net,
		"config.norma_percent", "PER-17/PJ/2015 annex (by KLU and zone); value from the config", "U")
	if c.facts.Expenses.IsPositive() {
		c.note("C", "tax.expenses (%s) is not deductible under NPPN: the norma stands for all costs", c.m(c.facts.Expenses))
	}
	tax := c.art17(net)
	c.close(s)
	c.line("pph", "PPh Art. 17 on deemed net income (NPPN)", tax, s)
	c.idInstalments(tax)
}

// runIDBookkeeping: book profit, then PTKP and Art. 17.
func runIDBookkeeping(c *calc) {
	s := c.open()
	net := c.base("base")
	tax := c.art17(net)
	c.close(s)
	c.line("pph", "PPh Art. 17 on book profit", tax, s)
	c.idInstalments(tax)
}

// idInstalments fills Months with the monthly PPh Art. 25 instalments of the
// next tax year: the year's PPh divided by 12, with the regime's rounding
// (UU PPh Art. 25(1): the tax due per last year's annual return, less
// credits, divided by 12; no credits are in the ledger). Each is due by the
// 15th of the following month (PMK 81/2024 Art. 94(2)).
func (c *calc) idInstalments(tax decimal.Decimal) {
	if !tax.IsPositive() || !c.out.Applicable {
		return
	}
	inst := c.rounding().apply(tax.Div(decimal.NewFromInt(12)))
	c.ruleStep(fmt.Sprintf("PPh Art. 25 instalment for each month of %d = %s / 12, rounded (credits such as withheld PPh 21/23 would be subtracted first; none are in the ledger)", c.year+1, c.m(tax)),
		inst, "id.art25", "UU PPh Art. 25(1): last year's PPh due less credits, divided by 12; paid by the 15th of the next month (PMK 81/2024 Art. 94(2))", "C")
	for m := 1; m <= 12; m++ {
		c.out.Months = append(c.out.Months, Quarter{Period: fmt.Sprintf("%d-%02d", c.year+1, m), Base: tax, Amount: inst})
	}
}

// art17 subtracts PTKP from the net income, rounds PKP down and applies the
// Art. 17 rates.
func (c *calc) art17(net decimal.Decimal) decimal.Decimal {
	ptkp := c.amountStep("ptkp_self", "PTKP, taxpayer")
	if c.facts.Married {
		ptkp = ptkp.Add(c.amountStep("ptkp_married", "PTKP, married"))
	}
	if n := c.facts.Dependants; n > 0 {
		pp, pe := c.value("ptkp_dependant")
		mp, me := c.value("max_dependants")
		cnt := decimal.NewFromInt(int64(n))
		if cnt.GreaterThan(me.value) {
			cnt = me.value
			c.step(fmt.Sprintf("%d dependants, counted at most %s", n, me.value), decimal.Zero, mp, me, me.confidence)
		}
		add := pe.value.Mul(cnt)
		c.step(fmt.Sprintf("PTKP for %s dependant(s) x %s", cnt, c.m(pe.value)), add, pp, pe, pe.confidence)
		ptkp = ptkp.Add(add)
	}
	c.calcStep("PTKP total", ptkp)
	pkp := maxZero(net.Sub(ptkp))
	c.calcStep(fmt.Sprintf("PKP = %s - PTKP %s (not below 0)", c.m(net), c.m(ptkp)), pkp)
	unit := c.amountStep("pkp_round_down", "PKP rounded down to a multiple of")
	if c.err != nil {
		return decimal.Zero
	}
	if unit.IsPositive() {
		q, _ := pkp.QuoRem(unit, 0) // pkp >= 0: truncation is rounding down
		down := q.Mul(unit)
		if !down.Equal(pkp) {
			p, e := c.yearEntry("pkp_round_down")
			c.step(fmt.Sprintf("PKP %s rounded down to %s", c.m(pkp), c.m(down)), down, p, e, e.confidence)
		}
		pkp = down
	}
	bp, be := c.schedule("brackets")
	if c.err != nil {
		return decimal.Zero
	}
	tax := c.progressiveSteps(bp, be, 1, pkp, "PPh Art. 17")
	tax = c.round("PPh", tax)
	if tax.IsZero() {
		c.note("C", "No PPh: net income %s is not above PTKP %s", c.m(net), c.m(ptkp))
	}
	return tax
}
