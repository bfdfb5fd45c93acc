package importers

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/incomeledger/income/ledger"
)

func TestXLSXReader(t *testing.T) {
	path := filepath.Join(t.TempDir(), "book.xlsx")
	writeBook(t, xbook{sheets: []xsheet{
		{name: "Info", rows: map[int][]any{1: {"Thông tin"}, 2: {"Nothing here"}}},
		{
			name: "VN",
			rows: map[int][]any{
				2: {"a", nil, "c"},
				4: {d(2026, 1, 5), 45662, 1234567.5, "'0042", "  padded  "},
				5: {"top", "x"},
				6: {nil, "y"},
			},
			merges:  []string{"A5:A7"},
			formats: map[string]int{"A4": 14, "C4": 4},
		},
	}}, path)
	got := dumpTable(t, path)
	want := `Info:1	["Thông tin"]
Info:2	["Nothing here"]
VN:1	[]
VN:2	["a" "" "c"]
VN:3	[]
VN:4	["2026-01-05" "45662" "1,234,567.50" "0042" "padded"]
VN:5	["top" "x"]
VN:6	["top" "y"]
`
	if got != want {
		t.Errorf("cells:\n%s\nwant:\n%s", got, want)
	}
}

// TestXLSXFirstSheetWithHeader: the profile reads the first sheet that
// holds its header; a bad row on a later sheet names the sheet.
func TestXLSXFirstSheetWithHeader(t *testing.T) {
	dir := t.TempDir()
	header := []any{"Ngày thực hiện", "Ngày hiệu lực", "Mô tả giao dịch", "Ghi nợ", "Ghi có", "Số dư", "Tài khoản đối ứng", "Tên tài khoản", "Mã giao dịch"}
	path := filepath.Join(dir, "tp.xlsx")
	writeBook(t, xbook{sheets: []xsheet{
		{name: "EN", rows: map[int][]any{1: {"TPBank"}, 9: {"Transaction date", "Value date", "Description"}}},
		{name: "VN", rows: map[int][]any{
			9:  header,
			10: {"05-01-2026 08:15:22", "05-01-2026", "THANH TOAN QR", "52,000", nil, "1,948,000", nil, nil, "FT1"},
			11: {"06-01-2026", nil, "SERIAL DATE", nil, "1,000", "1,949,000", nil, nil, "FT2"},
		}},
	}}, path)
	imp, _ := Default().Get("tpbank")
	res, entries, err := importWith(t, imp, path)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 2 || entries[0].Line != 10 || !entries[0].Amount.Equal(dec("-52000")) || entries[1].Date.Format(ledger.DateLayout) != "2026-01-06" {
		t.Errorf("entries %+v (%+v)", entries, res)
	}
	bad := filepath.Join(dir, "bad.xlsx")
	writeBook(t, xbook{sheets: []xsheet{
		{name: "EN", rows: map[int][]any{1: {"TPBank"}}},
		{name: "VN", rows: map[int][]any{9: header, 10: {"5 Jan", nil, "X", "52,000"}}},
	}}, bad)
	_, _, err = importWith(t, imp, bad)
	if err == nil || err.Error() != `bad.xlsx:10: sheet "VN": date "5 Jan" does not fit date.format "02-01-2006": not a date` {
		t.Errorf("err %v", err)
	}
}

// TestXLSXSerialDate: a date column holding Excel serial numbers (a date
// cell without a date format) reads as dates.
func TestXLSXSerialDate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.xlsx")
	writeBook(t, xbook{sheets: []xsheet{{name: "S", rows: map[int][]any{
		1: {"Date", "Amount"},
		2: {45662, "10"},
	}}}}, path)
	p := mustProfile(t, `name: s
detect: {header: [Date, Amount]}
currency: USD
date: {column: Date, format: "02/01/2006"}
amount: {column: Amount}
`)
	_, entries, err := importWith(t, p, path)
	if err != nil {
		t.Fatal(err)
	}
	if got := entries[0].Date.Format(ledger.DateLayout); got != "2025-01-05" {
		t.Errorf("serial 45662 read as %s", got)
	}
}

func TestXLSXNotReadable(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name    string
		content []byte
		want    string
	}{
		{"old xls", append(append([]byte{}, oleMagic...), make([]byte, 600)...), "Excel 97-2003"},
		{"broken zip", []byte("PK\x03\x04garbage"), "not a readable XLSX workbook"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := filepath.Join(dir, tt.name+".xlsx")
			if err := os.WriteFile(p, tt.content, 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := OpenTable(p)
			if err == nil || !errors.Is(err, ledger.ErrInvalid) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err %v", err)
			}
		})
	}
}

func TestExcelSerialDate(t *testing.T) {
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"45658", "2025-01-01", true}, {"45662.75", "2025-01-05", true}, {"61", "", false},
		{"1234567", "", false}, {"4566x", "", false}, {"", "", false},
	}
	for _, tt := range tests {
		got, ok := excelSerialDate(tt.in, false)
		if ok != tt.ok || (ok && got.Format(ledger.DateLayout) != tt.want) {
			t.Errorf("excelSerialDate(%q) = %v %v", tt.in, got, ok)
		}
	}
	if got, _ := excelSerialDate("0100", true); got.Format(ledger.DateLayout) != "1904-04-10" {
		t.Errorf("1904 epoch: %v", got)
	}
}

// FuzzXLSX: any bytes that look like a zip either open or fail; reading
// never panics.
func FuzzXLSX(f *testing.F) {
	files, _ := filepath.Glob("../testdata/importers/banks/*.xlsx")
	for _, m := range files {
		if b, err := os.ReadFile(m); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("PK\x03\x04"))
	dir := f.TempDir()
	reg := Default()
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(dir, "f.xlsx")
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		tbl, err := OpenTable(p)
		if err != nil {
			return
		}
		n := 0
		for ; n < 100_000; n++ {
			if _, err := tbl.Next(); err != nil {
				if !errors.Is(err, io.EOF) && !errors.Is(err, ledger.ErrInvalid) {
					t.Fatalf("error not marked invalid: %v", err)
				}
				break
			}
		}
		tbl.Close()
		if imp, _, err := reg.Identify(p, ""); err == nil {
			_, _ = Run(t.Context(), imp, Job{Path: p}, &collect{})
		}
	})
}
