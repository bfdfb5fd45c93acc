package fx

import (
	"errors"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

// ParseError is an error about the content of a rates file or response. It
// names the file and the line (or element) and wraps ErrInvalid, so the CLI
// can exit with status 3.
type ParseError struct {
	File string
	Line int    // 1-based; 0 when not known
	Elem string // element or record, when a line says too little
	Msg  string
	Err  error // the underlying error, if any
}

func (e *ParseError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(e.Line))
	}
	if e.Elem != "" {
		b.WriteString(": ")
		b.WriteString(e.Elem)
	}
	b.WriteString(": ")
	b.WriteString(e.Msg)
	if e.Err != nil {
		if e.Msg != "" {
			b.WriteString(": ")
		}
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Unwrap returns ErrInvalid and the underlying error.
func (e *ParseError) Unwrap() []error {
	if e.Err == nil {
		return []error{ErrInvalid}
	}
	return []error{ErrInvalid, e.Err}
}

var errNotNumber = errors.New("not a number")

// maxNumberLen bounds the text of one rate: no publisher prints more
// digits, and a longer one would only make the exact arithmetic slow.
const maxNumberLen = 48

// parsePlain reads a positive-or-zero decimal written with digits and at
// most one '.', nothing else (no sign, exponent or separators).
func parsePlain(s string) (decimal.Decimal, error) {
	if len(s) > maxNumberLen || !plainDigits(s) {
		return decimal.Decimal{}, errNotNumber
	}
	return decimal.NewFromString(s)
}

func plainDigits(s string) bool {
	if s == "" || s == "." {
		return false
	}
	dot := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
		case c == '.' && !dot:
			dot = true
		default:
			return false
		}
	}
	return true
}

// parseGrouped reads a number with an optional thousands separator and a
// decimal mark, e.g. "25,860.00" (thousands ',', decimal '.') or the
// Indonesian "16.123,45" (thousands '.', decimal ','). Groups must be three
// digits; a number without separators is accepted too.
func parseGrouped(s string, thousands, decimalMark byte) (decimal.Decimal, error) {
	if len(s) > maxNumberLen {
		return decimal.Decimal{}, errNotNumber
	}
	intPart, frac := s, ""
	if i := strings.IndexByte(s, decimalMark); i >= 0 {
		intPart, frac = s[:i], s[i+1:]
		if frac == "" || !allDigits(frac) {
			return decimal.Decimal{}, errNotNumber
		}
	}
	if strings.IndexByte(intPart, thousands) >= 0 {
		groups := strings.Split(intPart, string(thousands))
		if len(groups[0]) == 0 || len(groups[0]) > 3 || !allDigits(groups[0]) {
			return decimal.Decimal{}, errNotNumber
		}
		for _, g := range groups[1:] {
			if len(g) != 3 || !allDigits(g) {
				return decimal.Decimal{}, errNotNumber
			}
		}
		intPart = strings.Join(groups, "")
	}
	if !allDigits(intPart) || intPart == "" {
		return decimal.Decimal{}, errNotNumber
	}
	if frac != "" {
		return decimal.NewFromString(intPart + "." + frac)
	}
	return decimal.NewFromString(intPart)
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// collapse trims s and turns every run of white space (including NBSP)
// into one space.
func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }

func decimalInt(n int64) decimal.Decimal { return decimal.NewFromInt(n) }
