package importers

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/incomeledger/income/ledger"
)

func htmlDump(t testing.TB, src []byte) string {
	t.Helper()
	rows := newHTMLRows(bytes.NewReader(src), src)
	var b strings.Builder
	for {
		row, err := rows.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%d\t%q\n", row.Line, row.Cells)
	}
	return b.String()
}

func TestHTMLRows(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"simple", `<table><tr><th>A</th><th>B</th></tr><tr><td> 1 </td><td>x&amp;y&nbsp;</td></tr></table>`,
			"1\t[\"A\" \"B\"]\n2\t[\"1\" \"x&y\"]\n"},
		{"unclosed cells and rows", `<table><tr><td>a<td>b<tr><td>c</table>`,
			"1\t[\"a\" \"b\"]\n2\t[\"c\"]\n"},
		{"colspan leaves the value left", `<table><tr><td colspan=3>T</td><td>z</td></tr></table>`,
			"1\t[\"T\" \"\" \"\" \"z\"]\n"},
		{"rowspan repeats down", `<table><tr><td rowspan="3">D</td><td>1</td></tr><tr><td>2</td></tr><tr><td>3</td><td>e</td></tr><tr><td>4</td></tr></table>`,
			"1\t[\"D\" \"1\"]\n2\t[\"D\" \"2\"]\n3\t[\"D\" \"3\" \"e\"]\n4\t[\"4\"]\n"},
		{"rowspan in a middle column", `<table><tr><td>a</td><td rowspan=2>M</td><td>c</td></tr><tr><td>d</td><td>f</td></tr></table>`,
			"1\t[\"a\" \"M\" \"c\"]\n2\t[\"d\" \"M\" \"f\"]\n"},
		{"trailing rowspan", `<table><tr><td>a</td><td rowspan=2>R</td></tr><tr><td>b</td></tr></table>`,
			"1\t[\"a\" \"R\"]\n2\t[\"b\" \"R\"]\n"},
		{"script and style ignored", `<style>td{}</style><script>"<tr><td>no</td></tr>"</script><table><tr><td>yes<br>too</td></tr></table>`,
			"1\t[\"yes too\"]\n"},
		{"leading apostrophe", `<table><tr><td>'03/01</td></tr></table>`, "1\t[\"03/01\"]\n"},
		{"text outside tables", `<p>Title</p><table><tr><td>a</td></tr></table><p>end</p>`, "1\t[\"a\"]\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := htmlDump(t, []byte(tt.in)); got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func TestHTMLEncodings(t *testing.T) {
	// windows-1252 named by a meta tag
	src := []byte("<html><head><meta charset=\"windows-1252\"></head><table><tr><td>caf\xe9</td></tr></table>")
	if got := htmlDump(t, src); got != "1\t[\"café\"]\n" {
		t.Errorf("windows-1252: %s", got)
	}
	// UTF-16 LE with BOM
	text := "<html><table><tr><td>Số dư</td></tr></table>"
	var u16 []byte
	u16 = append(u16, 0xFF, 0xFE)
	for _, r := range text {
		u16 = append(u16, byte(r), byte(r>>8))
	}
	if !looksLikeHTML(u16) {
		t.Fatal("UTF-16 HTML not sniffed")
	}
	if got := htmlDump(t, u16); got != "1\t[\"Số dư\"]\n" {
		t.Errorf("utf-16: %s", got)
	} // no charset named and only ASCII in the first KiB: UTF-8, not
	// charset's windows-1252 fallback
	src = []byte("<html><head><title>" + strings.Repeat("x", 1100) + "</title></head><table><tr><td>Số dư</td></tr></table>")
	if got := htmlDump(t, src); got != "1\t[\"Số dư\"]\n" {
		t.Errorf("late UTF-8: %s", got)
	}
	// a UTF-8 BOM is dropped
	src = append([]byte{0xEF, 0xBB, 0xBF}, "<table><tr><td>Số dư</td></tr></table>"...)
	if !looksLikeHTML(src) {
		t.Fatal("HTML with a UTF-8 BOM not sniffed")
	}
	if got := htmlDump(t, src); got != "1\t[\"Số dư\"]\n" {
		t.Errorf("utf-8 BOM: %s", got)
	}
}

func TestLooksLikeHTML(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"<html><body>", true}, {"\ufeff  <!DOCTYPE html>", true}, {"\r\n<table border=1>", true},
		{"<?xml version=\"1.0\"?><html>", true}, {"<?xml version=\"1.0\"?><Workbook>", false},
		{"Date,Description\n<html>", false}, {"", false}, {"<b>bold</b>", false},
	}
	for _, tt := range tests {
		if got := looksLikeHTML([]byte(tt.in)); got != tt.want {
			t.Errorf("looksLikeHTML(%q) = %v", tt.in, got)
		}
	}
}

// TestHTMLDecidedByContent: an HTML file named .csv is still read as HTML,
// and a CSV named .xls as CSV.
func TestHTMLDecidedByContent(t *testing.T) {
	dir := t.TempDir()
	h := filepath.Join(dir, "x.csv")
	os.WriteFile(h, []byte("<table><tr><td>a</td><td>b</td></tr></table>"), 0o644)
	tbl, err := OpenTable(h)
	if err != nil || tbl.Kind != "html" {
		t.Fatalf("%v %+v", err, tbl)
	}
	tbl.Close()
	c := filepath.Join(dir, "x.xls")
	os.WriteFile(c, []byte("a,b\n1,2\n"), 0o644)
	tbl, err = OpenTable(c)
	if err != nil || tbl.Kind != "csv" {
		t.Fatalf("%v %+v", err, tbl)
	}
	tbl.Close()
}

// FuzzHTML: any bytes read as HTML give rows or an invalid-data error,
// never a panic; the Vietcombank profile reads them without panicking, and
// what it accepts passes ledger.Entry.Validate.
func FuzzHTML(f *testing.F) {
	if b, err := os.ReadFile("../testdata/importers/banks/vietcombank.xls"); err == nil {
		f.Add(b)
	}
	f.Add([]byte(`<table><tr><td rowspan=999 colspan=999>x</td></tr><tr><td>`))
	imp, _ := Default().Get("vietcombank")
	f.Fuzz(func(t *testing.T, data []byte) {
		_ = looksLikeHTML(data)
		rows := newHTMLRows(bytes.NewReader(data), data)
		for n := 0; n < 100_000; n++ {
			row, err := rows.Next()
			if err != nil {
				if !errors.Is(err, io.EOF) && !errors.Is(err, ledger.ErrInvalid) {
					t.Fatalf("error not marked invalid: %v", err)
				}
				break
			}
			if len(row.Cells) > maxSheetColumns {
				t.Fatalf("row of %d cells", len(row.Cells))
			}
		}
		res := FileResult{}
		w := &fuzzWriter{}
		sk := &sink{ctx: t.Context(), file: "fuzz.xls", res: &res, w: w}
		checkFuzzImport(t, imp.Import(t.Context(), "fuzz.xls", newHTMLRows(bytes.NewReader(data), data), sk), w)
	})
}
