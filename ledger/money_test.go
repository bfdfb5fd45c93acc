package ledger

import (
	"testing"

	"github.com/shopspring/decimal"
)

func TestRoundHalfAwayFromZero(t *testing.T) {
	tests := []struct {
		name, cur, in, want string
	}{
		{"vnd up", "VND", "12.5", "13"},
		{"vnd negative away", "VND", "-12.5", "-13"},
		{"vnd down", "VND", "12.4999", "12"},
		{"usd half", "USD", "0.125", "0.13"},
		{"usd negative half", "USD", "-0.125", "-0.13"},
		{"jpy", "JPY", "100.5", "101"},
		{"kwd three digits", "KWD", "1.2345", "1.235"},
		{"idr kept to 2", "IDR", "15000.005", "15000.01"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, ok := LookupCurrency(tt.cur)
			if !ok {
				t.Fatalf("%s unknown", tt.cur)
			}
			got := c.Round(decimal.RequireFromString(tt.in))
			if !got.Equal(decimal.RequireFromString(tt.want)) {
				t.Fatalf("Round(%s) = %s, want %s", tt.in, got, tt.want)
			}
		})
	}
}

func TestCurrencyTableCoversUsersAndECB(t *testing.T) {
	for _, code := range []string{"USD", "EUR", "JPY", "GBP", "CHF", "AUD", "CAD", "CNY", "HKD", "ILS", "KRW", "MXN", "NZD", "ZAR", "ISK", "NOK", "SEK", "DKK", "PLN", "CZK", "HUF", "RON", "BGN", "TRY",
		"VND", "IDR", "PHP", "THB", "MYR", "SGD", "INR", "NGN", "PKR", "BDT", "KES", "EGP", "BRL"} {
		if _, ok := LookupCurrency(code); !ok {
			t.Errorf("%s missing from the currency table", code)
		}
	}
	if c, _ := LookupCurrency("vnd"); c.Minor != 0 || c.Code != "VND" {
		t.Errorf("vnd = %+v", c)
	}
	if c, _ := LookupCurrency("IDR"); c.Minor != 2 || c.Display != 0 {
		t.Errorf("IDR = %+v, want minor 2 display 0", c)
	}
	if _, ok := LookupCurrency("XYZ"); ok {
		t.Error("XYZ known")
	}
}
