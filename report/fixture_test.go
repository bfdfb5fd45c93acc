package report_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/incomeledger/income/ledger"
	"github.com/incomeledger/income/report"
)

// hostile is a Gumroad item name that a spreadsheet would run as a formula.
const hostile = `=HYPERLINK("http://x","y")`

// fixtureEntries is a small year across three accounts and four currencies:
// every kind, a fee refund, a transfer and its bank credit, a payout with no
// match, an entry with no rate (EUR) and text that starts like a formula.
func fixtureEntries() []ledger.Entry {
	type row struct {
		date, source, account, kind, amount, cur, desc, cp, ref, file string
		line                                                          int
	}
	rows := []row{
		{"2025-01-15", "upwork", "upwork", "income", "1240.00", "USD", "Hourly: Website build", "Acme Co", "1001", "upwork.csv", 20},
		{"2025-01-15", "upwork", "upwork", "fee", "-124.00", "USD", "Service Fee", "", "1001", "upwork.csv", 21},
		{"2025-02-03", "upwork", "upwork", "income", "500.00", "USD", "Fixed-price: Logo", "Beta LLC", "1002", "upwork.csv", 18},
		{"2025-02-03", "upwork", "upwork", "fee", "-50.00", "USD", "Service Fee", "", "1002", "upwork.csv", 17},
		{"2025-03-10", "upwork", "upwork", "refund", "-200.00", "USD", "Refund to client", "Acme Co", "1003", "upwork.csv", 15},
		{"2025-03-10", "upwork", "upwork", "fee", "20.00", "USD", "Service fee refund", "", "1003", "upwork.csv", 14},
		{"2025-03-20", "upwork", "upwork", "transfer", "-1000.00", "USD", "Withdrawal to Vietcombank", "", "W1", "upwork.csv", 12},
		{"2025-03-20", "upwork", "upwork", "fee", "-0.99", "USD", "Withdrawal Fee", "", "W1", "upwork.csv", 11},
		{"2025-03-22", "vietcombank", "vietcombank", "transfer", "25300000", "VND", "UPWORK WITHDRAWAL", "UPWORK ESCROW", "FT1", "vcb.csv", 3},
		{"2025-04-01", "upwork", "upwork", "expense", "-15.00", "USD", "Connects", "", "1004", "upwork.csv", 10},
		{"2025-04-20", "gumroad", "gumroad", "income", "30.00", "USD", hostile, "A Buyer", "P3dd==", "sales.csv", 5},
		{"2025-04-20", "gumroad", "gumroad", "fee", "-3.50", "USD", hostile, "A Buyer", "P3dd==", "sales.csv", 5},
		{"2025-04-20", "gumroad", "gumroad", "refund", "-10.00", "USD", hostile, "A Buyer", "P3dd==", "sales.csv", 5},
		{"2025-05-05", "upwork", "upwork", "tax_withheld", "-30.00", "USD", "WHT", "", "1005", "upwork.csv", 9},
		{"2025-06-01", "upwork", "upwork", "unclassified", "5.00", "USD", "Adjustment", "", "1006", "upwork.csv", 8},
		{"2025-07-04", "upwork", "upwork", "income", "300.00", "USD", "-10% milestone (revised)", "@acme", "1007", "upwork.csv", 5},
		{"2025-08-15", "vietcombank", "vietcombank", "income", "2000000", "VND", "Local client\tinvoice 7", "+84 Shop", "FT2", "vcb.csv", 4},
		{"2025-09-01", "wise", "wise:EUR", "income", "100.00", "EUR", "Invoice 12", "Gamma GmbH", "T9", "wise.csv", 2},
		{"2025-10-01", "gumroad", "gumroad", "transfer", "-25.00", "USD", "PayPal payout", "", "PO1", "payout.csv", 3},
	}
	out := make([]ledger.Entry, len(rows))
	for i, r := range rows {
		key := fmt.Sprintf("%s|%s|%d|%s", r.source, r.ref, i, r.kind)
		out[i] = ledger.Entry{Key: key, ID: ledger.MakeID(key), Date: day(r.date), Source: r.source, Account: r.account,
			Kind: ledger.Kind(r.kind), Amount: dec(r.amount), Currency: r.cur, Description: r.desc, Counterparty: r.cp,
			Ref: r.ref, File: r.file, Line: r.line}
	}
	return out
}

// fixtureRates convert USD and VND into VND or IDR; EUR has no rate.
var fixtureRates = []ledger.Rate{
	{Date: day("2025-01-02"), Base: "USD", Quote: "VND", Rate: dec("25400"), Source: "vietcombank-transfer-buy", Policy: "daily"},
	{Date: day("2025-03-01"), Base: "USD", Quote: "VND", Rate: dec("25500.5"), Source: "vietcombank-transfer-buy", Policy: "daily"},
	{Date: day("2025-01-02"), Base: "USD", Quote: "IDR", Rate: dec("16321.37"), Source: "kurspajak", Policy: "weekly-window"},
	{Date: day("2025-03-01"), Base: "USD", Quote: "IDR", Rate: dec("16400.55"), Source: "kurspajak", Policy: "weekly-window"},
	{Date: day("2025-01-02"), Base: "VND", Quote: "IDR", Rate: dec("0.6421"), Source: "kurspajak", Policy: "weekly-window"},
}

// fixture is the fixture year in an in-memory ledger, converted to home.
type fixture struct {
	store   *ledger.Store
	home    ledger.Currency
	report  report.Report
	entries []ledger.Entry // as stored, with their conversions
}

func newFixture(t testing.TB, homeCode string) *fixture {
	t.Helper()
	ctx := context.Background()
	s, err := ledger.Open(ctx, ":memory:", true)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	home, _ := ledger.LookupCurrency(homeCode)
	if _, err := s.AddRates(ctx, fixtureRates); err != nil {
		t.Fatal(err)
	}
	byFile := map[string][]ledger.Entry{}
	var files []string
	for _, e := range fixtureEntries() {
		if byFile[e.File] == nil {
			files = append(files, e.File)
		}
		byFile[e.File] = append(byFile[e.File], e)
	}
	for _, file := range files {
		w, err := s.Begin(ctx, ledger.BatchInfo{File: file, Source: byFile[file][0].Source, ImportedAt: day("2026-01-05")})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range byFile[file] {
			if err := w.Add(e); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := w.Commit(len(byFile[file]), 0); err != nil {
			t.Fatal(err)
		}
	}
	conv := ledger.NewConverter(home, func(date time.Time, from, to string) (ledger.Rate, error) {
		if from == to {
			return ledger.Rate{Date: date, Base: from, Quote: to, Rate: dec("1"), Source: "identity", Policy: "daily"}, nil
		}
		var best ledger.Rate
		for _, r := range fixtureRates {
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
	sums, err := s.Sums(ctx, 2025)
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{store: s, home: home, report: report.Build(2025, home, sums)}
	if err := s.Entries(ctx, ledger.Filter{Year: 2025}, func(e ledger.Entry) error {
		f.entries = append(f.entries, e)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return f
}

// stream is the Workbook.Entries of the fixture, read from the store.
func (f *fixture) stream(fn func(ledger.Entry) error) error {
	return f.store.Entries(context.Background(), ledger.Filter{Year: 2025}, fn)
}

func (f *fixture) find(t testing.TB, desc string) ledger.Entry {
	t.Helper()
	for _, e := range f.entries {
		if e.Description == desc {
			return e
		}
	}
	t.Fatalf("no entry %q", desc)
	return ledger.Entry{}
}

// sections are made-up transfer and tax results in the shape the lead's
// adapters will supply.
func (f *fixture) sections(t testing.TB) (*report.TransfersSection, *report.TaxSection) {
	tr := &report.TransfersSection{
		Matched:      []report.TransferPair{{Out: f.find(t, "Withdrawal to Vietcombank"), In: f.find(t, "UPWORK WITHDRAWAL")}},
		UnmatchedOut: []ledger.Entry{f.find(t, "PayPal payout")},
	}
	tax := &report.TaxSection{Country: "VN", Regimes: []report.TaxRegime{{
		ID: "vn-business", Name: "Household business (flat rates on revenue)", Total: dec("2745648"), Confidence: "C",
		Lines: []report.TaxLine{
			{Key: "pit", Label: "Personal income tax 2% of revenue", Amount: dec("915216"), Confidence: "C"},
			{Key: "vat", Label: "VAT 5% of revenue", Amount: dec("1830432"), Confidence: "S"},
		},
		Trace: []report.TaxStep{
			{Step: "revenue (gross − refunds)", Amount: dec("45760800")},
			{Step: "PIT rate for services", Amount: dec("915216"), Rule: "vn.business.pit_rate.services", Effective: "2021-08-01", Reference: "Circular 40/2021/TT-BTC, Appendix I", Confidence: "C"},
			{Step: "VAT rate for services", Amount: dec("1830432"), Rule: "vn.business.vat_rate.services", Effective: "2021-08-01", Reference: "Circular 40/2021/TT-BTC, Appendix I", Confidence: "S"},
		},
		Deadlines: []report.TaxDeadline{{Form: "01/CNKD", Period: "2025", Due: "2026-01-31", Reference: "Circular 40/2021/TT-BTC art. 8", Confidence: "C"}},
		Notes:     []string{"revenue above the 100 million VND threshold"},
	}}, Notes: []string{hostile}}
	return tr, tax
}

func (f *fixture) workbook(lang string) report.Workbook {
	r := f.report
	return report.Workbook{Report: r, Home: f.home, Lang: lang, Entries: f.stream,
		Generated: time.Date(2026, 1, 5, 9, 30, 15, 0, time.UTC), Version: "v0.test", Notes: []string{"built by the test fixture"}}
}
