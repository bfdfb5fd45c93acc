package importers

import (
	"testing"

	"github.com/incomeledger/income/ledger"
)

func TestPayoneerClassify(t *testing.T) {
	tests := []struct {
		desc string
		in   bool
		want ledger.Kind
	}{
		{"Payment from Acme Ltd", true, ledger.Income},
		{"Payment from Upwork Escrow Inc", true, ledger.Transfer},
		{"Payment from Fiverr", true, ledger.Transfer},
		{"Withdrawal to bank account ****4321", false, ledger.Transfer},
		{"Currency conversion USD to EUR", false, ledger.Transfer},
		{"Currency conversion USD to EUR", true, ledger.Transfer},
		{"Withdrawal fee", false, ledger.Fee},
		{"Annual account fee", false, ledger.Fee},
		{"Card charge (SHOP)", false, ledger.Unclassified},
		{"Refund to Acme Ltd", false, ledger.Refund},
		{"Refund from SHOP", true, ledger.Unclassified},
		{"Payment to Bob", false, ledger.Unclassified},
		{"Transaction description", true, ledger.Unclassified},
	}
	for _, tt := range tests {
		got, _, _ := poClassify(poText{desc: tt.desc}, tt.in)
		if got != tt.want {
			t.Errorf("poClassify(%q, in=%v) = %s, want %s", tt.desc, tt.in, got, tt.want)
		}
	}
}

func FuzzPayoneer(f *testing.F) {
	fuzzImport(f, "payoneer", "../testdata/importers/payoneer/*.csv")
}
