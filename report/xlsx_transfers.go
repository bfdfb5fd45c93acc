package report

import (
	"fmt"

	"github.com/incomeledger/income/ledger"
)

func (b *book) writeTransfers() error {
	tr := b.w.Transfers
	if tr == nil {
		rw := b.stream(b.sheets.transfers, []int{60}, nil, 0)
		rw.add(b.l("transfer.none"))
		return rw.flush()
	}
	out := func(k string) string { return b.l("col.out", b.l(k)) }
	in := func(k string) string { return b.l("col.in", b.l(k)) }
	head := []string{b.l("col.status"),
		out("col.date"), out("col.account"), out("col.amount"), out("col.currency"), out("col.description"), out("col.file"), out("col.line"),
		in("col.date"), in("col.account"), in("col.amount"), in("col.currency"), in("col.description"), in("col.file"), in("col.line"),
		b.l("col.realised"), out("col.id"), in("col.id")}
	widths := []int{16, 11, 13, 14, 9, 30, 22, 7, 11, 13, 16, 9, 30, 22, 7, 14, 18, 18}
	textCols := map[int]string{1: "text", 3: "text", 5: "text", 6: "text", 7: "text", 10: "text", 12: "text", 13: "text", 14: "text", 17: "text", 18: "text"}
	rw := b.stream(b.sheets.transfers, widths, textCols, 1)
	rw.add(b.header(head...)...)
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
	write := func(status string, o, i *ledger.Entry) {
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
		rw.add(append(cells, oid, iid)...)
	}
	for _, p := range tr.Matched {
		write("transfer.matched", &p.Out, &p.In)
	}
	for _, e := range tr.UnmatchedOut {
		write("transfer.unmOut", &e, nil)
	}
	for _, e := range tr.UnmatchedIn {
		write("transfer.unmIn", nil, &e)
	}
	rw.table(tableTransfers, 1, len(head))
	return rw.flush()
}
