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
	// English, and German (Datum, Art, …; the row types stay English)
	etDate: {"Date", "Datum"}, etType: {"Type", "Art"}, etTitle: {"Title", "Titel"}, etInfo: {"Info"},
	etCurrency: {"Currency", "Währung"}, etAmount: {"Amount", "Betrag"}, etFees: {"Fees & Taxes", "Gebühren & Steuern"},
	etNet: {"Net", "Netto"},
}, layouts: []platLayout{
	{"monthly statement CSV (English or German headers; rows Sale, Fee, Refund, Tax/Taxes/VAT, Marketing, Shipping, Deposit, Reserve)", []int{etDate, etType, etTitle, etInfo, etCurrency, etAmount, etFees, etNet}},
}}

// etsyOrderKey is the de-duplication key of an order's part, shared by the
// statement and the Sold Orders CSV.
func etsyOrderKey(order, part string) string { return "etsy|order|" + order + "|" + part }

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
	v, err := r.amounts(etAmount, etFees)
	if err != nil {
		return err
	}
	amount, fees := v[0], v[1]
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
	ref, order := "", ""
	if m := etOrder.FindStringSubmatch(info + " " + title); m != nil {
		ref = m[0]
		if strings.EqualFold(m[1], "order") {
			order = m[2]
		}
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
		// a sale and its processing fee are keyed by their order, as the
		// Sold Orders CSV keys them, so importing both counts them once
		switch {
		case order != "" && typ == "sale" && part == "sale":
			e.Key = occ.Key(etsyOrderKey(order, "sale"))
		case order != "" && typ == "fee" && strings.HasPrefix(Norm(title), "processing fee"):
			e.Key = occ.Key(etsyOrderKey(order, "processing-fee"))
		}
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
	case "tax", "taxes", "vat", "sales tax":
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
				sink.Skip(r.line, SkipNoAmount)
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
		sink.Skip(r.line, SkipHold)
		return nil
	default:
		r.unknown(r.line, fmt.Sprintf("unknown Etsy row type %q", rtyp), net, cur)
		err = emit("other", ledger.Unclassified, net)
	}
	if err != nil {
		return err
	}
	if !sent {
		sink.Skip(r.line, SkipZero)
	}
	return nil
}

// etsyOrders reads Etsy's Sold Orders CSV (Shop Manager → Settings →
// Options → Download Data → Orders: EtsySoldOrders<YYYY>-<M>.csv): one row an
// order, with its total, the sales tax Etsy collected and the card
// processing fee. Its sale and fee share their keys with the statement's
// "Payment for Order #…" and "Processing fee" rows, so importing both counts
// each order once.
type etsyOrders struct{}

var _ Importer = (*etsyOrders)(nil)

func (*etsyOrders) Name() string { return "etsy-orders" }

func (*etsyOrders) Describe() string { return "Etsy: " + eoSpec.describeLayouts() }

// The Sold Orders CSV's columns.
const (
	eoDate = iota
	eoOrder
	eoItems
	eoCurrency
	eoValue
	eoDiscount
	eoShipping
	eoTax
	eoTotal
	eoFees
	eoNet
	eoAdjTotal
	eoAdjFees
	eoAdjNet
	eoBuyer
	eoStatus
)

var eoSpec = &platSpec{what: "Etsy Sold Orders", dateCol: eoDate, cols: []platCol{
	eoDate: {"Sale Date"}, eoOrder: {"Order ID"}, eoItems: {"Number of Items"}, eoCurrency: {"Currency"},
	eoValue: {"Order Value"}, eoDiscount: {"Discount Amount"}, eoShipping: {"Shipping"}, eoTax: {"Sales Tax"},
	eoTotal: {"Order Total"}, eoFees: {"Card Processing Fees"}, eoNet: {"Order Net"},
	eoAdjTotal: {"Adjusted Order Total"}, eoAdjFees: {"Adjusted Card Processing Fees"},
	eoAdjNet: {"Adjusted Net Order Amount"}, eoBuyer: {"Full Name", "Buyer"}, eoStatus: {"Status"},
}, layouts: []platLayout{
	{"Sold Orders CSV (one row an order; income Order Total less Sales Tax, fee Card Processing Fees, refund from Adjusted Order Total)",
		[]int{eoDate, eoOrder, eoItems, eoValue, eoTotal, eoFees, eoNet}},
}}

func (*etsyOrders) Detect(s *Sample) Match { return eoSpec.detect(s) }

func (eo *etsyOrders) Import(ctx context.Context, file string, rows Rows, sink Sink) error {
	occ := Occurrences{}
	refundWarned := false
	f := &platFile{spec: eoSpec, file: file, sink: sink,
		dates: &platDates{fallback: platMDY, why: "Etsy's Sold Orders CSV writes MM/DD/YY", documented: true}}
	return runPlatform(ctx, f, rows, platHooks{row: func(r *platRow) error { return eo.row(r, occ, &refundWarned) }})
}

func (eo *etsyOrders) row(r *platRow, occ Occurrences, refundWarned *bool) error {
	date, err := r.date(eoDate)
	if err != nil {
		return err
	}
	order := strings.TrimPrefix(r.get(eoOrder), "#")
	if order == "" {
		return r.errorf("empty Order ID")
	}
	v, err := r.amounts(eoTotal, eoTax, eoFees)
	if err != nil {
		return err
	}
	total, tax, fees := v[0], v[1].Abs(), v[2].Abs()
	adjusted, err := r.optAmount(eoAdjTotal)
	if err != nil {
		return err
	}
	cur := platCurrency(r.get(eoCurrency))
	if cur == "" {
		cur = currencyOfCell(r.get(eoTotal))
	}
	base := ledger.Entry{Date: date, Source: "etsy", Account: "etsy", Currency: cur, Ref: "Order #" + order,
		Description: joinNonEmpty(" — ", "Sale: Order #"+order, r.get(eoItems)+" item(s)"), Counterparty: r.get(eoBuyer),
		File: r.file, Line: r.line}
	emit := func(part string, kind ledger.Kind, amount decimal.Decimal) error {
		e := base
		e.Key, e.Kind, e.Amount = occ.Key(etsyOrderKey(order, part)), kind, amount
		_, err := platEmit(r.sink, e)
		return err
	}
	// the sales tax Etsy collected from the buyer and remits is never income
	income := total.Sub(tax)
	if income.IsNegative() {
		return r.errorf("Order Total %s is less than its Sales Tax %s", total, tax)
	}
	if err := emit("sale", ledger.Income, income); err != nil {
		return err
	}
	if err := emit("processing-fee", ledger.Fee, fees.Neg()); err != nil {
		return err
	}
	if adjusted.Valid && adjusted.Decimal.LessThan(total) {
		if !*refundWarned {
			r.sink.Warn(r.line, "Etsy's Sold Orders CSV has no refund date: a refund (Adjusted Order Total below Order Total) is dated at the sale date")
			*refundWarned = true
		}
		// what went back to the buyer, but never more than the income: the
		// part of it that was sales tax was never income
		return emit("refund", ledger.Refund, decimal.Max(adjusted.Decimal.Sub(total), income.Neg()))
	}
	return nil
}
