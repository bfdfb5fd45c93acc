package report

import (
	"fmt"
	"strings"

	"github.com/incomeledger/income/internal/textfmt"
	"github.com/incomeledger/income/ledger"
	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
)

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
		Title:  excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: b.l("summary.chart", b.w.Home.Code)}}},
		Legend: excelize.ChartLegend{Position: "bottom"},
		// Months along the bottom; amounts up the side in the home
		// currency's own number format (grouped, its display digits).
		XAxis: excelize.ChartAxis{Title: excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: b.l("col.month")}}}},
		YAxis: excelize.ChartAxis{MajorGridLines: true,
			NumFmt: excelize.ChartNumFmt{CustomNumFmt: moneyFormat(int(b.w.Home.Display))},
			Title:  excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: b.w.Home.Code}}}},
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

// summary writes the Summary sheet: the check cell, then each block of
// live formulas with the program's own totals and their difference below.
type summary struct {
	*book
	rw             *rows
	programEntries int
	allF, monF     Figures
	allW, monW     decimal.Decimal
	monN           int
}

func (b *book) writeSummary() error {
	r, t := b.w.Report, &b.tally
	s := &summary{book: b, rw: b.stream(b.sheets.summary, []int{b.labelWidth(), b.checkWidth(), 17, 17, 17, 17, 17, 17}, nil, 0)}
	for _, src := range r.Sources {
		s.programEntries += src.Entries
	}
	s.allF, s.allW = t.all.figures()
	for i := range 12 {
		f, w := t.months[i].figures()
		s.monF = addFigures(s.monF, f)
		s.monW = s.monW.Add(w)
		s.monN += t.monthCount[i]
	}
	s.check()
	s.bySource()
	s.byMonth()
	s.original()
	s.counts()
	return s.rw.flush()
}

// labelWidth is the width of the Summary's column A: wide enough for the
// longest label written there beside a figure in this language (bold, so a
// tenth wider), and for the source names; at least 36.
func (b *book) labelWidth() int {
	w := 36
	for _, k := range []string{"summary.check", "summary.totalF", "summary.totalP", "summary.diff", "summary.transfers",
		"summary.unclass", "summary.matched", "summary.unmOut", "summary.unmIn"} {
		w = max(w, textfmt.Width(b.l(k))*11/10+2)
	}
	for _, s := range b.w.Report.Sources {
		w = max(w, textfmt.Width(s.Source)+2)
	}
	return min(w, 80)
}

// checkWidth is the width of column B: the entry counts, and the check
// cell's OK or MISMATCH in this language (bold); at least 12. (Headers
// wrap.)
func (b *book) checkWidth() int {
	w := 12
	for _, k := range []string{"summary.ok", "summary.mismatch"} {
		w = max(w, textfmt.Width(b.l(k))*11/10+2)
	}
	return w
}

// pageSetup prints the Summary in landscape, scaled to one page wide (as
// many pages down as it needs).
func (b *book) pageSetup() error {
	landscape, one, tall, fit := "landscape", 1, 0, true
	if err := b.f.SetPageLayout(b.sheets.summary, &excelize.PageLayoutOptions{Orientation: &landscape, FitToWidth: &one, FitToHeight: &tall}); err != nil {
		return err
	}
	return b.f.SetSheetProps(b.sheets.summary, &excelize.SheetPropsOptions{FitToPage: &fit})
}

func (s *summary) count(f string, v int) excelize.Cell {
	return excelize.Cell{StyleID: s.style("count"), Formula: f, Value: v}
}

func (s *summary) section(key string) {
	s.rw.skip()
	s.rw.add(excelize.Cell{StyleID: s.style("section"), Value: s.l(key)})
}

func (s *summary) figHeader(first string) []any {
	return s.header(first, s.l("col.entries"), s.l("col.gross"), s.l("col.refunds"), s.l("col.fees"),
		s.l("col.expenses"), s.l("col.net"), s.l("col.withheld"))
}

// programRow is the program's own totals, written as constants.
func (s *summary) programRow() []any {
	f, withheld, home := s.w.Report.Totals.Figures, s.w.Report.Totals.Withheld, s.w.Home
	return []any{excelize.Cell{StyleID: s.style("bold"), Value: s.l("summary.totalP")}, excelize.Cell{StyleID: s.style("count"), Value: s.programEntries},
		s.money(f.Gross, home, true), s.money(f.Refunds, home, true), s.money(f.Fees, home, true),
		s.money(f.Expenses, home, true), s.money(f.Net, home, true), s.money(withheld, home, true)}
}

// diffRow subtracts the program's row from the formulas' row, rounded to
// the home currency's minor unit (spreadsheets add in binary).
func (s *summary) diffRow(formulas, program int, f Figures, fw decimal.Decimal, fn int) []any {
	home, p, pw := s.w.Home, s.w.Report.Totals.Figures, s.w.Report.Totals.Withheld
	cells := []any{excelize.Cell{StyleID: s.style("bold"), Value: s.l("summary.diff")},
		s.count(fmt.Sprintf("%s-%s", cellName(sEntries, formulas), cellName(sEntries, program)), fn-s.programEntries)}
	got := []decimal.Decimal{f.Gross, f.Refunds, f.Fees, f.Expenses, f.Net, fw}
	want := []decimal.Decimal{p.Gross, p.Refunds, p.Fees, p.Expenses, p.Net, pw}
	for i, c := 0, sGross; c <= sWithheld; i, c = i+1, c+1 {
		fm := fmt.Sprintf("ROUND(%s-%s,%d)", cellName(c, formulas), cellName(c, program), home.Minor)
		cells = append(cells, s.formula(fm, home.Round(got[i].Sub(want[i])), s.moneyStyle(home, false)))
	}
	return cells
}

// check writes the title and the check cell (B2), whose cached value is
// what it computes from the cached differences.
func (s *summary) check() {
	r, l, t := s.w.Report, s.layout, &s.tally
	s.rw.add(excelize.Cell{StyleID: s.style("title"), Value: s.l("summary.title", r.Year, s.w.Home.Code)})
	ok := s.allF.equal(r.Totals.Figures) && s.allW.Equal(r.Totals.Withheld) && t.total == s.programEntries &&
		s.monF.equal(r.Totals.Figures) && s.monW.Equal(r.Totals.Withheld) && s.monN == s.programEntries
	checkValue := s.l("summary.ok")
	if !ok {
		checkValue = s.l("summary.mismatch")
	}
	checkF := fmt.Sprintf(`IF(COUNTIF(%s:%s,"<>0")+COUNTIF(%s:%s,"<>0")=0,%s,%s)`,
		cellName(sEntries, l.srcDiff), cellName(sWithheld, l.srcDiff), cellName(sEntries, l.monDiff), cellName(sWithheld, l.monDiff),
		quoteString(s.l("summary.ok")), quoteString(s.l("summary.mismatch")))
	bold := s.style("bold")
	s.rw.add(excelize.Cell{StyleID: bold, Value: s.l("summary.check")}, excelize.Cell{StyleID: bold, Formula: checkF, Value: checkValue})
}

func (s *summary) bySource() {
	r, home, l, t, rw := s.w.Report, s.w.Home, s.layout, &s.tally, s.rw
	s.section("summary.bySource")
	rw.add(s.figHeader(s.l("col.source"))...)
	for _, src := range r.Sources {
		row := rw.row + 1
		sums := t.sources[src.Source]
		if sums == nil {
			sums = kindSums{}
		}
		f, w := sums.figures()
		crit := s.ecol(eSource) + "," + cellName(sName, row)
		n := s.count(fmt.Sprintf("COUNTIFS(%s,%s)", s.ecol(eSource), cellName(sName, row)), t.sourceCount[src.Source])
		rw.add(s.figureRow(row, text(src.Source), n, f, w, home, eHome, false, crit)...)
	}
	n := s.count(fmt.Sprintf("COUNTA(%s)-1", s.ecol(eDate)), t.total)
	rw.add(s.figureRow(rw.row+1, excelize.Cell{StyleID: s.style("bold"), Value: s.l("summary.totalF")}, n, s.allF, s.allW, home, eHome, true)...)
	rw.add(s.programRow()...)
	rw.add(s.diffRow(l.srcTotal, l.srcProgram, s.allF, s.allW, t.total)...)
	if rw.row != l.srcDiff {
		rw.do(fmt.Errorf("workbook: summary layout: by-source ends at row %d, want %d", rw.row, l.srcDiff))
	}
}

func (s *summary) byMonth() {
	r, home, l, t, rw := s.w.Report, s.w.Home, s.layout, &s.tally, s.rw
	s.section("summary.byMonth")
	rw.add(s.figHeader(s.l("col.month"))...)
	for i := range 12 {
		from := fmt.Sprintf(`">="&DATE(%d,%d,1)`, r.Year, i+1)
		y, m := r.Year, i+2
		if m == 13 {
			y, m = y+1, 1
		}
		to := fmt.Sprintf(`"<"&DATE(%d,%d,1)`, y, m)
		crit := []string{s.ecol(eDate) + "," + from, s.ecol(eDate) + "," + to}
		f, w := t.months[i].figures()
		n := s.count("COUNTIFS("+strings.Join(crit, ",")+")", t.monthCount[i])
		name := fmt.Sprintf("%04d-%02d", r.Year, i+1)
		rw.add(s.figureRow(rw.row+1, name, n, f, w, home, eHome, false, crit...)...)
	}
	sumCol := func(c int, v any, st int) excelize.Cell {
		return excelize.Cell{StyleID: st, Formula: fmt.Sprintf("SUM(%s:%s)", cellName(c, l.monFirst), cellName(c, l.monFirst+11)), Value: v}
	}
	mst := s.moneyStyle(home, true)
	rw.add(excelize.Cell{StyleID: s.style("bold"), Value: s.l("summary.totalF")}, sumCol(sEntries, s.monN, s.style("count")),
		sumCol(sGross, s.number(s.monF.Gross), mst), sumCol(sRefunds, s.number(s.monF.Refunds), mst), sumCol(sFees, s.number(s.monF.Fees), mst),
		sumCol(sExpenses, s.number(s.monF.Expenses), mst), sumCol(sNet, s.number(s.monF.Net), mst), sumCol(sWithheld, s.number(s.monW), mst))
	rw.add(s.programRow()...)
	rw.add(s.diffRow(l.monTotal, l.monProgram, s.monF, s.monW, s.monN)...)
	if rw.row != l.monDiff {
		rw.do(fmt.Errorf("workbook: summary layout: by-month ends at row %d, want %d", rw.row, l.monDiff))
	}
}

// original writes each source's figures in each of its own currencies.
func (s *summary) original() {
	rw := s.rw
	s.section("summary.original")
	rw.add(s.header(s.l("col.source"), s.l("col.currency"), s.l("col.gross"), s.l("col.refunds"), s.l("col.fees"),
		s.l("col.expenses"), s.l("col.net"))...)
	for _, src := range s.w.Report.Sources {
		for _, o := range src.Original {
			row := rw.row + 1
			sums := s.tally.orig[[2]string{src.Source, o.Currency}]
			if sums == nil {
				sums = kindSums{}
			}
			f, _ := sums.figures()
			crit := []string{s.ecol(eSource) + "," + cellName(sName, row), s.ecol(eCurrency) + "," + cellName(sEntries, row)}
			rw.add(s.figureRow(row, text(src.Source), excelize.Cell{StyleID: s.style("text"), Value: o.Currency}, f, decimal.Zero, currencyOf(o.Currency), eAmount, false, crit...)...)
		}
	}
}

// counts writes what is not counted as income, and transfer matching.
func (s *summary) counts() {
	rw, t := s.rw, &s.tally
	s.section("summary.counts")
	kindCount := func(k ledger.Kind, v int) excelize.Cell {
		return s.count(fmt.Sprintf("COUNTIFS(%s,%s)", s.ecol(eKind), quoteString(string(k))), v)
	}
	rw.add(s.l("summary.transfers"), kindCount(ledger.Transfer, t.transfers))
	rw.add(s.l("summary.unclass"), kindCount(ledger.Unclassified, t.unclassified))
	if tr := s.w.Transfers; tr != nil {
		status := quoteSheet(s.sheets.transfers) + "!$A:$A"
		for _, c := range []struct {
			label, status string
			n             int
		}{{"summary.matched", "transfer.matched", len(tr.Matched)}, {"summary.unmOut", "transfer.unmOut", len(tr.UnmatchedOut)}, {"summary.unmIn", "transfer.unmIn", len(tr.UnmatchedIn)}} {
			rw.add(s.l(c.label), s.count(fmt.Sprintf("COUNTIFS(%s,%s)", status, quoteString(s.l(c.status))), c.n))
		}
	}
}

func addFigures(a, b Figures) Figures {
	return Figures{Gross: a.Gross.Add(b.Gross), Refunds: a.Refunds.Add(b.Refunds), Fees: a.Fees.Add(b.Fees),
		Expenses: a.Expenses.Add(b.Expenses), Net: a.Net.Add(b.Net)}
}

func (f Figures) equal(g Figures) bool {
	return f.Gross.Equal(g.Gross) && f.Refunds.Equal(g.Refunds) && f.Fees.Equal(g.Fees) && f.Expenses.Equal(g.Expenses) && f.Net.Equal(g.Net)
}
