package report

import (
	"archive/zip"
	"compress/flate"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/incomeledger/income/ledger"
	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
)

// Workbook is what `income report --format xlsx` writes: the year's report
// with every figure traceable to the entry rows behind it. The report, the
// entries and the home currency are required; the other sections are
// supplied by other packages and may be nil (their sheet then says "not
// computed").
type Workbook struct {
	Report Report
	Home   ledger.Currency
	Lang   string // en, vi or id ("" is en)
	// Entries streams the year's entries, in date order: the same entries
	// the report was built from. The workbook never holds them all.
	Entries func(fn func(ledger.Entry) error) error
	// Rates are the rates to list; nil lists the rates the entries used.
	Rates     []ledger.Rate
	Transfers *TransfersSection
	Tax       *TaxSection
	Notes     []string
	Generated time.Time
	Version   string
}

// TransfersSection is the outcome of transfer matching for the year.
type TransfersSection struct {
	Matched      []TransferPair
	UnmatchedOut []ledger.Entry
	UnmatchedIn  []ledger.Entry
}

// TransferPair is one movement of the user's own money: the withdrawal or
// payout and the credit it became.
type TransferPair struct {
	Out, In ledger.Entry
}

// TaxSection is the tax computation of the year under each regime of the
// country.
type TaxSection struct {
	Country string
	Regimes []TaxRegime
	Notes   []string
}

// TaxRegime is one regime's result, in the home currency.
type TaxRegime struct {
	ID, Name   string
	Total      decimal.Decimal
	Confidence string // lowest tag of the rules behind the total: C, S or U
	Lines      []TaxLine
	Trace      []TaxStep
	Deadlines  []TaxDeadline
	Notes      []string
}

// TaxLine is one tax of a regime.
type TaxLine struct {
	Key, Label string
	Amount     decimal.Decimal
	Confidence string
}

// TaxStep is one step of a regime's computation.
type TaxStep struct {
	Step                                   string
	Amount                                 decimal.Decimal
	Rule, Effective, Reference, Confidence string
}

// TaxDeadline is a form to file or a payment to make; Due is YYYY-MM-DD.
type TaxDeadline struct {
	Form, Period, Due, Reference, Confidence string
}

// Columns of the Entries sheet (1-based). The Summary's formulas refer to
// them by letter.
const (
	eDate = iota + 1
	eSource
	eAccount
	eKind
	eDescription
	eCounterparty
	eAmount
	eCurrency
	eRate
	eRateDate
	eRateSource
	eRatePolicy
	eHome
	eFile
	eLine
	eID
	eRef
	eCols = eRef
)

// Table names (not translated: formulas and macros may name them).
const (
	tableEntries   = "IncomeEntries"
	tableTransfers = "IncomeTransfers"
	tableRates     = "IncomeRates"
	tableTax       = "IncomeTax"
)

// book is one workbook being written.
type book struct {
	w        Workbook
	lang     string
	f        *excelize.File
	sheets   struct{ summary, entries, transfers, rates, tax, notes string }
	styles   map[string]int
	moneyIDs map[moneyKey]int
	tally    tally
	// imprecise counts numbers with more than 15 significant digits.
	imprecise int
	layout    summaryLayout
}

// Write writes the workbook as XLSX. Entries are streamed to the sheet,
// so a year of any size is written in bounded memory (beyond the zip).
func (w Workbook) Write(out io.Writer) error {
	if w.Entries == nil || w.Home.Code == "" {
		return fmt.Errorf("workbook: the entries and the home currency are required")
	}
	lang := w.Lang
	if lang == "" {
		lang = "en"
	}
	if _, err := ParseLang(lang); err != nil {
		return err
	}
	b := &book{w: w, lang: lang, f: excelize.NewFile(), styles: map[string]int{}, moneyIDs: map[moneyKey]int{}}
	defer b.f.Close()
	// Deflate at its fastest level: the sheets are repetitive XML, so the
	// file is barely larger and a year of 100,000 entries is written in a
	// fraction of the time of the default level.
	b.f.SetZipWriter(func(w io.Writer) excelize.ZipWriter {
		zw := zip.NewWriter(w)
		zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
			return flate.NewWriter(out, flate.BestSpeed)
		})
		return zw
	})
	b.tally.init()
	if err := b.write(); err != nil {
		return err
	}
	_, err := b.f.WriteTo(out)
	return err
}

func (b *book) l(key string, args ...any) string { return label(b.lang, key, args...) }

func (b *book) write() error {
	f := b.f
	s := &b.sheets
	s.summary, s.entries, s.transfers = b.l("sheet.summary"), b.l("sheet.entries"), b.l("sheet.transfers")
	s.rates, s.tax, s.notes = b.l("sheet.rates"), b.l("sheet.tax"), b.l("sheet.notes")
	if err := f.SetSheetName("Sheet1", s.summary); err != nil {
		return err
	}
	for _, n := range []string{s.entries, s.transfers, s.rates, s.tax, s.notes} {
		if _, err := f.NewSheet(n); err != nil {
			return err
		}
	}
	var gen string
	if !b.w.Generated.IsZero() {
		gen = b.w.Generated.UTC().Format(time.RFC3339)
	}
	if err := f.SetDocProps(&excelize.DocProperties{
		Creator: "income", Title: b.l("summary.title", b.w.Report.Year, b.w.Home.Code),
		Created: gen, Modified: gen, Language: b.lang, Version: b.w.Version,
	}); err != nil {
		return err
	}
	// Excel recalculates on opening; the cached values written with each
	// formula serve readers that do not.
	full := true
	if err := f.SetCalcProps(&excelize.CalcPropsOptions{FullCalcOnLoad: &full}); err != nil {
		return err
	}
	b.layout = newSummaryLayout(b.w.Report)
	// The chart goes in before the Summary's stream writer takes the sheet.
	if err := b.addChart(); err != nil {
		return err
	}
	for _, step := range []func() error{b.writeEntries, b.writeSummary, b.writeTransfers, b.writeRates, b.writeTax, b.writeNotes} {
		if err := step(); err != nil {
			return err
		}
	}
	f.SetActiveSheet(0)
	return nil
}

// ---- cells and styles ----

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

// number is d as the numeric cell value excelize writes. A spreadsheet
// number is an IEEE double, so this is the one place float64 meets money:
// whole amounts go in as int64 (exact); others as the double nearest to d,
// which excelize writes as its shortest decimal form. For up to 15
// significant digits (Excel's own precision) that form is exactly d, so the
// file holds "1240.37", not an approximation; longer numbers are counted
// and reported in Notes.
func (b *book) number(d decimal.Decimal) any {
	if d.NumDigits() <= 15 {
		// Fast path, no allocation: c·10^e with |c| < 10^15 < 2^53, so
		// float64(c) is exact, and so is 10^k for k ≤ 22; one IEEE
		// division of two exact values is correctly rounded, which makes
		// it the double ParseFloat(d.String()) would give.
		c, e := d.CoefficientInt64(), int(d.Exponent())
		for c != 0 && c%10 == 0 && e < 0 {
			c, e = c/10, e+1
		}
		switch {
		case e >= 0 && e <= 3:
			return c * pow10i[e]
		case e < 0 && e >= -22:
			return float64(c) / pow10f[-e]
		}
	}
	if significantDigits(d) > 15 {
		b.imprecise++
	}
	if d.IsInteger() {
		if bi := d.BigInt(); bi.IsInt64() {
			return bi.Int64()
		}
	}
	f, err := strconv.ParseFloat(d.String(), 64)
	if err != nil {
		return d.String()
	}
	return f
}

var pow10i = [...]int64{1, 10, 100, 1000}

var pow10f = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12,
	1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

func significantDigits(d decimal.Decimal) int {
	s := d.Coefficient().String()
	s = strings.TrimLeft(strings.TrimRight(s, "0"), "-")
	return len(s)
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

// rows writes a sheet row by row with a stream writer.
type rows struct {
	sw  *excelize.StreamWriter
	row int
}

func (b *book) stream(sheet string, widths []float64, styles map[int]string, freeze int) (*rows, error) {
	sw, err := b.f.NewStreamWriter(sheet)
	if err != nil {
		return nil, err
	}
	// Each call moves its column to the front of the sheet's <cols>, which
	// must be in ascending order: so go from the last column to the first.
	for c := len(widths); c >= 1; c-- {
		if err := sw.SetColWidth(c, c, widths[c-1]); err != nil {
			return nil, err
		}
		if st, ok := styles[c]; ok {
			if err := sw.SetColStyle(c, c, b.style(st)); err != nil {
				return nil, err
			}
		}
	}
	if freeze > 0 {
		if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: freeze, TopLeftCell: cellName(1, freeze+1), ActivePane: "bottomLeft"}); err != nil {
			return nil, err
		}
	}
	return &rows{sw: sw}, nil
}

func (r *rows) add(cells ...any) error {
	r.row++
	return r.sw.SetRow(cellName(1, r.row), cells)
}

func (r *rows) skip() { r.row++ }

// table makes rows first..last a defined table (header at first), which
// gives the autofilter.
func (r *rows) table(name string, first, cols int) error {
	last := r.row
	if last <= first {
		last = first + 1
	}
	return r.sw.AddTable(&excelize.Table{Range: cellName(1, first) + ":" + cellName(cols, last), Name: name, StyleName: "TableStyleLight9"})
}

// ---- Entries ----

// kindSums are signed sums per kind: home amounts, or own-currency amounts.
type kindSums map[ledger.Kind]decimal.Decimal

func (k kindSums) add(kind ledger.Kind, d decimal.Decimal) { k[kind] = k[kind].Add(d) }

// figures turns signed sums into the report's magnitudes.
func (k kindSums) figures() (f Figures, withheld decimal.Decimal) {
	f.Gross = k[ledger.Income]
	f.Refunds = k[ledger.Refund].Neg()
	f.Fees = k[ledger.Fee].Neg()
	f.Expenses = k[ledger.Expense].Neg()
	f.Net = f.Gross.Sub(f.Refunds).Sub(f.Fees)
	return f, k[ledger.TaxWithheld].Neg()
}

// tally adds up the entries as the Summary's formulas do, so that each
// formula's cached value is what the formula computes from the Entries
// sheet. While streaming it keeps one sum per (source, month, kind) and per
// (source, currency, kind); finish derives the Summary's slices from them.
type tally struct {
	total, transfers, unclassified int
	monthCount                     [12]int
	sourceCount                    map[string]int
	home                           map[groupKey]decimal.Decimal
	amount                         map[origKey]decimal.Decimal
	rates                          map[rateKey]int
	rateOrder                      []rateKey

	// derived by finish
	all     kindSums
	months  [12]kindSums
	sources map[string]kindSums
	orig    map[[2]string]kindSums // (source, currency), in that currency
}

type groupKey struct {
	source string
	month  int
	kind   ledger.Kind
}

type origKey struct {
	source, currency string
	kind             ledger.Kind
}

// rateKey is one rate as the entries used it; date is a date serial (0 for
// none).
type rateKey struct {
	date                              int64
	base, quote, rate, source, policy string
}

func (t *tally) init() {
	t.sourceCount = map[string]int{}
	t.home = map[groupKey]decimal.Decimal{}
	t.amount = map[origKey]decimal.Decimal{}
	t.rates = map[rateKey]int{}
}

func (t *tally) add(e ledger.Entry, home string) {
	t.total++
	t.sourceCount[e.Source]++
	m := int(e.Date.Month())
	t.monthCount[m-1]++
	switch e.Kind {
	case ledger.Transfer:
		t.transfers++
	case ledger.Unclassified:
		t.unclassified++
	}
	ok := origKey{e.Source, e.Currency, e.Kind}
	t.amount[ok] = t.amount[ok].Add(e.Amount)
	if e.Rate.Valid && e.Currency != home {
		k := rateKey{0, e.Currency, home, RateString(e), e.RateSource, e.RatePolicy}
		if !e.RateDate.IsZero() {
			k.date = excelDate(e.RateDate)
		}
		if _, seen := t.rates[k]; !seen {
			t.rateOrder = append(t.rateOrder, k)
		}
		t.rates[k]++
	}
	if e.Home.Valid {
		g := groupKey{e.Source, m, e.Kind}
		t.home[g] = t.home[g].Add(e.Home.Decimal)
	}
}

func (t *tally) finish() {
	t.all = kindSums{}
	for i := range t.months {
		t.months[i] = kindSums{}
	}
	t.sources = map[string]kindSums{}
	for g, d := range t.home {
		t.all.add(g.kind, d)
		t.months[g.month-1].add(g.kind, d)
		s := t.sources[g.source]
		if s == nil {
			s = kindSums{}
			t.sources[g.source] = s
		}
		s.add(g.kind, d)
	}
	t.orig = map[[2]string]kindSums{}
	for k, d := range t.amount {
		o := t.orig[[2]string{k.source, k.currency}]
		if o == nil {
			o = kindSums{}
			t.orig[[2]string{k.source, k.currency}] = o
		}
		o.add(k.kind, d)
	}
}

// rateValue is the rate an entry was converted at: exact, or to 10 places
// when it is a quotient.
func rateValue(e ledger.Entry) decimal.Decimal {
	if e.RateDiv.Valid && !e.RateDiv.Decimal.IsZero() {
		return e.Rate.Decimal.DivRound(e.RateDiv.Decimal, 10)
	}
	return e.Rate.Decimal
}

func (b *book) writeEntries() error {
	home := b.w.Home
	widths := []float64{11, 12, 13, 13, 40, 22, 14, 9, 12, 11, 24, 14, 16, 24, 7, 18, 18}
	textCols := map[int]string{eSource: "text", eAccount: "text", eKind: "text", eDescription: "text", eCounterparty: "text",
		eCurrency: "text", eRateSource: "text", eRatePolicy: "text", eFile: "text", eID: "text", eRef: "text"}
	r, err := b.stream(b.sheets.entries, widths, textCols, 1)
	if err != nil {
		return err
	}
	if err := r.add(b.header(b.entryHeader()...)...); err != nil {
		return err
	}
	row := make([]any, eCols)
	rateStyle := b.style("rate")
	err = b.w.Entries(func(e ledger.Entry) error {
		if e.Date.Year() != b.w.Report.Year {
			return fmt.Errorf("workbook: entry %s dated %s is outside %d", e.ID, e.Date.Format(ledger.DateLayout), b.w.Report.Year)
		}
		b.tally.add(e, home.Code)
		cur := currencyOf(e.Currency)
		clear(row)
		row[eDate-1] = b.date(e.Date)
		row[eSource-1] = text(e.Source)
		row[eAccount-1] = text(e.Account)
		row[eKind-1] = text(string(e.Kind))
		row[eDescription-1] = text(e.Description)
		row[eCounterparty-1] = text(e.Counterparty)
		row[eAmount-1] = b.money(e.Amount, cur, false)
		row[eCurrency-1] = text(e.Currency)
		if e.Rate.Valid {
			row[eRate-1] = excelize.Cell{StyleID: rateStyle, Value: b.number(rateValue(e))}
		}
		row[eRateDate-1] = b.date(e.RateDate)
		row[eRateSource-1] = text(e.RateSource)
		row[eRatePolicy-1] = text(e.RatePolicy)
		if e.Home.Valid {
			row[eHome-1] = b.money(e.Home.Decimal, home, false)
		}
		row[eFile-1] = text(e.File)
		if e.Line > 0 {
			row[eLine-1] = e.Line
		}
		row[eID-1] = text(e.ID)
		row[eRef-1] = text(e.Ref)
		return r.add(row...)
	})
	if err != nil {
		return err
	}
	b.tally.finish()
	if err := r.table(tableEntries, 1, eCols); err != nil {
		return err
	}
	return r.sw.Flush()
}

func (b *book) entryHeader() []string {
	return []string{b.l("col.date"), b.l("col.source"), b.l("col.account"), b.l("col.kind"), b.l("col.description"),
		b.l("col.counterparty"), b.l("col.amount"), b.l("col.currency"), b.l("col.rate"), b.l("col.rateDate"),
		b.l("col.rateSource"), b.l("col.ratePolicy"), b.l("col.home", b.w.Home.Code), b.l("col.file"), b.l("col.line"), b.l("col.id"), b.l("col.ref")}
}

// ecol is a whole column of the Entries sheet, for SUMIFS and COUNTIFS:
// whole columns keep counting rows added to the sheet later.
func (b *book) ecol(c int) string {
	n := colName(c)
	return quoteSheet(b.sheets.entries) + "!$" + n + ":$" + n
}

// ---- Summary ----

// summaryLayout fixes the Summary's rows, which the chart and the check
// cell refer to before they are written (writeSummary checks it kept them).
type summaryLayout struct {
	srcTotal, srcProgram, srcDiff int // rows of the by-source totals
	monHeader, monFirst           int // the by-month header and January
	monTotal, monProgram, monDiff int
}

func newSummaryLayout(r Report) summaryLayout {
	var l summaryLayout
	// 1 title, 2 check, 4 section title, 5 header, 6… sources
	l.srcTotal = 6 + len(r.Sources)
	l.srcProgram, l.srcDiff = l.srcTotal+1, l.srcTotal+2
	l.monHeader = l.srcDiff + 3 // a blank row and the section title between
	l.monFirst = l.monHeader + 1
	l.monTotal = l.monFirst + 12
	l.monProgram, l.monDiff = l.monTotal+1, l.monTotal+2
	return l
}

// Summary columns: A name, B entries, C gross, D refunds, E fees,
// F expenses, G net, H withheld.
const (
	sName = iota + 1
	sEntries
	sGross
	sRefunds
	sFees
	sExpenses
	sNet
	sWithheld
)

func (b *book) addChart() error {
	l, sum := b.layout, quoteSheet(b.sheets.summary)
	rng := func(c int) string {
		n := colName(c)
		return fmt.Sprintf("%s!$%s$%d:$%s$%d", sum, n, l.monFirst, n, l.monFirst+11)
	}
	head := func(c int) string { return fmt.Sprintf("%s!$%s$%d", sum, colName(c), l.monHeader) }
	vary := false
	return b.f.AddChart(b.sheets.summary, cellName(sWithheld+2, 5), &excelize.Chart{
		Type:       excelize.Col,
		VaryColors: &vary,
		Series: []excelize.ChartSeries{
			{Name: head(sGross), Categories: rng(sName), Values: rng(sGross)},
			{Name: head(sNet), Categories: rng(sName), Values: rng(sNet)},
		},
		Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: b.l("summary.chart", b.w.Home.Code)}}},
		Legend:    excelize.ChartLegend{Position: "bottom"},
		Dimension: excelize.ChartDimension{Width: 640, Height: 320},
		Format:    excelize.GraphicOptions{ScaleX: 1, ScaleY: 1, OffsetX: 10, OffsetY: 0},
	})
}

// kindFormula is the SUMIFS of one kind's home amounts, as a magnitude.
func (b *book) kindFormula(kind ledger.Kind, sumCol int, crit ...string) string {
	s := "SUMIFS(" + b.ecol(sumCol) + "," + b.ecol(eKind) + "," + quoteString(string(kind))
	for _, c := range crit {
		s += "," + c
	}
	s += ")"
	if kind != ledger.Income {
		s = "-" + s
	}
	return s
}

// figureRow writes a row of live formulas: each kind's SUMIFS over Entries
// under crit, net from the row's own cells.
func (b *book) figureRow(row int, name any, count excelize.Cell, f Figures, withheld decimal.Decimal, cur ledger.Currency, sumCol int, bold bool, crit ...string) []any {
	st := b.moneyStyle(cur, bold)
	net := fmt.Sprintf("%s-%s-%s", cellName(sGross, row), cellName(sRefunds, row), cellName(sFees, row))
	cells := []any{name, count,
		b.formula(b.kindFormula(ledger.Income, sumCol, crit...), f.Gross, st),
		b.formula(b.kindFormula(ledger.Refund, sumCol, crit...), f.Refunds, st),
		b.formula(b.kindFormula(ledger.Fee, sumCol, crit...), f.Fees, st),
		b.formula(b.kindFormula(ledger.Expense, sumCol, crit...), f.Expenses, st),
		b.formula(net, f.Net, st),
	}
	if sumCol == eHome {
		cells = append(cells, b.formula(b.kindFormula(ledger.TaxWithheld, sumCol, crit...), withheld, st))
	}
	return cells
}

func (b *book) writeSummary() error {
	r, home, l, t := b.w.Report, b.w.Home, b.layout, &b.tally
	rw, err := b.stream(b.sheets.summary, []float64{36, 12, 17, 17, 17, 17, 17, 17}, nil, 0)
	if err != nil {
		return err
	}
	bold := b.style("bold")
	count := func(f string, v int) excelize.Cell {
		return excelize.Cell{StyleID: b.style("count"), Formula: f, Value: v}
	}
	figHeader := func(first string) []any {
		return b.header(first, b.l("col.entries"), b.l("col.gross"), b.l("col.refunds"), b.l("col.fees"),
			b.l("col.expenses"), b.l("col.net"), b.l("col.withheld"))
	}
	programRow := func(f Figures, withheld decimal.Decimal, entries int) []any {
		return []any{excelize.Cell{StyleID: bold, Value: b.l("summary.totalP")}, excelize.Cell{StyleID: b.style("count"), Value: entries},
			b.money(f.Gross, home, true), b.money(f.Refunds, home, true), b.money(f.Fees, home, true),
			b.money(f.Expenses, home, true), b.money(f.Net, home, true), b.money(withheld, home, true)}
	}
	// diffRow subtracts the program's row from the formulas' row, rounded
	// to the home currency's minor unit (spreadsheets add in binary).
	diffRow := func(formulas, program int, f, p Figures, fw, pw decimal.Decimal, fn, pn int) []any {
		cells := []any{excelize.Cell{StyleID: bold, Value: b.l("summary.diff")}}
		cells = append(cells, excelize.Cell{StyleID: b.style("count"), Formula: fmt.Sprintf("%s-%s", cellName(sEntries, formulas), cellName(sEntries, program)), Value: fn - pn})
		got := []decimal.Decimal{f.Gross, f.Refunds, f.Fees, f.Expenses, f.Net, fw}
		want := []decimal.Decimal{p.Gross, p.Refunds, p.Fees, p.Expenses, p.Net, pw}
		for i, c := 0, sGross; c <= sWithheld; i, c = i+1, c+1 {
			fm := fmt.Sprintf("ROUND(%s-%s,%d)", cellName(c, formulas), cellName(c, program), home.Minor)
			cells = append(cells, b.formula(fm, home.Round(got[i].Sub(want[i])), b.moneyStyle(home, false)))
		}
		return cells
	}
	programEntries := 0
	for _, s := range r.Sources {
		programEntries += s.Entries
	}
	allF, allW := t.all.figures()

	// title and check
	if err := rw.add(excelize.Cell{StyleID: b.style("title"), Value: b.l("summary.title", r.Year, home.Code)}); err != nil {
		return err
	}
	var monF Figures
	var monW decimal.Decimal
	monN := 0
	for i := range 12 {
		f, w := t.months[i].figures()
		monF = addFigures(monF, f)
		monW = monW.Add(w)
		monN += t.monthCount[i]
	}
	ok := allF.equal(r.Totals.Figures) && allW.Equal(r.Totals.Withheld) && t.total == programEntries &&
		monF.equal(r.Totals.Figures) && monW.Equal(r.Totals.Withheld) && monN == programEntries
	checkValue := b.l("summary.ok")
	if !ok {
		checkValue = b.l("summary.mismatch")
	}
	checkF := fmt.Sprintf(`IF(COUNTIF(%s:%s,"<>0")+COUNTIF(%s:%s,"<>0")=0,%s,%s)`,
		cellName(sEntries, l.srcDiff), cellName(sWithheld, l.srcDiff), cellName(sEntries, l.monDiff), cellName(sWithheld, l.monDiff),
		quoteString(b.l("summary.ok")), quoteString(b.l("summary.mismatch")))
	if err := rw.add(excelize.Cell{StyleID: bold, Value: b.l("summary.check")}, excelize.Cell{StyleID: bold, Formula: checkF, Value: checkValue}); err != nil {
		return err
	}

	// by source
	rw.skip()
	if err := rw.add(excelize.Cell{StyleID: b.style("section"), Value: b.l("summary.bySource")}); err != nil {
		return err
	}
	if err := rw.add(figHeader(b.l("col.source"))...); err != nil {
		return err
	}
	for _, s := range r.Sources {
		row := rw.row + 1
		sums := t.sources[s.Source]
		if sums == nil {
			sums = kindSums{}
		}
		f, w := sums.figures()
		crit := b.ecol(eSource) + "," + cellName(sName, row)
		n := count(fmt.Sprintf("COUNTIFS(%s,%s)", b.ecol(eSource), cellName(sName, row)), t.sourceCount[s.Source])
		if err := rw.add(b.figureRow(row, text(s.Source), n, f, w, home, eHome, false, crit)...); err != nil {
			return err
		}
	}
	n := count(fmt.Sprintf("COUNTA(%s)-1", b.ecol(eDate)), t.total)
	if err := rw.add(b.figureRow(rw.row+1, excelize.Cell{StyleID: bold, Value: b.l("summary.totalF")}, n, allF, allW, home, eHome, true)...); err != nil {
		return err
	}
	if err := rw.add(programRow(r.Totals.Figures, r.Totals.Withheld, programEntries)...); err != nil {
		return err
	}
	if err := rw.add(diffRow(l.srcTotal, l.srcProgram, allF, r.Totals.Figures, allW, r.Totals.Withheld, t.total, programEntries)...); err != nil {
		return err
	}
	if rw.row != l.srcDiff {
		return fmt.Errorf("workbook: summary layout: by-source ends at row %d, want %d", rw.row, l.srcDiff)
	}

	// by month
	rw.skip()
	if err := rw.add(excelize.Cell{StyleID: b.style("section"), Value: b.l("summary.byMonth")}); err != nil {
		return err
	}
	if err := rw.add(figHeader(b.l("col.month"))...); err != nil {
		return err
	}
	for i := range 12 {
		from := fmt.Sprintf(`">="&DATE(%d,%d,1)`, r.Year, i+1)
		y, m := r.Year, i+2
		if m == 13 {
			y, m = y+1, 1
		}
		to := fmt.Sprintf(`"<"&DATE(%d,%d,1)`, y, m)
		crit := []string{b.ecol(eDate) + "," + from, b.ecol(eDate) + "," + to}
		f, w := t.months[i].figures()
		n := count("COUNTIFS("+strings.Join(crit, ",")+")", t.monthCount[i])
		name := fmt.Sprintf("%04d-%02d", r.Year, i+1)
		if err := rw.add(b.figureRow(rw.row+1, name, n, f, w, home, eHome, false, crit...)...); err != nil {
			return err
		}
	}
	sumCol := func(c int, v any, st int) excelize.Cell {
		return excelize.Cell{StyleID: st, Formula: fmt.Sprintf("SUM(%s:%s)", cellName(c, l.monFirst), cellName(c, l.monFirst+11)), Value: v}
	}
	mst := b.moneyStyle(home, true)
	if err := rw.add(excelize.Cell{StyleID: bold, Value: b.l("summary.totalF")}, sumCol(sEntries, monN, b.style("count")),
		sumCol(sGross, b.number(monF.Gross), mst), sumCol(sRefunds, b.number(monF.Refunds), mst), sumCol(sFees, b.number(monF.Fees), mst),
		sumCol(sExpenses, b.number(monF.Expenses), mst), sumCol(sNet, b.number(monF.Net), mst), sumCol(sWithheld, b.number(monW), mst)); err != nil {
		return err
	}
	if err := rw.add(programRow(r.Totals.Figures, r.Totals.Withheld, programEntries)...); err != nil {
		return err
	}
	if err := rw.add(diffRow(l.monTotal, l.monProgram, monF, r.Totals.Figures, monW, r.Totals.Withheld, monN, programEntries)...); err != nil {
		return err
	}
	if rw.row != l.monDiff {
		return fmt.Errorf("workbook: summary layout: by-month ends at row %d, want %d", rw.row, l.monDiff)
	}

	// in original currency
	rw.skip()
	if err := rw.add(excelize.Cell{StyleID: b.style("section"), Value: b.l("summary.original")}); err != nil {
		return err
	}
	if err := rw.add(b.header(b.l("col.source"), b.l("col.currency"), b.l("col.gross"), b.l("col.refunds"), b.l("col.fees"),
		b.l("col.expenses"), b.l("col.net"))...); err != nil {
		return err
	}
	for _, s := range r.Sources {
		for _, o := range s.Original {
			row := rw.row + 1
			sums := t.orig[[2]string{s.Source, o.Currency}]
			if sums == nil {
				sums = kindSums{}
			}
			f, _ := sums.figures()
			crit := []string{b.ecol(eSource) + "," + cellName(sName, row), b.ecol(eCurrency) + "," + cellName(sEntries, row)}
			cells := b.figureRow(row, text(s.Source), excelize.Cell{StyleID: b.style("text"), Value: o.Currency}, f, decimal.Zero, currencyOf(o.Currency), eAmount, false, crit...)
			if err := rw.add(cells...); err != nil {
				return err
			}
		}
	}

	// what is not counted, and transfer matching
	rw.skip()
	if err := rw.add(excelize.Cell{StyleID: b.style("section"), Value: b.l("summary.counts")}); err != nil {
		return err
	}
	kindCount := func(k ledger.Kind, v int) excelize.Cell {
		return count(fmt.Sprintf("COUNTIFS(%s,%s)", b.ecol(eKind), quoteString(string(k))), v)
	}
	if err := rw.add(b.l("summary.transfers"), kindCount(ledger.Transfer, t.transfers)); err != nil {
		return err
	}
	if err := rw.add(b.l("summary.unclass"), kindCount(ledger.Unclassified, t.unclassified)); err != nil {
		return err
	}
	if tr := b.w.Transfers; tr != nil {
		status := quoteSheet(b.sheets.transfers) + "!$A:$A"
		for _, c := range []struct {
			label, status string
			n             int
		}{{"summary.matched", "transfer.matched", len(tr.Matched)}, {"summary.unmOut", "transfer.unmOut", len(tr.UnmatchedOut)}, {"summary.unmIn", "transfer.unmIn", len(tr.UnmatchedIn)}} {
			if err := rw.add(b.l(c.label), count(fmt.Sprintf("COUNTIFS(%s,%s)", status, quoteString(b.l(c.status))), c.n)); err != nil {
				return err
			}
		}
	}
	return rw.sw.Flush()
}

func addFigures(a, b Figures) Figures {
	return Figures{Gross: a.Gross.Add(b.Gross), Refunds: a.Refunds.Add(b.Refunds), Fees: a.Fees.Add(b.Fees),
		Expenses: a.Expenses.Add(b.Expenses), Net: a.Net.Add(b.Net)}
}

func (f Figures) equal(g Figures) bool {
	return f.Gross.Equal(g.Gross) && f.Refunds.Equal(g.Refunds) && f.Fees.Equal(g.Fees) && f.Expenses.Equal(g.Expenses) && f.Net.Equal(g.Net)
}

// ---- Transfers ----

func (b *book) writeTransfers() error {
	tr := b.w.Transfers
	if tr == nil {
		rw, err := b.stream(b.sheets.transfers, []float64{60}, nil, 0)
		if err != nil {
			return err
		}
		if err := rw.add(b.l("transfer.none")); err != nil {
			return err
		}
		return rw.sw.Flush()
	}
	out := func(k string) string { return b.l("col.out", b.l(k)) }
	in := func(k string) string { return b.l("col.in", b.l(k)) }
	head := []string{b.l("col.status"),
		out("col.date"), out("col.account"), out("col.amount"), out("col.currency"), out("col.description"), out("col.file"), out("col.line"),
		in("col.date"), in("col.account"), in("col.amount"), in("col.currency"), in("col.description"), in("col.file"), in("col.line"),
		b.l("col.realised"), out("col.id"), in("col.id")}
	widths := []float64{16, 11, 13, 14, 9, 30, 22, 7, 11, 13, 16, 9, 30, 22, 7, 14, 18, 18}
	textCols := map[int]string{1: "text", 3: "text", 5: "text", 6: "text", 7: "text", 10: "text", 12: "text", 13: "text", 14: "text", 17: "text", 18: "text"}
	rw, err := b.stream(b.sheets.transfers, widths, textCols, 1)
	if err != nil {
		return err
	}
	if err := rw.add(b.header(head...)...); err != nil {
		return err
	}
	side := func(e *ledger.Entry) []any {
		if e == nil {
			return make([]any, 7)
		}
		var line any
		if e.Line > 0 {
			line = e.Line
		}
		return []any{b.date(e.Date), text(e.Account), b.money(e.Amount, currencyOf(e.Currency), false), text(e.Currency),
			text(e.Description), text(e.File), line}
	}
	write := func(status string, o, i *ledger.Entry) error {
		row := rw.row + 1
		cells := []any{b.l(status)}
		cells = append(cells, side(o)...)
		cells = append(cells, side(i)...)
		var realised any
		if o != nil && i != nil && !o.Amount.IsZero() {
			v := i.Amount.DivRound(o.Amount.Neg(), 10)
			realised = b.formula(fmt.Sprintf("%s/-%s", cellName(11, row), cellName(4, row)), v, b.style("rate"))
		}
		cells = append(cells, realised)
		var oid, iid any
		if o != nil {
			oid = text(o.ID)
		}
		if i != nil {
			iid = text(i.ID)
		}
		return rw.add(append(cells, oid, iid)...)
	}
	for _, p := range tr.Matched {
		if err := write("transfer.matched", &p.Out, &p.In); err != nil {
			return err
		}
	}
	for _, e := range tr.UnmatchedOut {
		if err := write("transfer.unmOut", &e, nil); err != nil {
			return err
		}
	}
	for _, e := range tr.UnmatchedIn {
		if err := write("transfer.unmIn", nil, &e); err != nil {
			return err
		}
	}
	if err := rw.table(tableTransfers, 1, len(head)); err != nil {
		return err
	}
	return rw.sw.Flush()
}

// ---- Rates ----

func (b *book) writeRates() error {
	head := []string{b.l("col.date"), b.l("col.base"), b.l("col.quote"), b.l("col.rate"), b.l("col.source"), b.l("col.ratePolicy"), b.l("col.entries")}
	rw, err := b.stream(b.sheets.rates, []float64{11, 14, 14, 18, 28, 14, 12}, map[int]string{2: "text", 3: "text", 5: "text", 6: "text"}, 1)
	if err != nil {
		return err
	}
	if err := rw.add(b.header(head...)...); err != nil {
		return err
	}
	rate := func(s string) any {
		d, err := decimal.NewFromString(s)
		if err != nil {
			return text(s)
		}
		return excelize.Cell{StyleID: b.style("rate"), Value: b.number(d)}
	}
	if b.w.Rates != nil {
		for _, r := range b.w.Rates {
			v := r.Rate
			if !r.Div.IsZero() && !r.Div.Equal(decimal.NewFromInt(1)) {
				v = r.Rate.DivRound(r.Div, 10)
			}
			if err := rw.add(b.date(r.Date), text(r.Base), text(r.Quote), rate(v.String()), text(r.Source), text(r.Policy)); err != nil {
				return err
			}
		}
	} else {
		keys := append([]rateKey(nil), b.tally.rateOrder...)
		sort.SliceStable(keys, func(i, j int) bool {
			a, c := keys[i], keys[j]
			if a.date != c.date {
				return a.date < c.date
			}
			if a.base != c.base {
				return a.base < c.base
			}
			if a.source != c.source {
				return a.source < c.source
			}
			return a.policy < c.policy
		})
		for _, k := range keys {
			var date any
			if k.date != 0 {
				date = excelize.Cell{StyleID: b.style("date"), Value: k.date}
			}
			if err := rw.add(date, text(k.base), text(k.quote), rate(k.rate), text(k.source), text(k.policy),
				excelize.Cell{StyleID: b.style("count"), Value: b.tally.rates[k]}); err != nil {
				return err
			}
		}
	}
	if err := rw.table(tableRates, 1, len(head)); err != nil {
		return err
	}
	return rw.sw.Flush()
}

// ---- Tax ----

func (b *book) writeTax() error {
	tx := b.w.Tax
	if tx == nil {
		rw, err := b.stream(b.sheets.tax, []float64{70}, nil, 0)
		if err != nil {
			return err
		}
		if err := rw.add(b.l("tax.none", b.w.Report.Year)); err != nil {
			return err
		}
		return rw.sw.Flush()
	}
	home := b.w.Home
	head := []string{b.l("col.regime"), b.l("col.section"), b.l("col.key"), b.l("col.label"), b.l("col.amount"),
		b.l("col.rule"), b.l("col.effective"), b.l("col.reference"), b.l("col.confidence")}
	rw, err := b.stream(b.sheets.tax, []float64{16, 12, 14, 48, 17, 24, 13, 48, 11},
		map[int]string{1: "text", 2: "text", 3: "text", 4: "wrap", 6: "text", 8: "wrap", 9: "text"}, 3)
	if err != nil {
		return err
	}
	if err := rw.add(excelize.Cell{StyleID: b.style("bold"), Value: b.l("tax.country")}, text(tx.Country)); err != nil {
		return err
	}
	rw.skip()
	if err := rw.add(b.header(head...)...); err != nil {
		return err
	}
	first := rw.row
	amount := func(d decimal.Decimal) any { return b.money(d, home, false) }
	for _, g := range tx.Regimes {
		id := text(g.ID)
		if err := rw.add(id, b.l("tax.total"), id, text(g.Name), b.money(g.Total, home, true), nil, nil, nil, text(g.Confidence)); err != nil {
			return err
		}
		for _, ln := range g.Lines {
			if err := rw.add(id, b.l("tax.line"), text(ln.Key), text(ln.Label), amount(ln.Amount), nil, nil, nil, text(ln.Confidence)); err != nil {
				return err
			}
		}
		for i, st := range g.Trace {
			if err := rw.add(id, b.l("tax.step"), i+1, text(st.Step), amount(st.Amount), text(st.Rule), b.dateText(st.Effective),
				text(st.Reference), text(st.Confidence)); err != nil {
				return err
			}
		}
		for _, d := range g.Deadlines {
			if err := rw.add(id, b.l("tax.deadline"), text(d.Form), text(d.Period), nil, nil, b.dateText(d.Due), text(d.Reference), text(d.Confidence)); err != nil {
				return err
			}
		}
		for _, n := range g.Notes {
			if err := rw.add(id, b.l("tax.note"), nil, text(n)); err != nil {
				return err
			}
		}
	}
	for _, n := range tx.Notes {
		if err := rw.add(nil, b.l("tax.note"), nil, text(n)); err != nil {
			return err
		}
	}
	if err := rw.table(tableTax, first, len(head)); err != nil {
		return err
	}
	return rw.sw.Flush()
}

// ---- Notes ----

func (b *book) writeNotes() error {
	rw, err := b.stream(b.sheets.notes, []float64{24, 90, 12, 40}, map[int]string{1: "text", 2: "wrap", 3: "text", 4: "wrap"}, 1)
	if err != nil {
		return err
	}
	add := func(cells ...any) error { return rw.add(cells...) }
	if err := add(b.header(b.l("col.item"), b.l("col.text"), b.l("col.confidence"), b.l("col.reference"))...); err != nil {
		return err
	}
	var rowsOf [][]any
	if !b.w.Generated.IsZero() {
		gen := b.w.Generated.UTC()
		serial := float64(excelDate(gen)) + float64(gen.Hour()*3600+gen.Minute()*60+gen.Second())/86400
		rowsOf = append(rowsOf, []any{b.l("notes.generated"), excelize.Cell{StyleID: b.style("datetime"), Value: serial}})
	}
	rowsOf = append(rowsOf, [][]any{
		{b.l("notes.version"), text(b.w.Version)},
		{b.l("notes.year"), strconv.Itoa(b.w.Report.Year)},
		{b.l("notes.home"), b.w.Home.Code},
		{b.l("notes.lang"), b.l("notes.langName")},
	}...)
	for _, w := range b.w.Report.Warnings {
		rowsOf = append(rowsOf, []any{b.l("notes.warning"), text(w)})
	}
	if b.imprecise > 0 {
		rowsOf = append(rowsOf, []any{b.l("notes.warning"), b.l("notes.precision", b.imprecise)})
	}
	for _, n := range b.w.Notes {
		rowsOf = append(rowsOf, []any{b.l("notes.note"), text(n)})
	}
	for _, k := range []string{"convert", "net", "signs", "transfers", "formulas", "text"} {
		rowsOf = append(rowsOf, []any{b.l("notes.assumption"), b.l("assume." + k)})
	}
	for _, k := range ledger.Kinds {
		rowsOf = append(rowsOf, []any{b.l("notes.kind"), string(k) + ": " + b.l("kind."+string(k))})
	}
	for _, c := range []string{"C", "S", "U"} {
		rowsOf = append(rowsOf, []any{b.l("notes.confidence"), b.l("confidence." + c), c})
	}
	if b.w.Tax != nil {
		seen := map[[2]string]bool{}
		for _, g := range b.w.Tax.Regimes {
			for _, st := range g.Trace {
				k := [2]string{st.Rule, st.Effective}
				if st.Rule == "" || seen[k] {
					continue
				}
				seen[k] = true
				name := st.Rule
				if st.Effective != "" {
					name = b.l("notes.effective", st.Rule, st.Effective)
				}
				rowsOf = append(rowsOf, []any{b.l("notes.rule"), name, text(st.Confidence), text(st.Reference)})
			}
		}
	}
	for _, r := range rowsOf {
		if err := add(r...); err != nil {
			return err
		}
	}
	return rw.sw.Flush()
}
