package tax

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func day(s string) time.Time {
	t, err := time.Parse(dateLayout, s)
	if err != nil {
		panic(err)
	}
	return t
}

type dueRow struct{ due, regime, form, period, amount string }

func dueRows(ds []Due) []dueRow {
	out := []dueRow{}
	for _, d := range ds {
		a := ""
		if d.Amount != nil {
			a = d.Amount.String()
		}
		out = append(out, dueRow{d.Due, d.Regime, d.Form, d.Period, a})
	}
	return out
}

func checkRows(t *testing.T, got []Due, want []dueRow) {
	t.Helper()
	g := dueRows(got)
	if len(g) != len(want) {
		t.Fatalf("got %d deadlines:\n%v\nwant %d:\n%v", len(g), g, len(want), want)
	}
	for i := range want {
		if g[i] != want[i] {
			t.Errorf("%d: got %v, want %v", i, g[i], want[i])
		}
	}
}

// The window includes both its first and its last day, and deadlines of two
// tax years.
func TestUpcomingUS(t *testing.T) {
	r := mustRules(t)
	var results []Result
	for _, y := range []int{2025, 2026} {
		res, err := Compute(r, "US", DefaultFacts(), even(y, "USD", "60000"), "")
		if err != nil {
			t.Fatal(err)
		}
		results = append(results, res)
	}
	// 2026-01-15 + 90 days = 2026-04-15
	checkRows(t, Upcoming(results, day("2026-01-15"), 90), []dueRow{
		{"2026-01-15", "us-schedule-c", "1040-ES", "2025-Q4", "3020.68"},
		{"2026-04-15", "us-schedule-c", "1040", "2025", ""},
		{"2026-04-15", "us-schedule-c", "1040-ES", "2026-Q1", "3009.18"},
	})
	checkRows(t, Upcoming(results, day("2026-01-16"), 88), []dueRow{}) // to 2026-04-14
	ds := Upcoming(results, day("2026-01-16"), 90)
	checkRows(t, ds, []dueRow{
		{"2026-04-15", "us-schedule-c", "1040", "2025", ""},
		{"2026-04-15", "us-schedule-c", "1040-ES", "2026-Q1", "3009.18"},
	})
	if ds[0].Days != 89 || ds[0].Year != 2025 || ds[1].Year != 2026 {
		t.Errorf("days/year: %+v", ds)
	}
}

// Indonesia: the PP 55 payment, and the Art. 25 instalments NPPN and
// bookkeeping compute from 2025's tax, moved past the 2026 holidays.
func TestUpcomingID(t *testing.T) {
	r := mustRules(t)
	var results []Result
	for _, y := range []int{2025, 2026} {
		res, err := Compute(r, "ID", DefaultFacts(), even(y, "IDR", "1200000000"), "")
		if err != nil {
			t.Fatal(err)
		}
		results = append(results, res)
	}
	ds := Upcoming(results, day("2026-01-10"), 40)
	checkRows(t, ds, []dueRow{
		{"2026-01-15", "id-pp55", "PPh final PP 55 (monthly payment)", "2025-12", "500000"},
		{"2026-02-18", "id-bookkeeping", "PPh Art. 25 (monthly instalment)", "2026-01", "23983333"},
		{"2026-02-18", "id-nppn", "PPh Art. 25 (monthly instalment)", "2026-01", "8983333"},
	})
	if ds[1].Statutory != "2026-02-15" {
		t.Errorf("statutory = %q, want 2026-02-15", ds[1].Statutory)
	}
	var b bytes.Buffer
	if err := WriteDue(&b, "table", day("2026-01-10"), 40, ds); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Deadlines from 2026-01-10 to 2026-02-19 (40 days)", "2026-02-18  39d", "AMOUNT (IDR)", "  8,983,333  C", "moved from 2026-02-15"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, b.String())
		}
	}
	b.Reset()
	if err := WriteDue(&b, "csv", day("2026-01-10"), 40, ds); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "\n2026-02-18,2026-02-15,39,2025,id-nppn,PPh Art. 25 (monthly instalment),2026-01,8983333,IDR,C,") {
		t.Errorf("csv:\n%s", b.String())
	}
	// A regime the figures rule out is not listed: NPPN above 4.8 billion.
	res, err := Compute(r, "ID", DefaultFacts(), even(2025, "IDR", "6000000000"), "id-nppn")
	if err != nil {
		t.Fatal(err)
	}
	if ds := Upcoming([]Result{res}, day("2026-01-01"), 365); len(ds) != 0 {
		t.Errorf("not applicable, yet listed: %v", dueRows(ds))
	}
}
