package textfmt

import (
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

func TestCell(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"plain text", "plain text"},
		{"\x1b[31mred\x1b[0m", `\x1b[31mred\x1b[0m`},
		{"\x1b]52;c;aGVsbG8=\x07", `\x1b]52;c;aGVsbG8=\x07`}, // OSC 52: set the clipboard
		{"\u009b31m", `\u009b31m`},                           // C1 CSI
		{"a\tb\nc\rd", "a b c d"},
		{"bad \xff\xfe utf8", "bad \uFFFD utf8"},
		{"evil\u202etxt.exe", `evil\u202etxt.exe`},
		{"del\x7f", `del\x7f`},
		{norm.NFD.String("Nguyễn Thị Hương"), "Nguyễn Thị Hương"},
	} {
		if got := Cell(c.in); got != c.want {
			t.Errorf("Cell(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	if got := CSVCell("a\tb\nc\x1b"); got != "a\tb\nc\\x1b" {
		t.Errorf("CSVCell keeps breaks and escapes ESC: got %q", got)
	}
}

func TestWidth(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int
	}{
		{"abc", 3}, {"", 0}, {"Hương", 5}, {"e\u0301", 1}, {"日本", 4}, {"ＡＢ", 4}, {"a\u200bb", 2},
	} {
		if got := Width(c.in); got != c.want {
			t.Errorf("Width(%q) = %d, want %d", c.in, got, c.want)
		}
	}
}

func TestTableAlignsOnDisplayWidth(t *testing.T) {
	var b strings.Builder
	tb := NewTable(&b, 2, "NAME", "AMOUNT", "NOTE")
	tb.Row(norm.NFD.String("Nguyễn Thị Hương"), "26,338,000", "Tết")
	tb.Row("Bob", "-5.50", "")
	tb.Row("日本", "1,240.00", "x")
	if err := tb.Flush(); err != nil {
		t.Fatal(err)
	}
	want := "NAME                  AMOUNT  NOTE\n" +
		"Nguyễn Thị Hương  26,338,000  Tết\n" +
		"Bob                    -5.50\n" +
		"日本                1,240.00  x\n"
	if got := b.String(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestTableEscapesControlCharacters(t *testing.T) {
	var b strings.Builder
	tb := NewTable(&b, 2, "DESCRIPTION")
	tb.Row("\x1b[31mred\x1b]52;c;ZXZpbA==\x07")
	tb.Row("bad \xff")
	if err := tb.Flush(); err != nil {
		t.Fatal(err)
	}
	got := b.String()
	if strings.ContainsAny(got, "\x1b\x07") || !utf8.ValidString(got) {
		t.Errorf("control or invalid bytes reached the output: %q", got)
	}
	if !strings.Contains(got, `\x1b[31mred\x1b]52;c;ZXZpbA==\x07`) || !strings.Contains(got, "bad \uFFFD") {
		t.Errorf("got %q", got)
	}
}

func TestIsNumber(t *testing.T) {
	for s, want := range map[string]bool{
		"0": true, "-12": true, "+3": true, "1,234.50": true, "0.125": true, "26,338,000": true,
		"": false, "-": false, "1,23": false, "1234,567": false, "12.": false, ".5": false, "1e5": false, "2025-01-01": false, "abc": false,
	} {
		if got := IsNumber(s); got != want {
			t.Errorf("IsNumber(%q) = %v, want %v", s, got, want)
		}
	}
}
