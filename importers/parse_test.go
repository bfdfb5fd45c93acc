package importers

import (
	"errors"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

func TestParseAmount(t *testing.T) {
	tests := []struct {
		in    string
		style NumberStyle
		want  string
	}{
		{"1,240.00", DotDecimal, "1240"},
		{"-22.92", DotDecimal, "-22.92"},
		{"$1,234.56", DotDecimal, "1234.56"},
		{"-$5.00", DotDecimal, "-5"},
		{"$-5.00", DotDecimal, "-5"},
		{"(12.50)", DotDecimal, "-12.5"},
		{"1.234,56", CommaDecimal, "1234.56"},
		{"-4.626,81", CommaDecimal, "-4626.81"},
		{"CA$12.00", DotDecimal, "12"},
		{"12.00 USD", DotDecimal, "12"},
		{"5-", DotDecimal, "-5"},
		{"+7", DotDecimal, "7"},
		{"'1,000", DotDecimal, "1000"},
		{"0.0", DotDecimal, "0"},
		{"1 000,50", CommaDecimal, "1000.5"},
	}
	for _, tt := range tests {
		got, err := ParseAmount(tt.in, tt.style)
		if err != nil {
			t.Errorf("ParseAmount(%q): %v", tt.in, err)
			continue
		}
		if !got.Equal(decimal.RequireFromString(tt.want)) {
			t.Errorf("ParseAmount(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
	for _, bad := range []string{"", "12,3x", "abc", "1.2.3", "--", "1e5", "NaN",
		// issue 12: two signs, and separators that do not group thousands
		"--5", "(-5)", "-$-5", "($-5)", "-5-", "+-5", "(5-)", "1,,,5", "1,2,3", "12,34.56", ",5", "1,5.00", "1.000,5"} {
		if _, err := ParseAmount(bad, DotDecimal); !errors.Is(err, ErrNotNumber) {
			t.Errorf("ParseAmount(%q) err = %v, want ErrNotNumber", bad, err)
		}
	}
	for _, bad := range []string{"--5", "(-5)", "1..5", "1.2.3,5", "12.34,56", "1,5.000"} {
		if _, err := ParseAmount(bad, CommaDecimal); !errors.Is(err, ErrNotNumber) {
			t.Errorf("ParseAmount(%q, comma) err = %v, want ErrNotNumber", bad, err)
		}
	}
	for in, want := range map[string]string{"12,34,567.50": "1234567.5", "1,234,567": "1234567", "-1,000": "-1000", "(1,000.00)": "-1000"} {
		if got, err := ParseAmount(in, DotDecimal); err != nil || !got.Equal(decimal.RequireFromString(want)) {
			t.Errorf("ParseAmount(%q) = %v, %v; want %s", in, got, err, want)
		}
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in      string
		layouts []string
		want    string
	}{
		{"Oct 2, 2026", []string{"Jan 2, 2006"}, "2026-10-02"},
		{"2024-01-02 03:04:05 UTC", []string{"2006-01-02"}, "2024-01-02"},
		{"'15/03", []string{"02/01"}, "0000-03-15"},
		{"2025-12-31", []string{"Jan 2, 2006", "2006-01-02"}, "2025-12-31"},
	}
	for _, tt := range tests {
		got, err := ParseDate(tt.in, tt.layouts...)
		if err != nil {
			t.Errorf("ParseDate(%q): %v", tt.in, err)
			continue
		}
		if got.Format("2006-01-02") != tt.want || got.Location() != time.UTC {
			t.Errorf("ParseDate(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
	if _, err := ParseDate("31/02/2025", "02/01/2006"); !errors.Is(err, ErrBadDate) {
		t.Errorf("bad date err = %v", err)
	}
}

func same(a, b decimal.Decimal) bool { return a.Exponent() == b.Exponent() && a.Equal(b) }

func FuzzParseAmount(f *testing.F) {
	for _, s := range []string{"1,240.00", "-22.92", "(1.00)", "1.234,56", "$-0", "CA$1", "5-", "", "'1",
		"4996.18", "-0.50", ".5", "5.", "007", "1234,56", "999999999999999999", "1000000000000000000"} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, comma bool) {
		style := DotDecimal
		if comma {
			style = CommaDecimal
		}
		d, err := ParseAmount(s, style)
		if err == nil && d.String() == "" {
			t.Fatal("empty decimal without error")
		}
		// the fast path gives exactly what the general path gives
		if fast, ok := plainAmount(s, style); ok {
			slow, err := parseAmount(s, style)
			if err != nil || !same(fast, slow) {
				t.Fatalf("%q: fast %s (exp %d), general %s (exp %d), %v", s, fast, fast.Exponent(), slow, slow.Exponent(), err)
			}
		}
	})
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"Oct 2, 2026", "2024-01-02 03:04:05 UTC", "", "2024-01-02x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s, "Jan 2, 2006", "2006-01-02")
		if err == nil && d.IsZero() && s != "Jan 1, 0001" && s != "0001-01-01" {
			t.Fatalf("zero date from %q", s)
		}
	})
}
