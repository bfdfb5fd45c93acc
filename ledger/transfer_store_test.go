package ledger

import (
	"context"
	"testing"

	"github.com/incomeledger/income/fx"
)

// TestMatchTransfersOneTransaction: the links a match finds and the realised
// rates they give are written together. A trigger makes storing the realised
// rate fail; the links must then not be there either (with two transactions
// the links would be committed before the rates failed).
func TestMatchTransfersOneTransaction(t *testing.T) {
	s := openTestStore(t)
	ctx := context.Background()
	if _, err := s.AddRates(ctx, []Rate{
		{Date: day("2025-03-19"), Base: "USD", Quote: "VND", Rate: dec("25000"), Source: "vietcombank-buy"},
	}); err != nil {
		t.Fatal(err)
	}
	out := ent("upwork|800001|withdrawal#1", "2025-03-20", "upwork", Transfer, "-1000.00", "USD", "Withdrawal", "800001")
	in := ent("vcb|FT25083", "2025-03-24", "vietcombank", Unclassified, "24600000", "VND", "UPWORK ESCROW INC TT", "FT25083")
	addBatch(t, s, "upwork.csv", out)
	addBatch(t, s, "vcb.csv", in)
	if _, err := s.db.ExecContext(ctx, `CREATE TRIGGER no_realised BEFORE INSERT ON rates WHEN NEW.source = '`+fx.SourceRealised+`'
		BEGIN SELECT RAISE(ABORT, 'realised rates refused'); END`); err != nil {
		t.Fatal(err)
	}
	if _, err := s.MatchTransfers(ctx, DefaultTransferRules()); err == nil {
		t.Fatal("MatchTransfers succeeded though its realised rate could not be stored")
	}
	if got, _ := matchedPairs(t, s, 2025); len(got) != 0 {
		t.Fatalf("links %v were committed without their realised rate", got)
	}
	if k := kindOf(t, s, in.ID); k != Unclassified {
		t.Errorf("credit kind = %s, want unclassified (nothing committed)", k)
	}
	// Without the trigger the same match writes both.
	if _, err := s.db.ExecContext(ctx, "DROP TRIGGER no_realised"); err != nil {
		t.Fatal(err)
	}
	st, err := s.MatchTransfers(ctx, DefaultTransferRules())
	if err != nil {
		t.Fatal(err)
	}
	if st.Added != 1 {
		t.Fatalf("stats = %+v, want one link added", st)
	}
	rs, err := s.Rates(ctx, "USD", "VND")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, r := range rs {
		if r.Source == fx.SourceRealised {
			n++
		}
	}
	if n != 1 {
		t.Errorf("realised rates = %d, want 1", n)
	}
}
