package tax

import (
	"strings"
	"testing"
)

// The Tax Table rows and amounts below are those printed in the IRS tables
// (2011 and 2019 Form 1040 instructions, 2014 Form 1040EZ): at 10% every row
// is the tax on its midpoint, rounded half up to whole dollars.
func TestTaxTableRows(t *testing.T) {
	tenPct := schedule("11600", "0.10", "0.12")
	tests := []struct{ x, lo, hi, tax string }{
		{"0", "0", "5", "0"},
		{"4.99", "0", "5", "0"},
		{"5", "5", "15", "1"},
		{"14.99", "5", "15", "1"},
		{"15", "15", "25", "2"},
		{"24.99", "15", "25", "2"},
		{"25", "25", "50", "4"},
		{"49.99", "25", "50", "4"},
		{"50", "50", "75", "6"},
		{"75", "75", "100", "9"},
		{"99.99", "75", "100", "9"},
		{"100", "100", "125", "11"},
		{"2425", "2425", "2450", "244"},
		{"2449.99", "2425", "2450", "244"},
		{"2999.99", "2975", "3000", "299"},
		{"3000", "3000", "3050", "303"},
		{"3049.99", "3000", "3050", "303"},
		{"3050", "3050", "3100", "308"},
		{"99999.99", "99950", "100000", ""},
	}
	for _, tt := range tests {
		lo, hi := taxTableRow(d(tt.x))
		if !lo.Equal(d(tt.lo)) || !hi.Equal(d(tt.hi)) {
			t.Errorf("row(%s) = %s-%s, want %s-%s", tt.x, lo, hi, tt.lo, tt.hi)
		}
		if tt.tax == "" {
			continue
		}
		if got := taxTableTax(tenPct, d(tt.x)); !got.Equal(d(tt.tax)) {
			t.Errorf("tax(%s) = %s, want %s", tt.x, got, tt.tax)
		}
	}
}

// 2026, single: taxable income 33,031.33 is 3,715.76 by the exact schedule
// (1,240 + 12% of 20,631.33) but 3,715 by the Tax Table (row 33,000-33,050,
// midpoint 33,025: 1,240 + 12% of 20,625). Profit 61,751.79 gives that
// taxable income: SE tax 8,725.25, half 4,362.63, AGI 57,389.16, less 16,100
// is 41,289.16, less the QBI deduction 8,257.83.
func TestUSTaxTable2026(t *testing.T) {
	r := mustRules(t)
	g := compute(t, r, "US", DefaultFacts(), even(2026, "USD", "61751.79"), "us-schedule-c")
	got := lineAmounts(g)
	want := map[string]string{"income_tax": "3715", "se_tax": "8725.25", "additional_medicare": "0"}
	for k, v := range want {
		if !d(got[k]).Equal(d(v)) {
			t.Errorf("%s = %s, want %s", k, got[k], v)
		}
	}
	if !g.Total.Equal(d("12440.25")) {
		t.Errorf("total = %s, want 12440.25", g.Total)
	}
	if !traceHas(g, "33031.33") || !traceHas(g, "3715.7596") {
		t.Errorf("trace lacks the taxable income or the exact schedule's 3,715.7596:\n%+v", g.Trace)
	}
	found := false
	for _, s := range g.Trace {
		found = found || s.Amount.Equal(d("3715")) && strings.Contains(s.Step, "row at least 33,000.00 but less than 33,050.00") && strings.Contains(s.Step, "exact schedule: 3,715.76")
	}
	if !found {
		t.Error("no Tax Table step naming the row and the exact schedule's figure")
	}
	if g.Confidence != "C" {
		t.Errorf("confidence %s, want C (2026 brackets per Rev. Proc. 2025-32, QBI base per Reg. 1.199A-3(b)(1)(vi))", g.Confidence)
	}
}

// At $100,000 of taxable income and above, the exact schedule applies to the
// cent; just below, the Tax Table in whole dollars.
func TestUSTaxTableEdge(t *testing.T) {
	bs := schedule("12400", "0.10", "50400", "0.12", "105700", "0.22", "0.24")
	// row 99,950-100,000, midpoint 99,975: 1,240 + 4,560 + 22% of 49,575 = 16,706.50 -> 16,707
	if got := taxTableTax(bs, d("99999.99")); !got.Equal(d("16707")) {
		t.Errorf("table at 99,999.99 = %s, want 16707", got)
	}
}

// schedule builds brackets from upper bounds and rates: upper, rate, upper,
// rate, ..., last rate (open).
func schedule(args ...string) []bracket {
	var out []bracket
	lower := d("0")
	for i := 0; i+1 < len(args); i += 2 {
		out = append(out, bracket{lower: lower, upper: d(args[i]), rate: d(args[i+1])})
		lower = d(args[i])
	}
	return append(out, bracket{lower: lower, open: true, rate: d(args[len(args)-1])})
}
