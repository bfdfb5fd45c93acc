package tax

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The worked examples of tax-rules.md §4, with VN-EX-2 (B) as corrected in §6.
func TestWorkedExamples(t *testing.T) {
	r := mustRules(t)
	tests := []struct {
		name    string
		country string
		facts   Facts
		fig     Figures
		regime  string
		lines   map[string]string
		total   string
		trace   []string // amounts that must appear as trace steps
	}{
		{
			name: "VN-EX-1 (A) salary 2025", country: "VN", fig: even(2025, "VND", "765000000"), regime: "vn-salary",
			lines: map[string]string{"pit": "119700000", "vat": "0"}, total: "119700000",
			trace: []string{"765000000", "132000000", "633000000", "3000000", "6000000", "14400000", "33600000", "60000000", "2700000", "29925000", "0"},
		},
		{
			name: "VN-EX-1 (B) business services 2025", country: "VN", fig: even(2025, "VND", "765000000"), regime: "vn-business",
			lines: map[string]string{"pit": "15300000", "vat": "38250000"}, total: "53550000",
		},
		{
			name: "VN-EX-2 (A) salary 2026", country: "VN", fig: even(2026, "VND", "765000000"), regime: "vn-salary",
			lines: map[string]string{"pit": "73800000", "vat": "0"}, total: "73800000",
			trace: []string{"186000000", "579000000", "6000000", "24000000", "43800000"},
		},
		{
			name: "VN-EX-2 (B) business 2026 as corrected in §6: under 1 billion", country: "VN", fig: even(2026, "VND", "765000000"), regime: "vn-business",
			lines: map[string]string{"pit": "0", "vat": "0"}, total: "0",
		},
		{
			name: "VN §6 business 2026 revenue 1.5 billion, services", country: "VN", fig: even(2026, "VND", "1500000000"), regime: "vn-business",
			lines: map[string]string{"pit": "10000000", "vat": "75000000"}, total: "85000000",
		},
		{
			name: "ID-EX-1 (a) PP 55 2025", country: "ID", fig: figures(2025, "IDR", idMonths("54000000", "58000000")), regime: "id-pp55",
			lines: map[string]string{"pph": "760000"}, total: "760000",
			trace: []string{"760000"},
		},
		{
			name: "ID-EX-1 (a) PP 55 2025, USD 30,000", country: "ID", fig: even(2025, "IDR", "489000000"), regime: "id-pp55",
			lines: map[string]string{"pph": "0"}, total: "0",
		},
		{
			name: "ID-EX-1 (b) NPPN 50% 2025", country: "ID", fig: even(2025, "IDR", "652000000"), regime: "id-nppn",
			lines: map[string]string{"pph": "37000000"}, total: "37000000",
			trace: []string{"326000000", "272000000", "3000000", "28500000", "5500000"},
		},
		{
			name: "ID-EX-1 (c) bookkeeping, costs 100M, 2025", country: "ID", facts: Facts{Expenses: d("100000000")}, fig: even(2025, "IDR", "652000000"), regime: "id-bookkeeping",
			lines: map[string]string{"pph": "93500000"}, total: "93500000",
			trace: []string{"498000000"},
		},
		{
			// income tax from the Tax Table (row 32,000-32,050): 3,605; the exact
			// schedule's 3,602.568 stays in the trace (tax-rules.md §4, step 10)
			name: "US-EX-1 2025", country: "US", fig: even(2025, "USD", "60000"), regime: "us-schedule-c",
			lines: map[string]string{"se_tax": "8477.73", "income_tax": "3605", "additional_medicare": "0"}, total: "12082.73",
			trace: []string{"55410.00", "6870.84", "1606.89", "4238.87", "55761.13", "40011.13", "8002.23", "32008.90", "3602.568", "3605", "3020.68"},
		},
		{
			name: "US-EX-2 2026", country: "US", fig: even(2026, "USD", "60000"), regime: "us-schedule-c",
			lines: map[string]string{"se_tax": "8477.73", "income_tax": "3559", "additional_medicare": "0"}, total: "12036.73",
			trace: []string{"55761.13", "39661.13", "7932.23", "31728.90", "3559.468", "3559"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := compute(t, r, tt.country, tt.facts, tt.fig, tt.regime)
			if diff := cmp.Diff(tt.lines, lineAmounts(g), cmp.Comparer(func(a, b string) bool { return d(a).Equal(d(b)) })); diff != "" {
				t.Errorf("lines (-want +got):\n%s", diff)
			}
			if !g.Total.Equal(d(tt.total)) {
				t.Errorf("total = %s, want %s", g.Total, tt.total)
			}
			for _, a := range tt.trace {
				if !traceHas(g, a) {
					t.Errorf("trace has no step with amount %s", a)
				}
			}
		})
	}
}

// idMonths: eleven months of a and one of b.
func idMonths(a, b string) [12]month {
	var ms [12]month
	for i := range ms {
		ms[i].gross = a
	}
	ms[11].gross = b
	return ms
}

func TestVNEX1QuartersAndFinalisation(t *testing.T) {
	g := compute(t, mustRules(t), "VN", Facts{}, even(2025, "VND", "765000000"), "vn-salary")
	want := []Quarter{
		{Period: "2025-Q1", Base: d("191250000"), Amount: d("29925000")},
		{Period: "2025-Q2", Base: d("191250000"), Amount: d("29925000")},
		{Period: "2025-Q3", Base: d("191250000"), Amount: d("29925000")},
		{Period: "2025-Q4", Base: d("191250000"), Amount: d("29925000")},
	}
	if diff := cmp.Diff(want, g.Quarters, decimalEq); diff != "" {
		t.Errorf("quarters (-want +got):\n%s", diff)
	}
	last := g.Trace[len(g.Trace)-1]
	if !last.Amount.IsZero() {
		t.Errorf("finalisation balance = %s, want 0 (%s)", last.Amount, last.Step)
	}
}

func TestUSEX1Quarters(t *testing.T) {
	g := compute(t, mustRules(t), "US", Facts{}, even(2025, "USD", "60000"), "us-schedule-c")
	want := []Quarter{
		{Period: "2025-Q1", Base: d("15000"), Amount: d("3020.68")},
		{Period: "2025-Q2", Base: d("10000"), Amount: d("3020.68")},
		{Period: "2025-Q3", Base: d("15000"), Amount: d("3020.68")},
		{Period: "2025-Q4", Base: d("20000"), Amount: d("3020.68")},
	}
	if diff := cmp.Diff(want, g.Quarters, decimalEq); diff != "" {
		t.Errorf("quarters (-want +got):\n%s", diff)
	}
}

// VN-EX-2 (B) and (C) as first written used the 500M threshold of Law 109 and
// Decree 68; a rules file restoring it reproduces them, which shows the
// threshold is data.
func TestVNEX2WithDecree68Threshold(t *testing.T) {
	f := writeFile(t, "decree68.yaml", `
parameters:
  vn.biz.pit_threshold:
    2026-01-01: {value: "500000000", reference: "Decree 68/2026 Art. 3 before Decree 141", confidence: C}
  vn.biz.vat_threshold:
    2026-01-01: {value: "500000000", reference: "Decree 68/2026 Art. 3 before Decree 141", confidence: C}
`)
	r := mustRules(t, f)
	fig := even(2026, "VND", "765000000")
	g := compute(t, r, "VN", Facts{}, fig, "vn-business")
	if got := lineAmounts(g); got["pit"] != "5300000" || got["vat"] != "38250000" {
		t.Errorf("revenue method: lines = %v, want pit 5300000 vat 38250000", got)
	}
	g = compute(t, r, "VN", Facts{BusinessMethod: "income", Expenses: d("100000000")}, fig, "vn-business")
	if got := lineAmounts(g); got["pit"] != "99750000" {
		t.Errorf("income method: lines = %v, want pit 99750000", got)
	}
}
