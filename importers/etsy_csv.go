package importers

import (
	"context"
	"errors"
	"fmt"
	"html"
	"io"
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
	return "Etsy monthly statement CSV: header Date, Type, Title, Info, Currency, Amount, Fees & Taxes, Net"
}

var (
	etDate     = []string{"Date"}
	etType     = []string{"Type"}
	etTitle    = []string{"Title"}
	etInfo     = []string{"Info"}
	etCurrency = []string{"Currency"}
	etAmount   = []string{"Amount"}
	etFees     = []string{"Fees & Taxes"}
	etNet      = []string{"Net"}
)

func (*etsyStatement) Detect(s *Sample) Match {
	return DetectHeader(s, etDate, etType, etTitle, etInfo, etCurrency, etAmount, etFees, etNet)
}

// etMoney finds the first amount in a deposit title: "CA$60.00 sent to your
// bank account".
var etMoney = regexp.MustCompile(`[-+]?[^\s\d-]{0,4}\d[\d.,]*`)

// etOrder finds an order or listing number: "Order #9001".
var etOrder = regexp.MustCompile(`(?i)(order|listing)\s*#\s*(\d+)`)

func (et *etsyStatement) Import(ctx context.Context, file string, rows Rows, sink Sink) error {
	var h Header
	var iDate, iType, iTitle, iInfo, iCur, iAmount, iFees, iNet int
	occ := Occurrences{}
	nums := &platNumbers{}
	dates := &platDates{fallback: platMDY, why: "Etsy's US statements write month first"}
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
			if len(hh.Missing(etDate, etType, etTitle, etCurrency, etAmount, etFees, etNet)) > 0 {
				continue
			}
			h = hh
			iDate, iType, iTitle, iInfo = h.Index(etDate...), h.Index(etType...), h.Index(etTitle...), h.Index(etInfo...)
			iCur, iAmount, iFees, iNet = h.Index(etCurrency...), h.Index(etAmount...), h.Index(etFees...), h.Index(etNet...)
			continue
		}
		if isBlank(row.Cells) {
			continue
		}
		c, line := row.Cells, row.Line
		r := etRecord{line: line, date: Cell(c, iDate), typ: Cell(c, iType), title: html.UnescapeString(Cell(c, iTitle)),
			info: html.UnescapeString(Cell(c, iInfo)), currency: Cell(c, iCur), amount: Cell(c, iAmount),
			fees: Cell(c, iFees), net: Cell(c, iNet)}
		err = dates.do(sink, line, r.date, func() error { return et.row(file, r, sink, occ, nums, dates) })
		if err != nil {
			return platWrap(file, line, err)
		}
	}
	if h == nil {
		return fmt.Errorf("%s: no Etsy statement header row found: %w", file, ledger.ErrInvalid)
	}
	if err := dates.finish(sink); err != nil {
		return platWrap(file, dates.firstWait, err)
	}
	return nil
}

type etRecord struct {
	line                                                int
	date, typ, title, info, currency, amount, fees, net string
}

func (et *etsyStatement) row(file string, r etRecord, sink Sink, occ Occurrences, nums *platNumbers, dates *platDates) error {
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
	amount, err := nums.parse(r.line, r.amount)
	if err != nil {
		return fail("Amount", err)
	}
	fees, err := nums.parse(r.line, r.fees)
	if err != nil {
		return fail("Fees & Taxes", err)
	}
	net := amount.Add(fees)
	if v := strings.TrimSpace(r.net); v != "" && v != "--" {
		if net, err = nums.parse(r.line, v); err != nil {
			return fail("Net", err)
		}
		if !net.Equal(amount.Add(fees)) {
			sink.Warn(r.line, "Net %s is not Amount %s plus Fees & Taxes %s: imported Amount and Fees & Taxes", net, amount, fees)
		}
	}
	cur := platCurrency(r.currency)
	typ := Norm(r.typ)
	ref := ""
	if m := etOrder.FindStringSubmatch(r.info + " " + r.title); m != nil {
		ref = m[0]
	}
	base := ledger.Entry{Date: date, Source: "etsy", Account: "etsy", Currency: cur, Ref: ref,
		Description: joinNonEmpty(": ", r.typ, joinNonEmpty(" — ", r.title, r.info)), File: file, Line: r.line}
	keyBase := "etsy|" + date.Format(ledger.DateLayout) + "|" + typ + "|" + r.title + "|" + r.info + "|" + amount.String() + "|" + fees.String()
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
			sink.Warn(r.line, "Etsy %s row of +%s %s: imported as unclassified (taxes Etsy collects from buyers are never income)", r.typ, net, cur)
			err = emit("tax", ledger.Unclassified, net)
		} else {
			err = emit("fee", ledger.Fee, net) // tax on Etsy's own fees
		}
	case "shipping", "postage", "shipping label":
		err = emit("shipping", ledger.Expense, net)
	case "deposit":
		amt := net
		if amt.IsZero() {
			m := strings.TrimRight(etMoney.FindString(r.title), ".,")
			if m == "" {
				sink.Skip(r.line)
				sink.Warn(r.line, "Etsy deposit %q states no amount: not imported", r.title)
				return nil
			}
			if amt, err = nums.parse(r.line, m); err != nil {
				return fail("deposit amount in Title", err)
			}
			amt = amt.Abs().Neg()
		}
		base.Counterparty = "bank account"
		err = emit("deposit", ledger.Transfer, amt)
	case "reserve", "hold", "release", "payment reserve":
		sink.Skip(r.line)
		return nil
	default:
		sink.Warn(r.line, "unknown Etsy row type %q: imported as unclassified", r.typ)
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
