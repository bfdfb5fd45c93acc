package report_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/incomeledger/income/importers"
	"github.com/incomeledger/income/ledger"
	"github.com/incomeledger/income/report"
	"github.com/shopspring/decimal"
)

// TestHandCheckedYear imports the sample Upwork and Gumroad files into an
// in-memory ledger, converts to VND and checks the 2025 figures against
// numbers worked out by hand.
//
// Rates (USD→VND): 25400 from 2025-01-02, 25500.5 from 2025-03-01, 25600
// from 2025-06-01. Rows dated 2024-12-30/31 and 2026-01-02/03 are outside
// the year.
//
// Upwork 2025 (USD → VND, each entry rounded half away from zero):
//
//	Jan 15 Hourly              1240.00 × 25400   = 31,496,000  income
//	Jan 15 Service Fee         −124.00 × 25400   = −3,149,600  fee
//	Feb  3 Fixed-price          500.00 × 25400   = 12,700,000  income
//	Feb  3 Service Fee          −50.00 × 25400   = −1,270,000  fee
//	Mar 10 Refund to client    −200.00 × 25500.5 = −5,100,100  refund
//	Mar 10 Service fee refund    20.00 × 25500.5 =    510,010  fee (+)
//	Mar 20 Withdrawal         −1000.00                          transfer: not counted
//	Mar 20 Withdrawal Fee        −0.99 × 25500.5 = −25,245.495 → −25,245 fee
//	Apr  1 Connects             −15.00 × 25500.5 = −382,507.5  → −382,508 expense
//	May  5 WHT                  −30.00 × 25500.5 =   −765,015  withheld
//	Jun  1 Adjustment             5.00                          unclassified: not counted
//	gross 44,196,000; refunds 5,100,100;
//	fees 3,149,600 + 1,270,000 − 510,010 + 25,245 = 3,934,835;
//	net 44,196,000 − 5,100,100 − 3,934,835 = 35,161,065 (USD: 1740 − 200 − 154.99 = 1385.01)
//
// Gumroad 2025 (income = Net Total + Fees; Taxes ($) 2.00 on P1 never counted):
//
//	Feb 10 P1 sale 20.00 × 25400 = 508,000; fee −2.90 → −73,660
//	Mar  5 P2 sale 12.00 × 25500.5 = 306,006; fee −1.70 → −43,350.85 → −43,351; fully refunded −306,006
//	Apr 20 P3 sale 30.00 × 25500.5 = 765,015; fee −3.50 → −89,251.75 → −89,252; partial refund −10.00 → −255,005
//	gross 1,579,021; refunds 561,011; fees 206,263; net 811,747 (USD: 62 − 22 − 8.10 = 31.90)
//
// Totals: gross 45,775,021; refunds 5,661,111; fees 4,141,098;
// net 35,972,812; expenses 382,508; withheld 765,015.
func TestHandCheckedYear(t *testing.T) {
	ctx := context.Background()
	s, err := ledger.Open(ctx, ":memory:", true)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	vnd, _ := ledger.LookupCurrency("VND")
	rates := []ledger.Rate{
		{Date: day("2025-01-02"), Base: "USD", Quote: "VND", Rate: dec("25400"), Source: "test"},
		{Date: day("2025-03-01"), Base: "USD", Quote: "VND", Rate: dec("25500.5"), Source: "test"},
		{Date: day("2025-06-01"), Base: "USD", Quote: "VND", Rate: dec("25600"), Source: "test"},
	}
	if _, err := s.AddRates(ctx, rates); err != nil {
		t.Fatal(err)
	}
	reg := importers.Default()
	for _, path := range []string{"../testdata/sample/upwork-2025.csv", "../testdata/sample/gumroad-sales-2025.csv"} {
		imp, file, err := reg.Identify(path, "")
		if err != nil {
			t.Fatal(err)
		}
		w, err := s.Begin(ctx, ledger.BatchInfo{File: file, Source: imp.Name()})
		if err != nil {
			t.Fatal(err)
		}
		res, err := importers.Run(ctx, imp, importers.Job{Path: path}, w)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Commit(res.Rows, res.Skipped); err != nil {
			t.Fatal(err)
		}
	}
	conv := ledger.NewConverter(vnd, func(date time.Time, from, to string) (ledger.Rate, error) {
		var best ledger.Rate
		for _, r := range rates {
			if r.Base == from && r.Quote == to && !r.Date.After(date) {
				best = r
			}
		}
		if best.Rate.IsZero() {
			return best, errors.New("no rate")
		}
		return best, nil
	})
	if err := s.ConvertPending(ctx, conv, 2025); err != nil {
		t.Fatal(err)
	}
	if err := conv.Err(); err != nil {
		t.Fatal(err)
	}
	sums, err := s.Sums(ctx, 2025)
	if err != nil {
		t.Fatal(err)
	}
	r := report.Build(2025, vnd, sums)

	check := func(what string, got decimal.Decimal, want string) {
		t.Helper()
		if !got.Equal(dec(want)) {
			t.Errorf("%s = %s, want %s", what, got, want)
		}
	}
	if len(r.Sources) != 2 || r.Sources[0].Source != "gumroad" || r.Sources[1].Source != "upwork" {
		t.Fatalf("sources = %+v", r.Sources)
	}
	g, u := r.Sources[0], r.Sources[1]
	check("upwork gross", u.Gross, "44196000")
	check("upwork refunds", u.Refunds, "5100100")
	check("upwork fees", u.Fees, "3934835")
	check("upwork net", u.Net, "35161065")
	check("upwork expenses", u.Expenses, "382508")
	check("upwork withheld", u.Withheld, "765015")
	check("upwork USD net", u.Original[0].Net, "1385.01")
	check("gumroad gross", g.Gross, "1579021")
	check("gumroad refunds", g.Refunds, "561011")
	check("gumroad fees", g.Fees, "206263")
	check("gumroad net", g.Net, "811747")
	check("gumroad USD net", g.Original[0].Net, "31.90")
	check("total gross", r.Totals.Gross, "45775021")
	check("total refunds", r.Totals.Refunds, "5661111")
	check("total fees", r.Totals.Fees, "4141098")
	check("total net", r.Totals.Net, "35972812")
	check("total expenses", r.Totals.Expenses, "382508")
	check("total withheld", r.Totals.Withheld, "765015")

	// totals equal the sum over sources and over months, to the unit
	var bySource, byMonth report.Figures
	for _, s := range r.Sources {
		bySource.Gross, bySource.Net = bySource.Gross.Add(s.Gross), bySource.Net.Add(s.Net)
	}
	for _, m := range r.Months {
		byMonth.Gross, byMonth.Net = byMonth.Gross.Add(m.Gross), byMonth.Net.Add(m.Net)
	}
	check("sum of sources gross", bySource.Gross, "45775021")
	check("sum of sources net", bySource.Net, "35972812")
	check("sum of months gross", byMonth.Gross, "45775021")
	check("sum of months net", byMonth.Net, "35972812")
	if len(r.Months) != 12 {
		t.Errorf("%d months", len(r.Months))
	}
	if len(r.Warnings) != 1 {
		t.Errorf("warnings = %q, want the unclassified one", r.Warnings)
	}
}
