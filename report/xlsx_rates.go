package report

import (
	"cmp"
	"slices"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
)

func (b *book) writeRates() error {
	head := []string{b.l("col.date"), b.l("col.base"), b.l("col.quote"), b.l("col.rate"), b.l("col.source"), b.l("col.ratePolicy"), b.l("col.entries")}
	rw := b.stream(b.sheets.rates, []int{11, 14, 14, 18, 28, 14, 12}, map[int]string{2: "text", 3: "text", 5: "text", 6: "text"}, 1)
	rw.add(b.header(head...)...)
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
			rw.add(b.date(r.Date), text(r.Base), text(r.Quote), rate(v.String()), text(r.Source), text(r.Policy))
		}
	} else {
		keys := append([]rateKey(nil), b.tally.rateOrder...)
		slices.SortStableFunc(keys, func(a, c rateKey) int {
			return cmp.Or(cmp.Compare(a.date, c.date), strings.Compare(a.base, c.base), strings.Compare(a.source, c.source), strings.Compare(a.policy, c.policy))
		})
		for _, k := range keys {
			var date any
			if k.date != 0 {
				date = excelize.Cell{StyleID: b.style("date"), Value: k.date}
			}
			rw.add(date, text(k.base), text(k.quote), rate(k.rate), text(k.source), text(k.policy),
				excelize.Cell{StyleID: b.style("count"), Value: b.tally.rates[k]})
		}
	}
	rw.table(tableRates, 1, len(head))
	return rw.flush()
}
