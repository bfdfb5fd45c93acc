package textfmt

import "unicode/utf8"

// Clip shortens s to at most n characters (runes) for quoting in a message:
// a longer s keeps its first n-1 characters and ends in "…". Invalid UTF-8
// counts one character per byte. n < 1 gives "".
func Clip(s string, n int) string {
	if n < 1 {
		return ""
	}
	if len(s) <= n {
		return s // n bytes are at most n runes
	}
	count := 0
	for i := range s {
		if count == n-1 {
			if utf8.RuneCountInString(s[i:]) <= 1 {
				return s
			}
			return s[:i] + "…"
		}
		count++
	}
	return s
}
