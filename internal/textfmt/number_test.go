package textfmt

import (
	"testing"

	"github.com/shopspring/decimal"
)

func TestGroup(t *testing.T) {
	tests := []struct{ in, want string }{
		{"0", "0"}, {"999", "999"}, {"1000", "1,000"}, {"-1234567.891", "-1,234,567.891"},
		{"123456", "123,456"}, {"-12", "-12"}, {"1e5", "1e5"}, {"", ""},
	}
	for _, tt := range tests {
		if got := Group(tt.in); got != tt.want {
			t.Errorf("Group(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFixedAndAtLeast(t *testing.T) {
	d := func(s string) decimal.Decimal { return decimal.RequireFromString(s) }
	tests := []struct {
		name, got, want string
	}{
		{"fixed pads", Fixed(d("1234.5"), 2), "1,234.50"},
		{"fixed rounds half away", Fixed(d("-0.125"), 2), "-0.13"},
		{"fixed zero places", Fixed(d("31510880"), 0), "31,510,880"},
		{"at least pads", AtLeast(d("1234.5"), 2), "1,234.50"},
		{"at least keeps digits", AtLeast(d("25412.125"), 2), "25,412.125"},
		{"plain", Plain(d("1234.5")), "1,234.5"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, tt.got, tt.want)
		}
	}
}

func TestMinDigits(t *testing.T) {
	for _, c := range []struct {
		in     string
		places int32
		want   string
	}{
		{"1234.5", 2, "1234.50"}, {"0.125", 2, "0.125"}, {"1.500", 2, "1.50"}, {"-7", 0, "-7"},
		{"1234567.1250", 2, "1234567.125"}, {"-0.5", 0, "-0.5"}, {"26338000", 0, "26338000"},
	} {
		if got := MinDigits(decimal.RequireFromString(c.in), c.places); got != c.want {
			t.Errorf("MinDigits(%s, %d) = %q, want %q", c.in, c.places, got, c.want)
		}
	}
}
