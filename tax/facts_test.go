package tax

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestDecodeFacts(t *testing.T) {
	tests := []struct {
		name string
		raw  map[string]any
		want Facts
	}{
		{"empty", nil, DefaultFacts()},
		{"yaml types", map[string]any{
			"dependants": 2, "married": true, "activity": "goods", "norma_percent": "62.5",
			"expenses": "1200.50", "filing_status": "single", "business_method": "income",
		}, Facts{Dependants: 2, Married: true, Activity: "goods", NormaPercent: d("62.5"), Expenses: d("1200.50"), FilingStatus: "single", BusinessMethod: "income"}},
		{"env strings", map[string]any{"dependants": "3", "married": "false", "activity": " Services ", "expenses": "0"},
			Facts{Dependants: 3, Activity: "services", NormaPercent: d("50"), Expenses: d("0"), FilingStatus: "single", BusinessMethod: "revenue"}},
		{"unquoted numbers", map[string]any{"norma_percent": 50.5, "expenses": 100, "dependants": float64(1)},
			Facts{Dependants: 1, Activity: "services", NormaPercent: d("50.5"), Expenses: d("100"), FilingStatus: "single", BusinessMethod: "revenue"}},
		{"null keeps the default", map[string]any{"activity": nil}, DefaultFacts()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := DecodeFacts(tt.raw)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got, decimalEq); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestDecodeFactsErrors(t *testing.T) {
	tests := []struct {
		raw  map[string]any
		want string
	}{
		{map[string]any{"dependents": 1}, "tax.dependents: unknown key (known: dependants, married"},
		{map[string]any{"dependants": -1}, "tax.dependants: want 0 to 99"},
		{map[string]any{"dependants": "two"}, `tax.dependants: "two": not a whole number`},
		{map[string]any{"dependants": 1.5}, "tax.dependants: 1.5: not a whole number"},
		{map[string]any{"married": "maybe"}, `tax.married: "maybe": want true or false`},
		{map[string]any{"activity": "mining"}, `tax.activity: "mining": want one of goods, services, production, leasing, digital_content, other`},
		{map[string]any{"norma_percent": "150"}, "tax.norma_percent: want a percentage above 0 and at most 100"},
		{map[string]any{"norma_percent": "0"}, "tax.norma_percent: want a percentage above 0"},
		{map[string]any{"expenses": "1,200"}, `tax.expenses: "1,200": not a number`},
		{map[string]any{"expenses": "-5"}, "tax.expenses: must not be negative"},
		{map[string]any{"filing_status": "mfj"}, `tax.filing_status: "mfj": want one of single, married_joint`},
		{map[string]any{"business_method": "lump-sum"}, `tax.business_method: "lump-sum": want one of revenue, income`},
		{map[string]any{"expenses": []any{1}}, "tax.expenses: [1]: not a number"},
		{map[string]any{"vat_reduction": "yes"}, `tax.vat_reduction: "yes": want one of eligible, excluded`},
		{map[string]any{"export_vat": "free"}, `tax.export_vat: "free": want one of rate, zero, exempt`},
		{map[string]any{"export_share": "101"}, "tax.export_share: want a percentage from 0 to 100"},
		{map[string]any{"export_share": "-1"}, "tax.export_share: want a percentage from 0 to 100"},
	}
	for _, tt := range tests {
		_, err := DecodeFacts(tt.raw)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("DecodeFacts(%v) error = %v, want %q", tt.raw, err, tt.want)
		}
	}
}
