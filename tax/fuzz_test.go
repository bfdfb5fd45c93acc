package tax

import (
	"os"
	"path/filepath"
	"testing"
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
		if err := r.apply("fuzz.yaml", data); err != nil {
			return
		}
		if err := r.validate(); err != nil {
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
