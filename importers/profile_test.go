package importers

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/incomeledger/income/errs"
	"github.com/incomeledger/income/ledger"
	"github.com/shopspring/decimal"
)

// importWith imports path with one importer, the way Run does.
func importWith(t testing.TB, imp Importer, path string) (FileResult, []ledger.Entry, error) {
	t.Helper()
	c := &collect{}
	res, err := Run(context.Background(), imp, Job{Path: path}, c)
	return res, c.entries, err
}

// writeTemp writes content to a file named name in a temporary directory.
func writeTemp(t testing.TB, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func mustProfile(t testing.TB, yaml string) *Profile {
	t.Helper()
	p, err := parseProfile("test.yaml", []byte(yaml))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// TestUserProfileVCB is the acceptance case: a user profile written the way
// docs/profiles.md explains reads a Vietcombank-style CSV with a preamble,
// comma thousands, Ghi nợ/Ghi có columns, two identical rows and a Tổng row.
func TestUserProfileVCB(t *testing.T) {
	imp, err := LoadProfile("../testdata/importers/profile-user/vcb-user.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if imp.Name() != "vcb-user" {
		t.Fatalf("name %q", imp.Name())
	}
	path := "../testdata/importers/profile-user/vcb-user.csv"
	tbl, err := OpenTable(path)
	if err != nil {
		t.Fatal(err)
	}
	s, _ := ReadSample(tbl, sampleRows)
	tbl.Close()
	if m := imp.Detect(s); !m.OK {
		t.Fatalf("profile does not detect its file: %+v", m)
	}
	res, entries, err := importWith(t, imp, path)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		line   int
		date   string
		amount string
		kind   ledger.Kind
	}{
		{7, "2025-03-03", "26338000", ledger.Transfer},
		{8, "2025-03-05", "-52000", ledger.Unclassified},
		{9, "2025-03-05", "-52000", ledger.Unclassified},
		{10, "2025-03-10", "15000000", ledger.Unclassified},
		{11, "2025-03-28", "-1234567", ledger.Unclassified},
	}
	if len(entries) != len(want) {
		t.Fatalf("%d entries, want %d: %+v", len(entries), len(want), entries)
	}
	keys := map[string]bool{}
	for i, w := range want {
		e := entries[i]
		if e.Line != w.line || e.Date.Format(ledger.DateLayout) != w.date || !e.Amount.Equal(dec(w.amount)) || e.Kind != w.kind {
			t.Errorf("entry %d = line %d %s %s %s, want line %d %s %s %s", i, e.Line, e.Date.Format(ledger.DateLayout), e.Amount, e.Kind, w.line, w.date, w.amount, w.kind)
		}
		if e.Account != "bank:vcb-user" || e.Source != "vcb-user" || e.Currency != "VND" {
			t.Errorf("entry %d: account %q source %q currency %q", i, e.Account, e.Source, e.Currency)
		}
		if keys[e.Key] {
			t.Errorf("entry %d: duplicate key %q", i, e.Key)
		}
		keys[e.Key] = true
	}
	// both identical rows stay, with keys that differ only by occurrence
	if a, b := entries[1].Key, entries[2].Key; !strings.HasSuffix(a, "#1") || !strings.HasSuffix(b, "#2") || strings.TrimSuffix(a, "#1") != strings.TrimSuffix(b, "#2") {
		t.Errorf("identical rows keyed %q and %q", a, b)
	}
	// the Tổng row is counted as skipped and imports nothing
	if res.Skipped != 1 {
		t.Errorf("skipped %d, want 1 (the Tổng row)", res.Skipped)
	}
	for _, e := range entries {
		if e.Line == 12 {
			t.Errorf("the Tổng row was imported: %+v", e)
		}
	}
	if entries[0].Counterparty != "UPWORK ESCROW INC" || entries[3].Ref != "FT25069123456" {
		t.Errorf("counterparty %q ref %q", entries[0].Counterparty, entries[3].Ref)
	}
	// one summary warning for the unclassified rows, not one per row
	n := 0
	for _, w := range res.Warnings {
		if strings.Contains(w, "unclassified") {
			n++
		}
	}
	if n != 1 || !strings.Contains(res.Warnings[0], "4 of 5 bank rows") {
		t.Errorf("warnings %q", res.Warnings)
	}
	// importing the same file again gives the same keys
	_, again, err := importWith(t, imp, path)
	if err != nil {
		t.Fatal(err)
	}
	for i := range again {
		if again[i].Key != entries[i].Key {
			t.Errorf("re-import key %q != %q", again[i].Key, entries[i].Key)
		}
	}
}

// TestUnknownFileNamesProfiles: a file no importer fits fails with exit 3
// and names the closest profiles with the header cells they missed.
func TestUnknownFileNamesProfiles(t *testing.T) {
	_, _, err := importFile(t, Default(), "../testdata/importers/profile-user/vcb-user.csv")
	if !errors.Is(err, ErrUnknownFormat) && !errors.Is(err, ledger.ErrInvalid) {
		t.Fatalf("err %v", err)
	}
	want := `vcb-user.csv: no importer recognises this file; closest:
  vietcombank: missing "Số tiền ghi nợ", "Số tiền ghi có"`
	if !strings.HasPrefix(err.Error(), want) {
		t.Errorf("error:\n%s\nwant prefix:\n%s", err, want)
	}
}

// TestBuiltinProfiles parses every embedded profile and checks that each is
// registered by Default.
func TestBuiltinProfiles(t *testing.T) {
	reg := Default()
	files, err := fs.Glob(builtinProfileFS, "profiles/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatal(err, files)
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".yaml")
		imp, err := reg.Get(name)
		if err != nil {
			t.Errorf("%s is not registered in Default: %v", f, err)
			continue
		}
		if _, ok := imp.(*Profile); !ok {
			t.Errorf("%s: registered importer is %T", name, imp)
		}
	}
}

// TestBankFixturesDetectOnce: every bank fixture fits exactly its own
// profile (no other importer or profile claims it).
func TestBankFixturesDetectOnce(t *testing.T) {
	reg := Default()
	want := map[string]string{
		"bca.csv": "bca", "bca-en.csv": "bca-en", "bca-bisnis.csv": "bca-bisnis", "mandiri.csv": "mandiri",
		"mandiri-excel.xlsx": "mandiri-excel", "vietcombank.xlsx": "vietcombank", "vietcombank.xls": "vietcombank",
		"vietcombank-sign.xlsx": "vietcombank-sign", "vietcombank-cashup.xlsx": "vietcombank-cashup",
		"techcombank.xlsx": "techcombank", "mb.xlsx": "mb", "vietinbank.xlsx": "vietinbank", "bidv.xlsx": "bidv",
		"tpbank.xlsx": "tpbank",
	}
	for file, name := range want {
		tbl, err := OpenTable(filepath.Join("../testdata/importers/banks", file))
		if err != nil {
			t.Fatal(err)
		}
		s, _ := ReadSample(tbl, sampleRows)
		tbl.Close()
		var fits []string
		for _, imp := range reg.All() {
			if imp.Detect(s).OK {
				fits = append(fits, imp.Name())
			}
		}
		if len(fits) != 1 || fits[0] != name {
			t.Errorf("%s fits %v, want only %s", file, fits, name)
		}
	}
}

func TestLoadProfileErrors(t *testing.T) {
	base := `name: t
detect: {header: ["Date", "Amount"]}
currency: USD
date: {column: Date, format: "2006-01-02"}
amount: {column: Amount}
`
	tests := []struct {
		name, yaml, want string
	}{
		{"unknown top key", base + "colour: red\n", `t.yaml:6: unknown key "colour" (known: amount, balance, counterparty, currency, date, description, detect, header_row, id, name, number, payouts, sections, skip, stop_at)`},
		{"unknown nested key", strings.Replace(base, "format:", "fromat:", 1), `t.yaml:4: unknown key "fromat" (known: column, fill_down, format, period)`},
		{"missing key", strings.Replace(base, "currency: USD\n", "", 1), `t.yaml:1: missing key "currency"`},
		{"mixed amount", strings.Replace(base, "{column: Amount}", "{column: Amount, credit: In}", 1), `t.yaml:5: amount: use one of {column, sign} | {credit, debit} | {column, direction, credit_word, debit_word}`},
		{"bad sign", strings.Replace(base, "{column: Amount}", "{column: Amount, sign: minus}", 1), `t.yaml:5: amount.sign: "minus": use normal (money out is negative) or inverted (money out is positive)`},
		{"bad currency", strings.Replace(base, "USD", "DOLLARS", 1), `t.yaml:3: currency: unknown currency "DOLLARS" (an ISO 4217 code such as VND, IDR, USD)`},
		{"bad layout", strings.Replace(base, `"2006-01-02"`, `"dd/mm/yyyy"`, 1), `t.yaml:4: date.format: "dd/mm/yyyy" is not a Go date layout with a day and a month (write 2 January 2006 the way the file does, e.g. 02/01/2006)`},
		{"yearless without period", strings.Replace(base, `"2006-01-02"`, `"02/01"`, 1), `t.yaml:4: date.format: "02/01" has no year: add date.period, the preamble label of the statement period`},
		{"bad header_row", base + "header_row: first\n", `t.yaml:6: header_row: "first": use auto or a row number from 1`},
		{"bad column number", strings.Replace(base, "{column: Amount}", `{column: "#0"}`, 1), `t.yaml:5: amount.column: "#0" is not a column number (#1, #2, …)`},
		{"bad number", base + "number: {decimal: \";\"}\n", `t.yaml:6: number.decimal: ";": use "." or ","`},
		{"same separators", base + "number: {decimal: \",\", thousands: \",\"}\n", `t.yaml:6: number.thousands: is the same as number.decimal`},
		{"same words", strings.Replace(base, "{column: Amount}", "{column: Amount, direction: D, credit_word: X, debit_word: x}", 1), `t.yaml:5: amount.debit_word: "x" is also a credit_word`},
		{"not yaml", "name: [", `t.yaml:1: did not find expected node content`},
		{"not a mapping", "- a\n", `t.yaml:1: a profile must be a mapping of keys (name, detect, …)`},
		{"duplicate key", base + "currency: VND\n", `t.yaml:6: key "currency" appears twice (first at line 3)`},
		{"duplicate nested key", strings.Replace(base, "{column: Amount}", "{column: Amount, column: In}", 1), `t.yaml:5: key "column" appears twice (first at line 5)`},
		{"alias", base + "skip: &a [x]\nstop_at: *a\n", `t.yaml:6: anchors and aliases (&, *) are not supported`},
		{"bad name", strings.Replace(base, "name: t", "name: my bank", 1), `t.yaml:1: name: "my bank": use letters, digits, '-', '_' or '.'`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := writeTemp(t, "t.yaml", tt.yaml)
			_, err := LoadProfile(p)
			if err == nil {
				t.Fatal("no error")
			}
			if !errors.Is(err, ledger.ErrInvalid) {
				t.Errorf("not ErrInvalid: %v", err)
			}
			got := strings.TrimPrefix(err.Error(), filepath.Dir(p)+string(filepath.Separator))
			want := tt.want
			if got != want {
				t.Errorf("error\n got %s\nwant %s", got, want)
			}
		})
	}
	if _, err := LoadProfile(filepath.Join(t.TempDir(), "missing.yaml")); err == nil || errors.Is(err, ledger.ErrInvalid) {
		t.Errorf("missing file: %v", err)
	}
}

func TestProfileNumberStyleWholeFile(t *testing.T) {
	p := mustProfile(t, `name: t
detect: {header: ["Date", "Amount"]}
currency: IDR
date: {column: Date, format: "02/01/2006"}
amount: {column: Amount}
`)
	tests := []struct {
		name, csv string
		want      []string
		err       string
	}{
		// "1.234" alone could be either style; the last row proves the comma
		// is the decimal separator, so the first row is one thousand and more.
		{"decided by a later row", "Date,Amount\n01/01/2026,\"1.234\"\n02/01/2026,\"-5.000,50\"\n", []string{"1234", "-5000.5"}, ""},
		{"dot decimal", "Date,Amount\n01/01/2026,\"1,234\"\n02/01/2026,\"5,000.50\"\n", []string{"1234", "5000.5"}, ""},
		{"ambiguous thousands comma", "Date,Amount\n01/01/2026,\"26,338,000\"\n02/01/2026,\"52,000\"\n", []string{"26338000", "52000"}, ""},
		{"ambiguous thousands dot", "Date,Amount\n01/01/2026,\"26.338.000\"\n02/01/2026,\"52.000\"\n", []string{"26338000", "52000"}, ""},
		{"mixed styles", "Date,Amount\n01/01/2026,\"1,234.50\"\n02/01/2026,\"1.234,50\"\n", nil, `x.csv:3: amount "1.234,50" has a decimal comma but "1,234.50" (line 2) a decimal point`},
		{"undecidable", "Date,Amount\n01/01/2026,\"1,234\"\n02/01/2026,\"1.234\"\n", nil, `x.csv:3: cannot tell the number style`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, entries, err := importWith(t, p, writeTemp(t, "x.csv", tt.csv))
			if tt.err != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tt.err) {
					t.Fatalf("err %v, want %s", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(entries) != len(tt.want) {
				t.Fatalf("%d entries", len(entries))
			}
			for i, w := range tt.want {
				if !entries[i].Amount.Equal(dec(w)) {
					t.Errorf("entry %d = %s, want %s", i, entries[i].Amount, w)
				}
			}
		})
	}
}

func TestProfileDateOrderWholeFile(t *testing.T) {
	p := mustProfile(t, `name: t
detect: {header: ["Date", "Amount"]}
currency: USD
date: {column: Date, format: ["01/02/2006", "02/01/2006"]}
amount: {column: Amount}
`)
	// 03/04 fits both orders; 25/04 only day-first, so the whole file is
	// day-first and the first row is 3 April, not 4 March.
	_, entries, err := importWith(t, p, writeTemp(t, "x.csv", "Date,Amount\n03/04/2025,1\n25/04/2025,2\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := entries[0].Date.Format(ledger.DateLayout); got != "2025-04-03" {
		t.Errorf("first date %s", got)
	}
	// both orders fit every row: the first listed wins
	_, entries, err = importWith(t, p, writeTemp(t, "x.csv", "Date,Amount\n03/04/2025,1\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := entries[0].Date.Format(ledger.DateLayout); got != "2025-03-04" {
		t.Errorf("ambiguous date %s", got)
	}
	// no listed format fits every row
	_, _, err = importWith(t, p, writeTemp(t, "x.csv", "Date,Amount\n13/01/2025,1\n14/01/2025,1\n01/13/2025,2\n"))
	if err == nil || err.Error() != `x.csv:4: date "01/13/2025" does not fit "02/01/2006", the date.format that fits most rows of the file: not a date` {
		t.Errorf("err %v", err)
	}
}

func TestProfileYearlessRollover(t *testing.T) {
	p := mustProfile(t, `name: t
detect: {header: ["Tanggal", "Jumlah"]}
currency: IDR
date: {column: Tanggal, format: "02/01", period: Periode}
amount: {column: Jumlah}
`)
	csv := "Periode,=,15/12/2025 - 14/01/2026\nTanggal,Jumlah\n'28/12,1\n'03/01,2\n"
	_, entries, err := importWith(t, p, writeTemp(t, "x.csv", csv))
	if err != nil {
		t.Fatal(err)
	}
	if a, b := entries[0].Date.Format(ledger.DateLayout), entries[1].Date.Format(ledger.DateLayout); a != "2025-12-28" || b != "2026-01-03" {
		t.Errorf("dates %s %s", a, b)
	}
	_, _, err = importWith(t, p, writeTemp(t, "x.csv", "Tanggal,Jumlah\n'28/12,1\n"))
	if err == nil || !strings.Contains(err.Error(), `x.csv:2: date "28/12" has no year and the statement period is unknown`) {
		t.Errorf("err %v", err)
	}
	_, _, err = importWith(t, p, writeTemp(t, "x.csv", "Periode,=,15/12/2025 - 14/01/2026\nTanggal,Jumlah\n'28/02,1\n"))
	if err == nil || !strings.Contains(err.Error(), `x.csv:3: date "28/02" is outside the statement period 2025-12-15 to 2026-01-14`) {
		t.Errorf("err %v", err)
	}
}

func TestProfileRowsAndErrors(t *testing.T) {
	p := mustProfile(t, `name: t
detect: {header: ["Date", "In", "Out"]}
header_row: 2
currency: VND
date: {column: Date, format: "02/01/2006"}
amount: {credit: In, debit: Out}
description: [Memo, Note]
stop_at: [Total]
payouts: [ACME PAY]
`)
	tests := []struct {
		name, csv, err string
		entries        int
		warn           string
	}{
		{"header at row 2", "x\nDate,In,Out,Memo,Note\n01/02/2026,\"1,000\",,ACME PAY LTD,n\nTotal,\"1,000\"\n", "", 1, ""},
		{"header not at row 2", "Date,In,Out\n01/02/2026,1,\n", `x.csv: profile t: header row 2 (header_row) has no "Date", "In", "Out"`, 0, ""},
		{"no header", "a\nb\n", `x.csv: profile t: header row 2 (header_row) has no "Date", "In", "Out"`, 0, ""},
		{"bad date", "x\nDate,In,Out\n2026/02/01,1,\n", `x.csv:3: date "2026/02/01" does not fit date.format "02/01/2006": not a date`, 0, ""},
		{"bad amount", "x\nDate,In,Out\n01/02/2026,1x2,\n", `x.csv:3: amount "1x2": not a number`, 0, ""},
		{"missing optional column warns", "x\nDate,In,Out,Memo\n01/02/2026,1,\n", "", 1, `x.csv:2: profile t: description column "Note" is not in the header row: left empty`},
		{"amount without date", "x\nDate,In,Out\n,5,\n", "", 0, `x.csv:3: amount 5 without a date: not imported (a total row?)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, entries, err := importWith(t, p, writeTemp(t, "x.csv", tt.csv))
			if tt.err != "" {
				if err == nil || err.Error() != tt.err {
					t.Fatalf("err %v\nwant %s", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(entries) != tt.entries {
				t.Errorf("%d entries", len(entries))
			}
			if tt.warn != "" && !containsString(res.Warnings, tt.warn) {
				t.Errorf("warnings %q", res.Warnings)
			}
		})
	}
	// the payout words of the profile make a credit a transfer
	_, entries, err := importWith(t, p, writeTemp(t, "x.csv", "x\nDate,In,Out,Memo,Note\n01/02/2026,\"1,000\",,ACME PAY LTD,n\n02/02/2026,,5,UPWORK,\n"))
	if err != nil {
		t.Fatal(err)
	}
	if entries[0].Kind != ledger.Transfer || entries[0].Description != "ACME PAY LTD / n" || entries[1].Kind != ledger.Unclassified {
		t.Errorf("entries %+v", entries)
	}
}

func TestProfileDirectionInAmount(t *testing.T) {
	imp, err := Default().Get("bca-bisnis")
	if err != nil {
		t.Fatal(err)
	}
	csv := "Tanggal Transaksi,Keterangan,Cabang,Jumlah\n01/01/2026,A,0000,\"287,490.00 DB\"\n02/01/2026,B,0000,\"799,700.00 CR\"\n03/01/2026,C,0000,\"5.00 XX\"\n"
	_, _, err = importWith(t, imp, writeTemp(t, "x.csv", csv))
	if err == nil || !strings.Contains(err.Error(), `x.csv:4: direction "5.00 XX" is neither a credit (cr) nor a debit (db)`) {
		t.Errorf("err %v", err)
	}
}

func TestProfileBalanceCheckNewestFirst(t *testing.T) {
	p := mustProfile(t, `name: t
detect: {header: ["Date", "Amount", "Balance"]}
currency: USD
date: {column: Date, format: "2006-01-02"}
amount: {column: Amount}
balance: Balance
`)
	csv := "Date,Amount,Balance\n2026-01-03,-5,95\n2026-01-02,50,100\n2026-01-01,10,50\n"
	res, _, err := importWith(t, p, writeTemp(t, "x.csv", csv))
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range res.Warnings {
		if strings.Contains(w, "running balance") {
			t.Errorf("newest-first file warned: %s", w)
		}
	}
	csv = "Date,Amount,Balance\n2026-01-01,10,50\n2026-01-02,50,101\n"
	res, _, err = importWith(t, p, writeTemp(t, "x.csv", csv))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Warnings) == 0 || !strings.Contains(res.Warnings[0], "x.csv:3: running balance of bank:t is 101 in the file") {
		t.Errorf("warnings %q", res.Warnings)
	}
}

func TestProfileDescribe(t *testing.T) {
	imp, _ := Default().Get("techcombank")
	if d := imp.Describe(); !strings.Contains(d, `header "Ngày giao dịch", "Đối tác"`) || !strings.Contains(d, "plausible") {
		t.Errorf("describe %q", d)
	}
	imp, _ = Default().Get("mb")
	if d := imp.Describe(); strings.Contains(d, "plausible") {
		t.Errorf("describe %q", d)
	}
}

func TestNumberVote(t *testing.T) {
	tests := []struct {
		in       string
		dec, amb byte
	}{
		{"1,234.56", '.', 0}, {"1.234,56", ',', 0}, {"1,234", 0, ','}, {"1.234", 0, '.'},
		{"1,234,567", '.', 0}, {"1.234.567", ',', 0}, {"12.5", '.', 0}, {"12,5", ',', 0},
		{"0.125", '.', 0}, {"1234", 0, 0}, {"", 0, 0}, {".00", 0, 0}, {"287,490.00 DB", '.', 0},
		{"-26,338,000 VND", '.', 0},
	}
	for _, tt := range tests {
		if d, a := numberVote(tt.in); d != tt.dec || a != tt.amb {
			t.Errorf("numberVote(%q) = %q %q, want %q %q", tt.in, d, a, tt.dec, tt.amb)
		}
	}
}

// FuzzProfile feeds arbitrary CSV text to a profile that uses every
// feature: it may reject the input (exit 3), never panic, and what it
// accepts passes ledger.Entry.Validate.
func FuzzProfile(f *testing.F) {
	for _, g := range []string{"../testdata/importers/banks/*.csv", "../testdata/importers/profile-user/*.csv"} {
		files, _ := filepath.Glob(g)
		for _, m := range files {
			if b, err := os.ReadFile(m); err == nil {
				f.Add(b)
			}
		}
	}
	f.Add([]byte("Periode,=,15/12/2025 - 14/01/2026\nTanggal,Keterangan,Cabang,Jumlah,,Saldo\n'28/12,x,'0,\"1,0\",CR,1\n"))
	profiles := []*Profile{
		mustProfile(f, `name: a
detect: {header: ["Tanggal", "Jumlah"]}
currency: IDR
date: {column: "#1", format: ["02/01/2006", "02/01/06", "02/01"], period: Periode, fill_down: true}
amount: {column: Jumlah, direction: "#5", credit_word: CR, debit_word: [DB, D]}
description: [Keterangan, "#2", "#99"]
balance: Saldo
stop_at: [Saldo Awal]
skip: [PEND]
`),
		mustProfile(f, `name: b
detect: {header: ["Ngày giao dịch"]}
currency: {column: "#3"}
date: {column: "Ngày giao dịch", format: "02/01/2006"}
amount: {credit: "Ghi có", debit: "#2"}
id: "Số tham chiếu"
counterparty: "#4"
`),
	}
	reg := Default()
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, p := range profiles {
			tbl, err := NewDelimited(bytes.NewReader(data), data)
			if err != nil {
				return
			}
			s, _ := ReadSample(tbl, sampleRows)
			_ = p.Detect(s)
			tbl, _ = NewDelimited(bytes.NewReader(data), data)
			res := FileResult{}
			w := &fuzzWriter{}
			sk := &sink{ctx: context.Background(), file: "fuzz.csv", res: &res, w: w}
			checkFuzzImport(t, p.Import(context.Background(), "fuzz.csv", tbl, sk), w)
		}
		for _, name := range []string{"bca", "vietcombank", "mandiri", "vietcombank-cashup"} {
			imp, _ := reg.Get(name)
			tbl, _ := NewDelimited(bytes.NewReader(data), data)
			res := FileResult{}
			w := &fuzzWriter{}
			sk := &sink{ctx: context.Background(), file: "fuzz.csv", res: &res, w: w}
			checkFuzzImport(t, imp.Import(context.Background(), "fuzz.csv", tbl, sk), w)
		}
	})
}

// FuzzProfileYAML: any profile text either loads or fails with an error.
func FuzzProfileYAML(f *testing.F) {
	files, _ := fs.Glob(builtinProfileFS, "profiles/*.yaml")
	for _, p := range files {
		b, _ := builtinProfileFS.ReadFile(p)
		f.Add(b)
	}
	f.Add([]byte("name: a\nname: b\n"))
	f.Add([]byte("a: &x [1]\nb: *x\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := parseProfile("fuzz.yaml", data)
		if err == nil && (p.Name() == "" || len(p.detect) == 0 || len(p.dateFormats) == 0) {
			t.Fatalf("loaded an incomplete profile %+v", p)
		}
		if err != nil && errs.ExitCode(err) != errs.ExitInvalid {
			t.Fatalf("refused with a non-data error: %v", err)
		}
	})
}

func containsString(xs []string, x string) bool {
	for _, s := range xs {
		if s == x {
			return true
		}
	}
	return false
}

// TestBCAPersonalBeforeBisnis: a KlikBCA Individu file whose first header
// cell reads "Tanggal Transaksi" holds every cell bca-bisnis detects too;
// the personal profile, registered first, takes it.
func TestBCAPersonalBeforeBisnis(t *testing.T) {
	s := &Sample{Rows: [][]string{{"Tanggal Transaksi", "Keterangan", "Cabang", "Jumlah", "", "Saldo"}}}
	imp, err := Default().Detect("x.csv", s)
	if err != nil || imp.Name() != "bca" {
		t.Fatalf("%v %v", imp, err)
	}
	s = &Sample{Rows: [][]string{{"Tanggal Transaksi", "Keterangan", "Cabang", "Jumlah"}}}
	if imp, err = Default().Detect("x.csv", s); err != nil || imp.Name() != "bca-bisnis" {
		t.Fatalf("%v %v", imp, err)
	}
}
