package report_test

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"html"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/incomeledger/income/internal/textfmt"
	"github.com/incomeledger/income/ledger"
	"github.com/incomeledger/income/report"
	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/report")

// writeBook writes w and opens the result again, as a reader would.
func writeBook(t testing.TB, w report.Workbook) (*excelize.File, []byte) {
	t.Helper()
	var buf bytes.Buffer
	if err := w.Write(&buf); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	// INCOME_TEST_XLSX_DIR keeps each test's workbook for a look in a spreadsheet.
	if dir := os.Getenv("INCOME_TEST_XLSX_DIR"); dir != "" {
		name := strings.NewReplacer("/", "_", " ", "_").Replace(t.Name()) + ".xlsx"
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	x, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { x.Close() })
	return x, data
}

// dumpWorkbook renders every sheet's cells (raw value, value as shown,
// number format, formula), panes, column widths, tables, defined names and
// charts as text, so the golden shows what an accountant opens.
func dumpWorkbook(t testing.TB, x *excelize.File, data []byte) string {
	t.Helper()
	var b strings.Builder
	for _, sheet := range x.GetSheetList() {
		fmt.Fprintf(&b, "== sheet %q\n", sheet)
		if p, err := x.GetPanes(sheet); err == nil && p.Freeze {
			fmt.Fprintf(&b, "frozen: %d row(s), top-left %s\n", p.YSplit, p.TopLeftCell)
		}
		if pl, err := x.GetPageLayout(sheet); err == nil && pl.FitToWidth != nil && *pl.FitToWidth > 0 {
			sp, _ := x.GetSheetProps(sheet)
			fmt.Fprintf(&b, "print: %s, fit to page %v, %d page(s) wide, %d tall\n", *pl.Orientation, sp.FitToPage != nil && *sp.FitToPage, *pl.FitToWidth, *pl.FitToHeight)
		}
		tables, err := x.GetTables(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for _, tb := range tables {
			fmt.Fprintf(&b, "table %s %s\n", tb.Name, tb.Range)
		}
		raw, err := x.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		maxCol := 0
		for _, r := range raw {
			maxCol = max(maxCol, len(r))
		}
		var widths []string
		for c := 1; c <= maxCol; c++ {
			n, _ := excelize.ColumnNumberToName(c)
			w, _ := x.GetColWidth(sheet, n)
			widths = append(widths, fmt.Sprintf("%s=%g", n, w))
		}
		fmt.Fprintf(&b, "widths: %s\n", strings.Join(widths, " "))
		for ri, r := range raw {
			for ci := range r {
				ref, _ := excelize.CoordinatesToCellName(ci+1, ri+1)
				b.WriteString(dumpCell(t, x, sheet, ref))
			}
		}
	}
	for _, dn := range x.GetDefinedName() {
		fmt.Fprintf(&b, "defined name %s (scope %s) = %s\n", dn.Name, dn.Scope, dn.RefersTo)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	ref := regexp.MustCompile(`<f>([^<]*)</f>`)
	kind := regexp.MustCompile(`<(barChart)><barDir val="(\w+)"`)
	axis := regexp.MustCompile(`<(catAx|valAx)>.*?<numFmt formatCode="([^"]*)"`)
	title := regexp.MustCompile(`<a:t>([^<]*)</a:t>`)
	for _, zf := range zr.File {
		if !strings.HasPrefix(zf.Name, "xl/charts/chart") {
			continue
		}
		rc, _ := zf.Open()
		body, _ := io.ReadAll(rc)
		rc.Close()
		fmt.Fprintf(&b, "chart %s", zf.Name)
		if m := kind.FindSubmatch(body); m != nil {
			fmt.Fprintf(&b, " %s/%s", m[1], m[2])
		}
		b.WriteString("\n")
		for _, m := range ref.FindAllSubmatch(body, -1) {
			fmt.Fprintf(&b, "  ref %s\n", html.UnescapeString(string(m[1])))
		}
		for _, m := range axis.FindAllSubmatch(body, -1) {
			fmt.Fprintf(&b, "  axis %s format %s\n", m[1], html.UnescapeString(string(m[2])))
		}
		for _, m := range title.FindAllSubmatch(body, -1) {
			fmt.Fprintf(&b, "  title %s\n", html.UnescapeString(string(m[1])))
		}
	}
	return b.String()
}

var cellTypes = map[excelize.CellType]string{
	excelize.CellTypeUnset: "n", excelize.CellTypeBool: "b", excelize.CellTypeDate: "d", excelize.CellTypeError: "e",
	excelize.CellTypeFormula: "str", excelize.CellTypeInlineString: "s", excelize.CellTypeNumber: "n", excelize.CellTypeSharedString: "ss",
}

func dumpCell(t testing.TB, x *excelize.File, sheet, ref string) string {
	raw, _ := x.GetCellValue(sheet, ref, excelize.Options{RawCellValue: true})
	formula, _ := x.GetCellFormula(sheet, ref)
	if raw == "" && formula == "" {
		return ""
	}
	shown, _ := x.GetCellValue(sheet, ref)
	typ, _ := x.GetCellType(sheet, ref)
	line := fmt.Sprintf("%s %s %q", ref, cellTypes[typ], raw)
	if shown != raw {
		line += fmt.Sprintf(" shown %q", shown)
	}
	if f := numFmt(t, x, sheet, ref); f != "" {
		line += " fmt " + f
	}
	if formula != "" {
		line += "\n    = " + formula
	}
	return line + "\n"
}

func numFmt(t testing.TB, x *excelize.File, sheet, ref string) string {
	id, err := x.GetCellStyle(sheet, ref)
	if err != nil || id == 0 {
		return ""
	}
	st, err := x.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	switch {
	case st.CustomNumFmt != nil:
		return *st.CustomNumFmt
	case st.NumFmt == 49:
		return "@"
	case st.NumFmt != 0:
		return "#" + strconv.Itoa(st.NumFmt)
	}
	return ""
}

func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("..", "testdata", "report", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./report -update)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs; run go test ./report -update and review the diff\n%s", name, firstDiff(string(want), got))
	}
}

func firstDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return fmt.Sprintf("line %d:\nwant %s\ngot  %s", i+1, w, g)
		}
	}
	return ""
}

// TestWorkbookGolden reads each workbook back into text: every sheet's
// cells, formulas, formats, panes and tables.
func TestWorkbookGolden(t *testing.T) {
	tests := []struct {
		name, home, lang string
		sections         bool
	}{
		{"workbook.golden", "VND", "en", true},
		{"workbook-id.golden", "IDR", "id", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fx := newFixture(t, tt.home)
			w := fx.workbook(tt.lang)
			if tt.sections {
				w.Transfers, w.Tax = fx.sections(t)
				w.Report.Transfers = report.TransferCounts{Matched: 1, UnmatchedOut: 1}
			}
			x, data := writeBook(t, w)
			checkGolden(t, tt.name, dumpWorkbook(t, x, data))
		})
	}
}

// summaryRow finds the row whose column A holds name, after row from.
func summaryRow(t *testing.T, x *excelize.File, sheet, name string, from int) int {
	t.Helper()
	rows, err := x.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	for i := from; i < len(rows); i++ {
		if len(rows[i]) > 0 && rows[i][0] == name {
			return i + 1
		}
	}
	t.Fatalf("%s: no row %q after %d", sheet, name, from)
	return 0
}

func rawDecimal(t *testing.T, x *excelize.File, sheet, ref string) decimal.Decimal {
	t.Helper()
	raw, err := x.GetCellValue(sheet, ref, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	d, err := decimal.NewFromString(raw)
	if err != nil {
		t.Fatalf("%s!%s = %q: %v", sheet, ref, raw, err)
	}
	return d
}

// TestWorkbookCachedValuesEqualReportJSON checks that the values cached
// with the Summary's formulas are the report's own JSON figures, for every
// source, every month and the totals.
func TestWorkbookCachedValuesEqualReportJSON(t *testing.T) {
	for _, home := range []string{"VND", "IDR"} {
		t.Run(home, func(t *testing.T) {
			fx := newFixture(t, home)
			x, _ := writeBook(t, fx.workbook("en"))
			var js struct {
				Sources []map[string]any  `json:"sources"`
				Months  []map[string]any  `json:"months"`
				Totals  map[string]string `json:"totals"`
			}
			b, err := json.Marshal(fx.report)
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(b, &js); err != nil {
				t.Fatal(err)
			}
			const sheet = "Summary"
			cols := []string{"gross", "refunds", "fees", "expenses", "net", "withheld"}
			check := func(row int, figs map[string]any, what string) {
				t.Helper()
				for i, k := range cols {
					v, ok := figs[k].(string)
					if !ok {
						continue // months have no withheld
					}
					ref, _ := excelize.CoordinatesToCellName(3+i, row)
					if got := rawDecimal(t, x, sheet, ref); !got.Equal(dec(v)) {
						t.Errorf("%s %s (%s) cached %s, JSON %s", what, k, ref, got, v)
					}
					if f, _ := x.GetCellFormula(sheet, ref); f == "" && !strings.HasPrefix(what, "program") {
						t.Errorf("%s %s (%s) is not a formula", what, k, ref)
					}
				}
			}
			hdr := summaryRow(t, x, sheet, "Source", 0)
			for i, s := range js.Sources {
				check(hdr+1+i, s, "source "+s["source"].(string))
			}
			totals := map[string]any{}
			for k, v := range js.Totals {
				totals[k] = v
			}
			total := summaryRow(t, x, sheet, "Total (formulas)", hdr)
			check(total, totals, "total")
			check(total+1, totals, "program total")
			mh := summaryRow(t, x, sheet, "Month", total)
			for i, m := range js.Months {
				check(mh+1+i, m, "month "+m["month"].(string))
			}
			check(mh+13, totals, "months total")
			if v, _ := x.GetCellValue(sheet, "B2"); v != "OK" {
				t.Errorf("check cell = %q", v)
			}
		})
	}
}

// TestWorkbookFormulasRecalculate recalculates every formula with
// excelize's engine and compares it with the cached value; then it edits
// an amount on Entries and sees the Summary and the check cell follow.
func TestWorkbookFormulasRecalculate(t *testing.T) {
	for _, home := range []string{"VND", "IDR"} {
		t.Run(home, func(t *testing.T) {
			fx := newFixture(t, home)
			w := fx.workbook("en")
			w.Transfers, _ = fx.sections(t)
			x, _ := writeBook(t, w)
			n := 0
			for _, sheet := range x.GetSheetList() {
				rows, _ := x.GetRows(sheet, excelize.Options{RawCellValue: true})
				for ri, r := range rows {
					for ci := range r {
						ref, _ := excelize.CoordinatesToCellName(ci+1, ri+1)
						if f, _ := x.GetCellFormula(sheet, ref); f == "" {
							continue
						}
						n++
						cached, _ := x.GetCellValue(sheet, ref, excelize.Options{RawCellValue: true})
						got, err := x.CalcCellValue(sheet, ref, excelize.Options{RawCellValue: true})
						if err != nil {
							t.Fatalf("%s!%s: %v", sheet, ref, err)
						}
						if !sameValue(cached, got, fx.home.Minor) {
							t.Errorf("%s!%s cached %q, recalculated %q", sheet, ref, cached, got)
						}
					}
				}
			}
			if n < 100 {
				t.Errorf("only %d formulas", n)
			}

			// an edit on Entries flows into the Summary
			rows, _ := x.GetRows("Entries")
			var amountRef string
			for i, r := range rows {
				if len(r) > 4 && r[4] == "Hourly: Website build" {
					amountRef, _ = excelize.CoordinatesToCellName(13, i+1) // home amount
				}
			}
			old := rawDecimal(t, x, "Entries", amountRef)
			if err := x.SetCellValue("Entries", amountRef, 1000); err != nil {
				t.Fatal(err)
			}
			grossRef := "C" + strconv.Itoa(summaryRow(t, x, "Summary", "upwork", 0))
			before := rawDecimal(t, x, "Summary", grossRef)
			got, err := x.CalcCellValue("Summary", grossRef, excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatal(err)
			}
			if want := before.Sub(old).Add(dec("1000")); !dec(got).Equal(want) {
				t.Errorf("after the edit, upwork gross = %s, want %s", got, want)
			}
			if got, _ := x.CalcCellValue("Summary", "B2"); got != "MISMATCH" {
				t.Errorf("after the edit, the check cell = %q, want MISMATCH", got)
			}
		})
	}
}

// sameValue compares a cached and a recalculated value: numbers to the
// home currency's minor unit (the engine adds in binary), text exactly.
func sameValue(a, b string, places int32) bool {
	da, ea := decimal.NewFromString(a)
	db, eb := decimal.NewFromString(b)
	if ea != nil || eb != nil {
		return a == b
	}
	return da.Round(places + 4).Equal(db.Round(places + 4))
}

// TestWorkbookHostileTextStaysText: text from imported files is an inline
// string in the XLSX, never a formula, on every sheet.
func TestWorkbookHostileTextStaysText(t *testing.T) {
	fx := newFixture(t, "VND")
	w := fx.workbook("en")
	w.Transfers, w.Tax = fx.sections(t)
	x, data := writeBook(t, w)
	found := 0
	for _, sheet := range x.GetSheetList() {
		rows, _ := x.GetRows(sheet, excelize.Options{RawCellValue: true})
		for ri, r := range rows {
			for ci, v := range r {
				ref, _ := excelize.CoordinatesToCellName(ci+1, ri+1)
				f, _ := x.GetCellFormula(sheet, ref)
				if strings.Contains(f, "HYPERLINK") {
					t.Errorf("%s!%s holds formula %q", sheet, ref, f)
				}
				if v != hostile && !strings.HasPrefix(v, "-10%") && v != "@acme" && v != "+84 Shop" {
					continue
				}
				found++
				if typ, _ := x.GetCellType(sheet, ref); typ != excelize.CellTypeInlineString {
					t.Errorf("%s!%s %q has type %v, want an inline string", sheet, ref, v, typ)
				}
				if f != "" {
					t.Errorf("%s!%s %q is a formula", sheet, ref, v)
				}
				if nf := numFmt(t, x, sheet, ref); nf != "@" {
					t.Errorf("%s!%s %q has format %q, want text (@)", sheet, ref, v, nf)
				}
			}
		}
	}
	// Entries: 3 hostile, 1 "-10%", 1 "@acme", 1 "+84 Shop"; Tax note: 1.
	if found != 7 {
		t.Errorf("found %d hostile cells, want 7", found)
	}
	// and in the sheet XML itself: no <f> element mentions it
	zr, _ := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	for _, zf := range zr.File {
		if !strings.HasPrefix(zf.Name, "xl/worksheets/") {
			continue
		}
		rc, _ := zf.Open()
		body, _ := io.ReadAll(rc)
		rc.Close()
		if regexp.MustCompile(`<f>[^<]*HYPERLINK`).Match(body) {
			t.Errorf("%s has a HYPERLINK formula", zf.Name)
		}
	}
}

// TestWorkbookNumbersExact: every amount, rate and home amount on Entries
// is stored as the exact decimal, not a binary approximation.
func TestWorkbookNumbersExact(t *testing.T) {
	for _, home := range []string{"VND", "IDR"} {
		t.Run(home, func(t *testing.T) {
			fx := newFixture(t, home)
			x, _ := writeBook(t, fx.workbook("en"))
			rows, _ := x.GetRows("Entries", excelize.Options{RawCellValue: true})
			if len(rows) != len(fx.entries)+1 {
				t.Fatalf("%d rows for %d entries", len(rows), len(fx.entries))
			}
			for i, e := range fx.entries {
				r := rows[i+1]
				cell := func(c int) string {
					if c-1 < len(r) {
						return r[c-1]
					}
					return ""
				}
				if !dec(cell(7)).Equal(e.Amount) || cell(7) != strings.TrimRight(strings.TrimRight(e.Amount.String(), "0"), ".") && cell(7) != e.Amount.String() {
					t.Errorf("row %d amount %q, want %s", i+2, cell(7), e.Amount)
				}
				if e.Home.Valid && !dec(cell(13)).Equal(e.Home.Decimal) {
					t.Errorf("row %d home %q, want %s", i+2, cell(13), e.Home.Decimal)
				}
				if !e.Home.Valid && cell(13) != "" {
					t.Errorf("row %d home %q, want empty (no rate)", i+2, cell(13))
				}
				if rs := report.RateString(e); rs != "" && !dec(cell(9)).Equal(dec(rs)) {
					t.Errorf("row %d rate %q, want %s", i+2, cell(9), rs)
				}
				if got := cell(1); got != strconv.FormatInt(e.Date.Unix()/86400+25569, 10) {
					t.Errorf("row %d date serial %q", i+2, got)
				}
			}
		})
	}
}

// TestWorkbookLanguages: sheet names and headers change with --lang,
// numbers and formulas' results do not.
func TestWorkbookLanguages(t *testing.T) {
	fx := newFixture(t, "VND")
	want := map[string][]string{
		"en": {"Summary", "Entries", "Transfers", "Rates", "Tax", "Notes"},
		"vi": {"Tổng hợp", "Giao dịch", "Chuyển tiền", "Tỷ giá", "Thuế", "Ghi chú"},
		"id": {"Ringkasan", "Transaksi", "Transfer", "Kurs", "Pajak", "Catatan"},
	}
	var grossEN string
	for _, lang := range report.Languages {
		x, _ := writeBook(t, fx.workbook(lang))
		if got := x.GetSheetList(); strings.Join(got, "|") != strings.Join(want[lang], "|") {
			t.Errorf("%s sheets = %q", lang, got)
		}
		head, _ := x.GetRows(want[lang][1])
		if lang == "vi" && head[0][0] != "Ngày" {
			t.Errorf("vi Entries header = %q", head[0])
		}
		gross, _ := x.GetCellValue(want[lang][0], "C6", excelize.Options{RawCellValue: true})
		f, _ := x.GetCellFormula(want[lang][0], "C6")
		if !strings.Contains(f, "'"+want[lang][1]+"'!$M:$M") {
			t.Errorf("%s C6 formula %q does not name the Entries sheet", lang, f)
		}
		// The label of every row whose column B is filled fits column A.
		rows, _ := x.GetRows(want[lang][0])
		colA, _ := x.GetColWidth(want[lang][0], "A")
		for i, r := range rows {
			if len(r) > 1 && r[1] != "" && float64(textfmt.Width(r[0]))*1.1 > colA {
				t.Errorf("%s Summary A%d %q (%d characters) does not fit column A (width %g)", lang, i+1, r[0], textfmt.Width(r[0]), colA)
			}
		}
		colB, _ := x.GetColWidth(want[lang][0], "B")
		checkF, _ := x.GetCellFormula(want[lang][0], "B2")
		words := regexp.MustCompile(`,"([^"]*)","([^"]*)"\)$`).FindStringSubmatch(checkF) // the OK and MISMATCH words
		if words == nil {
			t.Fatalf("%s B2 formula %q", lang, checkF)
		}
		for _, v := range []string{words[1], words[2]} {
			if float64(textfmt.Width(v))*1.1 > colB {
				t.Errorf("%s Summary: %q does not fit column B (width %g)", lang, v, colB)
			}
		}
		if lang == "en" {
			grossEN = gross
		} else if gross != grossEN {
			t.Errorf("%s gross %q, en %q", lang, gross, grossEN)
		}
		got, err := x.CalcCellValue(want[lang][0], "B2")
		if err != nil || got != "OK" {
			t.Errorf("%s check = %q, %v", lang, got, err)
		}
	}
	if err := (report.Workbook{Lang: "fr", Entries: fx.stream}).Write(io.Discard); err == nil {
		t.Error("lang fr accepted")
	}
}

// TestWorkbookNotComputed: nil sections say so.
func TestWorkbookNotComputed(t *testing.T) {
	fx := newFixture(t, "VND")
	x, _ := writeBook(t, fx.workbook("en"))
	if v, _ := x.GetCellValue("Transfers", "A1"); !strings.Contains(v, "not computed") {
		t.Errorf("Transfers A1 = %q", v)
	}
	if v, _ := x.GetCellValue("Tax", "A1"); !strings.Contains(v, "not computed") {
		t.Errorf("Tax A1 = %q", v)
	}
}

// TestWorkbookRejectsOtherYears: the Summary's SUMIFS by source do not
// filter by date, so an entry of another year is an error, not a silent
// change of the totals.
func TestWorkbookRejectsOtherYears(t *testing.T) {
	fx := newFixture(t, "VND")
	w := fx.workbook("en")
	w.Entries = func(fn func(ledger.Entry) error) error {
		return fn(ledger.Entry{ID: "x", Date: day("2024-12-31"), Kind: ledger.Income, Amount: dec("1"), Currency: "USD"})
	}
	if err := w.Write(io.Discard); err == nil || !strings.Contains(err.Error(), "outside 2025") {
		t.Errorf("err = %v", err)
	}
}

// BenchmarkWorkbook100k writes a workbook of 100,000 entries.
func BenchmarkWorkbook100k(b *testing.B) {
	const n = 100_000
	vnd, _ := ledger.LookupCurrency("VND")
	kinds := []ledger.Kind{ledger.Income, ledger.Fee, ledger.Income, ledger.Refund, ledger.Fee, ledger.Expense, ledger.Transfer, ledger.TaxWithheld}
	entries := make([]ledger.Entry, n)
	sums := map[[4]string]*ledger.Sum{}
	rate := dec("25412.5")
	for i := range entries {
		k := kinds[i%len(kinds)]
		amt := decimal.New(int64(1000+i%50000), -2)
		if k != ledger.Income {
			amt = amt.Neg()
		}
		src := []string{"upwork", "gumroad", "stripe", "paypal"}[i%4]
		d := time.Date(2025, time.Month(1+i%12), 1+i%28, 0, 0, 0, 0, time.UTC)
		home := vnd.Round(amt.Mul(rate))
		e := ledger.Entry{ID: fmt.Sprintf("%016x", i), Date: d, Source: src, Account: src, Kind: k, Amount: amt, Currency: "USD",
			Description: fmt.Sprintf("Contract %d: milestone", i), Counterparty: "Client " + strconv.Itoa(i%300), Ref: strconv.Itoa(i),
			File: src + ".csv", Line: i + 2, Rate: decimal.NewNullDecimal(rate), RateDate: d, RateSource: "vietcombank",
			Home: decimal.NewNullDecimal(home)}
		entries[i] = e
		key := [4]string{src, string(k), strconv.Itoa(int(d.Month())), "USD"}
		s := sums[key]
		if s == nil {
			s = &ledger.Sum{Source: src, Kind: k, Month: int(d.Month()), Currency: "USD"}
			sums[key] = s
		}
		s.Count++
		s.Amount = s.Amount.Add(amt)
		s.Home = s.Home.Add(home)
	}
	var list []ledger.Sum
	for _, s := range sums {
		list = append(list, *s)
	}
	sort.Slice(list, func(i, j int) bool { return fmt.Sprint(list[i]) < fmt.Sprint(list[j]) })
	w := report.Workbook{Report: report.Build(2025, vnd, list), Home: vnd, Lang: "en", Generated: time.Now(), Version: "bench",
		Entries: func(fn func(ledger.Entry) error) error {
			for _, e := range entries {
				if err := fn(e); err != nil {
					return err
				}
			}
			return nil
		}}
	var size int
	b.ResetTimer()
	for b.Loop() {
		var buf bytes.Buffer
		if err := w.Write(&buf); err != nil {
			b.Fatal(err)
		}
		size = buf.Len()
	}
	b.ReportMetric(float64(size)/1e6, "MB")
}

// TestWorkbookLibreOffice has LibreOffice open the workbook, recalculate
// every formula (forced in a throwaway profile) and export the Summary: a
// real spreadsheet must compute the values cached with the formulas.
// Skipped with -short or when soffice is absent (Debian:
// libreoffice-calc-nogui).
func TestWorkbookLibreOffice(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: LibreOffice takes seconds to start")
	}
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("LibreOffice is not installed (Debian/Ubuntu: apt-get install libreoffice-calc-nogui)")
	}
	fx := newFixture(t, "IDR")
	w := fx.workbook("vi")
	w.Transfers, w.Tax = fx.sections(t)
	x, data := writeBook(t, w)
	dir := t.TempDir()
	book := filepath.Join(dir, "book.xlsx")
	if err := os.WriteFile(book, data, 0o644); err != nil {
		t.Fatal(err)
	}
	profile := filepath.Join(dir, "profile")
	if err := os.MkdirAll(filepath.Join(profile, "user"), 0o755); err != nil {
		t.Fatal(err)
	}
	// OOXMLRecalcMode 0: always recalculate Excel files on load.
	const xcu = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`
	if err := os.WriteFile(filepath.Join(profile, "user", "registrymodifications.xcu"), []byte(xcu), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	cmd := exec.Command(soffice, "-env:UserInstallation=file://"+filepath.ToSlash(profile), "--headless", "--convert-to",
		"csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,1", "--outdir", out, book)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, msg)
	}
	sheet := x.GetSheetName(0)
	f, err := os.Open(filepath.Join(out, "book-"+sheet+".csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	lo, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	cached, _ := x.GetRows(sheet, excelize.Options{RawCellValue: true})
	formulas := 0
	for ri, r := range cached {
		for ci, want := range r {
			ref, _ := excelize.CoordinatesToCellName(ci+1, ri+1)
			if fm, _ := x.GetCellFormula(sheet, ref); fm != "" {
				formulas++
			}
			var got string
			if ri < len(lo) && ci < len(lo[ri]) {
				got = lo[ri][ci]
			}
			if !sameValue(want, got, fx.home.Minor) {
				t.Errorf("%s: LibreOffice %q, cached %q", ref, got, want)
			}
		}
	}
	if formulas < 100 {
		t.Errorf("only %d formulas compared", formulas)
	}
}

// TestWorkbookEmptyYear: a year without entries is a valid workbook whose
// check passes.
func TestWorkbookEmptyYear(t *testing.T) {
	vnd, _ := ledger.LookupCurrency("VND")
	w := report.Workbook{Report: report.Build(2024, vnd, nil), Home: vnd,
		Entries: func(func(ledger.Entry) error) error { return nil }}
	x, _ := writeBook(t, w)
	if got, err := x.CalcCellValue("Summary", "B2"); err != nil || got != "OK" {
		t.Errorf("check = %q, %v", got, err)
	}
	if tables, _ := x.GetTables("Entries"); len(tables) != 1 || tables[0].Range != "A1:Q2" {
		t.Errorf("tables = %+v", tables)
	}
}

// TestWorkbookCachedMismatch: when the entries streamed do not add up to
// the report, the cached values say so (they are what the formulas compute).
func TestWorkbookCachedMismatch(t *testing.T) {
	fx := newFixture(t, "VND")
	w := fx.workbook("en")
	w.Report.Totals.Gross = w.Report.Totals.Gross.Add(dec("7"))
	x, _ := writeBook(t, w)
	if v, _ := x.GetCellValue("Summary", "B2"); v != "MISMATCH" {
		t.Errorf("check cell = %q", v)
	}
	row := summaryRow(t, x, "Summary", "Difference (must be 0)", 0)
	if got := rawDecimal(t, x, "Summary", "C"+strconv.Itoa(row)); !got.Equal(dec("-7")) {
		t.Errorf("gross difference = %s", got)
	}
	if got, _ := x.CalcCellValue("Summary", "B2"); got != "MISMATCH" {
		t.Errorf("recalculated check = %q", got)
	}
}
