package fx

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// seed adds every recorded file under testdata/fx/<dirs> to the corpus.
func seed(f *testing.F, dirs ...string) {
	for _, d := range dirs {
		names, _ := filepath.Glob(filepath.Join(testdata, d, "*"))
		for _, n := range names {
			if strings.HasSuffix(n, ".golden") {
				continue
			}
			if b, err := os.ReadFile(n); err == nil {
				f.Add(b)
			}
		}
	}
}

// fuzzParser checks that a parser never panics and only ever emits rates
// that pass Validate.
func fuzzParser(f *testing.F, parse func(io.Reader, string, func(Rate) error) error, dirs ...string) {
	seed(f, dirs...)
	f.Fuzz(func(t *testing.T, data []byte) {
		_ = parse(bytes.NewReader(data), "fuzz", func(r Rate) error {
			if err := r.Validate(); err != nil {
				t.Fatalf("emitted an invalid rate %+v: %v", r, err)
			}
			return nil
		})
	})
}

func FuzzParseFile(f *testing.F) {
	fuzzParser(f, ParseFile, "ecb", "vietcombank", "kurspajak", "irs", "frankfurter", "csv", "bad")
}
func FuzzParseCSV(f *testing.F)    { fuzzParser(f, ParseCSV, "csv", "ecb", "bad") }
func FuzzParseECBXML(f *testing.F) { fuzzParser(f, ParseECBXML, "ecb", "bad") }
func FuzzParseVietcombankXML(f *testing.F) {
	fuzzParser(f, ParseVietcombankXML, "vietcombank", "bad")
}
func FuzzParseVietcombankJSON(f *testing.F) {
	fuzzParser(f, ParseVietcombankJSON, "vietcombank", "bad")
}
func FuzzParseKursPajakHTML(f *testing.F) { fuzzParser(f, ParseKursPajakHTML, "kurspajak", "bad") }
func FuzzParseIRSHTML(f *testing.F)       { fuzzParser(f, ParseIRSHTML, "irs", "bad") }
func FuzzParseFrankfurterJSON(f *testing.F) {
	fuzzParser(f, ParseFrankfurterJSON, "frankfurter", "bad")
}

// FuzzParseGrouped checks the grouped-number reader against a reference:
// what it accepts, with separators removed, is a plain decimal.
func FuzzParseGrouped(f *testing.F) {
	for _, s := range []string{"16.123,45", "25,860.00", "1.000", "7,70", "", "1..2", "1,2,3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, sep := range [][2]byte{{'.', ','}, {',', '.'}} {
			v, err := parseGrouped(s, sep[0], sep[1])
			if err != nil {
				continue
			}
			plain := strings.ReplaceAll(s, string(sep[0]), "")
			plain = strings.Replace(plain, string(sep[1]), ".", 1)
			want, err := parsePlain(plain)
			if err != nil || !want.Equal(v) {
				t.Fatalf("parseGrouped(%q) = %s, plain %q = %s (%v)", s, v, plain, want, err)
			}
		}
	})
}
