package tax

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestVNHolidayRolls: deadlines move past each year's notified days off and
// the Labour Code Art. 111(3) make-up day (1 May 2027 is a Saturday, made up
// on Monday 3 May, so the 30 April 2027 return is due on 4 May).
func TestVNHolidayRolls(t *testing.T) {
	r := mustRules(t)
	type dl struct{ form, period, due, statutory, conf string }
	g := compute(t, r, "VN", Facts{}, even(2026, "VND", "765000000"), "vn-salary")
	var got []dl
	for _, x := range g.Deadlines {
		got = append(got, dl{x.Form, x.Period, x.Due, x.Statutory, x.Confidence})
	}
	want := []dl{
		{"02/KK-TNCN", "2026-Q1", "2026-05-04", "2026-04-30", "C"}, // 30 Apr, 1 May, weekend
		{"02/KK-TNCN", "2026-Q2", "2026-07-31", "", "C"},
		{"02/KK-TNCN", "2026-Q3", "2026-11-02", "2026-10-31", "C"}, // Saturday
		{"02/KK-TNCN", "2026-Q4", "2027-02-01", "2027-01-31", "C"}, // Sunday
		{"02/QTT-TNCN", "2026", "2027-05-04", "2027-04-30", "C"},   // 30 Apr, 1 May (Sat), Sun, make-up Mon 3 May
	}
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(dl{})); diff != "" {
		t.Errorf("deadlines (-want +got):\n%s", diff)
	}
}

// TestVNHolidayList checks days of each year's notice against the rules data.
func TestVNHolidayList(t *testing.T) {
	hol := mustRules(t).countries["VN"].due.holidays
	for _, day := range []string{
		"2024-02-14", "2024-04-29", "2024-09-03", // Tết in lieu; 29 April swap; second National Day holiday
		"2025-01-27", "2025-05-02", "2025-09-01",
		"2026-01-02", "2026-02-20", "2026-04-27", "2026-08-31", "2026-11-24",
		"2027-05-03",
	} {
		if !hol[day] {
			t.Errorf("%s is not a listed holiday", day)
		}
	}
	for _, day := range []string{"2024-05-04", "2025-04-26", "2026-01-10", "2026-08-22", "2026-04-29"} {
		if hol[day] {
			t.Errorf("%s is listed but is a working day", day)
		}
	}
}
