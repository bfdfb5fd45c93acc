package importers

import (
	"context"
	"errors"
	"fmt"
	"io"
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
	return "Payoneer transactions CSV: header Transaction Date, Transaction ID, Description, Credit Amount, Debit Amount, Currency"
}

var (
	poDate     = []string{"Transaction Date"}
	poTime     = []string{"Transaction Time"}
	poID       = []string{"Transaction ID"}
	poDesc     = []string{"Description"}
	poCredit   = []string{"Credit Amount"}
	poDebit    = []string{"Debit Amount"}
	poCurrency = []string{"Currency"}
	poStatus   = []string{"Status"}
	poBalance  = []string{"Running Balance"}
	poAddDesc  = []string{"Additional Description"}
	poStore    = []string{"Store Name"}
	poSource   = []string{"Source"}
	poTarget   = []string{"Target"}
	poRefID    = []string{"Reference ID"}
)

func (*payoneerCSV) Detect(s *Sample) Match {
	return DetectHeader(s, poDate, poID, poDesc, poCredit, poDebit, poCurrency)
}

type poRecord struct {
	line                                                  int
	date, time, id, desc, credit, debit, currency, status string
	balance, addDesc, store, source, target, refID        string
}

// poClassify places a Payoneer row by its description and direction.
func poClassify(r poRecord, in bool) (ledger.Kind, string, string) {
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
	var h Header
	var ix struct {
		date, time, id, desc, credit, debit, currency, status int
		balance, addDesc, store, source, target, refID        int
	}
	occ := Occurrences{}
	nums := &platNumbers{}
	dates := &platDates{fallback: platMDY, why: "Payoneer writes MM/DD/YYYY", documented: true}
	bal := newPlatBalance()
	for {
		row, err := rows.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("%s: %w: %w", file, err, ledger.ErrInvalid)
		}
		if h == nil {
			hh := NewHeader(row.Cells)
			if len(hh.Missing(poDate, poID, poDesc, poCredit, poDebit, poCurrency)) > 0 {
				continue
			}
			h = hh
			ix.date, ix.time, ix.id, ix.desc = h.Index(poDate...), h.Index(poTime...), h.Index(poID...), h.Index(poDesc...)
			ix.credit, ix.debit, ix.currency, ix.status = h.Index(poCredit...), h.Index(poDebit...), h.Index(poCurrency...), h.Index(poStatus...)
			ix.balance, ix.addDesc, ix.store = h.Index(poBalance...), h.Index(poAddDesc...), h.Index(poStore...)
			ix.source, ix.target, ix.refID = h.Index(poSource...), h.Index(poTarget...), h.Index(poRefID...)
			continue
		}
		if isBlank(row.Cells) {
			continue
		}
		c := row.Cells
		r := poRecord{line: row.Line, date: Cell(c, ix.date), time: Cell(c, ix.time), id: Cell(c, ix.id),
			desc: Cell(c, ix.desc), credit: Cell(c, ix.credit), debit: Cell(c, ix.debit), currency: Cell(c, ix.currency),
			status: Cell(c, ix.status), balance: Cell(c, ix.balance), addDesc: Cell(c, ix.addDesc),
			store: Cell(c, ix.store), source: Cell(c, ix.source), target: Cell(c, ix.target), refID: Cell(c, ix.refID)}
		err = dates.do(sink, row.Line, r.date, func() error {
			return p.row(file, r, sink, occ, nums, dates, bal)
		})
		if err != nil {
			return platWrap(file, row.Line, err)
		}
	}
	if h == nil {
		return fmt.Errorf("%s: no Payoneer header row found: %w", file, ledger.ErrInvalid)
	}
	if err := dates.finish(sink); err != nil {
		return platWrap(file, dates.firstWait, err)
	}
	bal.finish(sink)
	return nil
}

func (p *payoneerCSV) row(file string, r poRecord, sink Sink, occ Occurrences, nums *platNumbers, dates *platDates, bal *platBalance) error {
	fail := func(what string, err error) error {
		if what != "" {
			err = fmt.Errorf("%s: %w", what, err)
		}
		return &platRowErr{r.line, err}
	}
	date, err := dates.parse(r.date)
	if err != nil {
		return fail("", err)
	}
	credit, err := nums.parse(r.line, r.credit)
	if err != nil {
		return fail("Credit Amount", err)
	}
	debit, err := nums.parse(r.line, r.debit)
	if err != nil {
		return fail("Debit Amount", err)
	}
	amount := credit.Abs().Sub(debit.Abs())
	cur := platCurrency(r.currency)
	account := "payoneer:" + cur
	bal.stamp(date, r.time)
	var balance decimal.NullDecimal
	if strings.TrimSpace(r.balance) != "" {
		v, err := nums.parse(r.line, r.balance)
		if err != nil {
			return fail("Running Balance", err)
		}
		balance = decimal.NewNullDecimal(v)
	}
	status := Norm(r.status)
	switch {
	case status == "" || platHasAny(status, "complete", "approved", "paid", "success", "processed"):
	case platHasAny(status, "pending", "in process", "processing", "cancel", "fail", "declin", "reject", "revers", "expired", "on hold", "held"):
		sink.Skip(r.line)
		if balance.Valid {
			bal.reset(r.line, account, balance.Decimal)
		}
		return nil
	default:
		sink.Warn(r.line, "unknown Payoneer status %q: imported as unclassified", r.status)
	}
	if balance.Valid {
		bal.add(r.line, account, amount, balance.Decimal)
	} else {
		bal.move(r.line, account, amount)
	}
	if amount.IsZero() {
		sink.Skip(r.line)
		return nil
	}
	kind, part, why := poClassify(r, amount.IsPositive())
	if status != "" && !platHasAny(status, "complete", "approved", "paid", "success", "processed") {
		kind, part = ledger.Unclassified, "other"
	} else if kind == ledger.Unclassified {
		sink.Warn(r.line, "%s: imported as unclassified", why)
	}
	desc := joinNonEmpty(" — ", r.desc, r.addDesc, r.store)
	if r.refID != "" {
		desc += " (ref " + r.refID + ")"
	}
	cp := r.source
	if amount.IsNegative() {
		cp = r.target
	}
	key := "payoneer|" + r.id + "|" + part
	if r.id == "" {
		key = "payoneer|row|" + date.Format(ledger.DateLayout) + "|" + r.time + "|" + cur + "|" + amount.String() + "|" + Norm(r.desc) + "|" + part
	}
	e := ledger.Entry{Key: occ.Key(key), Date: date, Source: "payoneer", Account: account, Kind: kind,
		Amount: amount, Currency: cur, Description: desc, Counterparty: cp, Ref: r.id, File: file, Line: r.line}
	return sink.Entry(e)
}
