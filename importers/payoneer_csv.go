package importers

import (
	"context"
	"fmt"
	"strings"

	"github.com/incomeledger/income/ledger"
	"github.com/shopspring/decimal"
)

// payoneerCSV reads a Payoneer transactions CSV: unsigned Credit Amount and
// Debit Amount columns, a Status and a Running Balance per currency, dates
// MM/DD/YYYY. The layout is known only from a third-party mapping (csv2ofx);
// the row kinds are read from the Description.
type payoneerCSV struct{}

var _ Importer = (*payoneerCSV)(nil)

func (*payoneerCSV) Name() string { return "payoneer" }

func (*payoneerCSV) Describe() string {
	return "Payoneer: " + poSpec.describeLayouts()
}

// Payoneer's columns.
const (
	poDate = iota
	poTime
	poID
	poDesc
	poCredit
	poDebit
	poCurrency
	poStatus
	poBalance
	poAddDesc
	poStore
	poSource
	poTarget
	poRefID
	poAmount
)

var poSpec = &platSpec{what: "Payoneer", dateCol: poDate, cols: []platCol{
	poDate: {"Transaction Date", "Date"}, poTime: {"Transaction Time"}, poID: {"Transaction ID"},
	poDesc: {"Description"}, poCredit: {"Credit Amount"}, poDebit: {"Debit Amount"},
	poCurrency: {"Currency"}, poStatus: {"Status"}, poBalance: {"Running Balance"},
	poAddDesc: {"Additional Description"}, poStore: {"Store Name"}, poSource: {"Source"},
	poTarget: {"Target"}, poRefID: {"Reference ID"}, poAmount: {"Amount"},
}, layouts: []platLayout{
	{"transactions CSV (17 columns: Credit Amount, Debit Amount, Running Balance)", []int{poDate, poID, poDesc, poCredit, poDebit, poCurrency}},
	{"activity export (7 columns: Date as 5 Jan, 2024, Description, signed Amount, Currency, Status)", []int{poDate, poDesc, poAmount, poCurrency, poStatus}},
}}

func (*payoneerCSV) Detect(s *Sample) Match { return poSpec.detect(s) }

// poText is what a Payoneer row says about itself.
type poText struct{ desc, addDesc, source string }

// poClassify places a Payoneer row by its description and direction.
func poClassify(r poText, in bool) (ledger.Kind, string, string) {
	d := Norm(r.desc + " " + r.addDesc)
	switch {
	case platHasAny(d, "card charge", "card purchase", "card transaction", "atm", "card refund"):
		return ledger.Unclassified, "other", "card payment or refund (spending, personal or business)"
	case platHasWord(d, "fee", "fees") || platHasAny(d, "commission"):
		return ledger.Fee, "fee", ""
	case platHasAny(d, "convert", "conversion", "currency exchange", "balance transfer", "transfer to balance",
		"transfer from balance", "between balances"):
		return ledger.Transfer, "transfer", ""
	case platHasAny(d, "withdraw", "transfer to bank", "to bank account", "to your bank", "payout to", "load to card",
		"top up", "topup", "added funds", "add funds"):
		return ledger.Transfer, "transfer", ""
	case platHasAny(d, "refund", "chargeback", "reversal"):
		if in {
			return ledger.Unclassified, "other", "refund or reversal received"
		}
		return ledger.Refund, "refund", ""
	case in && platHasAny(d, "payment from", "payment received", "received", "payment request", "incoming", "paid by"):
		if platPayoutFrom("payoneer", r.desc, r.source, r.addDesc) != "" {
			return ledger.Transfer, "transfer", ""
		}
		return ledger.Income, "income", ""
	case !in && platHasAny(d, "payment to", "sent", "transfer to"):
		return ledger.Unclassified, "other", "payment sent (a purchase or a payment to someone)"
	}
	return ledger.Unclassified, "other", fmt.Sprintf("unknown Payoneer description %q", r.desc)
}

func (p *payoneerCSV) Import(ctx context.Context, file string, rows Rows, sink Sink) error {
	occ := Occurrences{}
	f := &platFile{spec: poSpec, file: file, sink: sink, bal: newPlatBalance(),
		dates: &platDates{fallback: platMDY, why: "Payoneer writes MM/DD/YYYY", documented: true}}
	return runPlatform(ctx, f, rows, platHooks{row: func(r *platRow) error { return p.row(r, occ) }})
}

func (p *payoneerCSV) row(r *platRow, occ Occurrences) error {
	sink, bal := r.sink, r.bal
	date, err := r.date(poDate)
	if err != nil {
		return err
	}
	var amount decimal.Decimal
	if r.idx[poAmount] >= 0 && r.idx[poCredit] < 0 {
		// the activity export: one signed Amount
		if amount, err = r.amount(poAmount); err != nil {
			return err
		}
	} else {
		credit, err := r.amount(poCredit)
		if err != nil {
			return err
		}
		debit, err := r.amount(poDebit)
		if err != nil {
			return err
		}
		amount = credit.Abs().Sub(debit.Abs())
	}
	cur := platCurrency(r.get(poCurrency))
	account := "payoneer:" + cur
	bal.stamp(date, r.get(poTime))
	balance, err := r.optAmount(poBalance)
	if err != nil {
		return err
	}
	status := Norm(r.get(poStatus))
	switch {
	case status == "" || platHasAny(status, "complete", "approved", "paid", "success", "processed"):
	case platHasAny(status, "pending", "in process", "processing", "cancel", "fail", "declin", "reject", "revers", "expired", "on hold", "held"):
		sink.Skip(r.line, SkipNotCompleted)
		if balance.Valid {
			bal.reset(r.line, account, balance.Decimal)
		}
		return nil
	default:
		sink.Warn(r.line, "unknown Payoneer status %q: imported as unclassified", r.get(poStatus))
	}
	if balance.Valid {
		bal.add(r.line, account, amount, balance.Decimal)
	} else {
		bal.move(r.line, account, amount)
	}
	if amount.IsZero() {
		sink.Skip(r.line, SkipZero)
		return nil
	}
	rec := poText{desc: r.get(poDesc), addDesc: r.get(poAddDesc), source: r.get(poSource)}
	kind, part, why := poClassify(rec, amount.IsPositive())
	if status != "" && !platHasAny(status, "complete", "approved", "paid", "success", "processed") {
		kind, part = ledger.Unclassified, "other"
	} else if kind == ledger.Unclassified && strings.HasPrefix(why, "unknown") {
		r.unknown(r.line, why, amount, cur)
	} else if kind == ledger.Unclassified {
		sink.Warn(r.line, "%s: imported as unclassified", why)
	}
	desc := joinNonEmpty(" — ", rec.desc, rec.addDesc, r.get(poStore))
	if ref := r.get(poRefID); ref != "" {
		desc += " (ref " + ref + ")"
	}
	cp := rec.source
	if amount.IsNegative() {
		cp = r.get(poTarget)
	}
	id := r.get(poID)
	key := "payoneer|" + id + "|" + part
	if id == "" {
		key = "payoneer|row|" + date.Format(ledger.DateLayout) + "|" + r.get(poTime) + "|" + cur + "|" + amount.String() + "|" + Norm(rec.desc) + "|" + part
	}
	e := ledger.Entry{Key: occ.Key(key), Date: date, Source: "payoneer", Account: account, Kind: kind,
		Amount: amount, Currency: cur, Description: desc, Counterparty: cp, Ref: id, File: r.file, Line: r.line}
	return sink.Entry(e)
}
