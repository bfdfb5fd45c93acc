package tax

import (
	"errors"
	"strings"
	"testing"

	"github.com/incomeledger/income/errs"
)

func TestDefaultRulesCoverEveryRegime(t *testing.T) {
	r := mustRules(t)
	want := map[string][]string{
		"ID": {"id-pp55", "id-nppn", "id-bookkeeping"},
		"US": {"us-schedule-c"},
		"VN": {"vn-salary", "vn-business"},
	}
	for cc, ids := range want {
		if got := strings.Join(r.RegimeIDs(cc), ","); got != strings.Join(ids, ",") {
			t.Errorf("%s regimes = %s, want %s", cc, got, strings.Join(ids, ","))
		}
	}
	if got := strings.Join(r.Countries(), ","); got != "ID,US,VN" {
		t.Errorf("countries = %s", got)
	}
	// Every S or U entry says what to verify (the loader enforces it).
	for name, p := range r.params {
		for _, e := range p.entries {
			if e.confidence != "C" && e.note == "" {
				t.Errorf("%s %s: %s without a note", name, e.effective.Format(dateLayout), e.confidence)
			}
		}
	}
}

func TestLoadRulesOverridesAndAdds(t *testing.T) {
	f := writeFile(t, "mine.yaml", `
parameters:
  vn.pit.brackets:
    2026-01-01:
      reference: "Law 109/2025/QH15 Art. 9 as read by me"
      confidence: C
      brackets:
        1: {upper: "10000000", rate: "0.05"}
        2: {upper: "30000000", rate: "0.15"}
        3: {upper: "60000000", rate: "0.25"}
        4: {upper: "100000000", rate: "0.30"}
        5: {rate: "0.35"}
  my.rate:
    description: A flat rate
    unit: share
    type: rate
    2024-01-01: {value: "0.1", reference: "my own", confidence: U, note: "made up"}
  my.zero:
    description: no threshold
    unit: VND
    type: amount
    2024-01-01: {value: "0", reference: "my own", confidence: C}
regimes:
  vn-flat:
    country: VN
    name: "Vietnam: my flat estimate"
    method: flat
    base: net
    line: {key: pit, label: "PIT at 10% of net"}
    params: {rate: my.rate, threshold: my.zero}
`)
	r := mustRules(t, f)
	if got := strings.Join(r.RegimeIDs("VN"), ","); got != "vn-salary,vn-business,vn-flat" {
		t.Fatalf("regimes = %s", got)
	}
	fig := even(2026, "VND", "765000000")
	// The override changes 2026 only: 6,000,000 + 240,000,000 x 15% + 219,000,000 x 25%.
	if g := compute(t, r, "VN", Facts{}, fig, "vn-salary"); g.Total.String() != "96750000" || g.Confidence != "C" {
		t.Errorf("vn-salary 2026 with override = %s (%s), want 96750000 (C)", g.Total, g.Confidence)
	}
	if g := compute(t, r, "VN", Facts{}, even(2025, "VND", "765000000"), "vn-salary"); g.Total.String() != "119700000" {
		t.Errorf("vn-salary 2025 must keep the embedded schedule, got %s", g.Total)
	}
	g := compute(t, r, "VN", Facts{}, fig, "vn-flat")
	if len(g.Lines) != 1 || g.Lines[0].Key != "pit" || g.Total.String() != "76500000" || g.Confidence != "U" {
		t.Errorf("vn-flat = %+v", g)
	}
	if len(g.Lines[0].Verify) != 1 || !strings.Contains(g.Lines[0].Verify[0], "made up") {
		t.Errorf("vn-flat verify = %v", g.Lines[0].Verify)
	}
}

func TestLoadRulesOverridesRegimeParams(t *testing.T) {
	f := writeFile(t, "role.yaml", `
parameters:
  my.std:
    description: a bigger standard deduction
    unit: USD
    type: amount
    2025-01-01: {value: "20000", reference: "what-if", confidence: C}
regimes:
  us-schedule-c:
    params: {std_deduction: my.std}
`)
	g := compute(t, mustRules(t, f), "US", Facts{}, even(2025, "USD", "60000"), "us-schedule-c")
	found := false
	for _, s := range g.Trace {
		found = found || (s.Rule == "my.std" && s.Amount.String() == "20000")
	}
	if !found {
		t.Errorf("trace does not use my.std: %+v", g.Trace)
	}
}

func TestLoadRulesErrors(t *testing.T) {
	tests := []struct {
		name, body, want string
	}{
		{"not yaml", "parameters: [", "bad.yaml:1: did not find expected node content"},
		{"empty", "", "bad.yaml: empty rules file"},
		{"unknown top key", "params: {}", `bad.yaml:1: unknown key "params" (known: countries, parameters, regimes)`},
		{"bad value", `
parameters:
  vn.pit.deduction.taxpayer_monthly:
    2027-01-01: {value: "12,000,000", reference: x, confidence: C}`, `bad.yaml:4: parameter vn.pit.deduction.taxpayer_monthly: 2027-01-01: value: "12,000,000": not a number`},
		{"missing reference", `
parameters:
  vn.pit.deduction.taxpayer_monthly:
    2027-01-01: {value: "1"}`, "bad.yaml:4: parameter vn.pit.deduction.taxpayer_monthly: 2027-01-01: reference missing"},
		{"S without a note", `
parameters:
  vn.pit.deduction.taxpayer_monthly:
    2027-01-01: {value: "1", reference: x, confidence: S}`, "confidence S needs a note"},
		{"bad confidence", `
parameters:
  vn.pit.deduction.taxpayer_monthly:
    2027-01-01: {value: "1", reference: x, confidence: maybe}`, `confidence: "maybe": want C, S or U`},
		{"bad date key", `
parameters:
  vn.pit.deduction.taxpayer_monthly:
    2027-13-01: {value: "1", reference: x, confidence: C}`, `bad.yaml:4: unknown key "2027-13-01" (known: description, unit, type, within_year, or a YYYY-MM-DD date)`},
		{"new parameter without type", `
parameters:
  my.x:
    2027-01-01: {value: "1", reference: x, confidence: C}`, "bad.yaml:3: parameter my.x: type missing"},
		{"type change", `
parameters:
  vn.pit.brackets:
    type: rate`, "cannot change the type"},
		{"bracket gap", `
parameters:
  vn.pit.brackets:
    2027-01-01:
      reference: x
      confidence: C
      brackets:
        1: {upper: "10", rate: "0.1"}
        3: {rate: "0.2"}`, `bad.yaml:9: parameter vn.pit.brackets: 2027-01-01: brackets: key "3": want bracket numbers 1 to 2`},
		{"bracket not increasing", `
parameters:
  vn.pit.brackets:
    2027-01-01:
      reference: x
      confidence: C
      brackets:
        1: {upper: "10", rate: "0.1"}
        2: {upper: "5", rate: "0.2"}
        3: {rate: "0.3"}`, "brackets: 2: upper 5 must be above 10"},
		{"rate as percent", `
parameters:
  vn.pit.brackets:
    2027-01-01:
      reference: x
      confidence: C
      brackets:
        1: {rate: "5"}`, "want a share between 0 and 1"},
		{"unknown method", `
regimes:
  vn-x: {country: VN, name: x, method: magic, base: revenue}`, `bad.yaml:3: regime vn-x: method "magic" is unknown`},
		{"unknown country", `
regimes:
  xx-x: {country: XX, name: x, method: flat, base: revenue}`, `regime xx-x: country "XX" is not defined`},
		{"missing role", `
regimes:
  vn-x: {country: VN, name: x, method: flat, base: revenue, params: {rate: vn.biz.pit_rate.goods}}`, "regime vn-x: params: threshold missing"},
		{"wrong parameter type", `
regimes:
  vn-x: {country: VN, name: x, method: flat, base: revenue, params: {rate: vn.biz.pit_threshold, threshold: vn.biz.pit_threshold}}`, "params: rate: parameter vn.biz.pit_threshold is of type amount, want rate"},
		{"unknown role", `
regimes:
  vn-salary: {params: {bonus: vn.biz.pit_threshold}}`, `regime vn-salary: params: role "bonus" is not used by method vn-salary`},
		{"bad base", `
regimes:
  vn-salary: {base: income}`, `base "income": want one of gross, revenue, net, profit`},
		{"alias", `
parameters:
  a: &x {type: rate}
  b: *x`, "bad.yaml:3: anchors and aliases (&, *) are not supported"},
		{"bad deadline", `
regimes:
  vn-salary:
    deadlines:
      - {form: X, every: week}`, `deadlines: every: "week": want one of month, quarter, year`},
		{"duplicate key", `
parameters:
  vn.pit.deduction.taxpayer_monthly:
    2027-01-01: {value: "1", reference: x, confidence: C}
    2027-01-01: {value: "2", reference: x, confidence: C}`, `bad.yaml:5: key "2027-01-01" appears twice (first at line 4)`},
		{"duplicate regime", `
regimes:
  vn-salary: {name: a}
  vn-salary: {name: b}`, `bad.yaml:4: key "vn-salary" appears twice (first at line 3)`},
		{"negative deduction", `
parameters:
  vn.pit.deduction.dependant_monthly:
    2027-01-01: {value: "-6200000", reference: x, confidence: C}`, `bad.yaml:4: parameter vn.pit.deduction.dependant_monthly: 2027-01-01: value: -6200000: must not be negative`},
		{"rate above 100%", `
parameters:
  vn.biz.pit_rate.services:
    2027-01-01: {value: "2", reference: x, confidence: C}`, `bad.yaml:4: parameter vn.biz.pit_rate.services: 2027-01-01: value: 2: want a share between 0 and 1 (5% is 0.05)`},
		{"negative rate", `
parameters:
  vn.biz.pit_rate.services:
    2027-01-01: {value: "-0.02", reference: x, confidence: C}`, `value: -0.02: want a share between 0 and 1`},
		{"float exponent", `
parameters:
  vn.biz.pit_rate.services:
    2027-01-01: {value: 2e-2, reference: x, confidence: C}`, `bad.yaml:4: parameter vn.biz.pit_rate.services: 2027-01-01: value: "2e-2": not a number`},
		{"schedule for a rate", `
parameters:
  vn.biz.pit_rate.services:
    2027-01-01: {brackets: {1: {rate: "0.1"}}, reference: x, confidence: C}`, `bad.yaml:4: parameter vn.biz.pit_rate.services: 2027-01-01: brackets given for a parameter of type rate (want value)`},
		{"unknown entry key", `
parameters:
  vn.biz.pit_rate.services:
    2027-01-01: {value: "0.02", referense: x, confidence: C}`, `bad.yaml:4: unknown key "referense" (known: brackets, confidence, note, reference, tiers, value)`},
		{"mapping for a value", `
parameters:
  vn.biz.pit_rate.services:
    2027-01-01: {value: {a: 1}, reference: x, confidence: C}`, `bad.yaml:4: cannot unmarshal !!map into string`},
		{"bad holiday", `
countries:
  VN:
    due_dates:
      holidays: {dates: [2026-02-30]}`, `bad.yaml:5: country VN: due_dates: holidays: dates: "2026-02-30": not a date (want YYYY-MM-DD)`},
		{"two documents", "regimes: {}\n---\nregimes: {}\n", "bad.yaml:2: want one YAML document, found another"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := writeFile(t, "bad.yaml", tt.body)
			_, err := LoadRules(f)
			if err == nil {
				t.Fatalf("no error, want %q", tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %q\nwant it to contain %q", err, tt.want)
			}
			if !strings.Contains(err.Error(), "bad.yaml") {
				t.Errorf("error %q does not name the file", err)
			}
			var de *errs.DataError
			if !errors.As(err, &de) || errs.ExitCode(err) != errs.ExitInvalid {
				t.Errorf("error %q is not a DataError (exit 3)", err)
			}
		})
	}
	if _, err := LoadRules("/nonexistent/rules.yaml"); err == nil || !strings.Contains(err.Error(), "/nonexistent/rules.yaml") {
		t.Errorf("missing file: %v", err)
	}
}

func TestComputeErrors(t *testing.T) {
	r := mustRules(t)
	bad := even(2025, "VND", "1000")
	bad.Months[0].Gross = d("5")
	tests := []struct {
		name    string
		country string
		facts   Facts
		fig     Figures
		regime  string
		want    string
	}{
		{"currency", "VN", Facts{}, even(2025, "USD", "1000"), "", `VN taxes are computed in VND, but the figures are in "USD"`},
		{"year", "VN", Facts{}, even(2023, "VND", "1000"), "", "no VN rules for 2023 (the rules cover 2024-2026"},
		{"regime", "VN", Facts{}, even(2025, "VND", "1000"), "id-pp55", `unknown regime "id-pp55" for VN (known: vn-salary, vn-business)`},
		{"country", "FR", Facts{}, even(2025, "EUR", "1000"), "", `no rules for country "FR"`},
		{"months", "VN", Facts{}, bad, "", "figures: 2025 gross is 1000 but its months add up to"},
		{"filing status", "US", Facts{FilingStatus: "married_joint"}, even(2025, "USD", "1000"), "", `filing_status "married_joint" is not supported yet (only single)`},
		{"activity", "VN", Facts{Activity: "mining"}, even(2025, "VND", "1000"), "", `activity "mining"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Compute(r, tt.country, tt.facts, tt.fig, tt.regime)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestDeadlines(t *testing.T) {
	r := mustRules(t)
	type dl struct{ form, period, due, statutory string }
	get := func(g Regime) []dl {
		var out []dl
		for _, x := range g.Deadlines {
			out = append(out, dl{x.Form, x.Period, x.Due, x.Statutory})
		}
		return out
	}
	tests := []struct {
		name    string
		country string
		fig     Figures
		regime  string
		want    []dl
	}{
		{"VN salary 2025", "VN", even(2025, "VND", "765000000"), "vn-salary", []dl{
			{"02/KK-TNCN", "2025-Q1", "2025-05-05", "2025-04-30"},
			{"02/KK-TNCN", "2025-Q2", "2025-07-31", ""},
			{"02/KK-TNCN", "2025-Q3", "2025-10-31", ""},
			{"02/KK-TNCN", "2025-Q4", "2026-02-02", "2026-01-31"},
			{"02/QTT-TNCN", "2025", "2026-05-04", "2026-04-30"},
		}},
		{"VN business 2026 under the threshold", "VN", even(2026, "VND", "765000000"), "vn-business", []dl{
			{"01/TKN-CNKD", "2026", "2027-02-01", "2027-01-31"},
		}},
		{"VN business 2024 quarterly", "VN", even(2024, "VND", "765000000"), "vn-business", []dl{
			{"01/CNKD", "2024-Q1", "2024-05-02", "2024-04-30"},
			{"01/CNKD", "2024-Q2", "2024-07-31", ""},
			{"01/CNKD", "2024-Q3", "2024-10-31", ""},
			{"01/CNKD", "2024-Q4", "2025-02-03", "2025-01-31"},
		}},
		{"ID PP 55 2025 from the month 500M is passed", "ID", figures(2025, "IDR", idMonths("54000000", "58000000")), "id-pp55", []dl{
			{"PPh final PP 55 (monthly payment)", "2025-10", "2025-11-17", "2025-11-15"},
			{"PPh final PP 55 (monthly payment)", "2025-11", "2025-12-15", ""},
			{"PPh final PP 55 (monthly payment)", "2025-12", "2026-01-15", ""},
			{"1770", "2025", "2026-03-31", ""},
		}},
		// the next year's Art. 25 instalments move past weekends and holidays;
		// the annual return stays on 31 March though it is Idul Fitri
		{"ID bookkeeping 2024", "ID", even(2024, "IDR", "652000000"), "id-bookkeeping", []dl{
			{"PPh Art. 25 (monthly instalment)", "2025-01", "2025-02-17", "2025-02-15"},
			{"PPh Art. 25 (monthly instalment)", "2025-02", "2025-03-17", "2025-03-15"},
			{"PPh Art. 25 (monthly instalment)", "2025-03", "2025-04-15", ""},
			{"PPh Art. 25 (monthly instalment)", "2025-04", "2025-05-15", ""},
			{"PPh Art. 25 (monthly instalment)", "2025-05", "2025-06-16", "2025-06-15"},
			{"PPh Art. 25 (monthly instalment)", "2025-06", "2025-07-15", ""},
			{"PPh Art. 25 (monthly instalment)", "2025-07", "2025-08-15", ""},
			{"PPh Art. 25 (monthly instalment)", "2025-08", "2025-09-15", ""},
			{"PPh Art. 25 (monthly instalment)", "2025-09", "2025-10-15", ""},
			{"PPh Art. 25 (monthly instalment)", "2025-10", "2025-11-17", "2025-11-15"},
			{"PPh Art. 25 (monthly instalment)", "2025-11", "2025-12-15", ""},
			{"PPh Art. 25 (monthly instalment)", "2025-12", "2026-01-15", ""},
			{"1770", "2024", "2025-03-31", ""},
		}},
		{"US 2024", "US", even(2024, "USD", "60000"), "us-schedule-c", []dl{
			{"1040-ES", "2024-Q1", "2024-04-15", ""},
			{"1040-ES", "2024-Q2", "2024-06-17", "2024-06-15"},
			{"1040-ES", "2024-Q3", "2024-09-16", "2024-09-15"},
			{"1040-ES", "2024-Q4", "2025-01-15", ""},
			{"1040", "2024", "2025-04-15", ""},
		}},
		{"US 2026", "US", even(2026, "USD", "60000"), "us-schedule-c", []dl{
			{"1040-ES", "2026-Q1", "2026-04-15", ""},
			{"1040-ES", "2026-Q2", "2026-06-15", ""},
			{"1040-ES", "2026-Q3", "2026-09-15", ""},
			{"1040-ES", "2026-Q4", "2027-01-15", ""},
			{"1040", "2026", "2027-04-15", ""},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := compute(t, r, tt.country, Facts{}, tt.fig, tt.regime)
			got := get(g)
			if len(got) != len(tt.want) {
				t.Fatalf("deadlines = %v\nwant %v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("deadline %d = %v, want %v", i, got[i], tt.want[i])
				}
			}
		})
	}
	// Over the threshold in 2026 with the income method: quarterly from the
	// crossing quarter and the annual finalisation.
	fig := even(2026, "VND", "1500000000")
	g := compute(t, r, "VN", Facts{BusinessMethod: "income"}, fig, "vn-business")
	var forms []string
	for _, x := range g.Deadlines {
		forms = append(forms, x.Form+" "+x.Period)
	}
	if got := strings.Join(forms, ", "); got != "01/CNKD 2026-Q3, 01/CNKD 2026-Q4, 02/CNKD-TNCN-QTT 2026" {
		t.Errorf("deadlines = %s", got)
	}
}

func TestPureEngineRepeatable(t *testing.T) {
	r := mustRules(t)
	sc := scenarios[0]
	a, err := Compute(r, sc.country, sc.facts, sc.months(2026), "")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Compute(r, sc.country, sc.facts, sc.months(2026), "")
	if len(a.Regimes) != 2 || !a.Regimes[1].Total.Equal(b.Regimes[1].Total) {
		t.Errorf("two runs differ")
	}
}

// within_year decides how a threshold that changes during the year applies.
func TestWithinYearPolicies(t *testing.T) {
	fig := even(2025, "VND", "0")
	g := d("120000000")
	fig.Months[0].Gross, fig.Months[0].Net, fig.Gross, fig.Net = g, g, g, g
	tests := []struct{ method, vat string }{
		{"prorate", "0"},          // 150,000,000 for 2025
		{"year_start", "6000000"}, // 100,000,000
		{"year_end", "0"},         // 200,000,000
	}
	for _, tt := range tests {
		f := writeFile(t, "within.yaml", `
parameters:
  vn.biz.vat_threshold:
    within_year: {method: `+tt.method+`, confidence: U, note: "test"}
`)
		got := compute(t, mustRules(t, f), "VN", Facts{}, fig, "vn-business")
		if v := lineAmounts(got)["vat"]; !d(v).Equal(d(tt.vat)) {
			t.Errorf("%s: vat = %s, want %s", tt.method, v, tt.vat)
		}
	}
}
