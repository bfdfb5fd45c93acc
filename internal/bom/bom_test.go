package bom

import "testing"

func TestTrim(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"\ufeffdate,base", "date,base"},
		{"date,base", "date,base"},
		{"", ""},
		{"\ufeff", ""},
		{"\ufeff\ufeffx", "\ufeffx"}, // only one mark is a BOM
		{"a\ufeff", "a\ufeff"},       // not at the start: text
		{"\xef\xbbx", "\xef\xbbx"},   // a broken mark is left as it is
	} {
		if got := TrimString(c.in); got != c.want {
			t.Errorf("TrimString(%q) = %q, want %q", c.in, got, c.want)
		}
		if got := string(Trim([]byte(c.in))); got != c.want {
			t.Errorf("Trim(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
