package importers

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/incomeledger/income/ledger"
	"github.com/shopspring/decimal"
)

// gumroadSales reads Gumroad's sales export (Audience/Sales → export): one
// row a purchase, 72+ columns with custom fields appended, flags 1/0, all
// ($) columns USD and a Totals row last.
type gumroadSales struct{}

var _ Importer = (*gumroadSales)(nil)

func (*gumroadSales) Name() string { return "gumroad" }

func (*gumroadSales) Describe() string {
	return "Gumroad sales export CSV: header Purchase ID, Purchase Date, Fees ($), Net Total ($), Fully Refunded?"
}

var (
	gsID      = []string{"Purchase ID"}
	gsItem    = []string{"Item Name"}
	gsDate    = []string{"Purchase Date"}
	gsFees    = []string{"Fees ($)"}
	gsNet     = []string{"Net Total ($)"}
	gsPartial = []string{"Partial Refund ($)"}
	gsFull    = []string{"Fully Refunded?"}
	gsDisp    = []string{"Disputed?"}
	gsDispWon = []string{"Dispute Won?"}
)

func (*gumroadSales) Detect(s *Sample) Match {
	return DetectHeader(s, gsID, gsDate, gsFees, gsNet, gsFull, gsPartial)
}

// gumroadKey is the de-duplication key of a Gumroad sale's entries, shared
// by the sales export and the payout CSV so that importing both counts each
// sale once.
func gumroadKey(purchaseID, part string) string { return "gumroad|" + purchaseID + "|" + part }

func (g *gumroadSales) Import(ctx context.Context, file string, rows Rows, sink Sink) error {
	var h Header
	var iID, iItem, iDate, iFees, iNet, iPartial, iFull, iDisp, iDispWon int
	var sumFees, sumNet decimal.Decimal
	refundWarned := false
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
			if len(hh.Missing(gsID, gsDate, gsFees, gsNet)) > 0 {
				continue
			}
			h = hh
			iID, iItem, iDate, iFees, iNet = h.Index(gsID...), h.Index(gsItem...), h.Index(gsDate...), h.Index(gsFees...), h.Index(gsNet...)
			iPartial, iFull, iDisp, iDispWon = h.Index(gsPartial...), h.Index(gsFull...), h.Index(gsDisp...), h.Index(gsDispWon...)
			continue
		}
		if isBlank(row.Cells) {
			continue
		}
		id := Cell(row.Cells, iID)
		if strings.EqualFold(id, "Totals") {
			sink.Skip(row.Line)
			checkTotal(sink, row.Line, "Fees ($)", Cell(row.Cells, iFees), sumFees)
			checkTotal(sink, row.Line, "Net Total ($)", Cell(row.Cells, iNet), sumNet)
			continue
		}
		if id == "" {
			return RowError(file, row.Line, errors.New("empty Purchase ID"))
		}
		date, err := ParseDate(Cell(row.Cells, iDate), "2006-01-02")
		if err != nil {
			return RowError(file, row.Line, err)
		}
		fees, err := usd(row.Cells, iFees)
		if err != nil {
			return cellError(file, row.Line, "Fees ($)", err)
		}
		net, err := usd(row.Cells, iNet)
		if err != nil {
			return cellError(file, row.Line, "Net Total ($)", err)
		}
		partial, err := usd(row.Cells, iPartial)
		if err != nil {
			return cellError(file, row.Line, "Partial Refund ($)", err)
		}
		sumFees, sumNet = sumFees.Add(fees), sumNet.Add(net)
		income := net.Add(fees)
		base := ledger.Entry{Date: date, Source: "gumroad", Account: "gumroad", Currency: "USD",
			Description: Cell(row.Cells, iItem), Ref: id, File: file, Line: row.Line}
		emit := func(part string, kind ledger.Kind, amount decimal.Decimal) error {
			e := base
			e.Key, e.Kind, e.Amount = gumroadKey(id, part), kind, amount
			return sink.Entry(e)
		}
		if err := emit("sale", ledger.Income, income); err != nil {
			return err
		}
		if !fees.IsZero() {
			if err := emit("fee", ledger.Fee, fees.Neg()); err != nil {
				return err
			}
		}
		var refund decimal.Decimal
		switch {
		case isFlag(Cell(row.Cells, iFull)):
			refund = income
		case partial.IsPositive():
			refund = partial
		case isFlag(Cell(row.Cells, iDisp)) && !isFlag(Cell(row.Cells, iDispWon)):
			refund = income
		}
		if refund.IsPositive() {
			if err := emit("refund", ledger.Refund, refund.Neg()); err != nil {
				return err
			}
			if !refundWarned {
				sink.Warn(row.Line, "Gumroad's sales export has no refund date: refunds are dated at the purchase date (import the payout CSVs for dated refunds)")
				refundWarned = true
			}
		}
	}
	if h == nil {
		return fmt.Errorf("%s: no Gumroad header row found: %w", file, ledger.ErrInvalid)
	}
	return nil
}

// gumroadPayout reads one Gumroad payout CSV: dated sales, refunds,
// chargebacks and fees of one payout, then a Totals row.
type gumroadPayout struct{}

var _ Importer = (*gumroadPayout)(nil)

func (*gumroadPayout) Name() string { return "gumroad-payout" }

func (*gumroadPayout) Describe() string {
	return "Gumroad payout CSV: header Type, Date, Purchase ID, Gumroad Fees ($), Net Total ($)"
}

var (
	gpType = []string{"Type"}
	gpDate = []string{"Date"}
	gpFees = []string{"Gumroad Fees ($)"}
)

func (*gumroadPayout) Detect(s *Sample) Match {
	return DetectHeader(s, gpType, gpDate, gsID, gpFees, gsNet)
}

func (g *gumroadPayout) Import(ctx context.Context, file string, rows Rows, sink Sink) error {
	var h Header
	var iType, iDate, iID, iItem, iFees, iNet int
	occ := Occurrences{}
	var sumNet decimal.Decimal
	var last time.Time
	var totalLine int
	var total decimal.NullDecimal
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
			if len(hh.Missing(gpType, gpDate, gsID, gpFees, gsNet)) > 0 {
				continue
			}
			h = hh
			iType, iDate, iID, iItem, iFees, iNet = h.Index(gpType...), h.Index(gpDate...), h.Index(gsID...), h.Index(gsItem...), h.Index(gpFees...), h.Index(gsNet...)
			continue
		}
		if isBlank(row.Cells) {
			continue
		}
		typ := Cell(row.Cells, iType)
		if strings.EqualFold(typ, "Totals") {
			sink.Skip(row.Line)
			checkTotal(sink, row.Line, "Net Total ($)", Cell(row.Cells, iNet), sumNet)
			if t, err := usd(row.Cells, iNet); err == nil {
				total, totalLine = decimal.NewNullDecimal(t), row.Line
			}
			continue
		}
		date, err := ParseDate(Cell(row.Cells, iDate), "2006-01-02")
		if err != nil {
			return RowError(file, row.Line, err)
		}
		fees, err := usd(row.Cells, iFees)
		if err != nil {
			return cellError(file, row.Line, "Gumroad Fees ($)", err)
		}
		net, err := usd(row.Cells, iNet)
		if err != nil {
			return cellError(file, row.Line, "Net Total ($)", err)
		}
		sumNet = sumNet.Add(net)
		if date.After(last) {
			last = date
		}
		id := Cell(row.Cells, iID)
		base := ledger.Entry{Date: date, Source: "gumroad", Account: "gumroad", Currency: "USD",
			Description: joinNonEmpty(": ", typ, Cell(row.Cells, iItem)), Ref: id, File: file, Line: row.Line}
		emit := func(key string, kind ledger.Kind, amount decimal.Decimal) error {
			if amount.IsZero() {
				return nil
			}
			e := base
			k, why := Classify(kind, amount)
			if why != "" {
				sink.Warn(row.Line, "%s: imported as unclassified", why)
			}
			e.Key, e.Kind, e.Amount = key, k, amount
			return sink.Entry(e)
		}
		rowKey := func(part string) string {
			if id != "" {
				return occ.Key(gumroadKey(id, part))
			}
			return occ.Key("gumroad|" + part + "|" + date.Format(ledger.DateLayout) + "|" + net.String())
		}
		// refund keys: the first refund of a purchase shares the sales
		// export's key (same money); later partial refunds count on.
		refundKey := func(part string) string {
			k := rowKey(part)
			return strings.TrimSuffix(k, "#1")
		}
		switch Norm(typ) {
		case "sale":
			err = errors.Join(emit(gumroadKey(id, "sale"), ledger.Income, net.Add(fees)), emit(gumroadKey(id, "fee"), ledger.Fee, fees.Neg()))
		case "full refund", "partial refund", "chargeback", "paypal refund", "stripe connect refund":
			err = errors.Join(emit(refundKey("refund"), ledger.Refund, net.Add(fees)), emit(refundKey("feerefund"), ledger.Fee, fees.Neg()))
		case "affiliate credit":
			err = emit(rowKey("affiliate"), ledger.Income, net)
		case "payout fee", "paypal connect affiliate fees", "stripe connect affiliate fees":
			err = emit(rowKey("payoutfee"), ledger.Fee, net)
		case "paypal payouts", "stripe connect payouts":
			err = emit(rowKey("connect-payout"), ledger.Transfer, net)
		default:
			sink.Warn(row.Line, "Gumroad row type %q: imported as unclassified", typ)
			err = emit(rowKey("other|"+Norm(typ)), ledger.Unclassified, net)
		}
		if err != nil {
			return err
		}
	}
	if h == nil {
		return fmt.Errorf("%s: no Gumroad payout header row found: %w", file, ledger.ErrInvalid)
	}
	// The payout itself leaves Gumroad for the seller's bank or PayPal: a
	// transfer of the file's total on its last date, for transfer matching.
	if total.Valid && total.Decimal.IsPositive() {
		e := ledger.Entry{Key: "gumroad|payout|" + last.Format(ledger.DateLayout) + "|" + total.Decimal.String(),
			Date: last, Source: "gumroad", Account: "gumroad", Kind: ledger.Transfer, Amount: total.Decimal.Neg(),
			Currency: "USD", Description: "Payout", File: file, Line: totalLine}
		if err := sink.Entry(e); err != nil {
			return err
		}
	}
	return nil
}

func usd(cells []string, i int) (decimal.Decimal, error) {
	v := Cell(cells, i)
	if v == "" {
		return decimal.Zero, nil
	}
	return ParseAmount(v, DotDecimal)
}

func isFlag(s string) bool {
	s = strings.ToLower(strings.TrimSpace(s))
	return s == "1" || s == "true" || s == "yes"
}

func checkTotal(sink Sink, line int, col, cell string, sum decimal.Decimal) {
	if cell == "" {
		return
	}
	t, err := ParseAmount(cell, DotDecimal)
	if err != nil {
		sink.Warn(line, "Totals %s %q: %v", col, cell, err)
		return
	}
	if !t.Equal(sum) {
		sink.Warn(line, "Totals row %s is %s but the rows add up to %s", col, t, sum)
	}
}
