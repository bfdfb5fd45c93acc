package ledger

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/incomeledger/income/fx"
)

// snapshot is everything a report reads, as text: the sums, the entries'
// kinds and conversions, the links and the realised rates.
func snapshot(t *testing.T, s *Store) string {
	t.Helper()
	ctx := context.Background()
	var b strings.Builder
	for _, q := range []string{
		"SELECT month, source, kind, currency, n, n_amount, amount_units, n_home, home_units FROM sums WHERE n <> 0 OR n_home <> 0 ORDER BY 1, 2, 3, 4",
		"SELECT hid, date, kind, amount, coalesce(home_units, ''), coalesce(c.rate, '') FROM entries e LEFT JOIN conversions c ON c.id = e.conv ORDER BY hid",
		"SELECT out_id, in_id, manual, out_kind, in_kind FROM transfer_links ORDER BY out_id",
		"SELECT date, base, quote, rate, div, source FROM rates ORDER BY 1, 2, 3, 6",
		"SELECT hid, orig_kind, by FROM classified ORDER BY hid",
	} {
		rows, err := s.db.QueryContext(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintln(&b, vals...)
		}
		rows.Close()
		b.WriteString("--\n")
	}
	return b.String()
}

func convertAll(t *testing.T, s *Store) {
	t.Helper()
	ctx := context.Background()
	rates, err := s.Rates(ctx, "", "")
	if err != nil {
		t.Fatal(err)
	}
	find := func(date time.Time, from, to string) (Rate, error) {
		var best Rate
		for _, r := range rates {
			if r.Base == from && r.Quote == to && r.Source != fx.SourceRealised && !r.Date.After(date) && r.Date.After(best.Date) {
				best = r
			}
		}
		if best.Base == "" {
			return best, errors.New("no rate")
		}
		return best, nil
	}
	c := NewConverter(Currency{Code: "VND", Minor: 0}, find)
	if err := s.ConvertPending(ctx, c, 0); err != nil {
		t.Fatal(err)
	}
}

// Undoing a batch gives back the ledger as it was before the import, and
// importing the file again gives the ledger after the first import, to the
// unit: sums, kinds, links, realised rates and conversions.
func TestUndoBatchRestoresExactly(t *testing.T) {
	ctx := context.Background()
	s := openTestStore(t)
	if _, err := s.AddRates(ctx, []Rate{{Date: day("2025-03-19"), Base: "USD", Quote: "VND", Rate: dec("25000"), Source: "vietcombank-buy"}}); err != nil {
		t.Fatal(err)
	}
	importFile(t, s, "upwork.csv", upworkFile...)
	convertAll(t, s)
	before := snapshot(t, s)

	vcb := []Entry{
		ent("vcb|FT1", "2025-03-24", "vietcombank", Unclassified, "24600000", "VND", "UPWORK ESCROW INC TT", "FT1"),
		ent("vcb|FT2", "2025-03-25", "vietcombank", Unclassified, "150000000", "VND", "CONG TY ABC THANH TOAN", "FT2"),
	}
	importFile(t, s, "vcb.csv", vcb...)
	convertAll(t, s)
	if k := kindOf(t, s, upworkFile[4].ID); k != Transfer {
		t.Fatalf("withdrawal kind %s", k)
	}
	after := snapshot(t, s)
	if !strings.Contains(after, "realised") {
		t.Fatalf("no realised rate after the match:\n%s", after)
	}
	bs, err := s.Batches(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(bs) != 2 || bs[1].File != "vcb.csv" || bs[1].Added != 2 {
		t.Fatalf("batches %+v", bs)
	}
	res, err := s.UndoBatch(ctx, bs[1].ID, DefaultTransferRules())
	if err != nil {
		t.Fatal(err)
	}
	if res.Removed != 2 || res.Links != 1 {
		t.Errorf("undo %+v; want 2 entries, 1 link", res)
	}
	convertAll(t, s)
	checkSums(t, s, "after undo")
	if got := snapshot(t, s); got != before {
		t.Errorf("after undo\n%s\nwant as before the import\n%s", got, before)
	}
	importFile(t, s, "vcb.csv", vcb...)
	convertAll(t, s)
	checkSums(t, s, "after re-import")
	if got := snapshot(t, s); got != after {
		t.Errorf("after re-import\n%s\nwant as after the first import\n%s", got, after)
	}
	if _, err := s.UndoBatch(ctx, 99, DefaultTransferRules()); !errors.Is(err, ErrNoBatch) {
		t.Errorf("undo of a missing batch: %v", err)
	}
}
