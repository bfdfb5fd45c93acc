package report

import (
	"strconv"
	"strings"
	"time"

	"github.com/incomeledger/income/ledger"
	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
)

// style returns the id of a named style, creating it once.
func (b *book) style(name string) int {
	if id, ok := b.styles[name]; ok {
		return id
	}
	var st excelize.Style
	custom := func(s string) *string { return &s }
	bold := &excelize.Font{Bold: true}
	switch {
	case name == "header":
		st = excelize.Style{Font: bold, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
			Border: []excelize.Border{{Type: "bottom", Color: "808080", Style: 1}}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}
	case name == "title":
		st = excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}}
	case name == "section":
		st = excelize.Style{Font: &excelize.Font{Bold: true, Size: 12}}
	case name == "bold":
		st = excelize.Style{Font: bold}
	case name == "text":
		st = excelize.Style{NumFmt: 49} // "@": what is typed into the cell later stays text too
	case name == "wrap":
		st = excelize.Style{NumFmt: 49, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}
	case name == "date":
		st = excelize.Style{CustomNumFmt: custom("yyyy-mm-dd")}
	case name == "datetime":
		st = excelize.Style{CustomNumFmt: custom("yyyy-mm-dd hh:mm:ss")}
	case name == "rate":
		st = excelize.Style{CustomNumFmt: custom("#,##0.00########")}
	case name == "count":
		st = excelize.Style{CustomNumFmt: custom("#,##0")}
	case strings.HasPrefix(name, "money"): // money<digits>[b]
		spec := strings.TrimPrefix(name, "money")
		if strings.HasSuffix(spec, "b") {
			st.Font = bold
			spec = strings.TrimSuffix(spec, "b")
		}
		digits, _ := strconv.Atoi(spec)
		st.CustomNumFmt = custom(moneyFormat(digits))
	default:
		panic("report: no style " + name)
	}
	id, err := b.f.NewStyle(&st)
	if err != nil {
		panic(err) // only on a malformed style above
	}
	b.styles[name] = id
	return id
}

// moneyFormat shows an amount with thousands separators and the digits its
// currency is displayed with (VND and IDR none, USD 2); negative amounts
// keep their minus sign.
func moneyFormat(digits int) string {
	if digits <= 0 {
		return "#,##0"
	}
	return "#,##0." + strings.Repeat("0", digits)
}

func (b *book) moneyStyle(c ledger.Currency, bold bool) int {
	k := moneyKey{c.Display, bold}
	if id, ok := b.moneyIDs[k]; ok {
		return id
	}
	name := "money" + strconv.Itoa(int(c.Display))
	if bold {
		name += "b"
	}
	id := b.style(name)
	b.moneyIDs[k] = id
	return id
}

type moneyKey struct {
	digits int32
	bold   bool
}

func currencyOf(code string) ledger.Currency {
	if c, ok := ledger.LookupCurrency(code); ok {
		return c
	}
	return ledger.Currency{Code: code, Minor: 2, Display: 2}
}

func (b *book) money(d decimal.Decimal, c ledger.Currency, bold bool) excelize.Cell {
	return excelize.Cell{StyleID: b.moneyStyle(c, bold), Value: b.number(d)}
}

// formula is a formula cell with its cached value, so a reader that does
// not recalculate shows the right figure.
func (b *book) formula(f string, cached decimal.Decimal, style int) excelize.Cell {
	return excelize.Cell{StyleID: style, Formula: f, Value: b.number(cached)}
}

// excelDate is a calendar date as a spreadsheet date serial (days since
// 1899-12-30, valid from 1900-03-01).
func excelDate(t time.Time) int64 {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix()/86400 + 25569
}

func (b *book) date(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return excelize.Cell{StyleID: b.style("date"), Value: excelDate(t)}
}

// dateText shows a YYYY-MM-DD string as a real date, other text as text.
func (b *book) dateText(s string) any {
	if t, err := time.Parse(ledger.DateLayout, s); err == nil {
		return b.date(t)
	}
	return text(s)
}

// text is a string cell: always written as an inline string, never as a
// formula, whatever it starts with. Empty text is no cell.
func text(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func (b *book) header(cells ...string) []any {
	out := make([]any, len(cells))
	for i, c := range cells {
		out[i] = excelize.Cell{StyleID: b.style("header"), Value: c}
	}
	return out
}

// quoteSheet quotes a sheet name for a formula.
func quoteSheet(name string) string { return "'" + strings.ReplaceAll(name, "'", "''") + "'" }

func colName(c int) string {
	n, _ := excelize.ColumnNumberToName(c)
	return n
}

func cellName(c, r int) string {
	n, _ := excelize.CoordinatesToCellName(c, r)
	return n
}

// quoteString is a string literal for a formula.
func quoteString(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
