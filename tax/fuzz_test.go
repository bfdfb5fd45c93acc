package tax

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/incomeledger/income/errs"
)

// FuzzRulesFile feeds arbitrary bytes to the rules-file reader: it may refuse
// them but must not panic, and rules it accepts must compute without panicking.
func FuzzRulesFile(f *testing.F) {
	seeds, _ := filepath.Glob("rules/*.yaml")
	for _, s := range seeds {
		b, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("parameters:\n  vn.pit.brackets:\n    2026-01-01:\n      reference: x\n      confidence: C\n      brackets:\n        1: {rate: \"0.5\"}\n"))
	f.Add([]byte("regimes:\n  vn-x: {country: VN, name: x, method: flat, base: net, params: {rate: vn.biz.pit_rate.goods, threshold: vn.biz.pit_threshold}}\n"))
	f.Add([]byte("a: &a [*a]"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r := newRules() // the file alone: each embedded file is complete on its own
		err := r.apply("fuzz.yaml", data)
		if err == nil {
			err = r.validate()
		}
		if err != nil {
			// every refusal is invalid data naming the file (exit 3)
			var de *errs.DataError
			if !errors.As(err, &de) || de.File != "fuzz.yaml" {
				t.Fatalf("refusal %q is not a DataError naming fuzz.yaml", err)
			}
			return
		}
		for _, cc := range r.Countries() {
			c := r.countries[cc]
			_, _ = Compute(r, cc, Facts{}, even(c.first, c.currency, "123456789"), "")
		}
	})
}

// FuzzDecodeFacts: any string value of any key is accepted or refused, never a panic.
func FuzzDecodeFacts(f *testing.F) {
	for _, k := range factKeys {
		f.Add(k, "1")
	}
	f.Add("expenses", "1e9999999")
	f.Add("norma_percent", "-0.0")
	f.Fuzz(func(t *testing.T, key, value string) {
		facts, err := DecodeFacts(map[string]any{key: value})
		if err != nil {
			return
		}
		if err := facts.validate(); err != nil {
			t.Errorf("DecodeFacts accepted %s=%q but the facts are invalid: %v", key, value, err)
		}
	})
}

// TestRulesFileCut: every embedded file cut at many points is either read or
// refused as invalid data naming the file and, where known, the line; none
// panics.
func TestRulesFileCut(t *testing.T) {
	seeds, _ := filepath.Glob("rules/*.yaml")
	for _, s := range seeds {
		b, err := os.ReadFile(s)
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < len(b); i += 61 {
			r := newRules()
			err := r.apply("cut.yaml", b[:i])
			if err == nil {
				err = r.validate()
			}
			var de *errs.DataError
			if err != nil && (!errors.As(err, &de) || de.File != "cut.yaml") {
				t.Fatalf("%s cut at %d: %q is not a DataError naming cut.yaml", s, i, err)
			}
		}
	}
}
