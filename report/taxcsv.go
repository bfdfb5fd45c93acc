package report

import (
	"io"
	"strings"

	"github.com/incomeledger/income/tax"
)

// WriteTaxCSV writes `income tax --format csv`: per regime its lines and
// total, then its notes, then the country's notes. Every row carries the
// confidence tag (C, S, U) and, for an S or U line, what to verify; a note
// row has key "note" and its text in the note column. Amounts are exact,
// with the currency's minor digits (Amount).
//
//	regime,key,label,amount,confidence,note
//	vn-salary,pit,Personal income tax (salary schedule),119700000,C,
//	vn-salary,total,Total,119700000,C,
//	vn-salary,note,,,S,The quarterly 02/KK-TNCN method ...
func WriteTaxCSV(w io.Writer, res tax.Result) error {
	t := NewTable(w, "csv", false, "regime", "key", "label", "amount", "confidence", "note")
	for _, rg := range res.Regimes {
		for _, l := range rg.Lines {
			t.Row(rg.ID, l.Key, l.Label, Amount(l.Amount, res.Currency), l.Confidence, strings.Join(l.Verify, "; "))
		}
		t.Row(rg.ID, "total", "Total", Amount(rg.Total, res.Currency), rg.Confidence, "")
		for _, n := range rg.Notes {
			conf, text := splitNote(n)
			t.Row(rg.ID, "note", "", "", conf, text)
		}
	}
	for _, n := range res.Notes {
		conf, text := splitNote(n)
		t.Row("", "note", "", "", conf, text)
	}
	return t.Flush()
}

// splitNote takes the "(S) " tag off the front of a note.
func splitNote(n string) (conf, text string) {
	if len(n) > 4 && n[0] == '(' && n[2] == ')' && n[3] == ' ' && strings.ContainsRune("CSU", rune(n[1])) {
		return n[1:2], n[4:]
	}
	return "", n
}
