package report

import (
	"io"
	"strconv"

	"github.com/incomeledger/income/internal/textfmt"
	"github.com/incomeledger/income/ledger"
)

// TransfersJSON is `income transfers --format json`.
type TransfersJSON struct {
	Matched      []PairJSON     `json:"matched"`
	UnmatchedOut []TransferJSON `json:"unmatched_out"`
	UnmatchedIn  []TransferJSON `json:"unmatched_in"`
}

// PairJSON is one matched pair. Amounts are signed as the money moved;
// fee is |out| − |in| when both are in one currency; rate is the realised
// exchange rate (in per out, to 10 places) when they are not.
type PairJSON struct {
	Out         string `json:"out"`
	In          string `json:"in"`
	DateOut     string `json:"date_out"`
	AccountOut  string `json:"account_out"`
	AmountOut   string `json:"amount_out"`
	CurrencyOut string `json:"currency_out"`
	DateIn      string `json:"date_in"`
	AccountIn   string `json:"account_in"`
	AmountIn    string `json:"amount_in"`
	CurrencyIn  string `json:"currency_in"`
	Fee         string `json:"fee"`
	Rate        string `json:"rate"`
	Manual      bool   `json:"manual"`
	Score       int    `json:"score"`
}

// TransferJSON is one unmatched entry, and the first fields of every entry
// (EntryJSON embeds it).
type TransferJSON struct {
	ID           string `json:"id"`
	Date         string `json:"date"`
	Source       string `json:"source"`
	Account      string `json:"account"`
	Kind         string `json:"kind"`
	Amount       string `json:"amount"`
	Currency     string `json:"currency"`
	Description  string `json:"description"`
	Counterparty string `json:"counterparty"`
	File         string `json:"file"`
	Line         int    `json:"line"`
}

// NewPairJSON flattens a matched pair for output.
func NewPairJSON(l ledger.TransferLink) PairJSON {
	p := PairJSON{
		Out: l.Out.ID, In: l.In.ID,
		DateOut: l.Out.Date.Format(ledger.DateLayout), AccountOut: l.Out.Account, AmountOut: Amount(l.Out.Amount, l.Out.Currency), CurrencyOut: l.Out.Currency,
		DateIn: l.In.Date.Format(ledger.DateLayout), AccountIn: l.In.Account, AmountIn: Amount(l.In.Amount, l.In.Currency), CurrencyIn: l.In.Currency,
		Manual: l.Manual, Score: l.Score,
	}
	if fee, ok := l.Fee(); ok {
		p.Fee = Amount(fee, l.Out.Currency)
	}
	if r, ok := l.Realised(); ok {
		p.Rate = r.Rate.DivRound(r.Div, 10).String()
	}
	return p
}

// NewTransferJSON flattens an unmatched entry for output.
func NewTransferJSON(e ledger.Entry) TransferJSON {
	return TransferJSON{ID: e.ID, Date: e.Date.Format(ledger.DateLayout), Source: e.Source, Account: e.Account, Kind: string(e.Kind),
		Amount: Amount(e.Amount, e.Currency), Currency: e.Currency, Description: e.Description, Counterparty: e.Counterparty, File: e.File, Line: e.Line}
}

// NewTransfersJSON is the whole `income transfers --format json` output.
func NewTransfersJSON(t ledger.Transfers) TransfersJSON {
	j := TransfersJSON{Matched: []PairJSON{}, UnmatchedOut: []TransferJSON{}, UnmatchedIn: []TransferJSON{}}
	for _, l := range t.Matched {
		j.Matched = append(j.Matched, NewPairJSON(l))
	}
	for _, e := range t.UnmatchedOut {
		j.UnmatchedOut = append(j.UnmatchedOut, NewTransferJSON(e))
	}
	for _, e := range t.UnmatchedIn {
		j.UnmatchedIn = append(j.UnmatchedIn, NewTransferJSON(e))
	}
	return j
}

// WriteTransfersTable writes the transfers as a table (format "table") or
// CSV: one row per matched pair, then the unmatched transfers out and the
// unmatched credits in. In a table, amounts are grouped by thousands.
func WriteTransfersTable(w io.Writer, format string, tty bool, t ledger.Transfers) error {
	show := func(s string) string { return s }
	if format != "csv" {
		show = textfmt.Group
	}
	tb := NewTable(w, format, tty, "status", "out", "date_out", "account_out", "amount_out", "currency_out",
		"in", "date_in", "account_in", "amount_in", "currency_in", "fee", "rate", "manual", "description")
	for _, l := range t.Matched {
		p := NewPairJSON(l)
		tb.Row("matched", p.Out, p.DateOut, p.AccountOut, show(p.AmountOut), p.CurrencyOut,
			p.In, p.DateIn, p.AccountIn, show(p.AmountIn), p.CurrencyIn, show(p.Fee), show(p.Rate), strconv.FormatBool(p.Manual), l.In.Description)
	}
	for _, e := range t.UnmatchedOut {
		j := NewTransferJSON(e)
		tb.Row("unmatched_out", j.ID, j.Date, j.Account, show(j.Amount), j.Currency, "", "", "", "", "", "", "", "", j.Description)
	}
	for _, e := range t.UnmatchedIn {
		j := NewTransferJSON(e)
		tb.Row("unmatched_in", "", "", "", "", "", j.ID, j.Date, j.Account, show(j.Amount), j.Currency, "", "", "", j.Description)
	}
	return tb.Flush()
}
