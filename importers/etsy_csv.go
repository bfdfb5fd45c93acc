package importers

import (
	"context"
	"fmt"
	"html"
	"regexp"
	"strings"

	"github.com/incomeledger/income/ledger"
	"github.com/shopspring/decimal"
)

// etsyStatement reads Etsy's monthly statement CSV (Shop Manager →
// Finances → Monthly statements → Download CSV): one row per sale, fee,
// tax, marketing charge, refund and deposit, money with currency symbols
// (CA$76.00, -£1.44), "--" for empty cells and no ids.
type etsyStatement struct{}

var _ Importer = (*etsyStatement)(nil)

func (*etsyStatement) Name() string { return "etsy" }

func (*etsyStatement) Describe() string {
	return "Etsy: " + etSpec.describeLayouts()
}

// The Etsy statement's columns.
const (
	etDate = iota
	etType
	etTitle
	etInfo
	etCurrency
	etAmount
	etFees
	etNet
)

var etSpec = &platSpec{what: "Etsy statement", dateCol: etDate, cols: []platCol{
	etDate: {"Date"}, etType: {"Type"}, etTitle: {"Title"}, etInfo: {"Info"}, etCurrency: {"Currency"},
	etAmount: {"Amount"}, etFees: {"Fees & Taxes"}, etNet: {"Net"},
}, layouts: []platLayout{
	{"monthly statement CSV", []int{etDate, etType, etTitle, etInfo, etCurrency, etAmount, etFees, etNet}},
}}

func (*etsyStatement) Detect(s *Sample) Match { return etSpec.detect(s) }

// etMoney finds the first amount in a deposit title: "CA$60.00 sent to your
// bank account".
var etMoney = regexp.MustCompile(`[-+]?[^\s\d-]{0,4}\d[\d.,]*`)

// etOrder finds an order or listing number: "Order #9001".
var etOrder = regexp.MustCompile(`(?i)(order|listing)\s*#\s*(\d+)`)

func (et *etsyStatement) Import(ctx context.Context, file string, rows Rows, sink Sink) error {
	occ := Occurrences{}
	f := &platFile{spec: etSpec, file: file, sink: sink,
		dates: &platDates{fallback: platMDY, why: "Etsy's US statements write month first"}}
	return runPlatform(ctx, f, rows, platHooks{row: func(r *platRow) error { return et.row(r, occ) }})
}

func (et *etsyStatement) row(r *platRow, occ Occurrences) error {
	sink := r.sink
	date, err := r.date(etDate)
	if err != nil {
		return err
	}
	amount, err := r.amount(etAmount)
	if err != nil {
		return err
	}
	fees, err := r.amount(etFees)
	if err != nil {
		return err
	}
	net := amount.Add(fees)
	if v := strings.TrimSpace(r.get(etNet)); v != "" && v != "--" {
		if net, err = r.amount(etNet); err != nil {
			return err
		}
		if !net.Equal(amount.Add(fees)) {
			sink.Warn(r.line, "Net %s is not Amount %s plus Fees & Taxes %s: imported Amount and Fees & Taxes", net, amount, fees)
		}
	}
	rtyp, title, info := r.get(etType), html.UnescapeString(r.get(etTitle)), html.UnescapeString(r.get(etInfo))
	cur := platCurrency(r.get(etCurrency))
	typ := Norm(rtyp)
	ref := ""
	if m := etOrder.FindStringSubmatch(info + " " + title); m != nil {
		ref = m[0]
	}
	base := ledger.Entry{Date: date, Source: "etsy", Account: "etsy", Currency: cur, Ref: ref,
		Description: joinNonEmpty(": ", rtyp, joinNonEmpty(" — ", title, info)), File: r.file, Line: r.line}
	keyBase := "etsy|" + date.Format(ledger.DateLayout) + "|" + typ + "|" + title + "|" + info + "|" + amount.String() + "|" + fees.String()
	sent := false
	emit := func(part string, kind ledger.Kind, amt decimal.Decimal) error {
		k, why := Classify(kind, amt)
		if why != "" {
			sink.Warn(r.line, "%s: imported as unclassified", why)
		}
		e := base
		e.Key, e.Kind, e.Amount = occ.Key(keyBase+"|"+part), k, amt
		ok, err := platEmit(sink, e)
		sent = sent || ok
		return err
	}
	switch typ {
	case "sale":
		if amount.IsNegative() {
			err = emit("sale", ledger.Unclassified, amount)
			sink.Warn(r.line, "Etsy sale with a negative amount %s: imported as unclassified", amount)
		} else {
			err = emit("sale", ledger.Income, amount)
		}
		if err == nil {
			err = emit("fee", ledger.Fee, fees)
		}
	case "refund":
		if err = emit("refund", ledger.Refund, amount); err == nil {
			err = emit("fee", ledger.Fee, fees) // fees Etsy gives back: positive
		}
	case "fee", "marketing", "etsy ads", "offsite ads":
		err = emit("fee", ledger.Fee, net)
	case "tax", "vat", "sales tax":
		if net.IsPositive() {
			sink.Warn(r.line, "Etsy %s row of +%s %s: imported as unclassified (taxes Etsy collects from buyers are never income)", rtyp, net, cur)
			err = emit("tax", ledger.Unclassified, net)
		} else {
			err = emit("fee", ledger.Fee, net) // tax on Etsy's own fees
		}
	case "shipping", "postage", "shipping label":
		err = emit("shipping", ledger.Expense, net)
	case "deposit":
		amt := net
		if amt.IsZero() {
			m := strings.TrimRight(etMoney.FindString(title), ".,")
			if m == "" {
				sink.Skip(r.line)
				sink.Warn(r.line, "Etsy deposit %q states no amount: not imported", title)
				return nil
			}
			if amt, err = r.nums.parse(r.line, m); err != nil {
				return r.errorf("deposit amount in Title: %w", err)
			}
			amt = amt.Abs().Neg()
		}
		base.Counterparty = "bank account"
		err = emit("deposit", ledger.Transfer, amt)
	case "reserve", "hold", "release", "payment reserve":
		sink.Skip(r.line)
		return nil
	default:
		r.unknown(r.line, fmt.Sprintf("unknown Etsy row type %q", rtyp), net, cur)
		err = emit("other", ledger.Unclassified, net)
	}
	if err != nil {
		return err
	}
	if !sent {
		sink.Skip(r.line)
	}
	return nil
}
