package importers

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/incomeledger/income/ledger"
	"github.com/shopspring/decimal"
)

// wiseStatement reads a Wise balance statement CSV (one file per currency
// balance; 19, 20 or 23 columns): signed amounts, a running balance, fees in
// "Total fees" or on their own "Wise Charges for: …" rows.
type wiseStatement struct{}

var _ Importer = (*wiseStatement)(nil)

func (*wiseStatement) Name() string { return "wise" }

func (*wiseStatement) Describe() string {
	return "Wise (one file per currency balance): " + wsSpec.describeLayouts()
}

// The Wise statement's columns.
const (
	wsID = iota
	wsDate
	wsDateTime
	wsAmount
	wsCurrency
	wsDesc
	wsRef
	wsBalance
	wsExFrom
	wsExTo
	wsPayer
	wsPayee
	wsPayeeAcc
	wsMerchant
	wsNote
	wsFees
	wsDetails
)

var wsSpec = &platSpec{what: "Wise statement", dateCol: wsDate, cols: []platCol{
	wsID: {"TransferWise ID"}, wsDate: {"Date"}, wsDateTime: {"Date Time"}, wsAmount: {"Amount"},
	wsCurrency: {"Currency"}, wsDesc: {"Description"}, wsRef: {"Payment Reference"},
	wsBalance: {"Running Balance"}, wsExFrom: {"Exchange From"}, wsExTo: {"Exchange To"},
	wsPayer: {"Payer Name"}, wsPayee: {"Payee Name"}, wsPayeeAcc: {"Payee Account Number"},
	wsMerchant: {"Merchant"}, wsNote: {"Note"}, wsFees: {"Total fees"}, wsDetails: {"Transaction Details Type"},
}, layouts: []platLayout{
	{"balance statement CSV", []int{wsID, wsDate, wsAmount, wsCurrency, wsDesc, wsBalance}},
	{"TransferWise statement CSV before IDs (no TransferWise ID column)", []int{wsDate, wsAmount, wsCurrency, wsDesc, wsRef, wsBalance}},
}}

func (*wiseStatement) Detect(s *Sample) Match { return wsSpec.detect(s) }

// wiseKey is the de-duplication key of a Wise movement. The transfers list
// writes bare numbers for what the statement calls TRANSFER-<n>, so that
// the same transfer gets the same key from either file.
func wiseKey(occ Occurrences, id, currency, part string) string {
	if id != "" && strings.Trim(id, "0123456789") == "" {
		id = "TRANSFER-" + id
	}
	return occ.Key("wise|" + id + "|" + currency + "|" + part)
}

// wsChargeFor finds the id in "Wise Charges for: CARD-123" (and the 2020
// wording "TransferWise Charges for: TRANSFER-123").
var wsChargeFor = regexp.MustCompile(`(?i)^\s*(?:(?:transfer)?wise\s+)?(?:charges?|fees?)\s+for:?\s*([A-Z_]+-[0-9]+)?`)

// wsFeeMode says how a Wise file's Total fees relate to its Amount column.
type wsFeeMode int

const (
	wsFeesInside  wsFeeMode = iota // Amount moved the balance and includes the fee
	wsFeesOutside                  // the fee left the balance besides Amount
	wsFeesOwnRow                   // a "Charges for: <id>" row carries the fee
)

// wsState is what a Wise statement's rows share. Whether Total fees is
// inside Amount is decided per file from the running balance: both
// readings are checked against it, and the rows wait (at most
// platMaxWaiting of them) until the end of the file says which fits.
type wsState struct {
	occ       Occurrences
	inside    *platBalance // the balance moved by Amount
	outside   *platBalance // the balance moved by Amount − Total fees
	chargeFor map[string]bool
	waiting   []func(wsFeeMode) error
	decided   bool
	mode      wsFeeMode
	hline     int
}

func (w *wiseStatement) Import(ctx context.Context, file string, rows Rows, sink Sink) error {
	st := &wsState{occ: Occurrences{}, inside: newPlatBalance(), outside: newPlatBalance(), chargeFor: map[string]bool{}}
	// Wise writes 03-09-2026, day first; a slash-date file is read the same
	// way unless its rows show otherwise.
	f := &platFile{spec: wsSpec, file: file, sink: sink,
		dates: &platDates{fallback: platDMY, why: "Wise writes dates day first", documented: true}}
	return runPlatform(ctx, f, rows, platHooks{
		start: func(f *platFile) { st.hline = f.hline },
		row:   func(r *platRow) error { return w.row(r, st) },
		end:   func() error { return st.decide(sink, true) },
	})
}

// decide picks the reading of Total fees that the running balance fits
// better (inside Amount when both fit equally), finishes that balance
// check, and imports the waiting rows.
func (st *wsState) decide(sink Sink, atEnd bool) error {
	if !st.decided {
		st.decided = true
		if st.outside.mismatches() < st.inside.mismatches() {
			st.mode = wsFeesOutside
			sink.Warn(st.hline, "the running balance shows that Total fees left the balance besides Amount: imported Amount as the principal and Total fees as a fee")
		}
	}
	w := st.waiting
	st.waiting = nil
	for _, emit := range w {
		if err := emit(st.mode); err != nil {
			return err
		}
	}
	if atEnd {
		if st.mode == wsFeesOutside {
			st.outside.finish(sink)
		} else {
			st.inside.finish(sink)
		}
	}
	return nil
}

func (w *wiseStatement) row(r *platRow, st *wsState) error {
	sink := r.sink
	date, err := r.date(wsDate)
	if err != nil {
		return err
	}
	amount, err := r.amount(wsAmount)
	if err != nil {
		return err
	}
	fees, err := r.amount(wsFees)
	if err != nil {
		return err
	}
	fees = fees.Abs()
	cur := platCurrency(r.get(wsCurrency))
	account := "wise:" + cur
	clock := ""
	if f := strings.Fields(r.get(wsDateTime)); len(f) > 1 {
		clock = f[1]
	}
	balance, err := r.optAmount(wsBalance)
	if err != nil {
		return err
	}
	id, rdesc, payee, payer, merchant := r.get(wsID), r.get(wsDesc), r.get(wsPayee), r.get(wsPayer), r.get(wsMerchant)
	if amount.IsZero() {
		st.move(r.line, date, clock, account, amount, amount, balance)
		sink.Skip(r.line, SkipZero)
		return nil
	}

	prefix := strings.ToUpper(id)
	if i := strings.IndexByte(prefix, '-'); i >= 0 {
		prefix = prefix[:i]
	}
	details := strings.ToUpper(strings.TrimSpace(r.get(wsDetails)))
	desc := Norm(rdesc)
	ref := r.get(wsRef)
	if ref != "" && strings.Contains(rdesc, ref) {
		ref = "" // "Received money from X with reference <ref>" says it already
	}
	base := ledger.Entry{Date: date, Source: "wise", Account: account, Currency: cur, Ref: id,
		Description: joinNonEmpty(" — ", rdesc, ref, r.get(wsNote)), File: r.file, Line: r.line}
	if id == "" {
		// the TransferWise statement before IDs: the row's content is its
		// identity
		id = "row|" + date.Format(ledger.DateLayout) + "|" + amount.String() + "|" + desc + "|" + balance.Decimal.String()
	}

	kind, part := ledger.Unclassified, "other"
	splits := true // Total fees is part of Amount: split it off as a fee
	why := ""
	switch {
	case wsChargeFor.MatchString(rdesc) || prefix == "FEE" || prefix == "ACCRUAL_CHARGE" ||
		strings.Contains(details, "FEE") || strings.Contains(details, "ACCRUAL_CHARGE"):
		// a fee on its own row: the whole amount is the fee
		kind, part, splits = ledger.Fee, "fee", false
		if m := wsChargeFor.FindStringSubmatch(rdesc); m != nil && m[1] != "" {
			st.chargeFor[strings.ToUpper(m[1])] = true
		}
	case prefix == "BALANCE" || details == "CONVERSION" || strings.HasPrefix(desc, "converted ") ||
		(r.get(wsExFrom) != "" && r.get(wsExTo) != "" && !strings.EqualFold(r.get(wsExFrom), r.get(wsExTo))):
		// a conversion between the user's own balances; its fee is taken
		// from the source balance, so only the debit side splits it off
		kind, part = ledger.Transfer, "transfer"
		splits = amount.IsNegative()
	case prefix == "CARD" || prefix == "CARD_TRANSACTION" || strings.HasPrefix(details, "CARD") ||
		strings.HasPrefix(desc, "card transaction") || strings.HasPrefix(desc, "cash withdrawal"):
		why = "card payment or refund (spending, personal or business)"
		base.Counterparty = merchant
	case prefix == "DIRECT_DEBIT" || prefix == "DIRECT_DEBIT_TRANSACTION" || strings.HasPrefix(details, "DIRECT_DEBIT"):
		why = "direct debit"
		base.Counterparty = platFirst(payee, merchant)
	case prefix == "TRANSFER" || prefix == "BANK_DETAILS_PAYMENT" || details == "TRANSFER" || details == "DEPOSIT" ||
		details == "MONEY_ADDED" || strings.HasPrefix(desc, "received money") || strings.HasPrefix(desc, "sent money") ||
		platHasAny(desc, "topped up", "money added", "added money"):
		if amount.IsNegative() {
			// money sent out: to the user's own bank (a withdrawal) or to
			// someone; either way not income
			kind, part = ledger.Transfer, "transfer"
			base.Counterparty = payee
			if payee != "" && !strings.Contains(Norm(base.Description), Norm(payee)) {
				base.Description = joinNonEmpty(" — ", "Sent money to "+payee, base.Description)
			}
			if acc := platMask(r.get(wsPayeeAcc)); acc != "" {
				base.Description += " (account " + acc + ")"
			}
			break
		}
		base.Counterparty = payer
		switch {
		case platHasAny(desc, "topped up", "money added", "added money") || details == "MONEY_ADDED":
			kind, part = ledger.Transfer, "transfer"
		case platPayoutFrom("wise", payer, rdesc) != "":
			kind, part = ledger.Transfer, "transfer"
		default:
			kind, part = ledger.Income, "income"
		}
	default:
		r.unknown(r.line, fmt.Sprintf("unknown Wise row %q", platFirst(prefix, rdesc)), amount, cur)
	}
	if why != "" {
		sink.Warn(r.line, "%s: imported as unclassified", why)
	}
	moved := amount
	if splits && !fees.IsZero() {
		moved = amount.Sub(fees)
	}
	st.move(r.line, date, clock, account, amount, moved, balance)
	emit := func(mode wsFeeMode) error {
		if st.chargeFor[strings.ToUpper(id)] {
			mode = wsFeesOwnRow
		}
		if fees.IsZero() || !splits || mode == wsFeesOwnRow {
			e := base
			e.Kind, e.Amount, e.Key = kind, amount, wiseKey(st.occ, id, cur, part)
			_, err := platEmit(sink, e)
			return err
		}
		principal := amount // the fee left the balance besides Amount
		if mode == wsFeesInside {
			// Amount is what moved the balance; Total fees is the part of
			// it Wise kept. Principal = Amount + fees (out: less negative;
			// in: the gross).
			if fees.GreaterThan(amount.Abs()) && amount.IsNegative() {
				sink.Warn(r.line, "Total fees %s exceed the amount %s: imported the whole amount as a fee", fees, amount)
				e := base
				e.Kind, e.Amount, e.Key = ledger.Fee, amount, wiseKey(st.occ, id, cur, "fee")
				_, err := platEmit(sink, e)
				return err
			}
			principal = amount.Add(fees)
		}
		e := base
		e.Kind, e.Amount, e.Key = kind, principal, wiseKey(st.occ, id, cur, part)
		if _, err := platEmit(sink, e); err != nil {
			return err
		}
		e = base
		e.Kind, e.Amount, e.Key = ledger.Fee, fees.Neg(), wiseKey(st.occ, id, cur, "fee")
		_, err := platEmit(sink, e)
		return err
	}
	if st.decided {
		return emit(st.mode)
	}
	st.waiting = append(st.waiting, emit)
	if len(st.waiting) >= platMaxWaiting {
		return st.decide(sink, false)
	}
	return nil
}

// move feeds both balance checks: one where the row moved the balance by
// Amount, one where it moved it by Amount − Total fees.
func (st *wsState) move(line int, date time.Time, clock, account string, amount, moved decimal.Decimal, balance decimal.NullDecimal) {
	for _, c := range []struct {
		b *platBalance
		v decimal.Decimal
	}{{st.inside, amount}, {st.outside, moved}} {
		c.b.stamp(date, clock)
		if balance.Valid {
			c.b.add(line, account, c.v, balance.Decimal)
		} else {
			c.b.move(line, account, c.v)
		}
	}
}

// wiseTransfers reads the Wise transfers list (Transactions page →
// download): one row a transfer with unsigned amounts, a Direction and fees
// in their own columns.
type wiseTransfers struct{}

var _ Importer = (*wiseTransfers)(nil)

func (*wiseTransfers) Name() string { return "wise-transfers" }

func (*wiseTransfers) Describe() string {
	return "Wise: " + wtSpec.describeLayouts()
}

// The Wise transfers list's columns.
const (
	wtID = iota
	wtStatus
	wtDirection
	wtCreated
	wtFinished
	wtSrcFee
	wtSrcFeeCur
	wtTgtFee
	wtTgtFeeCur
	wtSrcName
	wtSrcAmount
	wtSrcCur
	wtTgtName
	wtTgtAmount
	wtTgtCur
	wtRef
	wtNote
)

var wtSpec = &platSpec{what: "Wise transfers", dateCol: -1, cols: []platCol{
	wtID: {"ID"}, wtStatus: {"Status"}, wtDirection: {"Direction"}, wtCreated: {"Created on"},
	wtFinished: {"Finished on"}, wtSrcFee: {"Source fee amount"}, wtSrcFeeCur: {"Source fee currency"},
	wtTgtFee: {"Target fee amount"}, wtTgtFeeCur: {"Target fee currency"}, wtSrcName: {"Source name"},
	wtSrcAmount: {"Source amount (after fees)"}, wtSrcCur: {"Source currency"}, wtTgtName: {"Target name"},
	wtTgtAmount: {"Target amount (after fees)"}, wtTgtCur: {"Target currency"}, wtRef: {"Reference"}, wtNote: {"Note"},
}, layouts: []platLayout{
	{"transfers list CSV", []int{wtID, wtStatus, wtDirection, wtCreated, wtSrcAmount, wtSrcCur, wtTgtAmount, wtTgtCur}},
}}

func (*wiseTransfers) Detect(s *Sample) Match { return wtSpec.detect(s) }

// wtKnownStatus lists the statuses a transfer that did not (yet) move money
// shows; they are skipped without a warning.
var wtKnownStatus = map[string]bool{
	"cancelled": true, "canceled": true, "refunded": true, "funds_refunded": true, "bounced_back": true,
	"charged_back": true, "processing": true, "incoming_payment_waiting": true, "waiting_recipient_input_to_proceed": true,
	"funds_converted": true, "pending": true, "failed": true,
}

func (w *wiseTransfers) Import(ctx context.Context, file string, rows Rows, sink Sink) error {
	occ := Occurrences{}
	f := &platFile{spec: wtSpec, file: file, sink: sink,
		dateLayouts: []string{"2006-01-02", "2006-01-02T15:04:05", "02-01-2006", "02/01/2006"}}
	return runPlatform(ctx, f, rows, platHooks{row: func(r *platRow) error { return w.row(r, occ) }})
}

func (w *wiseTransfers) row(r *platRow, occ Occurrences) error {
	sink, line := r.sink, r.line
	status := strings.ToLower(strings.TrimSpace(r.get(wtStatus)))
	if status != "completed" {
		sink.Skip(line, SkipNotCompleted)
		if !wtKnownStatus[status] {
			sink.Warn(line, "Wise transfer status %q: not imported", r.get(wtStatus))
		}
		return nil
	}
	col := wtFinished
	if strings.TrimSpace(r.get(wtFinished)) == "" {
		col = wtCreated
	}
	date, err := r.date(col)
	if err != nil {
		return err
	}
	amt := func(c int) (decimal.Decimal, error) {
		v, err := r.amount(c)
		return v.Abs(), err
	}
	srcAmt, err := amt(wtSrcAmount)
	if err != nil {
		return err
	}
	tgtAmt, err := amt(wtTgtAmount)
	if err != nil {
		return err
	}
	srcFee, err := amt(wtSrcFee)
	if err != nil {
		return err
	}
	tgtFee, err := amt(wtTgtFee)
	if err != nil {
		return err
	}
	id := r.get(wtID)
	srcCur, tgtCur := platCurrency(r.get(wtSrcCur)), platCurrency(r.get(wtTgtCur))
	srcFeeCur := platCurrency(platFirst(r.get(wtSrcFeeCur), srcCur))
	tgtFeeCur := platCurrency(platFirst(r.get(wtTgtFeeCur), tgtCur))
	srcName, tgtName := r.get(wtSrcName), r.get(wtTgtName)
	ref, note := r.get(wtRef), r.get(wtNote)
	base := ledger.Entry{Date: date, Source: "wise", Ref: id, File: r.file, Line: line}
	sent := false
	emit := func(cur string, kind ledger.Kind, amount decimal.Decimal, part, desc, cp string) error {
		e := base
		e.Account, e.Currency, e.Kind, e.Amount = "wise:"+cur, cur, kind, amount
		e.Key, e.Description, e.Counterparty = wiseKey(occ, id, cur, part), desc, cp
		ok, err := platEmit(sink, e)
		sent = sent || ok
		return err
	}
	out := func() error {
		desc := joinNonEmpty(" — ", "Sent money to "+platFirst(tgtName, tgtCur+" balance"), ref, note)
		return errors.Join(
			emit(srcCur, ledger.Transfer, srcAmt.Neg(), "transfer", desc, tgtName),
			emit(srcFeeCur, ledger.Fee, srcFee.Neg(), "fee", "Wise fee: "+desc, ""))
	}
	in := func(kind ledger.Kind, part, desc, cp string) error {
		return errors.Join(
			emit(tgtCur, kind, tgtAmt.Add(tgtFee), part, desc, cp),
			emit(tgtFeeCur, ledger.Fee, tgtFee.Neg(), "fee", "Wise fee: "+desc, ""))
	}
	switch dir := strings.ToUpper(strings.TrimSpace(r.get(wtDirection))); dir {
	case "OUT":
		err = out()
	case "IN":
		desc := joinNonEmpty(" — ", "Received money from "+platFirst(srcName, "?"), ref, note)
		kind, part := ledger.Income, "income"
		if platPayoutFrom("wise", srcName, ref) != "" {
			kind, part = ledger.Transfer, "transfer"
		}
		err = in(kind, part, desc, srcName)
	case "NEUTRAL":
		// between the user's own balances (a conversion): out of one,
		// into the other
		desc := fmt.Sprintf("Moved %s %s to %s %s", srcAmt, srcCur, tgtAmt, tgtCur)
		err = errors.Join(
			emit(srcCur, ledger.Transfer, srcAmt.Neg(), "transfer", desc, ""),
			emit(srcFeeCur, ledger.Fee, srcFee.Neg(), "fee", "Wise fee: "+desc, ""),
			in(ledger.Transfer, "transfer-in", desc, ""))
	default:
		sink.Warn(line, "Wise transfer direction %q: imported as unclassified", dir)
		err = emit(srcCur, ledger.Unclassified, srcAmt.Neg(), "other", joinNonEmpty(" — ", srcName+" → "+tgtName, ref), tgtName)
	}
	if err != nil {
		return err
	}
	if !sent {
		sink.Skip(line, SkipZero)
	}
	return nil
}
