package report_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/incomeledger/income/ledger"
	"github.com/incomeledger/income/report"
)

func fixtureTransfers(t *testing.T) ledger.Transfers {
	fx := newFixture(t, "VND")
	return ledger.Transfers{
		Matched:      []ledger.TransferLink{{Out: fx.find(t, "Withdrawal to Vietcombank"), In: fx.find(t, "UPWORK WITHDRAWAL"), Score: 3}},
		UnmatchedOut: []ledger.Entry{fx.find(t, "PayPal payout")},
	}
}

// TestTransfersJSON: the keys cli.md and the testscripts rely on, amounts
// with their currency's digits, the realised rate as a decimal.
func TestTransfersJSON(t *testing.T) {
	raw, err := json.Marshal(report.NewTransfersJSON(fixtureTransfers(t)))
	if err != nil {
		t.Fatal(err)
	}
	got := string(raw)
	for _, want := range []string{`"amount_out":"-1000.00","currency_out":"USD"`, `"amount_in":"25300000","currency_in":"VND"`,
		`"fee":"","rate":"25300","manual":false,"score":3`, `"unmatched_out":[{"id":`, `"amount":"-25.00"`, `"unmatched_in":[]`} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %s in %s", want, got)
		}
	}
}

// TestTransfersTable: CSV keeps exact amounts; a table groups them.
func TestTransfersTable(t *testing.T) {
	tr := fixtureTransfers(t)
	var c, x strings.Builder
	if err := report.WriteTransfersTable(&c, "csv", false, tr); err != nil {
		t.Fatal(err)
	}
	if err := report.WriteTransfersTable(&x, "table", false, tr); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(c.String(), "status,out,date_out,account_out,amount_out,") || !strings.Contains(c.String(), ",-1000.00,USD,") ||
		!strings.Contains(c.String(), ",25300000,VND,,25300,false,UPWORK WITHDRAWAL\n") {
		t.Errorf("csv:\n%s", c.String())
	}
	if !strings.Contains(x.String(), "\t-1,000.00\tUSD\t") || !strings.Contains(x.String(), "\t25,300,000\tVND\t\t25,300\tfalse\t") ||
		!strings.Contains(x.String(), "unmatched_out\t") {
		t.Errorf("table:\n%s", x.String())
	}
}
