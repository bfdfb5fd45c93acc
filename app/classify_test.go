package app

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/incomeledger/income/errs"
)

func TestRulesYAMLRoundTrip(t *testing.T) {
	in := `rules:
  - kind: income
    account: bank:*
    description: CONG TY ABC
    sign: in
    min: "1000000"
  - kind: fee
    description: PHI *
    sign: out
    max: "100000.50"
    currency: vnd
    note: bank charges
`
	rules, err := ReadRulesYAML("r.yaml", []byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(rules) != 2 || rules[1].Currency != "VND" || !rules[0].Min.Valid || rules[0].Min.Decimal.String() != "1000000" {
		t.Fatalf("rules %+v", rules)
	}
	var b bytes.Buffer
	if err := WriteRulesYAML(&b, rules); err != nil {
		t.Fatal(err)
	}
	again, err := ReadRulesYAML("out.yaml", b.Bytes())
	if err != nil {
		t.Fatalf("%v\n%s", err, b.String())
	}
	for i := range rules {
		if RuleToYAML(rules[i]) != RuleToYAML(again[i]) {
			t.Errorf("rule %d: %+v, then %+v", i, RuleToYAML(rules[i]), RuleToYAML(again[i]))
		}
	}
}

func TestRulesYAMLErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", "r.yaml:1: empty rules file"},
		{"- kind: income\n", "r.yaml:1: want a mapping with a `rules:` list"},
		{"rule:\n  - kind: income\n", `r.yaml:1: unknown key "rule": want ` + "`rules`"},
		{"rules: income\n", "r.yaml:1: `rules` must be a list of rules"},
		{"rules:\n  - income\n", "r.yaml:2: a rule must be a mapping"},
		{"rules:\n  - kind: salary\n    description: x\n", `r.yaml:2: kind "salary": want one of income, refund, fee, expense, tax_withheld, transfer, unclassified`},
		{"rules:\n  - kind: income\n", "r.yaml:2: a rule needs at least one condition"},
		{"rules:\n  - kind: income\n    description: x\n    max: -5\n", `r.yaml:2: max "-5": want a non-negative amount`},
		{"rules:\n  - kind: income\n    description: x\n    sign: both\n", `r.yaml:2: sign "both": want "in" or "out"`},
		{"rules:\n  - kind: income\n\n    descr: x\n", `r.yaml:4: unknown key "descr" in a rule`},
		{"rules:\n  - kind: [\n", "r.yaml:"},
		{"rules:\n  - kind: income\n    min: 1e30\n", `r.yaml:2: min "1e30": want an amount up to 10^15`},
	}
	for _, tt := range tests {
		_, err := ReadRulesYAML("r.yaml", []byte(tt.in))
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) || !errors.Is(err, errs.ErrInvalid) {
			t.Errorf("%q: %v, want %q… (invalid data)", tt.in, err, tt.want)
		}
		if err != nil && strings.HasSuffix(err.Error(), "invalid data") {
			t.Errorf("%q: %v ends in invalid data", tt.in, err)
		}
	}
}

// FuzzReadRulesYAML: never a panic; what is accepted validates and
// survives a round trip.
func FuzzReadRulesYAML(f *testing.F) {
	f.Add([]byte("rules:\n  - kind: income\n    description: CONG TY\n    sign: in\n    min: \"5\"\n"))
	f.Add([]byte("rules: []\n"))
	f.Add([]byte("rules:\n  - {kind: fee, account: 'bank:*', max: 1e3}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rules, err := ReadRulesYAML("f.yaml", data)
		if err != nil {
			if !errors.Is(err, errs.ErrInvalid) {
				t.Fatalf("error not invalid data: %v", err)
			}
			return
		}
		for i := range rules {
			if err := rules[i].Validate(); err != nil {
				t.Fatalf("accepted rule %d does not validate: %v", i, err)
			}
		}
		var b bytes.Buffer
		if err := WriteRulesYAML(&b, rules); err != nil {
			t.Fatal(err)
		}
		again, err := ReadRulesYAML("again.yaml", b.Bytes())
		if err != nil || len(again) != len(rules) {
			t.Fatalf("round trip: %v (%d rules, %d again)\n%s", err, len(rules), len(again), b.String())
		}
	})
}
