package tax

import (
	"fmt"

	"github.com/shopspring/decimal"
)

var vnSalaryMethod = methodSpec{
	params: map[string]string{
		"brackets":            typeBrackets,
		"deduction_taxpayer":  typeAmount,
		"deduction_dependant": typeAmount,
		"quarterly_method":    typeText,
	},
	run: runVNSalary,
}

// runVNSalary: annual PIT on salary/wage-type income = progressive schedule
// (monthly bounds x 12) on income minus 12 months of family deductions; the
// quarterly 02/KK-TNCN figures apply the same rule to each quarter (bounds x 3).
func runVNSalary(c *calc) {
	ps := c.open()
	income := c.base("base")
	monthly := c.amountStep("deduction_taxpayer", "taxpayer deduction per month")
	if n := c.facts.Dependants; n > 0 {
		dp, de := c.value("deduction_dependant")
		dep := de.value.Mul(decimal.NewFromInt(int64(n)))
		c.step(fmt.Sprintf("dependant deduction per month: %d x %s", n, c.m(de.value)), dep, dp, de, de.confidence)
		monthly = monthly.Add(dep)
		c.calcStep("deductions per month", monthly)
	}
	annual := monthly.Mul(decimal.NewFromInt(12))
	c.calcStep(fmt.Sprintf("annual deductions = %s x 12", c.m(monthly)), annual)
	assessable := maxZero(income.Sub(annual))
	c.calcStep(fmt.Sprintf("assessable income = %s - %s (not below 0)", c.m(income), c.m(annual)), assessable)
	bp, be := c.schedule("brackets")
	if c.err != nil {
		return
	}
	tax := c.progressiveSteps(bp, be, 12, assessable, "PIT (monthly bounds x 12)")
	tax = c.round("PIT", tax)
	c.close(ps)
	c.line("pit", "Personal income tax (salary/wage, annual)", tax, ps)
	vs := c.open()
	c.close(vs)
	c.line("vat", "VAT (not charged on salary/wage income)", decimal.Zero, vs)
	if tax.IsZero() {
		c.note("C", "No PIT: income %s is not above the year's deductions of %s", c.m(income), c.m(annual))
	}
	c.note("C", "No VAT: salary/wage income is not subject to VAT")
	if c.facts.Expenses.IsPositive() {
		c.note("C", "tax.expenses (%s) is not deductible from salary/wage income", c.m(c.facts.Expenses))
	}

	// Quarterly provisional figures (02/KK-TNCN).
	qp, qe := c.text("quarterly_method")
	if c.err != nil {
		return
	}
	if qe.text != "quarter-on-monthly-table" {
		c.fail("%s: %q: the engine knows quarter-on-monthly-table only", qp.name, qe.text)
		return
	}
	ro := c.rounding()
	sum := decimal.Zero
	quarterDed := monthly.Mul(decimal.NewFromInt(3))
	for q := 1; q <= 4; q++ {
		qb := decimal.Zero
		for m := 3*q - 2; m <= 3*q; m++ {
			qb = qb.Add(c.fig.monthBase(c.def.base, m))
		}
		qa := maxZero(qb.Sub(quarterDed))
		qt, _ := progressive(scaled(be.brackets, 3), qa)
		qt = ro.apply(qt)
		sum = sum.Add(qt)
		c.out.Quarters = append(c.out.Quarters, Quarter{Period: fmt.Sprintf("%d-Q%d", c.year, q), Base: qb, Amount: qt})
		c.step(fmt.Sprintf("%d-Q%d provisional PIT (02/KK-TNCN): (%s - %s) on the monthly table x 3, rounded", c.year, q, c.m(qb), c.m(quarterDed)),
			qt, qp, qe, qe.confidence)
	}
	c.calcStep("balance at finalisation (02/QTT-TNCN) = annual PIT - quarterly provisional PIT", tax.Sub(sum))
}

var vnBusinessMethod = methodSpec{
	params: map[string]string{
		"pit_threshold":            typeAmount,
		"threshold_mode":           typeText,
		"vat_threshold":            typeAmount,
		"vat_base":                 typeText,
		"pit_rate.goods":           typeRate,
		"pit_rate.services":        typeRate,
		"pit_rate.production":      typeRate,
		"pit_rate.leasing":         typeRate,
		"pit_rate.other":           typeRate,
		"pit_rate.digital_content": typeRate,
		"vat_rate.digital_content": typeRate,
		"vat_reduction":            typeRate,
		"export_vat":               typeText,
		"vat_rate.goods":           typeRate,
		"vat_rate.services":        typeRate,
		"vat_rate.production":      typeRate,
		"vat_rate.leasing":         typeRate,
		"vat_rate.other":           typeRate,
		"revenue_method_max":       typeAmount,
		"income_rates":             typeTiers,
	},
	bases: []string{"income"},
	run:   runVNBusiness,
}

// vnBiz holds the year's resolved business rules; pit and vat are the pure
// formulas, used for the year and for each quarter's cumulative figure.
type vnBiz struct {
	threshold  decimal.Decimal
	mode       string // whole | excess
	pitRate    decimal.Decimal
	method     string // revenue | income
	incomeRate decimal.Decimal
	ro         rounding
	vat        vnVAT
}

func (b vnBiz) pit(rev, profit decimal.Decimal) decimal.Decimal {
	if !rev.GreaterThan(b.threshold) {
		return decimal.Zero
	}
	switch {
	case b.mode == "whole":
		return b.ro.apply(rev.Mul(b.pitRate))
	case b.method == "income":
		return b.ro.apply(maxZero(profit).Mul(b.incomeRate))
	}
	return b.ro.apply(rev.Sub(b.threshold).Mul(b.pitRate))
}

func modeText(c *calc, role string) (*parameter, *entry, string) {
	p, e := c.text(role)
	if c.err == nil && e.text != "whole" && e.text != "excess" {
		c.fail("%s: %q: want whole or excess", p.name, e.text)
	}
	return p, e, e.text
}

func runVNBusiness(c *calc) {
	act := c.facts.Activity
	b := vnBiz{ro: c.rounding(), method: "revenue"}
	rev := c.base("base")
	hasIncome := c.has("income_rates")
	profit := decimal.Zero
	if hasIncome {
		profit = c.base("income")
	}

	// PIT
	ps := c.open()
	b.threshold = c.amountStep("pit_threshold", "PIT threshold (revenue per year)")
	mp, me, mode := modeText(c, "threshold_mode")
	rp, re := c.yearEntry("pit_rate." + act)
	if c.err != nil {
		return
	}
	b.mode, b.pitRate = mode, re.value
	modeDesc := map[string]string{"whole": "above the threshold the whole revenue is taxed", "excess": "only the revenue above the threshold is taxed"}[mode]
	c.step(modeDesc, b.threshold, mp, me, me.confidence)
	over := rev.GreaterThan(b.threshold)
	c.cond["under_threshold"], c.cond["over_threshold"] = !over, over
	pit := decimal.Zero
	switch {
	case !over:
		c.calcStep(fmt.Sprintf("revenue %s is not above the threshold %s: no PIT", c.m(rev), c.m(b.threshold)), decimal.Zero)
		c.use(rp, re, re.confidence)
	case mode == "whole":
		c.use(rp, re, re.confidence)
		pit = rev.Mul(b.pitRate)
		c.step(fmt.Sprintf("PIT = revenue %s x %s (%s)", c.m(rev), pct(b.pitRate), act), pit, rp, re, re.confidence)
	default:
		revPIT := rev.Sub(b.threshold).Mul(b.pitRate)
		incPIT := decimal.Zero
		var tp *parameter
		var te *entry
		tconf := ""
		if hasIncome {
			tp, te = c.schedule("income_rates")
			if c.err != nil {
				return
			}
			_, tb := tier(te.brackets, rev)
			tconf = bracketConf(te, tierIndex(te, rev))
			b.incomeRate = tb.rate
			incPIT = maxZero(profit).Mul(tb.rate)
			if c.facts.BusinessMethod == "income" {
				b.method = "income"
			}
			if c.has("revenue_method_max") {
				xp, xe := c.yearEntry("revenue_method_max")
				if rev.GreaterThan(xe.value) {
					b.method = "income"
					c.use(xp, xe, xe.confidence)
					c.step(fmt.Sprintf("revenue %s is above %s: the income method applies", c.m(rev), c.m(xe.value)), xe.value, xp, xe, xe.confidence)
				}
			}
		} else if c.facts.BusinessMethod == "income" {
			c.note("C", "tax.business_method: income is not available in %d; the revenue method is used", c.year)
		}
		c.use(rp, re, re.confidence)
		revText := fmt.Sprintf("(revenue %s - threshold %s) x %s (%s)", c.m(rev), c.m(b.threshold), pct(b.pitRate), act)
		if b.method == "income" {
			c.use(tp, te, tconf)
			pit = incPIT
			c.step(fmt.Sprintf("PIT, income method = profit %s x %s (the rate for revenue of %s)", c.m(maxZero(profit)), pct(b.incomeRate), c.m(rev)), pit, tp, te, tconf)
			c.step("for comparison, not in the total: revenue method = "+revText, revPIT, rp, re, re.confidence)
			c.note("C", "Income method used; the revenue method would give PIT of %s", c.m(b.ro.apply(revPIT)))
		} else {
			pit = revPIT
			c.step("PIT, revenue method = "+revText, pit, rp, re, re.confidence)
			if hasIncome {
				c.step(fmt.Sprintf("for comparison, not in the total: income method = profit %s x %s", c.m(maxZero(profit)), pct(b.incomeRate)), incPIT, tp, te, tconf)
				c.note("C", "Revenue method used (tax.business_method: revenue); the income method would give PIT of %s", c.m(b.ro.apply(incPIT)))
			}
		}
	}
	pit = c.round("PIT", pit)
	c.close(ps)
	c.cond["income_method"] = over && b.method == "income"

	// VAT
	var vat, vatExp decimal.Decimal
	var vs, xs *scope
	b.vat, vat, vatExp, vs, xs = vnVATYear(c, act, rev)
	if c.err != nil {
		return
	}

	c.line("pit", "Personal income tax (business)", pit, ps)
	c.line("vat", "VAT (direct method on revenue)", vat, vs)
	if xs != nil {
		c.line("vat_export", "VAT on services to clients abroad", vatExp, xs)
	}
	total := pit.Add(vat).Add(vatExp)
	if total.IsZero() {
		c.note("C", "No PIT and no VAT: revenue %s is not above the threshold of %s", c.m(rev), c.m(b.threshold))
	}

	// The month the threshold is passed, and the quarters: each quarter carries
	// the year's formula on the revenue to its end, less the earlier quarters.
	// A quarter whose cumulative figure is below what was already paid owes
	// nothing and carries the difference as a credit.
	cumRev, cumProfit, paid, credit := decimal.Zero, decimal.Zero, decimal.Zero, decimal.Zero
	for m := 1; m <= 12; m++ {
		cumRev = cumRev.Add(c.fig.monthBase(c.def.base, m))
		if hasIncome {
			cumProfit = cumProfit.Add(c.fig.monthBase(c.def.bases["income"], m))
		}
		if c.crossMonth == 0 && cumRev.GreaterThan(b.threshold) {
			c.crossMonth = m
			c.calcStep(fmt.Sprintf("cumulative revenue passes the threshold in %d-%02d (quarter %d)", c.year, m, (m+2)/3), cumRev)
		}
		if m%3 != 0 {
			continue
		}
		p := cumProfit
		if m == 12 {
			p = p.Sub(c.facts.Expenses) // config expenses have no month: the last quarter takes them
		}
		dom, exp := b.vat.amounts(cumRev)
		due := b.pit(cumRev, p).Add(dom).Add(exp)
		qb := decimal.Zero
		for mm := m - 2; mm <= m; mm++ {
			qb = qb.Add(c.fig.monthBase(c.def.base, mm))
		}
		amt := maxZero(due.Sub(paid))
		paid = paid.Add(amt)
		credit = paid.Sub(due)
		c.out.Quarters = append(c.out.Quarters, Quarter{Period: fmt.Sprintf("%d-Q%d", c.year, m/3), Base: qb, Amount: amt, Credit: credit})
	}
	if !paid.Sub(credit).Equal(total) {
		c.fail("internal: quarters add up to %s less a credit of %s, the year to %s", paid, credit, total)
	}
	if credit.IsPositive() {
		c.note("U", "The quarters paid %s more than the year's tax: a credit carried at finalisation; how the tax office offsets or refunds it is unconfirmed", c.m(credit))
	}
}

func tierIndex(e *entry, x decimal.Decimal) int {
	n, _ := tier(e.brackets, x)
	return n - 1
}
