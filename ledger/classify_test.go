package ledger

import (
	"context"
	"errors"
	"testing"

	"github.com/shopspring/decimal"
)

func TestRuleMatches(t *testing.T) {
	e := ent("vcb|FT2", "2025-03-25", "bank:vietcombank", Unclassified, "150000000", "VND", "CONG TY ABC THANH TOAN HD 12", "FT2")
	e.Counterparty = "Công ty ABC"
	tests := []struct {
		name string
		rule Rule
		want bool
	}{
		{"substring, any case", Rule{Description: "cong ty abc"}, true},
		{"substring misses", Rule{Description: "XYZ"}, false},
		{"glob over the whole value", Rule{Description: "cong ty * hd ??"}, true},
		{"glob must match it all", Rule{Description: "cong ty *hd"}, false},
		{"source glob", Rule{Source: "bank:*"}, true},
		{"counterparty with accents", Rule{Counterparty: "CÔNG TY"}, true},
		{"counterparty without accents matches accented text", Rule{Counterparty: "cong ty abc"}, true},
		{"accented pattern matches unaccented text", Rule{Description: "Công  ty ABC thanh toán"}, true},
		{"accented glob", Rule{Counterparty: "công*"}, true},
		{"folding keeps letters apart", Rule{Counterparty: "cong tu"}, false},
		{"sign in", Rule{Sign: SignIn}, true},
		{"sign out", Rule{Sign: SignOut}, false},
		{"currency", Rule{Currency: "vnd"}, true},
		{"min at the edge", Rule{Min: decimal.NewNullDecimal(dec("150000000"))}, true},
		{"min above", Rule{Min: decimal.NewNullDecimal(dec("150000001"))}, false},
		{"max at the edge", Rule{Max: decimal.NewNullDecimal(dec("150000000"))}, true},
		{"max below", Rule{Max: decimal.NewNullDecimal(dec("149999999.99"))}, false},
		{"all conditions", Rule{Source: "vietcombank", Description: "abc", Sign: SignIn, Min: decimal.NewNullDecimal(dec("1000000"))}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.rule
			r.Kind = Income
			if err := r.Validate(); err != nil {
				t.Fatal(err)
			}
			if got := r.Matches(&e); got != tt.want {
				t.Errorf("Matches = %v, want %v", got, tt.want)
			}
		})
	}
	for _, bad := range []Rule{
		{Kind: "salary", Description: "x"},
		{Kind: Income},
		{Kind: Income, Sign: "plus"},
		{Kind: Income, Min: decimal.NewNullDecimal(dec("5")), Max: decimal.NewNullDecimal(dec("4"))},
	} {
		if err := bad.Validate(); !errors.Is(err, ErrInvalid) {
			t.Errorf("%+v: %v, want invalid", bad, err)
		}
	}
}

// Rules and manual kinds change kinds with the sums kept exact, apply to
// later imports and survive undo and re-import; removing them gives the
// importer's kinds back.
func TestClassifyRulesAndManual(t *testing.T) {
	ctx := context.Background()
	s := openTestStore(t)
	client := ent("vcb|FT2", "2025-03-25", "bank:vietcombank", Unclassified, "150000000", "VND", "CONG TY ABC THANH TOAN", "FT2")
	bill := ent("vcb|FT3", "2025-03-26", "bank:vietcombank", Unclassified, "-150000", "VND", "THANH TOAN HOA DON DIEN", "FT3")
	fee := ent("vcb|FT4", "2025-03-31", "bank:vietcombank", Unclassified, "-11000", "VND", "PHI QUAN LY TAI KHOAN", "FT4")
	importFile(t, s, "vcb.csv", client, bill, fee)

	rules, st, err := s.AddRules(ctx, []Rule{
		{Kind: Income, Source: "bank:*", Description: "cong ty abc", Sign: SignIn},
		{Kind: Fee, Description: "PHI *", Sign: SignOut},
	}, false)
	if err != nil {
		t.Fatal(err)
	}
	if st.Changed != 2 || rules[0].ID == 0 {
		t.Errorf("stats %+v, rules %+v", st, rules)
	}
	checkSums(t, s, "after rules")
	if k := kindOf(t, s, client.ID); k != Income {
		t.Errorf("client payment %s", k)
	}
	e, _ := s.Entry(ctx, fee.ID)
	if e.Kind != Fee || e.ClassifiedBy != rules[1].ClassifiedBy() {
		t.Errorf("fee %s by %q", e.Kind, e.ClassifiedBy)
	}
	if figs := incomeFigures(t, s, 2025); figs["income VND"] != "150000000" || figs["fee VND"] != "-11000" {
		t.Errorf("figures %v", figs)
	}

	// by hand, with a unique prefix; beats the rules
	id, err := s.ResolveID(ctx, bill.ID[:6])
	if err != nil || id != bill.ID {
		t.Fatalf("ResolveID: %q %v", id, err)
	}
	if _, err := s.ResolveID(ctx, "zz"); !errors.Is(err, ErrNoEntry) {
		t.Errorf("ResolveID(zz): %v", err)
	}
	if _, err := s.ClassifyEntry(ctx, bill.ID, Expense); err != nil {
		t.Fatal(err)
	}
	e, _ = s.Entry(ctx, bill.ID)
	if e.Kind != Expense || e.ClassifiedBy != ManualClass {
		t.Errorf("bill %s by %q", e.Kind, e.ClassifiedBy)
	}
	checkSums(t, s, "after manual")

	// undo and re-import: the same kinds again
	bs, _ := s.Batches(ctx)
	if _, err := s.UndoBatch(ctx, bs[0].ID, DefaultTransferRules()); err != nil {
		t.Fatal(err)
	}
	checkSums(t, s, "after undo")
	res := addBatch(t, s, "vcb.csv", client, bill, fee)
	if _, err := s.ClassifyBatch(ctx, res.ID); err != nil {
		t.Fatal(err)
	}
	checkSums(t, s, "after re-import")
	for id, want := range map[string]Kind{client.ID: Income, bill.ID: Expense, fee.ID: Fee} {
		if k := kindOf(t, s, id); k != want {
			t.Errorf("%s after re-import: %s, want %s", id, k, want)
		}
	}

	// removing the rule and the manual kind restores the importer's kinds
	if _, err := s.DeleteRule(ctx, rules[0].ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ClassifyEntry(ctx, bill.ID, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := s.DeleteRule(ctx, 999); !errors.Is(err, ErrNoRule) {
		t.Errorf("DeleteRule(999): %v", err)
	}
	checkSums(t, s, "after removal")
	for id, want := range map[string]Kind{client.ID: Unclassified, bill.ID: Unclassified, fee.ID: Fee} {
		if k := kindOf(t, s, id); k != want {
			t.Errorf("%s after removal: %s, want %s", id, k, want)
		}
	}
	e, _ = s.Entry(ctx, client.ID)
	if e.ClassifiedBy != "" {
		t.Errorf("client still classified by %q", e.ClassifiedBy)
	}
}

// A credit linked as a transfer stays one when a rule names it; the rule
// decides its kind after unlinking.
func TestClassifyLinkedCredit(t *testing.T) {
	ctx := context.Background()
	s := openTestStore(t)
	importFile(t, s, "upwork.csv", upworkFile...)
	importFile(t, s, "wise.csv", wiseFile...)
	if k := kindOf(t, s, wiseFile[1].ID); k != Transfer {
		t.Fatalf("wise credit %s before rules", k)
	}
	_, st, err := s.AddRules(ctx, []Rule{{Kind: Income, Description: "acme"}, {Kind: Income, Description: "UPWORK ESCROW", Account: "wise:*"}}, false)
	if err != nil {
		t.Fatal(err)
	}
	if st.Linked == 0 {
		t.Errorf("stats %+v: want linked credits counted", st)
	}
	if _, err := s.MatchTransfers(ctx, DefaultTransferRules()); err != nil {
		t.Fatal(err)
	}
	checkSums(t, s, "after matching")
	if k := kindOf(t, s, wiseFile[2].ID); k != Income {
		t.Errorf("acme credit %s", k)
	}
}
