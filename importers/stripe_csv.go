package importers

import (
	"context"
	"fmt"
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
	return "Stripe: " + sbSpec.describeLayouts()
}

// The Stripe balance export's columns.
const (
	sbID = iota
	sbType
	sbSource
	sbAmount
	sbFee
	sbNet
	sbCurrency
	sbCreated
	sbStatus
	sbDesc
	sbMode
)

var sbSpec = &platSpec{what: "Stripe balance", dateCol: -1, cols: []platCol{
	sbID: {"id", "balance_transaction_id"}, sbType: {"Type", "reporting_category"}, sbSource: {"Source", "source_id"},
	sbAmount: {"Amount", "gross"}, sbFee: {"Fee"}, sbNet: {"Net"}, sbCurrency: {"Currency"},
	sbCreated: {"Created (UTC)", "Created date (UTC)", "created_utc", "Created", "created"},
	sbStatus:  {"Status"}, sbDesc: {"Description"}, sbMode: stripeModeNames,
}, layouts: []platLayout{
	{"balance history CSV (Dashboard balance export or itemized balance report)", []int{sbID, sbType, sbAmount, sbFee, sbNet, sbCurrency, sbCreated}},
}}

// stripeModeNames name the column that says whether Stripe made a row in
// live or test mode: "Mode" (Live/Test) or the API's "livemode"
// (true/false).
var stripeModeNames = platCol{"Mode", "livemode"}

// stripeTestRow says whether r was made in Stripe's test mode (Mode
// "Test", livemode "false"): such a row moved no real money, so it is
// counted as skipped and tallied, never imported.
func stripeTestRow(r *platRow, mode, amount, currency int, test *platTally) bool {
	m := Norm(r.get(mode))
	if m != "test" && m != "false" {
		return false
	}
	r.sink.Skip(r.line, SkipTestMode)
	v, err := r.amount(amount)
	if err != nil {
		v = decimal.Zero
	}
	test.add(r.line, v, platCurrency(r.get(currency)))
	return true
}

// runStripe reads a Stripe file with spec, skipping (and summing in one
// warning) the rows made in test mode; mode holds the Mode, amount and
// currency columns.
func runStripe(ctx context.Context, spec *platSpec, file string, rows Rows, sink Sink, mode [3]int, row func(r *platRow) error) error {
	f := &platFile{spec: spec, file: file, sink: sink, dateLayouts: stripeDates}
	test := &platTally{}
	return runPlatform(ctx, f, rows, platHooks{
		row: func(r *platRow) error {
			if stripeTestRow(r, mode[0], mode[1], mode[2], test) {
				return nil
			}
			return row(r)
		},
		end: func() error {
			if test.n > 0 {
				sink.Warn(test.line, "Stripe test-mode rows (Mode Test or livemode false): %s, skipped: test charges are not income", test.String())
			}
			return nil
		},
	})
}

// stripeDates are the date forms Stripe writes: "2021-02-03 13:12" (UTC)
// and a few others.
var stripeDates = []string{"2006-01-02", "2006-01-02T15:04:05Z", "2006/01/02"}

func (*stripeBalance) Detect(s *Sample) Match { return sbSpec.detect(s) }

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
	occ := Occurrences{}
	return runStripe(ctx, sbSpec, file, rows, sink, [3]int{sbMode, sbAmount, sbCurrency}, func(r *platRow) error { return sb.row(r, occ) })
}

func (sb *stripeBalance) row(r *platRow, occ Occurrences) error {
	sink, line := r.sink, r.line
	date, err := r.date(sbCreated)
	if err != nil {
		return err
	}
	v, err := r.amounts(sbAmount, sbFee)
	if err != nil {
		return err
	}
	amount, fee := v[0], v[1]
	net := amount.Sub(fee)
	if strings.TrimSpace(r.get(sbNet)) != "" {
		if net, err = r.amount(sbNet); err != nil {
			return err
		}
	}
	// Stripe writes Fee positive (Net = Amount − Fee); a file written
	// the other way round (Net = Amount + Fee) is read by the same
	// identity, so the fee is never taken twice.
	feeEntry := net.Sub(amount)
	if !feeEntry.Equal(fee.Neg()) && !feeEntry.Equal(fee) {
		sink.Warn(line, "Net %s is neither Amount %s − Fee %s nor Amount + Fee: imported Amount and Net − Amount as the fee", net, amount, fee)
	}
	typ := strings.ToLower(strings.TrimSpace(r.get(sbType)))
	id, src := r.get(sbID), r.get(sbSource)
	cur := platCurrency(r.get(sbCurrency))
	desc := r.get(sbDesc)
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
		sink.Skip(line, SkipHold)
		return nil
	}
	if !known {
		k.kind, k.part = ledger.Unclassified, "other"
		r.unknown(line, fmt.Sprintf("unknown Stripe row type %q", r.get(sbType)), amount, cur)
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
	description := joinNonEmpty(": ", r.get(sbType), desc)
	if status := r.get(sbStatus); strings.EqualFold(status, "pending") {
		description += " (pending: funds not yet available)"
	}
	base := ledger.Entry{Date: date, Source: "stripe", Account: "stripe:" + cur, Currency: cur, Ref: ref,
		Description: description, File: r.file, Line: line}
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
		sink.Skip(line, SkipZero)
	}
	return nil
}

// stripePayments reads Stripe's Payments export (Dashboard → Payments →
// Export): one row a charge, in either header style (lowercase ids, or the
// Dashboard's "Amount Refunded"), with the settlement amounts in
// converted_amount/converted_currency when present.
type stripePayments struct{}

var _ Importer = (*stripePayments)(nil)

func (*stripePayments) Name() string { return "stripe-payments" }

func (*stripePayments) Describe() string {
	return "Stripe: " + spSpec.describeLayouts()
}

// The Stripe payments export's columns.
const (
	spID = iota
	spDesc
	spCreated
	spAmount
	spRefunded
	spCurrency
	spConverted
	spConvRefund
	spConvCur
	spFee
	spStatus
	spCaptured
	spRefundDate
	spCustomer
	spMode
)

var spSpec = &platSpec{what: "Stripe payments", dateCol: -1, cols: []platCol{
	spID: {"id"}, spDesc: {"description"}, spCreated: {"Created date (UTC)", "Created (UTC)", "created"},
	spAmount: {"Amount"}, spRefunded: {"Amount Refunded", "amount_refunded"}, spCurrency: {"Currency"},
	spConverted: {"Converted Amount", "converted_amount"}, spConvRefund: {"Converted Amount Refunded", "converted_amount_refunded"},
	spConvCur: {"Converted Currency", "converted_currency"}, spFee: {"Fee"}, spStatus: {"Status"},
	spCaptured: {"Captured"}, spRefundDate: {"Refunded date (UTC)"},
	spCustomer: {"Customer Description", "customer_description", "Customer Email", "customer_email"},
	spMode:     stripeModeNames,
}, layouts: []platLayout{
	{"payments (charges) export CSV", []int{spID, spCreated, spAmount, spRefunded, spCurrency, spFee, spStatus}},
}}

func (*stripePayments) Detect(s *Sample) Match { return spSpec.detect(s) }

func (sp *stripePayments) Import(ctx context.Context, file string, rows Rows, sink Sink) error {
	occ := Occurrences{}
	refundWarned := false
	return runStripe(ctx, spSpec, file, rows, sink, [3]int{spMode, spAmount, spCurrency}, func(r *platRow) error { return sp.row(r, occ, &refundWarned) })
}

func (sp *stripePayments) row(r *platRow, occ Occurrences, refundWarned *bool) error {
	sink, line := r.sink, r.line
	status := Norm(r.get(spStatus))
	switch {
	case strings.EqualFold(r.get(spCaptured), "false"):
		sink.Skip(line, SkipUncaptured) // an authorisation that was never captured
		return nil
	case status == "paid" || status == "succeeded" || platHasAny(status, "refunded", "refund", "disputed"):
	case platHasAny(status, "fail", "cancel", "uncaptured", "incomplete", "blocked", "requires", "pending", "expired", "processing"):
		sink.Skip(line, SkipNotCompleted)
		return nil
	default:
		sink.Skip(line, SkipUnknownStatus)
		sink.Warn(line, "Stripe payment status %q: not imported", r.get(spStatus))
		return nil
	}
	date, err := r.date(spCreated)
	if err != nil {
		return err
	}
	amtCol, refCol, cur := spAmount, spRefunded, platCurrency(r.get(spCurrency))
	if strings.TrimSpace(r.get(spConverted)) != "" && strings.TrimSpace(r.get(spConvCur)) != "" {
		// the settlement currency, which fees are charged in too
		amtCol, refCol, cur = spConverted, spConvRefund, platCurrency(r.get(spConvCur))
	}
	amount, err := r.amount(amtCol)
	if err != nil {
		return err
	}
	refunded, err := r.amount(refCol)
	if err != nil {
		return err
	}
	fee, err := r.amount(spFee)
	if err != nil {
		return err
	}
	id := r.get(spID)
	if id == "" {
		return r.errorf("empty payment id")
	}
	base := ledger.Entry{Date: date, Source: "stripe", Account: "stripe:" + cur, Currency: cur, Ref: id,
		Description: r.get(spDesc), Counterparty: r.get(spCustomer), File: r.file, Line: line}
	emit := func(part string, kind ledger.Kind, amount decimal.Decimal, d time.Time) error {
		e := base
		e.Key, e.Kind, e.Amount, e.Date = occ.Key("stripe|"+id+"|"+part), kind, amount, d
		_, err := platEmit(sink, e)
		return err
	}
	if strings.Contains(status, "disputed") {
		sink.Warn(line, "Stripe payment %s is disputed: the outcome is not in this export (import the balance export for disputes)", id)
	}
	if err := emit("income", ledger.Income, amount.Abs(), date); err != nil {
		return err
	}
	if err := emit("fee", ledger.Fee, fee.Abs().Neg(), date); err != nil {
		return err
	}
	if refunded.IsZero() {
		return nil
	}
	refDate := date
	if strings.TrimSpace(r.get(spRefundDate)) != "" {
		if refDate, err = r.date(spRefundDate); err != nil {
			return err
		}
	} else if !*refundWarned {
		sink.Warn(line, "Stripe's payments export has no refund date: refunds are dated at the payment date (import the balance export for dated refunds)")
		*refundWarned = true
	}
	return emit("refund", ledger.Refund, refunded.Abs().Neg(), refDate)
}

// stripePayouts reads Stripe's Payouts export (Dashboard → Balance →
// Payouts → Export): each paid payout leaves the Stripe balance for the
// user's bank, a transfer with the po_ id as its reference.
type stripePayouts struct{}

var _ Importer = (*stripePayouts)(nil)

func (*stripePayouts) Name() string { return "stripe-payouts" }

func (*stripePayouts) Describe() string {
	return "Stripe: " + soSpec.describeLayouts()
}

// The Stripe payouts export's columns.
const (
	soID = iota
	soAmount
	soCur
	soCreated
	soArrival
	soStatus
	soDesc
	soDest
	soMode
)

var soSpec = &platSpec{what: "Stripe payouts", dateCol: -1, cols: []platCol{
	soID: {"id"}, soAmount: {"Amount"}, soCur: {"Currency"}, soCreated: {"Created (UTC)", "Created date (UTC)", "Created"},
	soArrival: {"Arrival Date (UTC)", "Arrival Date", "arrival_date"}, soStatus: {"Status"},
	soDesc: {"Description", "Statement Descriptor"}, soDest: {"Destination", "Bank Name", "Bank"}, soMode: stripeModeNames,
}, layouts: []platLayout{
	{"payouts export CSV", []int{soID, soAmount, soCur, soCreated, soArrival, soStatus}},
}}

func (*stripePayouts) Detect(s *Sample) Match { return soSpec.detect(s) }

func (so *stripePayouts) Import(ctx context.Context, file string, rows Rows, sink Sink) error {
	occ := Occurrences{}
	return runStripe(ctx, soSpec, file, rows, sink, [3]int{soMode, soAmount, soCur}, func(r *platRow) error { return so.row(r, occ) })
}

func (so *stripePayouts) row(r *platRow, occ Occurrences) error {
	sink, line := r.sink, r.line
	if st := strings.ToLower(strings.TrimSpace(r.get(soStatus))); st != "paid" {
		// pending, in_transit, canceled, failed: no money left (yet)
		sink.Skip(line, SkipNotCompleted)
		if st != "pending" && st != "in_transit" && st != "canceled" && st != "cancelled" && st != "failed" {
			sink.Warn(line, "Stripe payout status %q: not imported", r.get(soStatus))
		}
		return nil
	}
	date, err := r.date(soCreated)
	if err != nil {
		return err
	}
	amount, err := r.amount(soAmount)
	if err != nil {
		return err
	}
	id := r.get(soID)
	if id == "" {
		return r.errorf("empty payout id")
	}
	cur := platCurrency(r.get(soCur))
	dest := r.get(soDest)
	desc := joinNonEmpty(": ", "Payout", r.get(soDesc))
	if dest != "" {
		desc += " to " + dest
	}
	if arr := strings.Fields(r.get(soArrival)); len(arr) > 0 {
		desc += " (arrival " + arr[0] + ")"
	}
	// the same key as the payout row of the balance export
	e := ledger.Entry{Key: occ.Key("stripe|" + id + "|payout"), Date: date, Source: "stripe", Account: "stripe:" + cur,
		Kind: ledger.Transfer, Amount: amount.Abs().Neg(), Currency: cur, Description: desc, Counterparty: dest,
		Ref: id, File: r.file, Line: line}
	if ok, err := platEmit(sink, e); err != nil {
		return err
	} else if !ok {
		sink.Skip(line, SkipZero)
	}
	return nil
}
