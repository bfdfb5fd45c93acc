package report

import (
	"fmt"

	"github.com/incomeledger/income/ledger"
	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
)

func rateValue(e ledger.Entry) decimal.Decimal {
	if e.RateDiv.Valid && !e.RateDiv.Decimal.IsZero() {
		return e.Rate.Decimal.DivRound(e.RateDiv.Decimal, 10)
	}
	return e.Rate.Decimal
}

func (b *book) writeEntries() error {
	home := b.w.Home
	widths := []int{11, 12, 13, 13, 40, 22, 14, 9, 12, 11, 24, 14, 16, 24, 7, 18, 18}
	textCols := map[int]string{eSource: "text", eAccount: "text", eKind: "text", eDescription: "text", eCounterparty: "text",
		eCurrency: "text", eRateSource: "text", eRatePolicy: "text", eFile: "text", eID: "text", eRef: "text"}
	r := b.stream(b.sheets.entries, widths, textCols, 1)
	r.add(b.header(b.entryHeader()...)...)
	row := make([]any, eCols)
	rateStyle := b.style("rate")
	err := b.w.Entries(func(e ledger.Entry) error {
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
		r.add(row...)
		return r.err
	})
	if err != nil {
		return err // an error of the stream or of r, which keeps it
	}
	b.tally.finish()
	r.table(tableEntries, 1, eCols)
	return r.flush()
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
