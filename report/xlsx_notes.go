package report

import (
	"strconv"

	"github.com/incomeledger/income/ledger"
	"github.com/xuri/excelize/v2"
)

func (b *book) writeNotes() error {
	rw := b.stream(b.sheets.notes, []int{24, 90, 12, 40}, map[int]string{1: "text", 2: "wrap", 3: "text", 4: "wrap"}, 1)
	rw.add(b.header(b.l("col.item"), b.l("col.text"), b.l("col.confidence"), b.l("col.reference"))...)
	var rowsOf [][]any
	if !b.w.Generated.IsZero() {
		gen := b.w.Generated.UTC()
		rowsOf = append(rowsOf, []any{b.l("notes.generated"), excelize.Cell{StyleID: b.style("datetime"), Value: dateTime(gen)}})
	}
	rowsOf = append(rowsOf, [][]any{
		{b.l("notes.version"), text(b.w.Version)},
		{b.l("notes.year"), strconv.Itoa(b.w.Report.Year)},
		{b.l("notes.home"), b.w.Home.Code},
		{b.l("notes.lang"), b.l("notes.langName")},
	}...)
	for _, w := range b.w.Report.Warnings {
		rowsOf = append(rowsOf, []any{b.l("notes.warning"), text(b.tx(w))})
	}
	if b.imprecise > 0 {
		rowsOf = append(rowsOf, []any{b.l("notes.warning"), b.l("notes.precision", b.imprecise)})
	}
	for _, n := range b.w.Notes {
		rowsOf = append(rowsOf, []any{b.l("notes.note"), text(b.tx(n))})
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
		rw.add(r...)
	}
	return rw.flush()
}
