package app

import (
	"github.com/incomeledger/income/ledger"
	"github.com/incomeledger/income/report"
	"github.com/incomeledger/income/tax"
)

// transfersSection and taxSection hand the transfer and tax results to the
// workbook's plain types (report does not import ledger's matcher or tax).
func transfersSection(t ledger.Transfers) *report.TransfersSection {
	sec := &report.TransfersSection{UnmatchedOut: t.UnmatchedOut, UnmatchedIn: t.UnmatchedIn}
	for _, l := range t.Matched {
		sec.Matched = append(sec.Matched, report.TransferPair{Out: l.Out, In: l.In})
	}
	return sec
}

func taxSection(res tax.Result) *report.TaxSection {
	sec := &report.TaxSection{Country: res.Country, Notes: res.Notes}
	for _, rg := range res.Regimes {
		tr := report.TaxRegime{ID: rg.ID, Name: rg.Name, Total: rg.Total, Confidence: rg.Confidence, Notes: rg.Notes}
		for _, l := range rg.Lines {
			tr.Lines = append(tr.Lines, report.TaxLine{Key: l.Key, Label: l.Label, Amount: l.Amount, Confidence: l.Confidence})
		}
		for _, st := range rg.Trace {
			tr.Trace = append(tr.Trace, report.TaxStep{Step: st.Step, Amount: st.Amount, Rule: st.Rule,
				Effective: st.Effective, Reference: st.Reference, Confidence: st.Confidence})
		}
		for _, dl := range rg.Deadlines {
			tr.Deadlines = append(tr.Deadlines, report.TaxDeadline{Form: dl.Form, Period: dl.Period, Due: dl.Due,
				Reference: dl.Reference, Confidence: dl.Confidence})
		}
		sec.Regimes = append(sec.Regimes, tr)
	}
	return sec
}
