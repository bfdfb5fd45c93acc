package importers

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/incomeledger/income/ledger"
	"github.com/shopspring/decimal"
)

// importText runs the importer named name on CSV text, the way Run does.
func importText(t *testing.T, name, text string) (FileResult, []ledger.Entry, error) {
	t.Helper()
	imp, err := Default().Get(name)
	if err != nil {
		t.Fatal(err)
	}
	data := []byte(text)
	tbl, err := NewDelimited(bytes.NewReader(data), data)
	if err != nil {
		t.Fatal(err)
	}
	res := FileResult{Source: name, Warnings: []string{}}
	c := &collect{}
	s := &sink{ctx: context.Background(), file: "t.csv", res: &res, w: c}
	err = imp.Import(context.Background(), "t.csv", tbl, s)
	return res, c.entries, err
}

func TestPlatNumberShape(t *testing.T) {
	tests := []struct {
		cell  string
		style NumberStyle
		ok    bool
	}{
		{"84.00", DotDecimal, true},
		{"1,653.75", DotDecimal, true},
		{"-12,431.37", DotDecimal, true},
		{"4.626,81", CommaDecimal, true},
		{"49,37", CommaDecimal, true},
		{"-1,78", CommaDecimal, true},
		{"1,234", DotDecimal, true},   // JPY in a dot-decimal file
		{"1.234", CommaDecimal, true}, // JPY in a comma-decimal file
		{"1.234.567", CommaDecimal, true},
		{"0,125", CommaDecimal, true}, // a leading zero never groups thousands
		{"CA$76.00", DotDecimal, true},
		{"-£1.44", DotDecimal, true},
		{"1 234,5", CommaDecimal, true},
		{"1500", DotDecimal, false},
		{"--", DotDecimal, false},
	}
	for _, tt := range tests {
		t.Run(tt.cell, func(t *testing.T) {
			style, ok := platNumberShape(tt.cell)
			if ok != tt.ok || (ok && style != tt.style) {
				t.Errorf("platNumberShape(%q) = %v, %v; want %v, %v", tt.cell, style, ok, tt.style, tt.ok)
			}
		})
	}
}

func TestPlatSlashOrder(t *testing.T) {
	tests := []struct {
		date  string
		order platOrder
		needs bool
	}{
		{"29/12/2015", platDMY, false},
		{"9/25/2018", platMDY, false},
		{"03/04/2025", platOrderUnknown, true},
		{"04/04/2025", platOrderUnknown, false}, // the same either way
		{"2025-04-03", platOrderUnknown, false},
		{"03.04.2025", platOrderUnknown, false},
		{"05/03/2021 12:31", platOrderUnknown, true},
	}
	for _, tt := range tests {
		t.Run(tt.date, func(t *testing.T) {
			if got := platSlashOrder(tt.date); got != tt.order {
				t.Errorf("platSlashOrder(%q) = %v, want %v", tt.date, got, tt.order)
			}
			if got := platNeedsOrder(tt.date); got != tt.needs {
				t.Errorf("platNeedsOrder(%q) = %v, want %v", tt.date, got, tt.needs)
			}
		})
	}
}

func TestPlatDatesParse(t *testing.T) {
	d := &platDates{order: platDMY}
	for in, want := range map[string]string{
		"29/12/2015":          "2015-12-29",
		"07.06.2025":          "2025-06-07",
		"03-09-2026":          "2026-09-03",
		"2021-02-03 13:12":    "2021-02-03",
		"September 3, 2026":   "2026-09-03",
		"31 July, 2026":       "2026-07-31",
		"03/04/25":            "2025-04-03",
		"02-01-2025 10:11:12": "2025-01-02",
	} {
		got, err := d.parse(in)
		if err != nil || got.Format(ledger.DateLayout) != want {
			t.Errorf("parse(%q) = %v, %v; want %s", in, got, err, want)
		}
	}
	for _, bad := range []string{"31/02/2025", "13/13/2025", "", "yesterday"} {
		if _, err := d.parse(bad); !errors.Is(err, ErrBadDate) {
			t.Errorf("parse(%q): err = %v, want ErrBadDate", bad, err)
		}
	}
}

// A file must be read in one date order: a row that contradicts the order
// an earlier row showed is an error naming both rows.
func TestPlatDatesContradiction(t *testing.T) {
	text := "Date,Time,Type,Currency,Gross,Fee,Net,Transaction ID\n" +
		"29/12/2024,10:00:00,Website Payment,USD,10.00,-0.50,9.50,A1\n" +
		"12/30/2024,10:00:00,Website Payment,USD,10.00,-0.50,9.50,A2\n"
	_, _, err := importText(t, "paypal", text)
	want := `t.csv:3: date "12/30/2024" is month/day/year, but the file's dates are day/month/year (line 2 has "29/12/2024"): not a date`
	if err == nil || err.Error() != want {
		t.Fatalf("err = %v\nwant %s", err, want)
	}
	if !errors.Is(err, ledger.ErrInvalid) {
		t.Error("not marked invalid")
	}
}

// Rows whose dates fit both orders wait for the row that decides, and keep
// their file order.
func TestPlatDatesDecidedLater(t *testing.T) {
	text := "Date,Time,Type,Currency,Gross,Fee,Net,Transaction ID,Balance\n" +
		"03/04/2024,10:00:00,Website Payment,USD,10.00,-0.50,9.50,A1,9.50\n" +
		"05/04/2024,10:00:00,Website Payment,USD,10.00,-0.50,9.50,A2,19.00\n" +
		"14/04/2024,10:00:00,Website Payment,USD,10.00,-0.50,9.50,A3,28.50\n"
	res, entries, err := importText(t, "paypal", text)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		if e.Kind == ledger.Income {
			got = append(got, e.Date.Format(ledger.DateLayout)+" "+e.Ref)
		}
	}
	if want := "2024-04-03 A1,2024-04-05 A2,2024-04-14 A3"; strings.Join(got, ",") != want {
		t.Errorf("income dates %v, want %s", got, want)
	}
	if len(res.Warnings) != 0 {
		t.Errorf("warnings: %v", res.Warnings)
	}
}

// A file mixing 1,234.56 and 1.234,56 is rejected rather than read two ways.
func TestPlatNumbersContradiction(t *testing.T) {
	text := "Date,Time,Type,Currency,Gross,Fee,Net,Transaction ID\n" +
		"2024-04-03,10:00:00,Website Payment,USD,\"1,250.00\",-0.50,\"1,249.50\",A1\n" +
		"2024-04-04,10:00:00,Website Payment,USD,\"49,37\",\"-1,78\",\"47,59\",A2\n"
	_, _, err := importText(t, "paypal", text)
	want := `t.csv:3: Gross: amount "49,37" is written in a different number style from "1,250.00" at line 2: not a number`
	if err == nil || err.Error() != want {
		t.Fatalf("err = %v\nwant %s", err, want)
	}
}

func TestPlatPayoutFrom(t *testing.T) {
	tests := []struct{ self, text, want string }{
		{"paypal", "Upwork Escrow Inc.", "upwork"},
		{"wise", "UPWORK GLOBAL INC", "upwork"},
		{"wise", "Wise Payments Ltd", ""},
		{"paypal", "PayPal", ""},
		{"wise", "STRIPE PAYMENTS EUROPE LTD", "stripe"},
		{"wise", "Freelancer.com Pty", "freelancer.com"},
		{"paypal", "Stripey Socks Ltd", ""},
		{"paypal", "Acme Design LLC", ""},
	}
	for _, tt := range tests {
		if got := platPayoutFrom(tt.self, tt.text); got != tt.want {
			t.Errorf("platPayoutFrom(%q, %q) = %q, want %q", tt.self, tt.text, got, tt.want)
		}
	}
}

// TestSharedSamples imports the public sample exports kept outside the
// repository (../../shared/samples; see SOURCES.md there for their licences:
// the PayPal samples are AGPL and are not copied here).
func TestSharedSamples(t *testing.T) {
	dir := filepath.Join("..", "..", "shared", "samples")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("no shared samples at %s: %v", dir, err)
	}
	type want struct {
		line     int
		kind     ledger.Kind
		account  string
		date     string
		amount   string
		currency string
		key      string
	}
	tests := []struct {
		file     string
		source   string
		rows     int
		skipped  int
		entries  int
		warnings int
		want     []want
	}{
		{file: "paypal/oca_activity_en.csv", source: "paypal", rows: 76, skipped: 16, entries: 86, warnings: 16, want: []want{
			{2, ledger.Income, "paypal:USD", "2015-12-29", "84.00", "USD", "paypal|TID1|income#1"},
			{2, ledger.Fee, "paypal:USD", "2015-12-29", "-4.25", "USD", "paypal|TID1|fee#1"},
			{4, ledger.Transfer, "paypal:EUR", "2016-02-12", "43.34", "EUR", "paypal|TID3|transfer#1"},
			{5, ledger.Income, "paypal:USD", "2016-06-09", "1653.75", "USD", "paypal|TID4|income#1"},
			{8, ledger.Unclassified, "paypal:AUD", "2016-06-22", "-100", "AUD", "paypal|TID7|other#1"},
			{13, ledger.Transfer, "paypal:USD", "2016-07-25", "-14000", "USD", "paypal|TID12|transfer#1"},
		}},
		{file: "paypal/oca_statement_en.csv", source: "paypal", rows: 19, skipped: 0, entries: 26, warnings: 0, want: []want{
			{2, ledger.Transfer, "paypal:EUR", "2018-09-04", "-1058.09", "EUR", "paypal|TID1|transfer#1"},
			{10, ledger.Income, "paypal:USD", "2018-09-04", "1309.80", "USD", "paypal|TID9|income#1"},
			{10, ledger.Fee, "paypal:USD", "2018-09-04", "-48.76", "USD", "paypal|TID9|fee#1"},
			{17, ledger.Income, "paypal:USD", "2018-09-27", "920.70", "USD", "paypal|TID16|income#1"},
		}},
		{file: "paypal/oca_statement_es.csv", source: "paypal", rows: 4, skipped: 0, entries: 8, warnings: 0, want: []want{
			{2, ledger.Income, "paypal:EUR", "2020-01-02", "49.37", "EUR", "paypal|TID1|income#1"},
			{2, ledger.Fee, "paypal:EUR", "2020-01-02", "-1.78", "EUR", "paypal|TID1|fee#1"},
			{5, ledger.Income, "paypal:EUR", "2020-01-03", "22.47", "EUR", "paypal|TID4|income#1"},
		}},
		{file: "payoneer/csv2ofx_payoneer.csv", source: "payoneer", rows: 2, skipped: 0, entries: 2, warnings: 1, want: []want{
			{2, ledger.Unclassified, "payoneer:USD", "2021-05-03", "-100", "USD", "payoneer|123|other#1"},
			{3, ledger.Unclassified, "payoneer:USD", "2021-05-03", "120", "USD", "payoneer|1234|other#1"},
		}},
		{file: "stripe/csv2ofx_stripe_payments_default.csv", source: "stripe-payments", rows: 5, skipped: 0, entries: 10, warnings: 0, want: []want{
			{2, ledger.Income, "stripe:CAD", "2021-02-03", "25.00", "CAD", "stripe|ch_1IGl9SBI9JK85yVZtjcU9OLJ|income#1"},
			{2, ledger.Fee, "stripe:CAD", "2021-02-03", "-1.03", "CAD", "stripe|ch_1IGl9SBI9JK85yVZtjcU9OLJ|fee#1"},
			{6, ledger.Income, "stripe:CAD", "2021-03-16", "10.00", "CAD", "stripe|ch_1IVbR2BI9JK85yVZUofVdX4R|income#1"},
		}},
	}
	reg := Default()
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			path := filepath.Join(dir, tt.file)
			if _, err := os.Stat(path); err != nil {
				t.Skipf("sample missing: %v", err)
			}
			res, entries, err := importFile(t, reg, path)
			if err != nil {
				t.Fatal(err)
			}
			if res.Source != tt.source || res.Rows != tt.rows || res.Skipped != tt.skipped || len(entries) != tt.entries || len(res.Warnings) != tt.warnings {
				t.Fatalf("source=%s rows=%d skipped=%d entries=%d warnings=%d; want %s %d %d %d %d\n%s",
					res.Source, res.Rows, res.Skipped, len(entries), len(res.Warnings), tt.source, tt.rows, tt.skipped, tt.entries, tt.warnings, render(res, entries))
			}
			for _, w := range tt.want {
				found := false
				for _, e := range entries {
					if e.Key != w.key {
						continue
					}
					found = true
					amt := decimal.RequireFromString(w.amount)
					if e.Line != w.line || e.Kind != w.kind || e.Account != w.account || e.Date.Format(ledger.DateLayout) != w.date ||
						!e.Amount.Equal(amt) || e.Currency != w.currency {
						t.Errorf("%s: got line %d %s %s %s %s %s; want %+v", w.key, e.Line, e.Kind, e.Account,
							e.Date.Format(ledger.DateLayout), e.Amount, e.Currency, w)
					}
				}
				if !found {
					t.Errorf("no entry with key %s", w.key)
				}
			}
		})
	}
	// no income is ever made of a hold, a pending row or a conversion
	t.Run("paypal/oca_activity_en.csv/no-income-from-holds", func(t *testing.T) {
		_, entries, err := importFile(t, reg, filepath.Join(dir, "paypal/oca_activity_en.csv"))
		if err != nil {
			t.Skip(err)
		}
		for _, e := range entries {
			if e.Kind == ledger.Income && !strings.Contains(e.Description, "Payment") {
				t.Errorf("line %d: income from %q", e.Line, e.Description)
			}
			for _, tid := range []string{"TID11", "TID37", "TID46"} { // pending withdrawal, hold, release
				if e.Ref == tid {
					t.Errorf("line %d: %s imported as %s", e.Line, tid, e.Kind)
				}
			}
		}
	})
}

// Each platform importer recognises only its own files: no other fixture
// (Upwork, Gumroad, banks, the other platforms) fits it.
func TestPlatformDetectionDoesNotSteal(t *testing.T) {
	own := map[string][]string{
		"paypal": {"paypal"}, "wise": {"wise"}, "wise-transfers": {"wise"}, "payoneer": {"payoneer"},
		"stripe": {"stripe"}, "stripe-payments": {"stripe"}, "stripe-payouts": {"stripe"}, "etsy": {"etsy"},
	}
	files, err := filepath.Glob("../testdata/importers/*/*.csv")
	if err != nil {
		t.Fatal(err)
	}
	reg := Default()
	for name, dirs := range own {
		imp, err := reg.Get(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, path := range files {
			dir := filepath.Base(filepath.Dir(path))
			mine := false
			for _, d := range dirs {
				mine = mine || d == dir
			}
			if mine {
				continue
			}
			tbl, err := OpenTable(path)
			if err != nil {
				t.Fatal(err)
			}
			s, _ := ReadSample(tbl, sampleRows)
			tbl.Close()
			if m := imp.Detect(s); m.OK {
				t.Errorf("%s detects %s", name, path)
			}
		}
	}
}
