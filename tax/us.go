package tax

import (
	"fmt"

	"github.com/shopspring/decimal"
)

var usScheduleCMethod = methodSpec{
	params: map[string]string{
		"se_factor":      typeRate,
		"se_min":         typeAmount,
		"oasdi_rate":     typeRate,
		"hi_rate":        typeRate,
		"wage_base":      typeAmount,
		"se_deductible":  typeRate,
		"addl_rate":      typeRate,
		"addl_threshold": typeAmount,
		"std_deduction":  typeAmount,
		"brackets":       typeBrackets,
		"qbi_rate":       typeRate,
		"qbi_base":       typeText,
		"qbi_threshold":  typeAmount,
		"qbi_phase_in":   typeAmount,
		"qbi_min":        typeAmount,
		"qbi_min_qbi":    typeAmount,
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
	incomeTax := c.round("income tax", c.progressiveSteps(bp, be, 1, taxable, "income tax, exact rate schedule,"))
	c.close(it)
	if t := taxTable(be.brackets, taxable); !t.IsZero() {
		c.ruleStep(fmt.Sprintf("for comparison, not in the total: IRS Tax Table row containing %s (midpoint, whole dollars)", c.m(taxable)), t,
			"us.tax_table", "Form 1040 instructions: Tax Table for taxable income under $100,000", "U")
		c.note("U", "The IRS Tax Table gives %s for taxable income of %s (the exact schedule gives %s)", c.m(t), c.m(taxable), c.m(incomeTax))
	}

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

// taxTable is the IRS Tax Table amount for taxable income from $3,000 to under
// $100,000: the schedule's tax on the midpoint of the $50 row, in whole dollars.
// It returns zero outside that range.
func taxTable(bs []bracket, taxable decimal.Decimal) decimal.Decimal {
	if taxable.LessThan(decimal.NewFromInt(3000)) || !taxable.LessThan(decimal.NewFromInt(100000)) {
		return decimal.Zero
	}
	fifty := decimal.NewFromInt(50)
	q, _ := taxable.QuoRem(fifty, 0)
	mid := q.Mul(fifty).Add(decimal.NewFromInt(25))
	t, _ := progressive(bs, mid)
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
