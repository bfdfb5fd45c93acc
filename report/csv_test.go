package report_test

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strings"
	"testing"

	"github.com/incomeledger/income/report"
)

// TestSafeCell: the OWASP rule for CSV cells, numbers untouched.
func TestSafeCell(t *testing.T) {
	tests := []struct{ in, want string }{
		{hostile, "'" + hostile},
		{"+84 Shop", "'+84 Shop"},
		{"-10% milestone", "'-10% milestone"},
		{"@acme", "'@acme"},
		{"\tcmd", "'\tcmd"},
		{"\rcmd", "'\rcmd"},
		{"-", "'-"},
		{"-12.50", "-12.50"},
		{"+5", "+5"},
		{"-4658686", "-4658686"},
		{"1240.00", "1240.00"},
		{"Acme Co", "Acme Co"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := report.SafeCell(tt.in); got != tt.want {
			t.Errorf("SafeCell(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestEntriesCSVNeutralises: `income entries --format csv` defuses text
// from the files and leaves signed amounts as numbers.
func TestEntriesCSVNeutralises(t *testing.T) {
	fx := newFixture(t, "VND")
	var buf bytes.Buffer
	w := report.NewEntriesWriter(&buf, "csv", false, fx.home)
	for _, e := range fx.entries {
		if err := w.Write(e); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	seen := 0
	for _, r := range recs[1:] {
		desc, cp, amount := r[col["description"]], r[col["counterparty"]], r[col["amount"]]
		for _, c := range []string{desc, cp} {
			if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
				t.Errorf("cell %q is not neutralised", c)
			}
		}
		if desc == "'"+hostile {
			seen++
			if amount != "30.00" && amount != "-3.50" && amount != "-10.00" {
				t.Errorf("amount %q changed", amount)
			}
		}
		if strings.HasPrefix(amount, "'") {
			t.Errorf("amount %q was neutralised", amount)
		}
	}
	if seen != 3 {
		t.Errorf("%d neutralised hostile rows, want 3", seen)
	}
	var all []string
	for _, r := range recs {
		all = append(all, r...)
	}
	for _, want := range []string{"'-10% milestone (revised)", "'@acme", "'+84 Shop", "Local client\tinvoice 7"} {
		if !slices.Contains(all, want) {
			t.Errorf("no cell %q in the CSV", want)
		}
	}
}

// TestReportCSVNeutralises: the report's CSV defuses a hostile name (a
// source or month label) and keeps negative figures as numbers.
func TestReportCSVNeutralises(t *testing.T) {
	fx := newFixture(t, "VND")
	r := fx.report
	r.Sources = append(r.Sources, report.Source{Source: hostile, Figures: r.Sources[0].Figures, Withheld: r.Sources[0].Withheld})
	var buf bytes.Buffer
	if err := r.WriteCSV(&buf); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.Contains(out, `source,"'=HYPERLINK(""http://x"",""y"")"`) {
		t.Errorf("hostile source not neutralised:\n%s", out)
	}
	if !strings.Contains(out, "month,2025-03,,") || !strings.Contains(out, ",-") {
		t.Errorf("negative figures missing:\n%s", out)
	}
	if strings.Contains(out, ",'-") {
		t.Errorf("a negative number was neutralised:\n%s", out)
	}
}
