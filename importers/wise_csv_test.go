package importers

import (
	"testing"

	"github.com/incomeledger/income/ledger"
)

// The balance statement and the transfers list key a transfer alike, so
// importing both does not count it twice.
func TestWiseFamiliesShareKeys(t *testing.T) {
	reg := Default()
	_, st, err := importFile(t, reg, "../testdata/importers/wise/statement_usd.csv")
	if err != nil {
		t.Fatal(err)
	}
	_, tr, err := importFile(t, reg, "../testdata/importers/wise/transfers.csv")
	if err != nil {
		t.Fatal(err)
	}
	byKey := map[string]ledger.Entry{}
	for _, e := range st {
		byKey[e.Key] = e
	}
	for _, key := range []string{
		"wise|TRANSFER-900000001|USD|income#1",
		"wise|TRANSFER-900000003|USD|income#1", "wise|TRANSFER-900000003|USD|fee#1",
		"wise|TRANSFER-900000006|USD|transfer#1", "wise|TRANSFER-900000006|USD|fee#1",
	} {
		a, ok := byKey[key]
		if !ok {
			t.Errorf("statement has no %s", key)
			continue
		}
		found := false
		for _, b := range tr {
			if b.Key == key {
				found = true
				if !a.Amount.Equal(b.Amount) || a.Kind != b.Kind || !a.Date.Equal(b.Date) {
					t.Errorf("%s: statement %s %s %s, transfers list %s %s %s", key, a.Kind, a.Amount, a.Date, b.Kind, b.Amount, b.Date)
				}
			}
		}
		if !found {
			t.Errorf("transfers list has no %s", key)
		}
	}
}

// A fee in Total fees and on its own row is taken once, and flagged.
// A fee on its own "Charges for: <id>" row is the fee of <id>: the row it
// names is imported whole, so its Total fees is not taken a second time
// (issue 13; the 2020 wording "TransferWise Charges for:" too).
func TestWiseFeeOnItsOwnRow(t *testing.T) {
	for _, wording := range []string{"Wise Charges for: CARD-1", "TransferWise Charges for: CARD-1"} {
		text := `"TransferWise ID","Date","Amount","Currency","Description","Payment Reference","Running Balance","Total fees"
"CARD-1","03-09-2026","-0.31","EUR","` + wording + `","","89.69","0.31"
"CARD-1","03-09-2026","-10.31","EUR","Card transaction of 10.00 EUR issued by Shop","","90.00","0.31"
`
		_, entries, err := importText(t, "wise", text)
		if err != nil {
			t.Fatal(err)
		}
		sum := map[ledger.Kind]string{}
		for _, e := range entries {
			sum[e.Kind] += e.Amount.String() + " "
		}
		if sum[ledger.Fee] != "-0.31 " || sum[ledger.Unclassified] != "-10.31 " || len(entries) != 2 {
			t.Errorf("%s: entries by kind %v", wording, sum)
		}
	}
}

func FuzzWiseStatement(f *testing.F) {
	fuzzImport(f, "wise", "../testdata/importers/wise/statement*.csv")
}

func FuzzWiseTransfers(f *testing.F) {
	fuzzImport(f, "wise-transfers", "../testdata/importers/wise/transfers*.csv")
}
