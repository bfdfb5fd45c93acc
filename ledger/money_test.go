package ledger

import (
	"fmt"
	"testing"
	"time"

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

func TestMissingRatesErrorListsRanges(t *testing.T) {
	day := func(s string) time.Time { d, _ := time.Parse(DateLayout, s); return d }
	var miss []Missing
	for d := day("2025-01-01"); !d.After(day("2025-01-05")); d = d.AddDate(0, 0, 1) {
		miss = append(miss, Missing{Date: d, From: "USD", To: "VND"})
	}
	miss = append(miss, Missing{Date: day("2025-03-01"), From: "USD", To: "VND"}, Missing{Date: day("2025-03-02"), From: "USD", To: "VND"})
	err := &MissingRatesError{Missing: miss}
	want := "missing exchange rates for 7 date(s):\n  2025-01-01 to 2025-01-05 USD/VND (5 days)\n  2025-03-01 USD/VND\n  2025-03-02 USD/VND"
	if err.Error() != want {
		t.Errorf("got\n%s\nwant\n%s", err.Error(), want)
	}
}

func TestParseDayAndIDOf(t *testing.T) {
	for _, s := range []string{"2025-01-01", "2024-02-29", "1999-12-31", "2025-02-29", "2025-13-01", "2025-1-01", "abcd-01-01", ""} {
		got, err1 := parseDay(s)
		want, err2 := time.Parse(DateLayout, s)
		if (err1 == nil) != (err2 == nil) || !got.Equal(want) {
			t.Errorf("parseDay(%q) = %v, %v; time.Parse: %v, %v", s, got, err1, want, err2)
		}
	}
	for _, h := range []int64{0, 1, -1, 0x7fffffffffffffff, -0x8000000000000000, 0x0123456789abcdef} {
		if got, want := idOf(h), fmt.Sprintf("%016x", uint64(h)); got != want {
			t.Errorf("idOf(%d) = %s, want %s", h, got, want)
		}
	}
}

func TestOrderKeySortsLikeDateThenSeq(t *testing.T) {
	pairs := []struct {
		date string
		seq  int64
	}{{"0001-01-01", 5}, {"1969-12-31", 9}, {"1970-01-01", 1}, {"2025-01-01", 2}, {"2025-01-01", 3}, {"2025-01-02", 1}, {"9999-12-31", 1<<42 - 1}}
	var prev uint64
	for i, p := range pairs {
		k, err := orderKey(p.date, p.seq)
		if err != nil {
			t.Fatal(err)
		}
		if i > 0 && k <= prev {
			t.Errorf("%s/%d does not sort after the pair before it", p.date, p.seq)
		}
		prev = k
	}
	if _, err := orderKey("2025-01-01", 1<<42); err == nil {
		t.Error("a seq beyond 42 bits was packed")
	}
}
