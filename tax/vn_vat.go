package tax

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
)

// vnVAT is the year's direct-method VAT of a VN business: the activity's
// rate, cut by the temporary reduction where the facts say the activity is
// eligible, on the revenue from clients in Vietnam; and the revenue from
// clients abroad (exported services, Facts.ExportShare) at the treatment of
// vn.biz.export_vat or Facts.ExportVAT, as its own line.
type vnVAT struct {
	threshold  decimal.Decimal
	base       string          // whole | excess
	rate       decimal.Decimal // after the reduction, if any
	share      decimal.Decimal // exported share of revenue, 0..1
	exportRate decimal.Decimal
	ro         rounding
}

// amounts gives the domestic and export VAT on cumulative revenue rev, each
// rounded: the quarters and the year use the same formula.
func (v vnVAT) amounts(rev decimal.Decimal) (dom, exp decimal.Decimal) {
	if !rev.GreaterThan(v.threshold) {
		return decimal.Zero, decimal.Zero
	}
	base := rev
	if v.base == "excess" {
		base = rev.Sub(v.threshold)
	}
	expBase := base.Mul(v.share)
	return v.ro.apply(base.Sub(expBase).Mul(v.rate)), v.ro.apply(expBase.Mul(v.exportRate))
}

// vnVATYear resolves the VAT rules, traces the year's VAT and returns it with
// the scopes of its lines (xs is nil when no revenue is exported).
func vnVATYear(c *calc, act string, rev decimal.Decimal) (v vnVAT, dom, exp decimal.Decimal, vs, xs *scope) {
	v.ro = c.rounding()
	vs = c.open()
	v.threshold = c.amountStep("vat_threshold", "VAT threshold (revenue per year)")
	_, _, v.base = modeText(c, "vat_base")
	vp, ve := c.yearEntry("vat_rate." + act)
	if c.err != nil {
		return
	}
	v.rate = ve.value
	c.use(vp, ve, ve.confidence)
	over := rev.GreaterThan(v.threshold)
	if over {
		v.rate = vnVATReduction(c, act, v.rate)
	}
	v.share = c.facts.ExportShare.Shift(-2)
	exported := v.share.IsPositive()
	switch {
	case !over:
		c.step(fmt.Sprintf("revenue %s is not above the VAT threshold %s: no VAT", c.m(rev), c.m(v.threshold)), decimal.Zero, vp, ve, ve.confidence)
	case exported:
		base, baseText := rev, "revenue "+c.m(rev)
		if v.base == "excess" {
			base, baseText = rev.Sub(v.threshold), fmt.Sprintf("(revenue %s - %s)", c.m(rev), c.m(v.threshold))
		}
		dom = base.Sub(base.Mul(v.share)).Mul(v.rate)
		c.step(fmt.Sprintf("VAT on revenue from clients in Vietnam = %s x %s%% x %s (%s, direct method)", baseText, decimal.NewFromInt(100).Sub(c.facts.ExportShare), pct(v.rate), act), dom, vp, ve, ve.confidence)
	case v.base == "excess":
		dom = rev.Sub(v.threshold).Mul(v.rate)
		c.step(fmt.Sprintf("VAT = (revenue %s - %s) x %s (%s)", c.m(rev), c.m(v.threshold), pct(v.rate), act), dom, vp, ve, ve.confidence)
	default:
		dom = rev.Mul(v.rate)
		c.step(fmt.Sprintf("VAT = revenue %s x %s (%s, direct method)", c.m(rev), pct(v.rate), act), dom, vp, ve, ve.confidence)
	}
	dom = c.round("VAT", dom)
	c.close(vs)
	if !exported || c.err != nil {
		return
	}
	xs = c.open()
	v.exportRate, exp = vnExportVAT(c, v, rev, over)
	c.close(xs)
	return
}

// vnVATReduction applies the temporary cut of the direct-method rate when
// tax.vat_reduction says the activity is eligible, and otherwise says in a
// note that it exists and which decrees set it for the year.
func vnVATReduction(c *calc, act string, rate decimal.Decimal) decimal.Decimal {
	rp, re := c.yearEntry("vat_reduction")
	if c.err != nil || re.value.IsZero() {
		return rate
	}
	decrees := entriesInYear(rp, c)
	switch c.facts.VATReduction {
	case "eligible":
		c.use(rp, re, re.confidence)
		cut := rate.Mul(decimal.NewFromInt(1).Sub(re.value))
		c.step(fmt.Sprintf("VAT rate after the temporary %s cut (tax.vat_reduction: eligible) = %s x (1 - %s) = %s (%s)", pct(re.value), pct(rate), pct(re.value), pct(cut), act),
			decimal.Zero, rp, re, re.confidence)
		c.note(re.confidence, "VAT rate cut by %s for goods and services outside the excluded groups (%s): check that your %s are not in an excluded group", pct(re.value), decrees, act)
		return cut
	case "excluded":
		c.note("C", "tax.vat_reduction: excluded: the full VAT rate is used (the %s cut of %s does not apply)", pct(re.value), decrees)
	default:
		c.note(re.confidence, "A temporary %s cut of the VAT rate (%s) applies to goods and services outside the excluded groups; the full rate is used: set tax.vat_reduction: eligible or excluded", pct(re.value), decrees)
	}
	return rate
}

// entriesInYear lists the references of p's entries in force during the
// tax year, with their start dates ("Decree 180/2024 (from 2025-01-01); ...").
func entriesInYear(p *parameter, c *calc) string {
	var out []string
	for i, e := range p.entries {
		ends := i+1 < len(p.entries) && !p.entries[i+1].effective.After(c.yearStart())
		if ends || e.effective.After(c.yearEnd()) {
			continue
		}
		out = append(out, fmt.Sprintf("%s from %s", e.reference, e.effective.Format(dateLayout)))
	}
	return strings.Join(out, "; ")
}

// vnExportVAT traces the VAT on the exported share under the treatment the
// facts or the rules choose: the direct-method rate, 0% or not subject.
func vnExportVAT(c *calc, v vnVAT, rev decimal.Decimal, over bool) (rate, vat decimal.Decimal) {
	tp, te := c.text("export_vat")
	if c.err != nil {
		return
	}
	c.use(tp, te, te.confidence)
	treat, by := te.text, "rules "+tp.name
	if c.facts.ExportVAT != "" {
		treat, by = c.facts.ExportVAT, "tax.export_vat"
	}
	switch treat {
	case "rate":
		rate = v.rate
	case "zero", "exempt":
		rate = decimal.Zero
	default:
		c.fail("%s: %q: want one of %s", tp.name, treat, strings.Join(ExportVATs, ", "))
		return
	}
	base := rev
	if v.base == "excess" {
		base = rev.Sub(v.threshold)
	}
	if !over {
		base = decimal.Zero
	}
	vat = base.Mul(v.share).Mul(rate)
	what := map[string]string{"rate": "at the direct-method rate " + pct(rate), "zero": "at 0%", "exempt": "not subject to VAT"}[treat]
	c.step(fmt.Sprintf("VAT on services to clients abroad (%s%% of revenue, %s, %s) = %s x %s%% x %s", c.facts.ExportShare, what, by, c.m(base), c.facts.ExportShare, pct(rate)),
		vat, tp, te, te.confidence)
	return rate, c.round("VAT on exported services", vat)
}
