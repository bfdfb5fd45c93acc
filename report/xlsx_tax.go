package report

import (
	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
)

func (b *book) writeTax() error {
	tx := b.w.Tax
	if tx == nil {
		rw := b.stream(b.sheets.tax, []int{70}, nil, 0)
		rw.add(b.l("tax.none", b.w.Report.Year))
		return rw.flush()
	}
	home := b.w.Home
	head := []string{b.l("col.regime"), b.l("col.section"), b.l("col.key"), b.l("col.label"), b.l("col.amount"),
		b.l("col.rule"), b.l("col.effective"), b.l("col.reference"), b.l("col.confidence")}
	rw := b.stream(b.sheets.tax, []int{16, 12, 14, 48, 17, 24, 13, 48, 11},
		map[int]string{1: "text", 2: "text", 3: "text", 4: "wrap", 6: "text", 8: "wrap", 9: "text"}, 3)
	rw.add(excelize.Cell{StyleID: b.style("bold"), Value: b.l("tax.country")}, text(tx.Country))
	rw.skip()
	rw.add(b.header(head...)...)
	first := rw.row
	amount := func(d decimal.Decimal) any { return b.money(d, home, false) }
	for _, g := range tx.Regimes {
		id := text(g.ID)
		rw.add(id, b.l("tax.total"), id, text(b.tx(g.Name)), b.money(g.Total, home, true), nil, nil, nil, text(g.Confidence))
		for _, ln := range g.Lines {
			rw.add(id, b.l("tax.line"), text(ln.Key), text(b.tx(ln.Label)), amount(ln.Amount), nil, nil, nil, text(ln.Confidence))
		}
		for i, st := range g.Trace {
			rw.add(id, b.l("tax.step"), i+1, text(b.tx(st.Step)), amount(st.Amount), text(st.Rule), b.dateText(st.Effective),
				text(st.Reference), text(st.Confidence))
		}
		for _, d := range g.Deadlines {
			rw.add(id, b.l("tax.deadline"), text(d.Form), text(d.Period), nil, nil, b.dateText(d.Due), text(d.Reference), text(d.Confidence))
		}
		for _, n := range g.Notes {
			rw.add(id, b.l("tax.note"), nil, text(b.tx(n)))
		}
	}
	for _, n := range tx.Notes {
		rw.add(nil, b.l("tax.note"), nil, text(b.tx(n)))
	}
	rw.table(tableTax, first, len(head))
	return rw.flush()
}
