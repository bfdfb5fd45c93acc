package ledger

import (
	"context"
	"testing"
)

// BenchmarkMatchStore re-runs matching on a ledger holding 20,000
// withdrawals and their 20,000 credits, already matched: the work every
// import does afterwards (read, match, compare, write nothing).
func BenchmarkMatchStore(b *testing.B) {
	ctx := context.Background()
	s, err := Open(ctx, b.TempDir()+"/ledger.db", true)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	outs, ins, _, rates := synthTransfers(20000, 42)
	if _, err := s.AddRates(ctx, rates); err != nil {
		b.Fatal(err)
	}
	w, err := s.Begin(ctx, BatchInfo{File: "synth.csv", SHA256: "x", Source: "synth", ImportedAt: day("2025-06-01")})
	if err != nil {
		b.Fatal(err)
	}
	for i, e := range append(outs, ins...) {
		e.Key, e.Line = e.ID, i+2
		if err := w.Add(e); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := w.Commit(len(outs)+len(ins), 0); err != nil {
		b.Fatal(err)
	}
	rules := DefaultTransferRules()
	st, err := s.MatchTransfers(ctx, rules)
	if err != nil {
		b.Fatal(err)
	}
	if st.Added < 19000 {
		b.Fatalf("first run matched %d", st.Added)
	}
	b.ResetTimer()
	for b.Loop() {
		if st, err = s.MatchTransfers(ctx, rules); err != nil {
			b.Fatal(err)
		}
	}
	if st.Added != 0 || st.Removed != 0 {
		b.Fatalf("re-run changed links: %+v", st)
	}
}
