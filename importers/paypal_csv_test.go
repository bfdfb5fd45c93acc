package importers

import (
	"strings"
	"testing"
)

func TestPayPalClassify(t *testing.T) {
	tests := []struct {
		typ  string
		want ppClass
	}{
		{"Website Payment", ppPayment},
		{"Express Checkout Payment", ppPayment},
		{"General Payment", ppPayment},
		{"Mass Pay Payment", ppPayment},
		{"Subscription Payment", ppPayment},
		{"Pago estándar", ppPayment},
		{"Website-Zahlung", ppPayment},
		{"PayPal Express-Zahlung", ppPayment},
		{"Payment Refund", ppRefundRow},
		{"Payment Reversal", ppRefundRow},
		{"Chargeback", ppRefundRow},
		{"Reembolso de pago", ppRefundRow},
		{"Rückzahlung", ppRefundRow},
		{"Chargeback Fee", ppFeeRow},
		{"Fee Reversal", ppFeeRow},
		{"Rücklastschriftgebühr", ppFeeRow},
		{"General Withdrawal", ppTransfer},
		{"General Withdrawal - Bank Account", ppTransfer},
		{"User Initiated Withdrawal", ppTransfer},
		{"Bank Deposit to PP Account", ppTransfer},
		{"General Card Deposit", ppTransfer},
		{"Reversal of ACH Deposit", ppTransfer},
		{"General Currency Conversion", ppTransfer},
		{"User Initiated Currency Conversion", ppTransfer},
		{"Allgemeine Währungsumrechnung", ppTransfer},
		{"Conversión general de divisas", ppTransfer},
		{"Allgemeine Abbuchung", ppTransfer},
		{"Bankgutschrift auf PayPal-Konto", ppTransfer},
		{"Retiro general: cuenta bancaria", ppTransfer},
		{"Payment Hold", ppNotMoney},
		{"Payment Release", ppNotMoney},
		{"Account Hold for Open Authorization", ppNotMoney},
		{"Reversal of General Account Hold", ppNotMoney},
		{"General Authorization", ppNotMoney},
		{"Void of Authorization", ppNotMoney},
		{"Shopping Cart Item", ppNotMoney},
		{"Shopping Cart Payment Received", ppPayment},
		{"eCheck Received", ppPayment},
		{"Referral Bonus", ppPayment},
		{"Mass Pay Payment", ppPayment},
		{"Einbehaltung für offene Autorisierung", ppNotMoney},
		{"Rückbuchung allgemeiner Einbehaltung", ppNotMoney},
		{"Request Received", ppNotMoney},
		{"Order", ppNotMoney},
		{"Debit Card Cash Back Bonus", ppUnknown},
		{"Allgemeine Gutschrift", ppUnknown},
		{"", ppUnknown},
	}
	for _, tt := range tests {
		if got := ppClassify(tt.typ); got != tt.want {
			t.Errorf("ppClassify(%q) = %d, want %d", tt.typ, got, tt.want)
		}
	}
}

func TestPayPalStatus(t *testing.T) {
	tests := []struct {
		status    string
		ok, known bool
	}{
		{"Completed", true, true}, {"", true, true}, {"Refunded", true, true}, {"Partially Refunded", true, true},
		{"Reversed", true, true}, {"Cleared", true, true}, {"Abgeschlossen", true, true}, {"Completado", true, true},
		{"Pending", false, true}, {"Ausstehend", false, true}, {"Denied", false, true}, {"Canceled", false, true},
		{"Uncleared", false, true}, {"Unpaid", false, true}, {"Placed", false, true}, {"Removed", false, true},
		{"保留中", false, false},
	}
	for _, tt := range tests {
		ok, known := ppStatusOK(tt.status)
		if ok != tt.ok || known != tt.known {
			t.Errorf("ppStatusOK(%q) = %v, %v; want %v, %v", tt.status, ok, known, tt.ok, tt.known)
		}
	}
}

// An unknown status never makes income.
func TestPayPalUnknownStatus(t *testing.T) {
	text := "Date,Time,Type,Status,Currency,Gross,Fee,Net,Transaction ID\n" +
		"2025-01-02,10:00:00,Website Payment,保留中,USD,10.00,-0.50,9.50,A1\n"
	res, entries, err := importText(t, "paypal", text)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Kind == "income" {
			t.Errorf("income from a row of unknown status: %+v", e)
		}
	}
	want := `t.csv:2: unknown PayPal status "保留中": imported as unclassified`
	if len(res.Warnings) != 1 || res.Warnings[0] != want {
		t.Errorf("warnings %q, want %q", res.Warnings, want)
	}
}

func FuzzPayPal(f *testing.F) {
	fuzzImport(f, "paypal", "../testdata/importers/paypal/*.csv")
}

// The old History layout has no Currency column: an amount that names no
// currency is refused at its line, never imported in a guessed currency.
func TestPayPalOldLayoutNeedsCurrency(t *testing.T) {
	_, _, err := importText(t, "paypal", "Date, Time, Time Zone, Name, Type, Status, Amount, Receipt ID, Balance\n"+
		"3/15/2009, 09:12:44, PDT, Delta Press, Payment Received, Completed, 80.00, , 80.00\n")
	if err == nil || !strings.HasPrefix(err.Error(), "t.csv:2: the old PayPal History layout has no Currency column") {
		t.Fatalf("err = %v", err)
	}
}

// UK exports: English headers, day-first dates that fit both orders; the
// time zone decides, and a file where nothing decides warns.
func TestPayPalDateOrderFromZoneAndCurrency(t *testing.T) {
	head := "Date,Time,TimeZone,Name,Type,Status,Currency,Gross,Fee,Net,Transaction ID\n"
	for _, tt := range []struct {
		zone, cur, want string
		warn            bool
	}{
		{"BST", "USD", "2011-04-01", false},
		{"GMT", "GBP", "2011-04-01", false},
		{"PDT", "GBP", "2011-01-04", false},
		{"", "GBP", "2011-04-01", false},
		{"", "USD", "2011-01-04", false},
		{"", "JPY", "2011-01-04", true},
	} {
		res, entries, err := importText(t, "paypal", head+"01/04/2011,10:00:00,"+tt.zone+",A,Website Payment,Completed,"+tt.cur+",10.00,0.00,10.00,T1\n")
		if err != nil || len(entries) != 1 {
			t.Fatalf("%+v: err %v, %d entries", tt, err, len(entries))
		}
		if got := entries[0].Date.Format("2006-01-02"); got != tt.want || (len(res.Warnings) > 0) != tt.warn {
			t.Errorf("%+v: date %s, warnings %q", tt, got, res.Warnings)
		}
	}
}
