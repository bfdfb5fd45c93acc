package tax

import (
	"fmt"

	"github.com/shopspring/decimal"
)

var usScheduleCMethod = methodSpec{
	params: map[string]string{
		"se_factor":       typeRate,
		"se_min":          typeAmount,
		"oasdi_rate":      typeRate,
		"hi_rate":         typeRate,
		"wage_base":       typeAmount,
		"se_deductible":   typeRate,
		"addl_rate":       typeRate,
		"addl_threshold":  typeAmount,
		"std_deduction":   typeAmount,
		"brackets":        typeBrackets,
		"qbi_rate":        typeRate,
		"qbi_base":        typeText,
		"qbi_threshold":   typeAmount,
		"qbi_phase_in":    typeAmount,
		"qbi_min":         typeAmount,
		"qbi_min_qbi":     typeAmount,
		"tax_table_below": typeAmount,
	},
	run: runUSScheduleC,
}

// runUSScheduleC: Schedule SE, then Form 1040 with the standard deduction and
// the QBI deduction, the exact rate schedule, each line rounded to cents (the
// regime's rounding). Assumes no W-2 wages and no other income.
func runUSScheduleC(c *calc) {
	if c.facts.FilingStatus != "single" {
		c.fail("filing_status %q is not supported yet (only single)", c.facts.FilingStatus)
		return
	}
	it := c.open() // income tax depends on everything, SE tax included
	se := c.open()
	profit := c.base("base")

	// Schedule SE
	fp, fe := c.value("se_factor")
	exact := maxZero(profit).Mul(fe.value)
	c.step(fmt.Sprintf("net earnings from self-employment = %s x %s", c.m(maxZero(profit)), pct(fe.value)), exact, fp, fe, fe.confidence)
	nese := c.round("net SE earnings", exact)
	min := c.amountStep("se_min", "no SE tax below")
	seTax, addl := decimal.Zero, decimal.Zero
	if nese.LessThan(min) {
		c.calcStep(fmt.Sprintf("net SE earnings %s are below %s: no SE tax", c.m(nese), c.m(min)), decimal.Zero)
		c.note("C", "No SE tax: net earnings from self-employment are below %s", c.m(min))
	} else {
		base := c.amountStep("wage_base", "social security wage base")
		oasdiBase := decimal.Min(nese, base)
		op, oe := c.value("oasdi_rate")
		exact := oasdiBase.Mul(oe.value)
		c.step(fmt.Sprintf("OASDI = %s x %s", c.m(oasdiBase), pct(oe.value)), exact, op, oe, oe.confidence)
		oasdi := c.round("OASDI", exact)
		hp, he := c.value("hi_rate")
		exact = nese.Mul(he.value)
		c.step(fmt.Sprintf("HI = %s x %s", c.m(nese), pct(he.value)), exact, hp, he, he.confidence)
		hi := c.round("HI", exact)
		seTax = oasdi.Add(hi)
		c.calcStep("SE tax = OASDI + HI", seTax)
	}
	c.close(se)

	am := c.open()
	thr := c.amountStep("addl_threshold", "Additional Medicare Tax threshold")
	if nese.GreaterThan(thr) {
		ap, ae := c.value("addl_rate")
		exact := nese.Sub(thr).Mul(ae.value)
		c.step(fmt.Sprintf("Additional Medicare Tax = (%s - %s) x %s", c.m(nese), c.m(thr), pct(ae.value)), exact, ap, ae, ae.confidence)
		addl = c.round("Additional Medicare Tax", exact)
	} else {
		c.calcStep(fmt.Sprintf("net SE earnings %s are not above %s: no Additional Medicare Tax", c.m(nese), c.m(thr)), decimal.Zero)
	}
	c.close(am)

	// Form 1040
	sp, sh := c.value("se_deductible")
	exact = seTax.Mul(sh.value)
	c.step(fmt.Sprintf("deduction for part of SE tax = %s x %s", c.m(seTax), pct(sh.value)), exact, sp, sh, sh.confidence)
	half := c.round("deductible part of SE tax", exact)
	agi := profit.Sub(half)
	c.calcStep(fmt.Sprintf("AGI = %s - %s", c.m(profit), c.m(half)), agi)
	std := c.amountStep("std_deduction", "standard deduction")
	beforeQBI := maxZero(agi.Sub(std))
	c.calcStep(fmt.Sprintf("taxable income before QBI = %s - %s (not below 0)", c.m(agi), c.m(std)), beforeQBI)
	qbiDed := c.qbi(profit, half, beforeQBI)
	taxable := maxZero(beforeQBI.Sub(qbiDed))
	c.calcStep(fmt.Sprintf("taxable income = %s - %s", c.m(beforeQBI), c.m(qbiDed)), taxable)
	bp, be := c.schedule("brackets")
	if c.err != nil {
		return
	}
	exactTax := c.progressiveSteps(bp, be, 1, taxable, "income tax, exact rate schedule,")
	incomeTax := c.usTaxTable(be.brackets, taxable, exactTax)
	c.close(it)

	c.line("se_tax", "Self-employment tax (Schedule SE)", seTax, se)
	c.line("income_tax", "Federal income tax (Form 1040)", incomeTax, it)
	c.line("additional_medicare", "Additional Medicare Tax (Form 8959)", addl, am)
	if seTax.IsZero() && incomeTax.IsZero() {
		c.note("C", "No tax: profit %s leaves no taxable income and no net SE earnings of %s or more", c.m(profit), c.m(min))
	}
	c.usQuarters(seTax.Add(incomeTax).Add(addl))
}

// qbi returns the section 199A deduction for a non-SSTB trade without W-2
// wages or property: 20% of QBI, phased out above the threshold, limited to 20%
// of taxable income before QBI, with the minimum deduction where in force.
func (c *calc) qbi(profit, half, beforeQBI decimal.Decimal) decimal.Decimal {
	bp, be := c.text("qbi_base")
	if c.err != nil {
		return decimal.Zero
	}
	qbi := profit
	switch be.text {
	case "profit-less-half-se":
		qbi = profit.Sub(half)
	case "profit":
	default:
		c.fail("%s: %q: want profit or profit-less-half-se", bp.name, be.text)
		return decimal.Zero
	}
	qbi = maxZero(qbi)
	c.step(fmt.Sprintf("QBI = %s", map[string]string{"profit": "Schedule C profit", "profit-less-half-se": "profit - deductible part of SE tax"}[be.text]), qbi, bp, be, be.confidence)
	rp, re := c.value("qbi_rate")
	rate := re.value
	comp := qbi.Mul(rate)
	c.step(fmt.Sprintf("QBI component = %s x %s", c.m(qbi), pct(rate)), comp, rp, re, re.confidence)
	thr := c.amountStep("qbi_threshold", "QBI threshold")
	if beforeQBI.GreaterThan(thr) {
		rng := c.amountStep("qbi_phase_in", "QBI phase-in range")
		over := beforeQBI.Sub(thr)
		if over.GreaterThanOrEqual(rng) {
			comp = decimal.Zero
		} else {
			comp = comp.Sub(comp.Mul(over).DivRound(rng, 10))
		}
		c.record("S", "QBI above the threshold: phased out assuming a trade without W-2 wages or qualified property (an SSTB phases out faster)")
		c.calcStep(fmt.Sprintf("QBI component phased out by (%s - %s) / %s (no W-2 wages or property)", c.m(beforeQBI), c.m(thr), c.m(rng)), comp)
	}
	limit := beforeQBI.Mul(rate)
	c.step(fmt.Sprintf("limit = %s x taxable income before QBI %s", pct(rate), c.m(beforeQBI)), limit, rp, re, re.confidence)
	ded := decimal.Min(comp, limit)
	c.calcStep("QBI deduction = the smaller of the two", ded)
	ded = c.round("QBI deduction", ded)
	if minDed := c.amount("qbi_min", "minimum QBI deduction"); minDed.IsPositive() {
		need := c.amount("qbi_min_qbi", "QBI needed for the minimum")
		if qbi.GreaterThanOrEqual(need) && ded.LessThan(minDed) {
			ded = minDed
			p, e := c.yearEntry("qbi_min")
			c.step(fmt.Sprintf("minimum QBI deduction applies (QBI %s >= %s)", c.m(qbi), c.m(need)), ded, p, e, e.confidence)
		}
	}
	return ded
}

// usTaxTable returns the income tax: from the IRS Tax Table when taxable
// income is below the tax_table_below parameter ($100,000: Form 1040
// instructions, "if your taxable income is less than $100,000, you must use
// the Tax Table"), else the exact schedule's exactTax rounded to cents.
func (c *calc) usTaxTable(bs []bracket, taxable, exactTax decimal.Decimal) decimal.Decimal {
	below := c.amountStep("tax_table_below", "taxable income below which the Tax Table must be used")
	if c.err != nil || !taxable.LessThan(below) {
		return c.round("income tax", exactTax)
	}
	lo, hi := taxTableRow(taxable)
	t := taxTableTax(bs, taxable)
	p, e := c.yearEntry("tax_table_below")
	c.step(fmt.Sprintf("income tax from the Tax Table: row at least %s but less than %s, the schedule's tax on its midpoint, in whole dollars (exact schedule: %s)",
		c.m(lo), c.m(hi), c.m(c.rounding().apply(exactTax))), t, p, e, e.confidence)
	return t
}

// taxTableRow returns the Tax Table row holding taxable income x (0 <= x <
// $100,000): at least lo but less than hi. The rows are 0-5, 5-15, 15-25,
// then $25 wide up to $3,000, then $50 wide (the IRS Tax Tables: e.g. the
// 2011 and 2019 Form 1040 instructions, the 2014 Form 1040EZ table).
func taxTableRow(x decimal.Decimal) (lo, hi decimal.Decimal) {
	n := func(i int64) decimal.Decimal { return decimal.NewFromInt(i) }
	switch {
	case x.LessThan(n(5)):
		return n(0), n(5)
	case x.LessThan(n(15)):
		return n(5), n(15)
	case x.LessThan(n(25)):
		return n(15), n(25)
	}
	w := n(50)
	if x.LessThan(n(3000)) {
		w = n(25)
	}
	q := x.Div(w).Floor()
	return q.Mul(w), q.Add(n(1)).Mul(w)
}

// taxTableTax is the Tax Table amount for taxable income x: the schedule's
// tax on the midpoint of x's row, rounded half up to whole dollars (the
// published rows: 0-5 gives 0, 25-50 gives 4, 3,000-3,050 gives 303 at 10%).
func taxTableTax(bs []bracket, x decimal.Decimal) decimal.Decimal {
	lo, hi := taxTableRow(x)
	t, _ := progressive(bs, lo.Add(hi).Div(decimal.NewFromInt(2)))
	return t.Round(0)
}

// usQuarters fills the 1040-ES instalments: equal shares of the year's tax over
// the periods of the regime's first deadline with months, each with the profit
// of its months (the config's extra expenses have no month and are left out).
func (c *calc) usQuarters(total decimal.Decimal) {
	var periods []periodDue
	for _, d := range c.def.deadlines {
		if len(d.periods) > 0 && d.periods[0].firstMonth > 0 && d.inYear(c.year) {
			periods = d.periods
			break
		}
	}
	if len(periods) == 0 {
		return
	}
	share := c.rounding().apply(total.Div(decimal.NewFromInt(int64(len(periods)))))
	for _, p := range periods {
		b := decimal.Zero
		for m := p.firstMonth; m <= p.lastMonth; m++ {
			b = b.Add(c.fig.monthBase(c.def.base, m))
		}
		c.out.Quarters = append(c.out.Quarters, Quarter{Period: fmt.Sprintf("%d-%s", c.year, p.label), Base: b, Amount: share})
	}
	c.calcStep(fmt.Sprintf("estimated tax instalment = %s / %d, rounded (each of the %d periods)", c.m(total), len(periods), len(periods)), share)
}
