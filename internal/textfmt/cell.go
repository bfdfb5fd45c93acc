package textfmt

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/width"
)

// Cell makes text from a file safe and measurable for a terminal: invalid
// UTF-8 becomes U+FFFD, the text is NFC-normalised (so a decomposed
// Vietnamese "ệ" is one character, as it is shown), tabs and line breaks
// become spaces, and every other control character — ESC, BEL, DEL, the C1
// controls (which include the CSI and OSC introducers) and the bidi
// overrides and isolates — is shown escaped as \x1b or \u202e instead of
// being sent to the terminal. So "ESC[31m" or an OSC 52 clipboard write in
// a description prints as harmless text.
func Cell(s string) string { return clean(s, false) }

// CSVCell is Cell for a CSV file: the same, except that tabs and line
// breaks are kept (CSV quotes them, and they may be data).
func CSVCell(s string) string { return clean(s, true) }

func clean(s string, keepBreaks bool) string {
	if isPlain(s) {
		return s
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFC.String(s) {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			if keepBreaks {
				b.WriteRune(r)
			} else {
				b.WriteByte(' ')
			}
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case isControl(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isPlain reports printable ASCII, the common case, which needs no work.
func isPlain(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] >= 0x7f {
			return false
		}
	}
	return true
}

// isControl reports the C1 controls and the bidi embeddings, overrides and
// isolates (U+202A–U+202E, U+2066–U+2069), which can reorder what a
// terminal shows.
func isControl(r rune) bool {
	return r >= 0x80 && r <= 0x9f || r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069
}

// Width is the number of terminal columns s takes: East Asian wide and
// fullwidth characters take two, combining marks, format characters and
// zero-width spaces none, everything else one. s should be NFC (Cell makes
// it so), so that a letter and its marks count once.
func Width(s string) int {
	if isPlain(s) {
		return len(s)
	}
	n := 0
	for len(s) > 0 {
		r, size := utf8.DecodeRuneInString(s)
		s = s[size:]
		n += runeWidth(r)
	}
	return n
}

func runeWidth(r rune) int {
	switch {
	case r < 0x20 || r >= 0x7f && r < 0xa0:
		return 0
	case r < 0x7f:
		return 1
	case unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf) || r == 0x200b:
		return 0
	}
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return 2
	}
	return 1
}
