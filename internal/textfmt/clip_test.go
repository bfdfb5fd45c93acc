package textfmt

import (
	"strings"
	"testing"
)

func TestClip(t *testing.T) {
	long := strings.Repeat("x", 1<<20)
	for _, c := range []struct {
		in   string
		n    int
		want string
	}{
		{"", 5, ""},
		{"abc", 3, "abc"},
		{"abcd", 3, "ab…"},
		{"abcd", 0, ""},
		{"Tiền về", 7, "Tiền về"},
		{"Tiền về tài khoản", 7, "Tiền v…"},
		{long, 80, strings.Repeat("x", 79) + "…"},
		{"ab\xffcd", 4, "ab\xff…"},
	} {
		if got := Clip(c.in, c.n); got != c.want {
			t.Errorf("Clip(%.20q, %d) = %q, want %q", c.in, c.n, got, c.want)
		}
	}
}
