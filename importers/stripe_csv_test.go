package importers

import (
	"testing"
)

// The balance export, the payments export and the payouts export key the
// same charge and the same payout alike, so overlapping imports add nothing
// twice.
func TestStripeExportsShareKeys(t *testing.T) {
	balance := `"id","Type","Source","Amount","Fee","Net","Currency","Created (UTC)","Available On (UTC)"
"txn_1","charge","ch_1","100.00","3.20","96.80","usd","2025-03-01 10:00","2025-03-03 00:00"
"txn_2","payout","po_1","-96.80","0.00","-96.80","usd","2025-03-05 02:00","2025-03-05 02:00"
`
	payments := `"id","Created date (UTC)","Amount","Amount Refunded","Currency","Fee","Status"
"ch_1","2025-03-01 10:00","100.00","0.00","usd","3.20","Paid"
`
	payouts := `"id","Amount","Currency","Created (UTC)","Arrival Date (UTC)","Status"
"po_1","96.80","usd","2025-03-05 02:00","2025-03-07 00:00","paid"
`
	keys := func(name, text string) map[string]string {
		_, entries, err := importText(t, name, text)
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]string{}
		for _, e := range entries {
			m[e.Key] = string(e.Kind) + " " + e.Amount.String() + " " + e.Date.Format("2006-01-02")
		}
		return m
	}
	b, p, o := keys("stripe", balance), keys("stripe-payments", payments), keys("stripe-payouts", payouts)
	for k, v := range p {
		if b[k] != v {
			t.Errorf("payments export %s = %q, balance export %q", k, v, b[k])
		}
	}
	for k, v := range o {
		if b[k] != v {
			t.Errorf("payouts export %s = %q, balance export %q", k, v, b[k])
		}
	}
	if len(p) != 2 || len(o) != 1 {
		t.Errorf("payments %v payouts %v", p, o)
	}
}

func FuzzStripeBalance(f *testing.F) {
	fuzzImport(f, "stripe", "../testdata/importers/stripe/balance*.csv")
}

func FuzzStripePayments(f *testing.F) {
	fuzzImport(f, "stripe-payments", "../testdata/importers/stripe/payments*.csv")
}

func FuzzStripePayouts(f *testing.F) {
	fuzzImport(f, "stripe-payouts", "../testdata/importers/stripe/payouts*.csv")
}
