package ledger

import (
	"context"
	"strings"
	"testing"
)

func rate(date, base, quote, v, source string) Rate {
	return Rate{Date: day(date), Base: base, Quote: quote, Rate: dec(v), Source: source}
}

func TestSuspectRates(t *testing.T) {
	series := []Rate{
		rate("2025-03-10", "USD", "VND", "25400", "file"),
		rate("2025-03-11", "USD", "VND", "25410", "file"),
		rate("2025-03-12", "USD", "VND", "25420", "file"),
		rate("2025-03-14", "USD", "VND", "25430", "file"),
		rate("2025-03-17", "USD", "VND", "25440", "file"),
	}
	other := []Rate{rate("2025-03-12", "USD", "VND", "25380", "vietcombank-transfer-buy")}
	inverse := []Rate{{Date: day("2025-03-12"), Base: "VND", Quote: "USD", Rate: dec("1"), Div: dec("25000"), Source: "ecb-cross"}}
	tests := []struct {
		name     string
		stored   []Rate
		incoming Rate
		want     string // "" = not suspect
	}{
		{"2.54 among its neighbours", series, rate("2025-03-13", "USD", "VND", "2.54", "file"), "is 100% away from the median 25420 of its 5 neighbours of source file"},
		{"a plausible move", series, rate("2025-03-13", "USD", "VND", "26000", "file"), ""},
		{"at 50% above", series, rate("2025-03-13", "USD", "VND", "38130", "file"), ""},
		{"just over 50% above", series, rate("2025-03-13", "USD", "VND", "38131", "file"), "50% away"},
		{"alone, against another source", other, rate("2025-03-13", "USD", "VND", "2.54", "file"), "1 rates of other sources within 10 days"},
		{"alone, against the inverse pair", inverse, rate("2025-03-13", "USD", "VND", "254000", "file"), "916% away from the median 25000"},
		{"alone, another source far in time", []Rate{rate("2025-01-01", "USD", "VND", "25000", "x")}, rate("2025-03-13", "USD", "VND", "2.54", "file"), ""},
		{"nothing to compare with", nil, rate("2025-03-13", "USD", "VND", "2.54", "file"), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := SuspectRates(tt.stored, []Rate{tt.incoming})
			if tt.want == "" {
				if len(got) != 0 {
					t.Errorf("suspect: %v", got[0])
				}
				return
			}
			if len(got) != 1 || !strings.Contains(got[0].String(), tt.want) {
				t.Fatalf("got %v, want one containing %q", got, tt.want)
			}
		})
	}
}

func TestDeleteRates(t *testing.T) {
	ctx := context.Background()
	s := openTestStore(t)
	if _, err := s.AddRates(ctx, []Rate{
		rate("2025-03-10", "USD", "VND", "25400", "file"),
		rate("2025-03-11", "USD", "VND", "2.54", "file"),
		rate("2025-03-11", "USD", "VND", "25380", "vcb"),
		rate("2025-03-11", "EUR", "VND", "27000", "file"),
	}); err != nil {
		t.Fatal(err)
	}
	importFile(t, s, "upwork.csv", upworkFile...)
	convertAll(t, s)
	n, err := s.DeleteRates(ctx, RateFilter{Source: "file", Base: "usd", Quote: "VND", From: day("2025-03-11"), To: day("2025-03-11")})
	if err != nil || n != 1 {
		t.Fatalf("deleted %d, %v", n, err)
	}
	left, _ := s.Rates(ctx, "", "")
	if len(left) != 3 {
		t.Errorf("left %v", left)
	}
	var converted int
	if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM entries WHERE conv IS NOT NULL").Scan(&converted); err != nil || converted != 0 {
		t.Errorf("%d entries keep a conversion after the delete (%v)", converted, err)
	}
	checkSums(t, s, "after delete")
	if n, _ := s.DeleteRates(ctx, RateFilter{Source: "nope"}); n != 0 {
		t.Errorf("deleted %d of source nope", n)
	}
}
