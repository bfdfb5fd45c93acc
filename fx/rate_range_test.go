package fx

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// TestRateValidateRange: dates outside 1900–2199 and rates outside
// 10^-12..10^12 or with more than 24 significant digits are refused; the
// edges are accepted.
func TestRateValidateRange(t *testing.T) {
	base := Rate{Date: day("2025-03-19"), Base: "USD", Quote: "VND", Rate: dec("25000"), Source: "test"}
	tests := []struct {
		name string
		edit func(*Rate)
		want string // "" = valid
	}{
		{"plain", func(r *Rate) {}, ""},
		{"year 0", func(r *Rate) { r.Date = time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC) }, "outside the years 1900 to 2199"},
		{"year 1 (zero time)", func(r *Rate) { r.Date = day("0001-01-01") }, "no date"},
		{"year 2", func(r *Rate) { r.Date = day("0002-01-01") }, "outside the years 1900 to 2199"},
		{"year 1899", func(r *Rate) { r.Date = day("1899-12-31") }, "outside the years"},
		{"year 1900", func(r *Rate) { r.Date = day("1900-01-01") }, ""},
		{"year 2199", func(r *Rate) { r.Date = day("2199-12-31") }, ""},
		{"year 2200", func(r *Rate) { r.Date = day("2200-01-01") }, "outside the years"},
		{"until 2200", func(r *Rate) { r.Until = day("2200-01-01") }, "outside the years"},
		{"1e12", func(r *Rate) { r.Rate = dec("1e12") }, ""},
		{"1e14", func(r *Rate) { r.Rate = dec("1e14") }, "outside 10^-12 to 10^12"},
		{"1e-12", func(r *Rate) { r.Rate = dec("1e-12") }, ""},
		{"below 1e-12", func(r *Rate) { r.Rate = dec("0.9e-12") }, "outside 10^-12 to 10^12"},
		{"divided into range", func(r *Rate) { r.Rate, r.Div = dec("1e14"), dec("1000") }, ""},
		{"divided out of range", func(r *Rate) { r.Rate, r.Div = dec("1"), dec("1e13") }, "outside"},
		{"24 digits", func(r *Rate) { r.Rate = dec("25000.0000000000000000001") }, ""},
		{"40 digits", func(r *Rate) { r.Rate = dec("25000.00000000000000000000000000000000001") }, "more than 24 significant digits"},
		{"40-digit div", func(r *Rate) { r.Div = dec("1.000000000000000000000000000000000000001") }, "more than 24"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := base
			tt.edit(&r)
			err := r.Validate()
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("Validate() = %v, want nil", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Fatalf("Validate() = %v, want %q", err, tt.want)
			}
		})
	}
}

// TestTableAhead: with Ahead set, the daily policy takes the earliest rate
// up to Ahead days later when none is on or before the date; never beyond.
func TestTableAhead(t *testing.T) {
	tb := NewTable([]Rate{{Date: day("2025-03-19"), Base: "USD", Quote: "VND", Rate: dec("25000"), Source: "a"}})
	if _, err := tb.Find(day("2025-03-10"), "USD", "VND"); err == nil {
		t.Fatal("found a later rate without Ahead")
	}
	tb.Ahead = 9
	if r, err := tb.Find(day("2025-03-10"), "VND", "USD"); err != nil || !r.Div.Equal(dec("25000")) {
		t.Fatalf("Find 9 days ahead = %+v, %v", r, err)
	}
	if _, err := tb.Find(day("2025-03-09"), "USD", "VND"); err == nil {
		t.Fatal("found a rate 10 days ahead with Ahead 9")
	}
}

// TestParseRefusesOutOfRange: a rates file with a rate outside the range
// is refused naming the file and line (or element).
func TestParseRefusesOutOfRange(t *testing.T) {
	tests := []struct{ name, data, want string }{
		{"r.csv", "date,base,quote,rate\n2025-01-02,USD,VND,25000\n1800-01-02,USD,VND,25000\n", "r.csv:3: date 1800-01-02: outside the years 1900 to 2199"},
		{"r.csv", "date,base,quote,rate\n2025-01-02,USD,VND,1234567890123456789012345678901234567890\n", "r.csv:2: rate 1234567890123456789012345678901234567890: more than 24 significant digits"},
		{"v.json", `{"Date":"0001-01-01T00:00:00","Data":[{"currencyCode":"USD","cash":"25,160.00","transfer":"25,190.00","sell":"25,550.00"}]}`, "v.json"},
		{"v.json", `{"Date":"1899-01-01T00:00:00","Data":[{"currencyCode":"USD","cash":"25,160.00","transfer":"25,190.00","sell":"25,550.00"}]}`, "outside the years 1900 to 2199"},
	}
	for _, tt := range tests {
		err := ParseFile(strings.NewReader(tt.data), tt.name, func(Rate) error { return nil })
		if err == nil || !strings.Contains(err.Error(), tt.want) || !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: err = %v, want %q (invalid data)", tt.name, err, tt.want)
		}
	}
}
