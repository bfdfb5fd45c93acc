// Package textfmt is the one place where income turns numbers and text into
// what a person reads: money with thousands separators, and (as it grows)
// table cells cleaned of control characters and measured in display width.
// It is a leaf: report, tax and cmd all print through it.
package textfmt

import (
	"strings"

	"github.com/shopspring/decimal"
)

// Group adds comma thousands separators to the integer part of a plain
// decimal text ("-1234567.5" → "-1,234,567.5"). Text that is not a plain
// decimal is returned as it is.
func Group(s string) string {
	neg := strings.HasPrefix(s, "-")
	digits := strings.TrimPrefix(s, "-")
	intPart, frac, hasFrac := strings.Cut(digits, ".")
	for i := 0; i < len(intPart); i++ {
		if intPart[i] < '0' || intPart[i] > '9' {
			return s
		}
	}
	var b strings.Builder
	b.Grow(len(s) + len(intPart)/3)
	if neg {
		b.WriteByte('-')
	}
	for i := 0; i < len(intPart); i++ {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteByte(intPart[i])
	}
	if hasFrac {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	return b.String()
}

// Fixed prints d with exactly places decimals (rounded half away from zero
// where it has more), grouped: Fixed(1234.5, 2) = "1,234.50".
func Fixed(d decimal.Decimal, places int32) string {
	return Group(d.StringFixed(places))
}

// AtLeast prints d with at least places decimals and more only where d has
// them, grouped: AtLeast(1234.5, 2) = "1,234.50", AtLeast(0.125, 2) = "0.125".
// It is how an exact figure is shown without hiding a digit.
func AtLeast(d decimal.Decimal, places int32) string { return Group(MinDigits(d, places)) }

// MinDigits prints d ungrouped with at least places decimals and more only
// where d has them: MinDigits(1234.5, 2) = "1234.50", MinDigits(0.125, 2) =
// "0.125". It is the form of an exact amount in JSON and CSV.
func MinDigits(d decimal.Decimal, places int32) string {
	s := d.String()
	if _, frac, ok := strings.Cut(s, "."); ok && int32(len(frac)) > places {
		return s
	}
	return d.StringFixed(places)
}

// Plain prints d grouped with the decimals it has ("1,234.5").
func Plain(d decimal.Decimal) string { return Group(d.String()) }
