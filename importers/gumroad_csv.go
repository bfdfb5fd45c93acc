package importers

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/incomeledger/income/ledger"
	"github.com/shopspring/decimal"
)

// gumroadSales reads Gumroad's sales export (Audience/Sales → export): one
// row a purchase, 72+ columns with custom fields appended, flags 1/0, all
// ($) columns USD and a Totals row last; and the older sales layout whose
// fee column is "Gumroad Fee ($)", without the Tip and tax columns.
type gumroadSales struct{}

var _ Importer = (*gumroadSales)(nil)

func (*gumroadSales) Name() string { return "gumroad" }

func (*gumroadSales) Describe() string {
	return "Gumroad: " + gsSpec.describeLayouts()
}

// The Gumroad sales export's columns.
const (
	gsID = iota
	gsItem
	gsDate
	gsFees
	gsNet
	gsPartial
	gsFull
	gsRefunded
	gsDisp
	gsDispWon
)

var gsSpec = &platSpec{what: "Gumroad sales", dateCol: -1, cols: []platCol{
	gsID: {"Purchase ID"}, gsItem: {"Item Name"}, gsDate: {"Purchase Date"},
	gsFees: {"Fees ($)", "Gumroad Fee ($)"}, gsNet: {"Net Total ($)"}, gsPartial: {"Partial Refund ($)"},
	gsFull: {"Fully Refunded?"}, gsRefunded: {"Refunded?"}, gsDisp: {"Disputed?"}, gsDispWon: {"Dispute Won?"},
}, layouts: []platLayout{
	{"sales export CSV", []int{gsID, gsDate, gsFees, gsNet, gsFull, gsPartial}},
	{"older sales export CSV (Gumroad Fee ($), no Tip or Taxes columns)", []int{gsID, gsDate, gsFees, gsNet}},
}}

func (*gumroadSales) Detect(s *Sample) Match { return gsSpec.detect(s) }

// gumroadKey is the de-duplication key of a Gumroad sale's entries, shared
// by the sales export and the payout CSV so that importing both counts each
// sale once.
func gumroadKey(purchaseID, part string) string { return "gumroad|" + purchaseID + "|" + part }

// gumroadFile starts a Gumroad file: USD amounts written 12.5, dates
// 2006-01-02.
func gumroadFile(spec *platSpec, file string, sink Sink) *platFile {
	return &platFile{spec: spec, file: file, sink: sink, nums: platNumbers{style: DotDecimal, fixed: true},
		dateLayouts: []string{"2006-01-02"}}
}

func (g *gumroadSales) Import(ctx context.Context, file string, rows Rows, sink Sink) error {
	var sumFees, sumNet decimal.Decimal
	refundWarned := false
	f := gumroadFile(gsSpec, file, sink)
	return runPlatform(ctx, f, rows, platHooks{
		start: func(f *platFile) {
			if f.idx[gsFull] < 0 && f.idx[gsPartial] < 0 && f.idx[gsRefunded] < 0 && f.idx[gsDisp] < 0 {
				sink.Warn(f.hline, "this Gumroad sales layout has no refund columns: refunds are not in it (import the payout CSVs for refunds)")
			}
		},
		row: func(r *platRow) error {
			id := r.get(gsID)
			if strings.EqualFold(id, "Totals") {
				sink.Skip(r.line, SkipTotals)
				checkTotal(sink, r.line, "Fees ($)", r.get(gsFees), sumFees)
				checkTotal(sink, r.line, "Net Total ($)", r.get(gsNet), sumNet)
				return nil
			}
			if id == "" {
				return r.errorf("empty Purchase ID")
			}
			date, err := r.date(gsDate)
			if err != nil {
				return err
			}
			v, err := r.amounts(gsFees, gsNet, gsPartial)
			if err != nil {
				return err
			}
			fees, net, partial := v[0], v[1], v[2]
			sumFees, sumNet = sumFees.Add(fees), sumNet.Add(net)
			income := net.Add(fees)
			base := ledger.Entry{Date: date, Source: "gumroad", Account: "gumroad", Currency: "USD",
				Description: r.get(gsItem), Ref: id, File: file, Line: r.line}
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
			case isFlag(r.get(gsFull)):
				refund = income
			case partial.IsPositive():
				refund = partial
			case isFlag(r.get(gsDisp)) && !isFlag(r.get(gsDispWon)):
				refund = income
			}
			if !refund.IsPositive() {
				return nil
			}
			if err := emit("refund", ledger.Refund, refund.Neg()); err != nil {
				return err
			}
			if !refundWarned {
				sink.Warn(r.line, "Gumroad's sales export has no refund date: refunds are dated at the purchase date (import the payout CSVs for dated refunds)")
				refundWarned = true
			}
			return nil
		},
	})
}

// gumroadPayout reads one Gumroad payout CSV: dated sales, refunds,
// chargebacks and fees of one payout, then a Totals row.
type gumroadPayout struct{}

var _ Importer = (*gumroadPayout)(nil)

func (*gumroadPayout) Name() string { return "gumroad-payout" }

func (*gumroadPayout) Describe() string {
	return "Gumroad: " + gpSpec.describeLayouts() + "; rows Sale, Full Refund, Partial Refund, Chargeback, PayPal Refund, " +
		"Stripe Connect Refund, Affiliate Credit, Credit, Payout Fee, PayPal/Stripe Connect Affiliate Fees, " +
		"PayPal Payouts, Stripe Connect Payouts, Technical Adjustment"
}

// The Gumroad payout CSV's columns.
const (
	gpType = iota
	gpDate
	gpID
	gpItem
	gpFees
	gpNet
)

var gpSpec = &platSpec{what: "Gumroad payout", dateCol: -1, cols: []platCol{
	gpType: {"Type"}, gpDate: {"Date"}, gpID: {"Purchase ID"}, gpItem: {"Item Name"},
	gpFees: {"Gumroad Fees ($)"}, gpNet: {"Net Total ($)"},
}, layouts: []platLayout{
	{"payout CSV", []int{gpType, gpDate, gpID, gpFees, gpNet}},
}}

func (*gumroadPayout) Detect(s *Sample) Match { return gpSpec.detect(s) }

// gumroadPayoutState is what a payout CSV's rows add up to.
type gumroadPayoutState struct {
	occ       Occurrences
	sumNet    decimal.Decimal
	last      time.Time
	totalLine int
	total     decimal.NullDecimal
}

func (g *gumroadPayout) Import(ctx context.Context, file string, rows Rows, sink Sink) error {
	st := &gumroadPayoutState{occ: Occurrences{}}
	f := gumroadFile(gpSpec, file, sink)
	return runPlatform(ctx, f, rows, platHooks{
		row: func(r *platRow) error { return g.row(r, st) },
		end: func() error {
			// The payout itself leaves Gumroad for the seller's bank or
			// PayPal: a transfer of the file's total on its last date, for
			// transfer matching.
			if !st.total.Valid || !st.total.Decimal.IsPositive() {
				return nil
			}
			return sink.Entry(ledger.Entry{Key: "gumroad|payout|" + st.last.Format(ledger.DateLayout) + "|" + st.total.Decimal.String(),
				Date: st.last, Source: "gumroad", Account: "gumroad", Kind: ledger.Transfer, Amount: st.total.Decimal.Neg(),
				Currency: "USD", Description: "Payout", File: file, Line: st.totalLine})
		},
	})
}

func (g *gumroadPayout) row(r *platRow, st *gumroadPayoutState) error {
	sink := r.sink
	typ := r.get(gpType)
	if strings.EqualFold(typ, "Totals") {
		sink.Skip(r.line, SkipTotals)
		checkTotal(sink, r.line, "Net Total ($)", r.get(gpNet), st.sumNet)
		if t, err := ParseAmount(r.get(gpNet), DotDecimal); err == nil {
			st.total, st.totalLine = decimal.NewNullDecimal(t), r.line
		}
		return nil
	}
	date, err := r.date(gpDate)
	if err != nil {
		return err
	}
	v, err := r.amounts(gpFees, gpNet)
	if err != nil {
		return err
	}
	fees, net := v[0], v[1]
	st.sumNet = st.sumNet.Add(net)
	if date.After(st.last) {
		st.last = date
	}
	id := r.get(gpID)
	base := ledger.Entry{Date: date, Source: "gumroad", Account: "gumroad", Currency: "USD",
		Description: joinNonEmpty(": ", typ, r.get(gpItem)), Ref: id, File: r.file, Line: r.line}
	emit := func(key string, kind ledger.Kind, amount decimal.Decimal) error {
		if amount.IsZero() {
			return nil
		}
		e := base
		k, why := Classify(kind, amount)
		if why != "" {
			sink.Warn(r.line, "%s: imported as unclassified", why)
		}
		e.Key, e.Kind, e.Amount = key, k, amount
		return sink.Entry(e)
	}
	rowKey := func(part string) string {
		if id != "" {
			return st.occ.Key(gumroadKey(id, part))
		}
		return st.occ.Key("gumroad|" + part + "|" + date.Format(ledger.DateLayout) + "|" + net.String())
	}
	// refund keys: the first refund of a purchase shares the sales
	// export's key (same money); later partial refunds count on.
	refundKey := func(part string) string {
		k := rowKey(part)
		return strings.TrimSuffix(k, "#1")
	}
	switch Norm(typ) {
	case "sale":
		return errors.Join(emit(gumroadKey(id, "sale"), ledger.Income, net.Add(fees)), emit(gumroadKey(id, "fee"), ledger.Fee, fees.Neg()))
	case "full refund", "partial refund", "chargeback", "paypal refund", "stripe connect refund":
		return errors.Join(emit(refundKey("refund"), ledger.Refund, net.Add(fees)), emit(refundKey("feerefund"), ledger.Fee, fees.Neg()))
	case "affiliate credit":
		return emit(rowKey("affiliate"), ledger.Income, net)
	case "credit":
		// a balance credit from Gumroad: a retained fee given back, or a
		// credit on a charged-back purchase (Gumroad's payouts/base.rb)
		return emit(rowKey("credit"), ledger.Fee, net)
	case "technical adjustment":
		// Gumroad's own correction so that the rows add up to the amount
		// it paid out (payouts/base.rb)
		sink.Warn(r.line, "Gumroad Technical Adjustment of %s USD (Gumroad's correction to make the rows add up to the payout): imported as a fee", net)
		return emit(rowKey("adjustment"), ledger.Fee, net)
	case "payout fee", "paypal connect affiliate fees", "stripe connect affiliate fees":
		return emit(rowKey("payoutfee"), ledger.Fee, net)
	case "paypal payouts", "stripe connect payouts":
		return emit(rowKey("connect-payout"), ledger.Transfer, net)
	}
	r.unknown(r.line, fmt.Sprintf("unknown Gumroad payout row type %q", typ), net, "USD")
	return emit(rowKey("other|"+Norm(typ)), ledger.Unclassified, net)
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
