package importers

import (
	"context"
	"fmt"
	"strings"

	"github.com/incomeledger/income/ledger"
)

// upworkCSV reads Upwork's transaction history in every known layout: the
// 19-column export (both header spellings), the 13-column
// statements_*.csv, and its variant with ExchangeRate. Amounts are USD.
type upworkCSV struct{}

var _ Importer = (*upworkCSV)(nil)

func (*upworkCSV) Name() string { return "upwork" }

func (*upworkCSV) Describe() string {
	return "Upwork: " + upSpec.describeLayouts()
}

// Upwork's columns, in both header spellings and the older layout.
const (
	upDate = iota
	upID
	upType
	upAmount
	upSummary
	upDetails
	upClient
	upBalance
	upRefID
	upFreelancer
	upAgency
)

var upSpec = &platSpec{what: "Upwork", dateCol: -1, cols: []platCol{
	upDate: {"Date"}, upID: {"Transaction ID", "Ref ID"}, upType: {"Transaction type", "Type"},
	upAmount: {"Amount $", "Amount"}, upSummary: {"Transaction summary", "Description"},
	upDetails: {"Transaction summary details"}, upClient: {"Client team", "Team"},
	upBalance: {"Current balance $", "Balance"}, upRefID: {"Ref ID"}, upFreelancer: {"Freelancer"},
	upAgency: {"Agency", "Agency team"},
}, layouts: []platLayout{
	{"transaction history CSV (19-column export in both header spellings; 13-column statements_*.csv, also with ExchangeRate)",
		[]int{upDate, upID, upType, upAmount, upBalance, upFreelancer, upAgency}},
}}

func (*upworkCSV) Detect(s *Sample) Match { return upSpec.detect(s) }

// upworkKinds maps Upwork's transaction types (case-insensitive) to kinds,
// exactly as conventions.md lists them.
var upworkKinds = map[string]ledger.Kind{
	"hourly": ledger.Income, "fixed-price": ledger.Income, "fixed price": ledger.Income,
	"milestone": ledger.Income, "bonus": ledger.Income, "payment": ledger.Income,
	"service fee": ledger.Fee, "withdrawal fee": ledger.Fee, "processing fee": ledger.Fee,
	"vat": ledger.Fee, "gst": ledger.Fee, "service fee refund": ledger.Fee,
	"refund": ledger.Refund, "refund to client": ledger.Refund,
	"withdrawal": ledger.Transfer,
	"membership": ledger.Expense, "membership fee": ledger.Expense, "connects": ledger.Expense, "subscription": ledger.Expense,
	"wht": ledger.TaxWithheld,
}

func (u *upworkCSV) Import(ctx context.Context, file string, rows Rows, sink Sink) error {
	occ := Occurrences{}
	// Upwork files run newest first; the balance column is the balance
	// after each row.
	balances := NewBalanceCheck(true)
	f := &platFile{spec: upSpec, file: file, sink: sink, nums: platNumbers{style: DotDecimal, fixed: true},
		dateLayouts: []string{"Jan 2, 2006", "January 2, 2006", "2006-01-02", "01/02/2006"}}
	return runPlatform(ctx, f, rows, platHooks{
		row: func(r *platRow) error { return u.row(r, occ, balances) },
		end: func() error {
			if f.idx[upBalance] >= 0 {
				balances.Finish(sink)
			}
			return nil
		},
	})
}

func (u *upworkCSV) row(r *platRow, occ Occurrences, balances *BalanceCheck) error {
	sink := r.sink
	typ := r.get(upType)
	balance, err := ParseAmount(r.get(upBalance), DotDecimal)
	hasBalance := err == nil // an unreadable balance is not checked
	if strings.EqualFold(typ, "Journal") {
		sink.Skip(r.line, SkipJournal)
		if hasBalance {
			balances.Reset(r.line, "upwork", balance)
		}
		return nil
	}
	date, err := r.date(upDate)
	if err != nil {
		return err
	}
	amount, err := r.amount(upAmount)
	if err != nil {
		return err
	}
	switch {
	case hasBalance:
		balances.Add(r.line, "upwork", amount, balance)
	case r.get(upBalance) == "":
		balances.Move(r.line, "upwork", amount)
	}
	kind, ok := upworkKinds[Norm(typ)]
	if !ok {
		kind = ledger.Unclassified
		r.unknown(r.line, fmt.Sprintf("unknown Upwork transaction type %q", typ), amount, "USD")
	}
	kind, why := Classify(kind, amount)
	if why != "" {
		sink.Warn(r.line, "%s: imported as unclassified", why)
	}
	id := r.get(upID)
	desc := joinNonEmpty(" / ", r.get(upSummary), r.get(upDetails))
	var key string
	if id != "" {
		key = occ.Key("upwork|" + id + "|" + Norm(typ))
	} else {
		key = occ.Key("upwork|row|" + date.Format(ledger.DateLayout) + "|" + Norm(typ) + "|" + amount.String() + "|" + desc)
	}
	ref := id
	if ref == "" {
		ref = r.get(upRefID)
	}
	return sink.Entry(ledger.Entry{
		Key: key, Date: date, Source: "upwork", Account: "upwork", Kind: kind,
		Amount: amount, Currency: "USD", Description: joinNonEmpty(": ", typ, desc),
		Counterparty: r.get(upClient), Ref: ref, File: r.file, Line: r.line,
	})
}

func isBlank(cells []string) bool {
	for _, c := range cells {
		if c != "" {
			return false
		}
	}
	return true
}

func joinNonEmpty(sep string, parts ...string) string {
	var keep []string
	for _, p := range parts {
		if p != "" {
			keep = append(keep, p)
		}
	}
	return strings.Join(keep, sep)
}
