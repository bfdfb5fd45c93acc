package report

import (
	"strconv"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

// TestLabelsComplete: every label exists in every language, with the same
// format verbs, and sheet names are ones a spreadsheet accepts.
func TestLabelsComplete(t *testing.T) {
	verbs := func(s string) string {
		var v []string
		for i := 0; i < len(s)-1; i++ {
			if s[i] == '%' {
				v = append(v, s[i:i+2])
				i++
			}
		}
		return strings.Join(v, "")
	}
	for _, k := range labelKeys() {
		l := labels[k]
		for i, lang := range Languages {
			if l[i] == "" {
				t.Errorf("%s: no %s text", k, lang)
			}
			if verbs(l[i]) != verbs(l[0]) {
				t.Errorf("%s: %s has verbs %q, en %q", k, lang, verbs(l[i]), verbs(l[0]))
			}
			if strings.HasPrefix(k, "sheet.") && (len([]rune(l[i])) > 31 || strings.ContainsAny(l[i], `:\/?*[]'`)) {
				t.Errorf("%s: %s sheet name %q is not valid", k, lang, l[i])
			}
		}
	}
}

// TestHeadersUnique: a defined table needs unique header cells.
func TestHeadersUnique(t *testing.T) {
	for _, lang := range Languages {
		b := &book{lang: lang, w: Workbook{}}
		b.w.Home.Code = "VND"
		seen := map[string]bool{}
		for _, h := range b.entryHeader() {
			if seen[h] {
				t.Errorf("%s: Entries header %q twice", lang, h)
			}
			seen[h] = true
		}
		sheets := map[string]bool{}
		for _, k := range []string{"summary", "entries", "transfers", "rates", "tax", "notes"} {
			n := label(lang, "sheet."+k)
			if sheets[n] {
				t.Errorf("%s: sheet name %q twice", lang, n)
			}
			sheets[n] = true
		}
	}
}

func TestLangFor(t *testing.T) {
	tests := []struct{ country, want string }{{"VN", "vi"}, {"vn", "vi"}, {"ID", "id"}, {"US", "en"}, {"", "en"}}
	for _, tt := range tests {
		if got := LangFor(tt.country); got != tt.want {
			t.Errorf("LangFor(%q) = %q, want %q", tt.country, got, tt.want)
		}
	}
	if _, err := ParseLang("fr"); err == nil {
		t.Error("fr accepted")
	}
	if l, err := ParseLang(" VI "); err != nil || l != "vi" {
		t.Errorf("ParseLang(VI) = %q, %v", l, err)
	}
}

// TestNumberExact: the value written for a spreadsheet number is the exact
// decimal for up to 15 significant digits.
func TestNumberExact(t *testing.T) {
	b := &book{}
	for _, s := range []string{"1240.37", "-0.99", "31496000", "20238498.8", "0.0000393517", "123456789012.34", "-5100100", "25500.5"} {
		d := decimalFrom(t, s)
		v := b.number(d)
		var got string
		switch x := v.(type) {
		case int64:
			got = d.String()
			if d.IntPart() != x {
				t.Errorf("%s: int %d", s, x)
			}
		case float64:
			got = formatFloat(x)
		}
		if got != d.String() {
			t.Errorf("%s written as %q", s, got)
		}
	}
	if b.imprecise != 0 {
		t.Errorf("imprecise = %d", b.imprecise)
	}
	b.number(decimalFrom(t, "1234567890123456.78"))
	if b.imprecise != 1 {
		t.Errorf("a 18-digit number is not counted as imprecise")
	}
}

func decimalFrom(t *testing.T, s string) decimal.Decimal {
	t.Helper()
	d, err := decimal.NewFromString(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// formatFloat is how excelize writes a float cell (shortest round trip).
func formatFloat(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
