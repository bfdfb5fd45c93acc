package tax

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Figures worked by hand: services, 5% VAT, 2% PIT; 2024-2025 the whole
// revenue is taxed above the thresholds (100M PIT; VAT 100M in 2024, 150M
// prorated in 2025); 2026 PIT on revenue above 1,000M, VAT on the whole.
func TestVNVATReduction(t *testing.T) {
	r := mustRules(t)
	tests := []struct {
		name      string
		year      int
		gross     string
		activity  string
		reduction string
		vat       string
	}{
		{"2024 not said: full rate", 2024, "765000000", "services", "", "38250000"},
		{"2024 eligible: 5% x 80% = 4% (Decree 72/2024)", 2024, "765000000", "services", "eligible", "30600000"},
		{"2024 excluded (e.g. IT)", 2024, "765000000", "services", "excluded", "38250000"},
		{"2025 eligible goods: 1% x 80%", 2025, "765000000", "goods", "eligible", "6120000"},
		{"2026 eligible (Decree 174/2025 to 2026-12-31)", 2026, "1500000000", "services", "eligible", "60000000"},
		{"2026 at the VAT threshold: no VAT to cut", 2026, "1000000000", "services", "eligible", "0"},
		{"2026 one unit above the threshold", 2026, "1000000001", "services", "eligible", "40000000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := Facts{Activity: tt.activity, VATReduction: tt.reduction}
			g := compute(t, r, "VN", f, even(tt.year, "VND", tt.gross), "vn-business")
			if got := lineAmounts(g)["vat"]; got != tt.vat {
				t.Errorf("vat = %s, want %s", got, tt.vat)
			}
			notes := strings.Join(g.Notes, "\n")
			switch tt.reduction {
			case "":
				if tt.vat != "0" && !strings.Contains(notes, "set tax.vat_reduction: eligible or excluded") {
					t.Errorf("no note about the reduction:\n%s", notes)
				}
			case "eligible":
				if tt.vat != "0" && !strings.Contains(notes, "VAT rate cut by 20%") {
					t.Errorf("no note naming the cut:\n%s", notes)
				}
			}
		})
	}
}

// TestVNVATReductionEnds: from 2027 the cut is 0 (Decree 174/2025 Art. 2(1)),
// checked with a rules file that extends the years.
func TestVNVATReductionEnds(t *testing.T) {
	f := writeFile(t, "2027.yaml", "countries:\n  VN:\n    years: {last: 2027}\n")
	r := mustRules(t, f)
	g := compute(t, r, "VN", Facts{VATReduction: "eligible"}, even(2027, "VND", "1500000000"), "vn-business")
	if got := lineAmounts(g)["vat"]; got != "75000000" {
		t.Errorf("2027 vat = %s, want 75000000 (5%%, no cut)", got)
	}
	g = compute(t, r, "VN", Facts{VATReduction: "eligible"}, even(2026, "VND", "1500000000"), "vn-business")
	if got := lineAmounts(g)["vat"]; got != "60000000" {
		t.Errorf("2026 vat = %s, want 60000000", got)
	}
}

func TestVNExportedServices(t *testing.T) {
	r := mustRules(t)
	tests := []struct {
		name      string
		year      int
		share     string
		treatment string
		want      map[string]string
		conf      string
	}{
		{"2025 all exported, rules' treatment: not subject (Circular 40/2021, S)", 2025, "100", "", map[string]string{"pit": "15300000", "vat": "0", "vat_export": "0"}, "S"},
		{"2025 all exported, at the rate by choice", 2025, "100", "rate", map[string]string{"pit": "15300000", "vat": "0", "vat_export": "38250000"}, "S"},
		{"2025 40% exported at the rate", 2025, "40", "rate", map[string]string{"pit": "15300000", "vat": "22950000", "vat_export": "15300000"}, "S"},
		{"2025 40% exported at 0%", 2025, "40", "zero", map[string]string{"pit": "15300000", "vat": "22950000", "vat_export": "0"}, "S"},
		{"2025 nothing exported: no export line", 2025, "0", "zero", map[string]string{"pit": "15300000", "vat": "38250000"}, ""},
		{"2026 all exported, rules' treatment: the rate (U)", 2026, "100", "", map[string]string{"pit": "10000000", "vat": "0", "vat_export": "75000000"}, "U"},
		{"2026 all exported, not subject by choice", 2026, "100", "exempt", map[string]string{"pit": "10000000", "vat": "0", "vat_export": "0"}, "U"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := Facts{ExportShare: d(tt.share), ExportVAT: tt.treatment}
			gross := "765000000"
			if tt.year == 2026 {
				gross = "1500000000"
			}
			g := compute(t, r, "VN", f, even(tt.year, "VND", gross), "vn-business")
			if diff := cmp.Diff(tt.want, lineAmounts(g)); diff != "" {
				t.Errorf("lines (-want +got):\n%s", diff)
			}
			for _, l := range g.Lines {
				if l.Key == "vat_export" && l.Confidence != tt.conf {
					t.Errorf("vat_export confidence %s, want %s", l.Confidence, tt.conf)
				}
			}
			sum := d("0")
			for _, q := range g.Quarters {
				sum = sum.Add(q.Amount)
			}
			if !sum.Equal(g.Total) {
				t.Errorf("quarters add to %s, total %s", sum, g.Total)
			}
		})
	}
}

func TestVNDigitalContent(t *testing.T) {
	r := mustRules(t)
	// 2026: PIT (1,500M - 1,000M) x 5% (Law 109/2025 Art. 7(3)); VAT 1,500M x 5%.
	g := compute(t, r, "VN", Facts{Activity: "digital_content"}, even(2026, "VND", "1500000000"), "vn-business")
	if diff := cmp.Diff(map[string]string{"pit": "25000000", "vat": "75000000"}, lineAmounts(g)); diff != "" {
		t.Errorf("2026 lines (-want +got):\n%s", diff)
	}
	// Before 2026 the group does not exist: a clear error, not a guess.
	_, err := Compute(r, "VN", Facts{Activity: "digital_content"}, even(2025, "VND", "765000000"), "vn-business")
	if err == nil || !strings.Contains(err.Error(), "vn.biz.pit_rate.digital_content: no value in force on 2025-12-31 (first from 2026-01-01)") {
		t.Errorf("2025 digital_content: %v", err)
	}
}

// TestVNRefundHeavyQuarter: a quarter whose cumulative figure falls below
// what was paid owes 0 and carries the difference, never a negative payment.
func TestVNRefundHeavyQuarter(t *testing.T) {
	r := mustRules(t)
	var ms [12]month
	ms[0].gross = "300000000"   // Q1: revenue 300M: PIT 6,000,000 + VAT 15,000,000
	ms[3].refunds = "200000000" // Q2: cumulative 100M, not above 100M: nothing due
	ms[6].gross = "60000000"    // Q3: cumulative 160M: PIT 3,200,000 + VAT 8,000,000
	g := compute(t, r, "VN", Facts{}, figures(2025, "VND", ms), "vn-business")
	if diff := cmp.Diff(map[string]string{"pit": "3200000", "vat": "8000000"}, lineAmounts(g)); diff != "" {
		t.Errorf("lines (-want +got):\n%s", diff)
	}
	want := []Quarter{
		{Period: "2025-Q1", Base: d("300000000"), Amount: d("21000000"), Credit: d("0")},
		{Period: "2025-Q2", Base: d("-200000000"), Amount: d("0"), Credit: d("21000000")},
		{Period: "2025-Q3", Base: d("60000000"), Amount: d("0"), Credit: d("9800000")},
		{Period: "2025-Q4", Base: d("0"), Amount: d("0"), Credit: d("9800000")},
	}
	if diff := cmp.Diff(want, g.Quarters, decimalEq); diff != "" {
		t.Errorf("quarters (-want +got):\n%s", diff)
	}
	if !strings.Contains(strings.Join(g.Notes, "\n"), "The quarters paid 9,800,000 more than the year's tax") {
		t.Errorf("no note on the credit: %q", g.Notes)
	}
}
