package report_test

import (
	"bytes"
	"encoding/csv"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/incomeledger/income/ledger"
	"github.com/incomeledger/income/report"
	"github.com/shopspring/decimal"
)

func ledgerText(t *testing.T, fx *fixture, format string) string {
	t.Helper()
	var buf bytes.Buffer
	w, err := report.NewLedgerWriter(&buf, format, fx.home)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range fx.entries {
		if err := w.Write(e); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func TestLedgerExportGolden(t *testing.T) {
	fx := newFixture(t, "VND")
	checkGolden(t, "entries.journal.golden", ledgerText(t, fx, "hledger"))
	checkGolden(t, "entries.beancount.golden", ledgerText(t, fx, "beancount"))
	if _, err := report.NewLedgerWriter(&bytes.Buffer{}, "ledger", fx.home); err == nil {
		t.Error("format ledger accepted")
	}
}

func TestLedgerAccounts(t *testing.T) {
	tests := []struct {
		kind, source, account string
		own, other            string
	}{
		{"income", "upwork", "upwork", "assets:upwork", "income:upwork"},
		{"refund", "gumroad", "gumroad", "assets:gumroad", "income:gumroad:refunds"},
		{"fee", "upwork", "upwork", "assets:upwork", "expenses:fees:upwork"},
		{"expense", "upwork", "upwork", "assets:upwork", "expenses:upwork"},
		{"tax_withheld", "upwork", "upwork", "assets:upwork", "expenses:tax:withheld:upwork"},
		{"transfer", "wise", "wise:USD", "assets:wise:USD", "assets:transfers"},
		{"unclassified", "my bank", "my bank;x", "assets:my-bank-x", "equity:unclassified:my-bank"},
	}
	for _, tt := range tests {
		own, other := report.LedgerAccounts(ledger.Entry{Kind: ledger.Kind(tt.kind), Source: tt.source, Account: tt.account})
		if own != tt.own || other != tt.other {
			t.Errorf("%s %s/%s: %s, %s; want %s, %s", tt.kind, tt.source, tt.account, own, other, tt.own, tt.other)
		}
	}
}

// figuresByAccount maps the report's figures of each source to the
// accounts they end up in, in the home currency, signed as the books hold
// them.
func figuresByAccount(r report.Report, beancount bool) map[string]decimal.Decimal {
	want := map[string]decimal.Decimal{}
	name := func(s string) string {
		if !beancount {
			return s
		}
		parts := strings.Split(s, ":")
		for i, p := range parts {
			parts[i] = strings.ToUpper(p[:1]) + p[1:]
		}
		return strings.Join(parts, ":")
	}
	for _, s := range r.Sources {
		want[name("income:"+s.Source)] = s.Gross.Neg()
		want[name("income:"+s.Source+":refunds")] = s.Refunds
		want[name("expenses:fees:"+s.Source)] = s.Fees
		want[name("expenses:"+s.Source)] = s.Expenses
		want[name("expenses:tax:withheld:"+s.Source)] = s.Withheld
	}
	return want
}

// amounts parses "1 VND, -2.50 USD" into a map by commodity.
func amounts(t *testing.T, s string) map[string]decimal.Decimal {
	t.Helper()
	out := map[string]decimal.Decimal{}
	for _, part := range strings.Split(s, ",") {
		f := strings.Fields(part)
		if len(f) == 0 || f[0] == "0" && len(f) == 1 {
			continue
		}
		if len(f) != 2 {
			t.Fatalf("amount %q", s)
		}
		out[f[1]] = out[f[1]].Add(dec(f[0]))
	}
	return out
}

// TestLedgerExportsAcceptedByTools runs hledger and bean-check on the
// exports (skipped when they are not installed: apt packages hledger and
// beancount) and checks that each account's yearly balance in the home
// currency is the report's figure.
func TestLedgerExportsAcceptedByTools(t *testing.T) {
	for _, home := range []string{"VND", "IDR"} {
		t.Run(home, func(t *testing.T) {
			fx := newFixture(t, home)
			dir := t.TempDir()
			t.Run("hledger", func(t *testing.T) {
				if _, err := exec.LookPath("hledger"); err != nil {
					t.Skip("hledger is not installed (Debian/Ubuntu: apt-get install hledger)")
				}
				file := filepath.Join(dir, "income.journal")
				if err := os.WriteFile(file, []byte(ledgerText(t, fx, "hledger")), 0o644); err != nil {
					t.Fatal(err)
				}
				if out, err := exec.Command("hledger", "-f", file, "check").CombinedOutput(); err != nil {
					t.Fatalf("hledger check: %v\n%s", err, out)
				}
				out, err := exec.Command("hledger", "-f", file, "balance", "-Y", "-O", "csv", "--no-total").Output()
				if err != nil {
					t.Fatalf("hledger balance: %v", err)
				}
				recs, err := csv.NewReader(bytes.NewReader(out)).ReadAll()
				if err != nil {
					t.Fatal(err)
				}
				got := map[string]decimal.Decimal{}
				for _, r := range recs[1:] {
					got[r[0]] = amounts(t, r[1])[home]
				}
				compareBalances(t, got, figuresByAccount(fx.report, false))
			})
			t.Run("beancount", func(t *testing.T) {
				if _, err := exec.LookPath("bean-check"); err != nil {
					t.Skip("bean-check is not installed (Debian/Ubuntu: apt-get install beancount)")
				}
				file := filepath.Join(dir, "income.beancount")
				if err := os.WriteFile(file, []byte(ledgerText(t, fx, "beancount")), 0o644); err != nil {
					t.Fatal(err)
				}
				if out, err := exec.Command("bean-check", file).CombinedOutput(); err != nil || len(out) > 0 {
					t.Fatalf("bean-check: %v\n%s", err, out)
				}
				if _, err := exec.LookPath("bean-query"); err != nil {
					return
				}
				out, err := exec.Command("bean-query", "-f", "csv", file,
					"SELECT account, sum(number) AS n, currency WHERE currency = '"+home+"' GROUP BY account, currency").Output()
				if err != nil {
					t.Fatalf("bean-query: %v", err)
				}
				recs, err := csv.NewReader(bytes.NewReader(out)).ReadAll()
				if err != nil {
					t.Fatal(err)
				}
				got := map[string]decimal.Decimal{}
				for _, r := range recs[1:] {
					got[strings.TrimSpace(r[0])] = dec(strings.TrimSpace(r[1]))
				}
				compareBalances(t, got, figuresByAccount(fx.report, true))
			})
		})
	}
}

func compareBalances(t *testing.T, got, want map[string]decimal.Decimal) {
	t.Helper()
	for acc, w := range want {
		if g := got[acc]; !g.Equal(w) {
			t.Errorf("%s: balance %s, report %s", acc, g, w)
		}
	}
	for acc, g := range got {
		if _, ok := want[acc]; !ok && !g.IsZero() && !strings.HasPrefix(strings.ToLower(acc), "assets:") && !strings.HasPrefix(strings.ToLower(acc), "equity:") {
			t.Errorf("%s: balance %s not in the report", acc, g)
		}
	}
}
