package importers

import (
	"errors"
	"fmt"
	"github.com/incomeledger/income/internal/fold"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/incomeledger/income/errs"
	"github.com/incomeledger/income/internal/bom"
	"github.com/incomeledger/income/ledger"
	"github.com/shopspring/decimal"
)

// Norm folds a header cell for comparison: lower case, no accents, no BOM,
// single spaces. "Ngày giao dịch" and "ngay giao dich" are equal.
func Norm(s string) string { return fold.String(bom.TrimString(s)) }

// Header maps folded column names to their index.
type Header map[string]int

// NewHeader indexes a header row; the first of duplicate names wins.
func NewHeader(cells []string) Header {
	h := Header{}
	for i, c := range cells {
		// `Date, "Time"`: a space after the comma leaves the quotes in
		n := Norm(strings.Trim(strings.TrimSpace(c), `"`))
		if _, dup := h[n]; !dup {
			h[n] = i
		}
	}
	return h
}

// Index returns the index of the first of names present, or -1.
func (h Header) Index(names ...string) int {
	for _, n := range names {
		if i, ok := h[Norm(n)]; ok {
			return i
		}
	}
	return -1
}

// Missing lists the names (each a list of aliases, the first shown) absent.
func (h Header) Missing(names ...[]string) []string {
	var out []string
	for _, alts := range names {
		if h.Index(alts...) < 0 {
			out = append(out, alts[0])
		}
	}
	return out
}

// Cell returns cells[i] or "" when i is out of range.
func Cell(cells []string, i int) string {
	if i < 0 || i >= len(cells) {
		return ""
	}
	return cells[i]
}

// DetectHeader scores a sample against required header cells (each a list
// of aliases): the first row holding all of them is a fit. Score counts the
// cells found in the best row, for "closest format" messages.
func DetectHeader(s *Sample, required ...[]string) Match {
	return bestHeaderRow(s, flatFirst(required), func(row []string) []string {
		return NewHeader(row).Missing(required...)
	})
}

// bestHeaderRow scores each sample row by how many of the wanted header
// cells (named in want) it holds, missing listing those a row lacks: the
// first row lacking none is a fit (OK); else the best row so far is the
// near miss, for "closest format" messages.
func bestHeaderRow(s *Sample, want []string, missing func(row []string) []string) Match {
	best := Match{Missing: want}
	for _, row := range s.Rows {
		miss := missing(row)
		score := len(want) - len(miss)
		if score > best.Score {
			best = Match{Score: score, Missing: miss}
		}
		if len(miss) == 0 {
			best.OK = true
			return best
		}
	}
	return best
}

func flatFirst(xs [][]string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = x[0]
	}
	return out
}

// ErrNotNumber is wrapped by amount errors.
var ErrNotNumber = errors.New("not a number")

// NumberStyle says which character is the decimal separator.
type NumberStyle int

const (
	// DotDecimal is "1,234.56".
	DotDecimal NumberStyle = iota
	// CommaDecimal is "1.234,56".
	CommaDecimal
)

// ParseAmount reads a money amount the way exports write them: optional
// currency symbol or code, thousands separators of the style, a sign before
// or after, or parentheses for negatives. It never goes through float.
func ParseAmount(s string, style NumberStyle) (decimal.Decimal, error) {
	if d, ok := plainAmount(s, style); ok {
		return d, nil
	}
	return parseAmount(s, style)
}

// parseAmount is ParseAmount's general path. A number has one sign at
// most (a leading or trailing minus or plus, or parentheses: "-5", "5-",
// "(5)", "$-5"; never two, as in "--5" or "(-5)"), and thousands
// separators only between groups of three digits ("1,234,567"; Indian
// grouping "12,34,567" too), never "1,,,5", "1,2,3" or "12,34.56".
func parseAmount(s string, style NumberStyle) (decimal.Decimal, error) {
	orig := s
	bad := func() (decimal.Decimal, error) {
		return decimal.Decimal{}, fmt.Errorf("amount %q: %w", orig, ErrNotNumber)
	}
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, "'")
	signs := 0
	neg := false
	if strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") {
		neg, s, signs = true, s[1:len(s)-1], 1
	}
	s = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '\u00a0' {
			return -1
		}
		return r
	}, s)
	// strip currency symbols and codes (USD, CA$, Rp, kr); a sign may
	// stand before the symbol or after it ("-$5", "$-5")
	leadingSign := func() {
		switch {
		case strings.HasPrefix(s, "-"):
			neg, s, signs = !neg, s[1:], signs+1
		case strings.HasPrefix(s, "+"):
			s, signs = s[1:], signs+1
		}
	}
	s = trimCurrency(s)
	leadingSign()
	if strings.HasSuffix(s, "-") {
		neg, s, signs = !neg, s[:len(s)-1], signs+1
	}
	s = trimCurrency(s)
	leadingSign()
	if s == "" || signs > 1 {
		return bad()
	}
	thousands, dec := ",", "."
	if style == CommaDecimal {
		thousands, dec = ".", ","
	}
	if strings.Count(s, dec) > 1 {
		return bad()
	}
	intPart := s
	if i := strings.Index(s, dec); i >= 0 {
		intPart = s[:i]
		if strings.Contains(s[i:], thousands) {
			return bad() // a separator after the decimal point
		}
	}
	if strings.Contains(intPart, thousands) && !groupedOK(intPart, thousands) {
		return bad()
	}
	s = strings.ReplaceAll(s, thousands, "")
	s = strings.Replace(s, dec, ".", 1)
	for _, r := range s {
		if (r < '0' || r > '9') && r != '.' {
			return bad()
		}
	}
	d, err := decimal.NewFromString(s)
	if err != nil {
		return bad()
	}
	if neg {
		d = d.Neg()
	}
	return d, nil
}

// groupedOK says whether an integer part written with thousands separators
// sep groups its digits by three ("1,234,567") or the Indian way
// ("12,34,567": twos, then a last three).
func groupedOK(s, sep string) bool {
	g := strings.Split(s, sep)
	if len(g[0]) < 1 || len(g[0]) > 3 || len(g[len(g)-1]) != 3 {
		return false
	}
	threes, twos := true, true
	for _, x := range g[1 : len(g)-1] {
		threes = threes && len(x) == 3
		twos = twos && len(x) == 2
	}
	return threes || (twos && len(g[0]) <= 2)
}

// plainAmount reads the common case fast: an optional minus, at most 18
// digits and at most one decimal separator of style, nothing else. Anything
// else is left to ParseAmount's general path.
func plainAmount(s string, style NumberStyle) (decimal.Decimal, bool) {
	dec := byte('.')
	if style == CommaDecimal {
		dec = ','
	}
	i, neg := 0, false
	if len(s) > 0 && s[0] == '-' {
		i, neg = 1, true
	}
	var v int64
	digits, scale, point := 0, int32(0), false
	for ; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			v = v*10 + int64(c-'0')
			digits++
			if point {
				scale++
			}
		case c == dec && !point:
			point = true
		default:
			return decimal.Decimal{}, false
		}
	}
	if digits == 0 || digits > 18 || (point && scale == 0) {
		return decimal.Decimal{}, false
	}
	if neg {
		v = -v
	}
	return decimal.New(v, -scale), true
}

// trimCurrency removes currency symbols and letter codes of two or more
// letters from both ends; a lone letter ("12,3x") is left to fail.
func trimCurrency(s string) string {
	for {
		r := []rune(s)
		n := len(r)
		switch {
		case n > 0 && unicode.Is(unicode.Sc, r[0]):
			s = string(r[1:])
		case n > 0 && unicode.Is(unicode.Sc, r[n-1]):
			s = string(r[:n-1])
		default:
			i := 0
			for i < n && unicode.IsLetter(r[i]) {
				i++
			}
			j := n
			for j > i && unicode.IsLetter(r[j-1]) {
				j--
			}
			if (i == 1) || (n-j == 1) || (i == 0 && j == n) {
				return s
			}
			s = string(r[i:j])
		}
	}
}

// ErrBadDate is wrapped by date errors.
var ErrBadDate = errors.New("not a date")

// ParseDate reads a calendar date with the first layout that fits. Time and
// zone parts after the date are ignored: an entry belongs to the date the
// file states.
func ParseDate(s string, layouts ...string) (time.Time, error) {
	v := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "'"))
	for _, l := range layouts {
		if t, err := time.Parse(l, v); err == nil {
			return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC), nil
		}
		// a date followed by a time: "2024-01-02 03:04:05 UTC"
		if len(v) > len(l) {
			if t, err := time.Parse(l, v[:len(l)]); err == nil && v[len(l)] == ' ' {
				return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC), nil
			}
		}
	}
	return time.Time{}, fmt.Errorf("date %q: %w", s, ErrBadDate)
}

// RowError names the file and line of a bad row, marked invalid (exit 3):
// "file:line: what".
func RowError(file string, line int, err error) error {
	return errs.Data(file, line, err)
}

// Classify returns kind unless the amount's sign disagrees with it, in which
// case the row is unclassified (with the reason) rather than miscounted.
func Classify(kind ledger.Kind, amount decimal.Decimal) (ledger.Kind, string) {
	switch kind {
	case ledger.Income:
		if amount.IsNegative() {
			return ledger.Refund, ""
		}
	case ledger.Refund, ledger.Expense, ledger.TaxWithheld:
		if amount.IsPositive() {
			return ledger.Unclassified, fmt.Sprintf("%s row with a positive amount %s", kind, amount)
		}
	}
	return kind, ""
}

// Occurrences numbers repeated keys within one file, so that two identical
// legitimate rows both stay while a re-import of the file adds nothing. It
// remembers a 64-bit hash per distinct key, not the key, so a million-row
// file costs megabytes, not the size of its keys.
type Occurrences map[uint64]uint32

// Key returns base + "#" + n, n counting from 1 for each base.
func (o Occurrences) Key(base string) string {
	// FNV-1a, inline: no allocation per row
	k := uint64(14695981039346656037)
	for i := 0; i < len(base); i++ {
		k ^= uint64(base[i])
		k *= 1099511628211
	}
	o[k]++
	return base + "#" + strconv.FormatUint(uint64(o[k]), 10)
}

// currencyOfCell returns the currency a money cell names: an ISO code
// before or after the number ("12.50 USD", "EUR 3"), or a symbol that
// stands for one currency only (€, £); "" when it names none ("$" is the
// dollar of many countries).
func currencyOfCell(s string) string {
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) }) {
		if len(f) == 3 && strings.ToUpper(f) == f {
			if _, ok := ledger.LookupCurrency(f); ok {
				return f
			}
		}
	}
	switch {
	case strings.Contains(s, "€"):
		return "EUR"
	case strings.Contains(s, "£"):
		return "GBP"
	}
	return ""
}
