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

// stripeBalance reads Stripe's balance history: the Dashboard's Balance →
// "All activity" export (id, Type, Source, Amount, Fee, Net, Currency,
// Created (UTC)) and the Reports "Balance change from activity" itemized
// CSV (balance_transaction_id, reporting_category, gross, fee, net). Fee is
// positive there: Net = Amount − Fee.
type stripeBalance struct{}

var _ Importer = (*stripeBalance)(nil)

func (*stripeBalance) Name() string { return "stripe" }

func (*stripeBalance) Describe() string {
	return "Stripe balance history CSV (Dashboard balance export or itemized balance report): header id, Type or reporting_category, Amount or gross, Fee, Net, Currency, Created (UTC)"
}

var (
	sbID       = []string{"id", "balance_transaction_id"}
	sbType     = []string{"Type", "reporting_category"}
	sbSource   = []string{"Source", "source_id"}
	sbAmount   = []string{"Amount", "gross"}
	sbFee      = []string{"Fee"}
	sbNet      = []string{"Net"}
	sbCurrency = []string{"Currency"}
	sbCreated  = []string{"Created (UTC)", "Created date (UTC)", "created_utc", "Created", "created"}
	sbStatus   = []string{"Status"}
	sbDesc     = []string{"Description"}
)

func (*stripeBalance) Detect(s *Sample) Match {
	return DetectHeader(s, sbID, sbType, sbAmount, sbFee, sbNet, sbCurrency, sbCreated)
}

// stripeKinds maps balance transaction types and reporting categories to a
// kind and key part; "" kind means the row is a hold and is not imported.
var stripeKinds = map[string]struct {
	kind ledger.Kind
	part string
}{
	"charge": {ledger.Income, "income"}, "payment": {ledger.Income, "income"},
	"refund": {ledger.Refund, "refund"}, "payment_refund": {ledger.Refund, "refund"},
	"partial_capture_reversal": {ledger.Refund, "refund"}, "charge_failure": {ledger.Refund, "refund"},
	"payment_failure_refund": {ledger.Refund, "refund"},
	"dispute":                {ledger.Refund, "dispute"}, "dispute_reversal": {ledger.Income, "dispute-reversal"},
	"payout": {ledger.Transfer, "payout"}, "payout_cancel": {ledger.Transfer, "payout-return"},
	"payout_failure": {ledger.Transfer, "payout-return"}, "payout_reversal": {ledger.Transfer, "payout-return"},
	"transfer": {ledger.Transfer, "transfer"}, "transfer_reversal": {ledger.Transfer, "transfer"},
	"transfer_cancel": {ledger.Transfer, "transfer"}, "transfer_failure": {ledger.Transfer, "transfer"},
	"transfer_refund": {ledger.Transfer, "transfer"},
	"topup":           {ledger.Transfer, "topup"}, "topup_reversal": {ledger.Transfer, "topup"},
	"stripe_fee": {ledger.Fee, "fee-row"}, "fee": {ledger.Fee, "fee-row"}, "network_cost": {ledger.Fee, "fee-row"},
	"tax": {ledger.Fee, "fee-row"}, "stripe_fx_fee": {ledger.Fee, "fee-row"}, "stripe_fee_tax": {ledger.Fee, "fee-row"},
	"reserve_transaction": {"", ""}, "reserved_funds": {"", ""}, "risk_reserved_funds": {"", ""},
	"connect_reserved_funds": {"", ""}, "payout_minimum_balance_hold": {"", ""},
	"payout_minimum_balance_release": {"", ""}, "reserve_hold": {"", ""}, "reserve_release": {"", ""},
}

func (sb *stripeBalance) Import(ctx context.Context, file string, rows Rows, sink Sink) error {
	var h Header
	var iID, iType, iSource, iAmount, iFee, iNet, iCur, iCreated, iStatus, iDesc int
	occ := Occurrences{}
	nums := &platNumbers{}
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
			if len(hh.Missing(sbID, sbType, sbAmount, sbFee, sbNet, sbCurrency, sbCreated)) > 0 {
				continue
			}
			h = hh
			iID, iType, iSource, iAmount, iFee = h.Index(sbID...), h.Index(sbType...), h.Index(sbSource...), h.Index(sbAmount...), h.Index(sbFee...)
			iNet, iCur, iCreated, iStatus, iDesc = h.Index(sbNet...), h.Index(sbCurrency...), h.Index(sbCreated...), h.Index(sbStatus...), h.Index(sbDesc...)
			continue
		}
		if isBlank(row.Cells) {
			continue
		}
		c, line := row.Cells, row.Line
		date, err := stripeDate(Cell(c, iCreated))
		if err != nil {
			return RowError(file, line, err)
		}
		amount, err := nums.parse(line, Cell(c, iAmount))
		if err != nil {
			return RowError(file, line, fmt.Errorf("Amount: %w", err))
		}
		fee, err := nums.parse(line, Cell(c, iFee))
		if err != nil {
			return RowError(file, line, fmt.Errorf("Fee: %w", err))
		}
		net := amount.Sub(fee)
		if cell := Cell(c, iNet); strings.TrimSpace(cell) != "" {
			if net, err = nums.parse(line, cell); err != nil {
				return RowError(file, line, fmt.Errorf("Net: %w", err))
			}
		}
		// Stripe writes Fee positive (Net = Amount − Fee); a file written
		// the other way round (Net = Amount + Fee) is read by the same
		// identity, so the fee is never taken twice.
		feeEntry := net.Sub(amount)
		if !feeEntry.Equal(fee.Neg()) && !feeEntry.Equal(fee) {
			sink.Warn(line, "Net %s is neither Amount %s − Fee %s nor Amount + Fee: imported Amount and Net − Amount as the fee", net, amount, fee)
		}
		typ := strings.ToLower(strings.TrimSpace(Cell(c, iType)))
		id, src := Cell(c, iID), Cell(c, iSource)
		cur := platCurrency(Cell(c, iCur))
		desc := Cell(c, iDesc)
		k, known := stripeKinds[typ]
		if typ == "adjustment" || typ == "other_adjustment" {
			// older exports book disputes as adjustments
			d := Norm(desc)
			switch {
			case platHasAny(d, "chargeback", "dispute") && amount.IsNegative():
				k, known = stripeKinds["dispute"], true
			case platHasAny(d, "chargeback", "dispute") && amount.IsPositive():
				k, known = stripeKinds["dispute_reversal"], true
			}
		}
		if known && k.kind == "" {
			sink.Skip(line)
			continue
		}
		if !known {
			k.kind, k.part = ledger.Unclassified, "other"
			sink.Warn(line, "Stripe row type %q: imported as unclassified", Cell(c, iType))
		}
		kind, why := Classify(k.kind, amount)
		if why != "" && k.kind != ledger.Income {
			sink.Warn(line, "%s: imported as unclassified", why)
		}
		if k.kind == ledger.Income && amount.IsNegative() {
			kind = ledger.Unclassified
			sink.Warn(line, "Stripe %s row with a negative amount %s: imported as unclassified", typ, amount)
		}
		// Charges and payouts are keyed by their own ids (ch_, py_, po_),
		// which the payments and payouts exports use too; the rest by the
		// balance transaction (txn_).
		keyID := id
		if (k.part == "income" || k.part == "payout") && src != "" {
			keyID = src
		}
		if keyID == "" {
			keyID = "row|" + date.Format(ledger.DateLayout) + "|" + typ + "|" + cur + "|" + amount.String() + "|" + net.String()
		}
		ref := platFirst(src, id)
		description := joinNonEmpty(": ", Cell(c, iType), desc)
		if status := Cell(c, iStatus); strings.EqualFold(status, "pending") {
			description += " (pending: funds not yet available)"
		}
		base := ledger.Entry{Date: date, Source: "stripe", Account: "stripe:" + cur, Currency: cur, Ref: ref,
			Description: description, File: file, Line: line}
		sent := false
		e := base
		e.Kind, e.Amount, e.Key = kind, amount, occ.Key("stripe|"+keyID+"|"+k.part)
		ok, err := platEmit(sink, e)
		if err != nil {
			return err
		}
		sent = sent || ok
		e = base
		e.Kind, e.Amount, e.Key = ledger.Fee, feeEntry, occ.Key("stripe|"+keyID+"|fee")
		ok, err = platEmit(sink, e)
		if err != nil {
			return err
		}
		if !sent && !ok {
			sink.Skip(line)
		}
	}
	if h == nil {
		return fmt.Errorf("%s: no Stripe balance header row found: %w", file, ledger.ErrInvalid)
	}
	return nil
}

// stripeDate reads Stripe's "2021-02-03 13:12" (UTC) and a few other forms.
func stripeDate(s string) (time.Time, error) {
	return ParseDate(s, "2006-01-02", "2006-01-02T15:04:05Z", "2006/01/02")
}

// stripePayments reads Stripe's Payments export (Dashboard → Payments →
// Export): one row a charge, in either header style (lowercase ids, or the
// Dashboard's "Amount Refunded"), with the settlement amounts in
// converted_amount/converted_currency when present.
type stripePayments struct{}

var _ Importer = (*stripePayments)(nil)

func (*stripePayments) Name() string { return "stripe-payments" }

func (*stripePayments) Describe() string {
	return "Stripe payments (charges) export CSV: header id, Created, Amount, Amount Refunded, Currency, Fee, Status"
}

var (
	spID         = []string{"id"}
	spDesc       = []string{"description"}
	spCreated    = []string{"Created date (UTC)", "Created (UTC)", "created"}
	spAmount     = []string{"Amount"}
	spRefunded   = []string{"Amount Refunded", "amount_refunded"}
	spCurrency   = []string{"Currency"}
	spConverted  = []string{"Converted Amount", "converted_amount"}
	spConvRefund = []string{"Converted Amount Refunded", "converted_amount_refunded"}
	spConvCur    = []string{"Converted Currency", "converted_currency"}
	spFee        = []string{"Fee"}
	spStatus     = []string{"Status"}
	spCaptured   = []string{"Captured"}
	spRefundDate = []string{"Refunded date (UTC)"}
	spCustomer   = []string{"Customer Description", "customer_description", "Customer Email", "customer_email"}
)

func (*stripePayments) Detect(s *Sample) Match {
	return DetectHeader(s, spID, spCreated, spAmount, spRefunded, spCurrency, spFee, spStatus)
}

func (sp *stripePayments) Import(ctx context.Context, file string, rows Rows, sink Sink) error {
	var h Header
	var iID, iDesc, iCreated, iAmount, iRefunded, iCur, iConv, iConvRef, iConvCur, iFee, iStatus, iCaptured, iRefDate, iCustomer int
	occ := Occurrences{}
	nums := &platNumbers{}
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
			if len(hh.Missing(spID, spCreated, spAmount, spRefunded, spCurrency, spFee, spStatus)) > 0 {
				continue
			}
			h = hh
			iID, iDesc, iCreated, iAmount, iRefunded = h.Index(spID...), h.Index(spDesc...), h.Index(spCreated...), h.Index(spAmount...), h.Index(spRefunded...)
			iCur, iConv, iConvRef, iConvCur, iFee = h.Index(spCurrency...), h.Index(spConverted...), h.Index(spConvRefund...), h.Index(spConvCur...), h.Index(spFee...)
			iStatus, iCaptured, iRefDate, iCustomer = h.Index(spStatus...), h.Index(spCaptured...), h.Index(spRefundDate...), h.Index(spCustomer...)
			continue
		}
		if isBlank(row.Cells) {
			continue
		}
		c, line := row.Cells, row.Line
		status := Norm(Cell(c, iStatus))
		switch {
		case strings.EqualFold(Cell(c, iCaptured), "false"):
			sink.Skip(line) // an authorisation that was never captured
			continue
		case status == "paid" || status == "succeeded" || platHasAny(status, "refunded", "refund", "disputed"):
		case platHasAny(status, "fail", "cancel", "uncaptured", "incomplete", "blocked", "requires", "pending", "expired", "processing"):
			sink.Skip(line)
			continue
		default:
			sink.Skip(line)
			sink.Warn(line, "Stripe payment status %q: not imported", Cell(c, iStatus))
			continue
		}
		date, err := stripeDate(Cell(c, iCreated))
		if err != nil {
			return RowError(file, line, err)
		}
		amtCol, refCol, cur := iAmount, iRefunded, platCurrency(Cell(c, iCur))
		if strings.TrimSpace(Cell(c, iConv)) != "" && strings.TrimSpace(Cell(c, iConvCur)) != "" {
			// the settlement currency, which fees are charged in too
			amtCol, refCol, cur = iConv, iConvRef, platCurrency(Cell(c, iConvCur))
		}
		amount, err := nums.parse(line, Cell(c, amtCol))
		if err != nil {
			return RowError(file, line, fmt.Errorf("Amount: %w", err))
		}
		refunded, err := nums.parse(line, Cell(c, refCol))
		if err != nil {
			return RowError(file, line, fmt.Errorf("Amount Refunded: %w", err))
		}
		fee, err := nums.parse(line, Cell(c, iFee))
		if err != nil {
			return RowError(file, line, fmt.Errorf("Fee: %w", err))
		}
		id := Cell(c, iID)
		if id == "" {
			return RowError(file, line, errors.New("empty payment id"))
		}
		base := ledger.Entry{Date: date, Source: "stripe", Account: "stripe:" + cur, Currency: cur, Ref: id,
			Description: Cell(c, iDesc), Counterparty: Cell(c, iCustomer), File: file, Line: line}
		emit := func(part string, kind ledger.Kind, amount decimal.Decimal, d time.Time) error {
			e := base
			e.Key, e.Kind, e.Amount, e.Date = occ.Key("stripe|"+id+"|"+part), kind, amount, d
			_, err := platEmit(sink, e)
			return err
		}
		if strings.Contains(status, "disputed") {
			sink.Warn(line, "Stripe payment %s is disputed: the outcome is not in this export (import the balance export for disputes)", Cell(c, iID))
		}
		if err := emit("income", ledger.Income, amount.Abs(), date); err != nil {
			return err
		}
		if err := emit("fee", ledger.Fee, fee.Abs().Neg(), date); err != nil {
			return err
		}
		if refunded.IsZero() {
			continue
		}
		refDate := date
		if rd := strings.TrimSpace(Cell(c, iRefDate)); rd != "" {
			if refDate, err = stripeDate(rd); err != nil {
				return RowError(file, line, fmt.Errorf("Refunded date (UTC): %w", err))
			}
		} else if !refundWarned {
			sink.Warn(line, "Stripe's payments export has no refund date: refunds are dated at the payment date (import the balance export for dated refunds)")
			refundWarned = true
		}
		if err := emit("refund", ledger.Refund, refunded.Abs().Neg(), refDate); err != nil {
			return err
		}
	}
	if h == nil {
		return fmt.Errorf("%s: no Stripe payments header row found: %w", file, ledger.ErrInvalid)
	}
	return nil
}

// stripePayouts reads Stripe's Payouts export (Dashboard → Balance →
// Payouts → Export): each paid payout leaves the Stripe balance for the
// user's bank, a transfer with the po_ id as its reference.
type stripePayouts struct{}

var _ Importer = (*stripePayouts)(nil)

func (*stripePayouts) Name() string { return "stripe-payouts" }

func (*stripePayouts) Describe() string {
	return "Stripe payouts export CSV: header id, Amount, Currency, Created (UTC), Arrival Date (UTC), Status"
}

var (
	soID      = []string{"id"}
	soAmount  = []string{"Amount"}
	soCur     = []string{"Currency"}
	soCreated = []string{"Created (UTC)", "Created date (UTC)", "Created"}
	soArrival = []string{"Arrival Date (UTC)", "Arrival Date", "arrival_date"}
	soStatus  = []string{"Status"}
	soDesc    = []string{"Description", "Statement Descriptor"}
	soDest    = []string{"Destination", "Bank Name", "Bank"}
)

func (*stripePayouts) Detect(s *Sample) Match {
	return DetectHeader(s, soID, soAmount, soCur, soCreated, soArrival, soStatus)
}

func (so *stripePayouts) Import(ctx context.Context, file string, rows Rows, sink Sink) error {
	var h Header
	var iID, iAmount, iCur, iCreated, iArrival, iStatus, iDesc, iDest int
	occ := Occurrences{}
	nums := &platNumbers{}
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
			if len(hh.Missing(soID, soAmount, soCur, soCreated, soArrival, soStatus)) > 0 {
				continue
			}
			h = hh
			iID, iAmount, iCur, iCreated = h.Index(soID...), h.Index(soAmount...), h.Index(soCur...), h.Index(soCreated...)
			iArrival, iStatus, iDesc, iDest = h.Index(soArrival...), h.Index(soStatus...), h.Index(soDesc...), h.Index(soDest...)
			continue
		}
		if isBlank(row.Cells) {
			continue
		}
		c, line := row.Cells, row.Line
		if st := strings.ToLower(strings.TrimSpace(Cell(c, iStatus))); st != "paid" {
			// pending, in_transit, canceled, failed: no money left (yet)
			sink.Skip(line)
			if st != "pending" && st != "in_transit" && st != "canceled" && st != "cancelled" && st != "failed" {
				sink.Warn(line, "Stripe payout status %q: not imported", Cell(c, iStatus))
			}
			continue
		}
		date, err := stripeDate(Cell(c, iCreated))
		if err != nil {
			return RowError(file, line, err)
		}
		amount, err := nums.parse(line, Cell(c, iAmount))
		if err != nil {
			return RowError(file, line, fmt.Errorf("Amount: %w", err))
		}
		id := Cell(c, iID)
		if id == "" {
			return RowError(file, line, errors.New("empty payout id"))
		}
		cur := platCurrency(Cell(c, iCur))
		dest := Cell(c, iDest)
		desc := joinNonEmpty(": ", "Payout", Cell(c, iDesc))
		if dest != "" {
			desc += " to " + dest
		}
		if arr := Cell(c, iArrival); arr != "" {
			desc += " (arrival " + strings.Fields(arr)[0] + ")"
		}
		// the same key as the payout row of the balance export
		e := ledger.Entry{Key: occ.Key("stripe|" + id + "|payout"), Date: date, Source: "stripe", Account: "stripe:" + cur,
			Kind: ledger.Transfer, Amount: amount.Abs().Neg(), Currency: cur, Description: desc, Counterparty: dest,
			Ref: id, File: file, Line: line}
		if ok, err := platEmit(sink, e); err != nil {
			return err
		} else if !ok {
			sink.Skip(line)
		}
	}
	if h == nil {
		return fmt.Errorf("%s: no Stripe payouts header row found: %w", file, ledger.ErrInvalid)
	}
	return nil
}
