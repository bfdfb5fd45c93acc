// Package fold compares text the way a person reading a bank statement
// does: without case, accents or extra spaces, so that "Ngày giao dịch",
// "NGAY GIAO DICH" and "ngay  giao dich" are the same words. Header
// detection and classification rules both fold through it.
package fold

import (
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// String folds s: lower case, combining marks removed (đ/Đ read as d),
// runs of white space as one space, no space at either end.
func String(s string) string {
	if !plainASCII(s) {
		t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
		if out, _, err := transform.String(t, s); err == nil {
			s = out
		}
		s = strings.NewReplacer("đ", "d", "Đ", "D").Replace(s)
	}
	return strings.Join(strings.Fields(strings.ToLower(s)), " ")
}

func plainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
