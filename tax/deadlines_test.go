package tax

import (
	"fmt"
	"strings"
	"testing"
)

// dueOf returns the due and statutory dates of a regime's deadline for a
// form and period.
func dueOf(t *testing.T, g Regime, form, period string) (due, statutory string) {
	t.Helper()
	for _, dl := range g.Deadlines {
		if dl.Form == form && dl.Period == period {
			return dl.Due, dl.Statutory
		}
	}
	t.Fatalf("no %s deadline for %s in %+v", form, period, g.Deadlines)
	return "", ""
}

// Indonesian payments move past weekends, national holidays and cuti bersama
// (PMK 81/2024 Art. 100; PMK 242/2014 Art. 9 in 2024); the annual return
// does not move.
func TestIDPaymentDeadlinesRoll(t *testing.T) {
	r := mustRules(t)
	const pp55 = "PPh final PP 55 (monthly payment)"
	tests := []struct {
		year                   int
		period, due, statutory string
	}{
		// 15 Feb 2026 is a Sunday, 16 Feb cuti bersama (Imlek), 17 Feb Imlek:
		// the 18th, as Kring Pajak said for January 2026 (DDTCNews 2026-02-12)
		{2026, "2026-01", "2026-02-18", "2026-02-15"},
		{2026, "2026-02", "2026-03-16", "2026-03-15"}, // Sunday only
		{2026, "2026-03", "2026-04-15", ""},           // a Wednesday
		{2026, "2026-04", "2026-05-18", "2026-05-15"}, // cuti bersama (Ascension), then the weekend
		{2026, "2026-07", "2026-08-18", "2026-08-15"}, // Saturday, Sunday, 17 August
		{2024, "2024-08", "2024-09-17", "2024-09-15"}, // Sunday, then Maulid on Monday 16 September
		{2024, "2024-03", "2024-04-16", "2024-04-15"}, // cuti bersama Idul Fitri (amended SKB)
		{2025, "2025-05", "2025-06-16", "2025-06-15"}, // Sunday
	}
	for _, tt := range tests {
		// turnover past the exempt 500M in January, so every month pays
		g := compute(t, r, "ID", DefaultFacts(), even(tt.year, "IDR", "12000000000"), "id-pp55")
		due, stat := dueOf(t, g, pp55, tt.period)
		if due != tt.due || stat != tt.statutory {
			t.Errorf("%s: due %s (statutory %q), want %s (%q)", tt.period, due, stat, tt.due, tt.statutory)
		}
	}
	// The annual return stays on 31 March 2025 although it is Idul Fitri.
	g := compute(t, r, "ID", DefaultFacts(), even(2024, "IDR", "652000000"), "id-nppn")
	if due, stat := dueOf(t, g, "1770", "2024"); due != "2025-03-31" || stat != "" {
		t.Errorf("1770 for 2024: due %s (statutory %q), want 2025-03-31 unmoved", due, stat)
	}
}

// NPPN and bookkeeping list the next year's Art. 25 instalments: the year's
// PPh / 12, rounded down to whole rupiah, due the 15th of the next month.
func TestIDArt25Instalments(t *testing.T) {
	r := mustRules(t)
	facts := DefaultFacts()
	// ID-EX-1 (b): NPPN 50% on 652M gives 37,000,000; / 12 = 3,083,333.33
	g := compute(t, r, "ID", facts, even(2025, "IDR", "652000000"), "id-nppn")
	if len(g.Months) != 12 {
		t.Fatalf("months = %+v", g.Months)
	}
	for i, m := range g.Months {
		if m.Period != "2026-"+fmt.Sprintf("%02d", i+1) || !m.Amount.Equal(d("3083333")) || !m.Base.Equal(d("37000000")) {
			t.Errorf("month %d = %+v, want 2026-%s 3,083,333 of 37,000,000", i+1, m, fmt.Sprintf("%02d", i+1))
		}
	}
	const art25 = "PPh Art. 25 (monthly instalment)"
	if due, stat := dueOf(t, g, art25, "2026-01"); due != "2026-02-18" || stat != "2026-02-15" {
		t.Errorf("Art. 25 for January 2026: due %s (%s), want 2026-02-18 (2026-02-15)", due, stat)
	}
	if due, _ := dueOf(t, g, art25, "2026-12"); due != "2027-01-15" {
		t.Errorf("Art. 25 for December 2026: due %s, want 2027-01-15", due)
	}
	// Nothing owed: no instalments and no Art. 25 deadlines.
	g = compute(t, r, "ID", facts, even(2025, "IDR", "50000000"), "id-bookkeeping")
	if len(g.Months) != 0 {
		t.Errorf("months = %+v, want none", g.Months)
	}
	for _, dl := range g.Deadlines {
		if dl.Form == art25 {
			t.Errorf("Art. 25 deadline with nothing owed: %+v", dl)
		}
	}
}

// PP 55 does not apply to pekerjaan bebas income: the trace says so and the
// regime is shown for comparison only.
func TestIDPP55PekerjaanBebas(t *testing.T) {
	facts := DefaultFacts()
	facts.PekerjaanBebas = true
	g := compute(t, mustRules(t), "ID", facts, figures(2025, "IDR", idMonths("54000000", "58000000")), "id-pp55")
	if g.Applicable {
		t.Error("applicable, want not (PP 55/2022 Art. 56(3)(a))")
	}
	found := false
	for _, s := range g.Trace {
		found = found || s.Rule == "config.pekerjaan_bebas" && strings.Contains(s.Reference, "Art. 56(3)(a)")
	}
	if !found {
		t.Errorf("no trace step citing Art. 56(3)(a): %+v", g.Trace)
	}
	if !g.Total.Equal(d("760000")) {
		t.Errorf("comparison total = %s, want 760000", g.Total)
	}
}
