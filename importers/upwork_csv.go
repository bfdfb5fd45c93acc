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

// upworkCSV reads Upwork's transaction history in every known layout: the
// 19-column export (both header spellings), the 13-column
// statements_*.csv, and its variant with ExchangeRate. Amounts are USD.
type upworkCSV struct{}

var _ Importer = (*upworkCSV)(nil)

func (*upworkCSV) Name() string { return "upwork" }

func (*upworkCSV) Describe() string {
	return "Upwork transaction history CSV (19-column export; 13-column statements_*.csv; ExchangeRate variant): header Date, Transaction ID or Ref ID, Transaction type or Type, Amount $ or Amount"
}

var (
	upDate    = []string{"Date"}
	upID      = []string{"Transaction ID", "Ref ID"}
	upType    = []string{"Transaction type", "Type"}
	upAmount  = []string{"Amount $", "Amount"}
	upSummary = []string{"Transaction summary", "Description"}
	upDetails = []string{"Transaction summary details"}
	upClient  = []string{"Client team", "Team"}
	upBalance = []string{"Current balance $", "Balance"}
	upRefID   = []string{"Ref ID"}
)

func (*upworkCSV) Detect(s *Sample) Match {
	m := DetectHeader(s, upDate, upID, upType, upAmount, upBalance, []string{"Freelancer"}, []string{"Agency", "Agency team"})
	return m
}

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
	var h Header
	var iDate, iID, iType, iAmount, iSummary, iDetails, iClient, iRef, iBalance int
	occ := Occurrences{}
	// Upwork files run newest first; the balance column is the balance
	// after each row.
	balances := NewBalanceCheck(true)
	balance := func(line int, amount decimal.Decimal, cells []string) {
		b := Cell(cells, iBalance)
		if b == "" {
			balances.Move(line, "upwork", amount)
			return
		}
		if v, err := ParseAmount(b, DotDecimal); err == nil {
			balances.Add(line, "upwork", amount, v)
		}
	}
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
			if len(hh.Missing(upDate, upID, upType, upAmount)) > 0 {
				continue
			}
			h = hh
			iDate, iID, iType, iAmount = h.Index(upDate...), h.Index(upID...), h.Index(upType...), h.Index(upAmount...)
			iSummary, iDetails, iClient = h.Index(upSummary...), h.Index(upDetails...), h.Index(upClient...)
			iRef, iBalance = h.Index(upRefID...), h.Index(upBalance...)
			continue
		}
		if isBlank(row.Cells) {
			continue
		}
		typ := Cell(row.Cells, iType)
		if strings.EqualFold(typ, "Journal") {
			sink.Skip(row.Line)
			if v, err := ParseAmount(Cell(row.Cells, iBalance), DotDecimal); err == nil {
				balances.Reset(row.Line, "upwork", v)
			}
			continue
		}
		date, err := ParseDate(Cell(row.Cells, iDate), "Jan 2, 2006", "January 2, 2006", "2006-01-02", "01/02/2006")
		if err != nil {
			return RowError(file, row.Line, err)
		}
		amount, err := ParseAmount(Cell(row.Cells, iAmount), DotDecimal)
		if err != nil {
			return RowError(file, row.Line, err)
		}
		balance(row.Line, amount, row.Cells)
		kind, ok := upworkKinds[Norm(typ)]
		if !ok {
			kind = ledger.Unclassified
			sink.Warn(row.Line, "unknown Upwork transaction type %q: imported as unclassified", typ)
		}
		kind, why := Classify(kind, amount)
		if why != "" {
			sink.Warn(row.Line, "%s: imported as unclassified", why)
		}
		id := Cell(row.Cells, iID)
		desc := joinNonEmpty(" / ", Cell(row.Cells, iSummary), Cell(row.Cells, iDetails))
		var key string
		if id != "" {
			key = occ.Key("upwork|" + id + "|" + Norm(typ))
		} else {
			key = occ.Key("upwork|row|" + date.Format(ledger.DateLayout) + "|" + Norm(typ) + "|" + amount.String() + "|" + desc)
		}
		ref := id
		if ref == "" {
			ref = Cell(row.Cells, iRef)
		}
		e := ledger.Entry{
			Key: key, Date: date, Source: "upwork", Account: "upwork", Kind: kind,
			Amount: amount, Currency: "USD", Description: joinNonEmpty(": ", typ, desc),
			Counterparty: Cell(row.Cells, iClient), Ref: ref, File: file, Line: row.Line,
		}
		if err := sink.Entry(e); err != nil {
			return err
		}
	}
	if h == nil {
		return fmt.Errorf("%s: no Upwork header row found: %w", file, ledger.ErrInvalid)
	}
	if iBalance >= 0 {
		balances.Finish(sink)
	}
	return nil
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
