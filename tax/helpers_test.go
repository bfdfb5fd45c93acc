package tax

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// decimalEq compares decimals by value (1.0 == 1.00).
var decimalEq = cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) })

// month describes one month of figures as strings.
type month struct{ gross, refunds, fees, expenses string }

// figures builds Figures from months (missing fields are zero).
func figures(year int, cur string, ms [12]month) Figures {
	f := Figures{Year: year, Currency: cur, Gross: decimal.Zero, Refunds: decimal.Zero, Fees: decimal.Zero, Expenses: decimal.Zero, Net: decimal.Zero, Withheld: decimal.Zero}
	z := func(s string) decimal.Decimal {
		if s == "" {
			return decimal.Zero
		}
		return d(s)
	}
	for i, m := range ms {
		p := Period{Gross: z(m.gross), Refunds: z(m.refunds), Fees: z(m.fees), Expenses: z(m.expenses)}
		p.Net = p.Gross.Sub(p.Refunds).Sub(p.Fees)
		f.Months[i] = p
		f.Gross = f.Gross.Add(p.Gross)
		f.Refunds = f.Refunds.Add(p.Refunds)
		f.Fees = f.Fees.Add(p.Fees)
		f.Expenses = f.Expenses.Add(p.Expenses)
		f.Net = f.Net.Add(p.Net)
	}
	return f
}

// even spreads a gross amount over 12 months in whole units; the last month
// takes the remainder.
func even(year int, cur, gross string) Figures {
	g := d(gross)
	q, _ := g.QuoRem(decimal.NewFromInt(12), 0)
	var ms [12]month
	for i := range ms {
		ms[i].gross = q.String()
	}
	ms[11].gross = g.Sub(q.Mul(decimal.NewFromInt(11))).String()
	return figures(year, cur, ms)
}

func mustRules(t testing.TB, files ...string) *Rules {
	t.Helper()
	r, err := LoadRules(files...)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// writeFile writes a temporary rules file and returns its path.
func writeFile(t testing.TB, name, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func compute(t testing.TB, r *Rules, cc string, facts Facts, fig Figures, regime string) Regime {
	t.Helper()
	res, err := Compute(r, cc, facts, fig, regime)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Regimes) != 1 {
		t.Fatalf("want 1 regime, got %d", len(res.Regimes))
	}
	return res.Regimes[0]
}

func lineAmounts(g Regime) map[string]string {
	out := map[string]string{}
	for _, l := range g.Lines {
		out[l.Key] = l.Amount.String()
	}
	return out
}

func traceHas(g Regime, amount string) bool {
	for _, s := range g.Trace {
		if s.Amount.Equal(d(amount)) {
			return true
		}
	}
	return false
}
