package importers

import (
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"

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
	return "Wise balance statement CSV (one currency balance): header TransferWise ID, Date, Amount, Currency, Description, Running Balance"
}

var (
	wsID       = []string{"TransferWise ID"}
	wsDate     = []string{"Date"}
	wsDateTime = []string{"Date Time"}
	wsAmount   = []string{"Amount"}
	wsCurrency = []string{"Currency"}
	wsDesc     = []string{"Description"}
	wsRef      = []string{"Payment Reference"}
	wsBalance  = []string{"Running Balance"}
	wsExFrom   = []string{"Exchange From"}
	wsExTo     = []string{"Exchange To"}
	wsPayer    = []string{"Payer Name"}
	wsPayee    = []string{"Payee Name"}
	wsPayeeAcc = []string{"Payee Account Number"}
	wsMerchant = []string{"Merchant"}
	wsNote     = []string{"Note"}
	wsFees     = []string{"Total fees"}
	wsTxType   = []string{"Transaction Type"}
	wsDetails  = []string{"Transaction Details Type"}
)

func (*wiseStatement) Detect(s *Sample) Match {
	return DetectHeader(s, wsID, wsDate, wsAmount, wsCurrency, wsDesc, wsBalance)
}

type wsRecord struct {
	line                                                 int
	id, date, dateTime, amount, currency, desc, ref, bal string
	exFrom, exTo, payer, payee, payeeAcc, merchant, note string
	fees, details                                        string
}

// wsFeeRow is a "Wise Charges for: <id>" row.
type wsFeeRow struct {
	id   string
	line int
}

// wiseKey is the de-duplication key of a Wise movement. The transfers list
// writes bare numbers for what the statement calls TRANSFER-<n>, so that
// the same transfer gets the same key from either file.
func wiseKey(occ Occurrences, id, currency, part string) string {
	if id != "" && strings.Trim(id, "0123456789") == "" {
		id = "TRANSFER-" + id
	}
	return occ.Key("wise|" + id + "|" + currency + "|" + part)
}

// wsChargeFor finds the id in "Wise Charges for: CARD-123".
var wsChargeFor = regexp.MustCompile(`(?i)^\s*(?:wise\s+)?(?:charges?|fees?)\s+for:?\s*([A-Z_]+-[0-9]+)?`)

func (w *wiseStatement) Import(ctx context.Context, file string, rows Rows, sink Sink) error {
	var h Header
	var ix struct {
		id, date, dateTime, amount, currency, desc, ref, bal int
		exFrom, exTo, payer, payee, payeeAcc, merchant, note int
		fees, details                                        int
	}
	occ := Occurrences{}
	nums := &platNumbers{}
	// Wise writes 03-09-2026, day first; a slash-date file is read the same
	// way unless its rows show otherwise.
	dates := &platDates{fallback: platDMY, why: "Wise writes dates day first", documented: true}
	bal := newPlatBalance()
	// fee ids seen both in a row's Total fees and on their own row
	splitFee := map[string]int{}
	var feeRow []wsFeeRow
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
			if len(hh.Missing(wsID, wsDate, wsAmount, wsCurrency, wsDesc)) > 0 {
				continue
			}
			h = hh
			ix.id, ix.date, ix.dateTime, ix.amount = h.Index(wsID...), h.Index(wsDate...), h.Index(wsDateTime...), h.Index(wsAmount...)
			ix.currency, ix.desc, ix.ref, ix.bal = h.Index(wsCurrency...), h.Index(wsDesc...), h.Index(wsRef...), h.Index(wsBalance...)
			ix.exFrom, ix.exTo, ix.payer, ix.payee = h.Index(wsExFrom...), h.Index(wsExTo...), h.Index(wsPayer...), h.Index(wsPayee...)
			ix.payeeAcc, ix.merchant, ix.note = h.Index(wsPayeeAcc...), h.Index(wsMerchant...), h.Index(wsNote...)
			ix.fees, ix.details = h.Index(wsFees...), h.Index(wsDetails...)
			continue
		}
		if isBlank(row.Cells) {
			continue
		}
		c := row.Cells
		r := wsRecord{line: row.Line, id: Cell(c, ix.id), date: Cell(c, ix.date), dateTime: Cell(c, ix.dateTime),
			amount: Cell(c, ix.amount), currency: Cell(c, ix.currency), desc: Cell(c, ix.desc), ref: Cell(c, ix.ref),
			bal: Cell(c, ix.bal), exFrom: Cell(c, ix.exFrom), exTo: Cell(c, ix.exTo), payer: Cell(c, ix.payer),
			payee: Cell(c, ix.payee), payeeAcc: Cell(c, ix.payeeAcc), merchant: Cell(c, ix.merchant),
			note: Cell(c, ix.note), fees: Cell(c, ix.fees), details: Cell(c, ix.details)}
		err = dates.do(sink, row.Line, r.date, func() error {
			return w.row(file, r, sink, occ, nums, dates, bal, splitFee, &feeRow)
		})
		if err != nil {
			return platWrap(file, row.Line, err)
		}
	}
	if h == nil {
		return fmt.Errorf("%s: no Wise statement header row found: %w", file, ledger.ErrInvalid)
	}
	if err := dates.finish(sink); err != nil {
		return platWrap(file, dates.firstWait, err)
	}
	for _, f := range feeRow {
		if _, both := splitFee[f.id]; both {
			sink.Warn(f.line, "the fee of %s appears both in its row's Total fees and on its own row: check that it was not charged twice", f.id)
		}
	}
	bal.finish(sink)
	return nil
}

func (w *wiseStatement) row(file string, r wsRecord, sink Sink, occ Occurrences, nums *platNumbers, dates *platDates, bal *platBalance, splitFee map[string]int, feeRow *[]wsFeeRow) error {
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
		return fail("Total fees", err)
	}
	fees = fees.Abs()
	cur := platCurrency(r.currency)
	account := "wise:" + cur
	clock := ""
	if f := strings.Fields(r.dateTime); len(f) > 1 {
		clock = f[1]
	}
	bal.stamp(date, clock)
	var balance decimal.NullDecimal
	if strings.TrimSpace(r.bal) != "" {
		v, err := nums.parse(r.line, r.bal)
		if err != nil {
			return fail("Running Balance", err)
		}
		balance = decimal.NewNullDecimal(v)
	}
	if balance.Valid {
		bal.add(r.line, account, amount, balance.Decimal)
	} else {
		bal.move(r.line, account, amount)
	}
	if amount.IsZero() {
		sink.Skip(r.line)
		return nil
	}

	prefix := strings.ToUpper(r.id)
	if i := strings.IndexByte(prefix, '-'); i >= 0 {
		prefix = prefix[:i]
	}
	details := strings.ToUpper(strings.TrimSpace(r.details))
	desc := Norm(r.desc)
	ref := r.ref
	if ref != "" && strings.Contains(r.desc, ref) {
		ref = "" // "Received money from X with reference <ref>" says it already
	}
	base := ledger.Entry{Date: date, Source: "wise", Account: account, Currency: cur, Ref: r.id,
		Description: joinNonEmpty(" — ", r.desc, ref, r.note), File: file, Line: r.line}

	kind, part := ledger.Unclassified, "other"
	splits := true // Total fees is part of Amount: split it off as a fee
	why := ""
	switch {
	case wsChargeFor.MatchString(r.desc) || prefix == "FEE" || prefix == "ACCRUAL_CHARGE" ||
		strings.Contains(details, "FEE") || strings.Contains(details, "ACCRUAL_CHARGE"):
		// a fee on its own row: the whole amount is the fee
		kind, part, splits = ledger.Fee, "fee", false
		if m := wsChargeFor.FindStringSubmatch(r.desc); m != nil && m[1] != "" {
			*feeRow = append(*feeRow, wsFeeRow{strings.ToUpper(m[1]), r.line})
		}
	case prefix == "BALANCE" || details == "CONVERSION" || strings.HasPrefix(desc, "converted ") ||
		(r.exFrom != "" && r.exTo != "" && !strings.EqualFold(r.exFrom, r.exTo)):
		// a conversion between the user's own balances; its fee is taken
		// from the source balance, so only the debit side splits it off
		kind, part = ledger.Transfer, "transfer"
		splits = amount.IsNegative()
	case prefix == "CARD" || prefix == "CARD_TRANSACTION" || strings.HasPrefix(details, "CARD") ||
		strings.HasPrefix(desc, "card transaction") || strings.HasPrefix(desc, "cash withdrawal"):
		why = "card payment or refund (spending, personal or business)"
		base.Counterparty = r.merchant
	case prefix == "DIRECT_DEBIT" || prefix == "DIRECT_DEBIT_TRANSACTION" || strings.HasPrefix(details, "DIRECT_DEBIT"):
		why = "direct debit"
		base.Counterparty = platFirst(r.payee, r.merchant)
	case prefix == "TRANSFER" || prefix == "BANK_DETAILS_PAYMENT" || details == "TRANSFER" || details == "DEPOSIT" ||
		details == "MONEY_ADDED" || strings.HasPrefix(desc, "received money") || strings.HasPrefix(desc, "sent money") ||
		platHasAny(desc, "topped up", "money added", "added money"):
		if amount.IsNegative() {
			// money sent out: to the user's own bank (a withdrawal) or to
			// someone; either way not income
			kind, part = ledger.Transfer, "transfer"
			base.Counterparty = r.payee
			if r.payee != "" && !strings.Contains(Norm(base.Description), Norm(r.payee)) {
				base.Description = joinNonEmpty(" — ", "Sent money to "+r.payee, base.Description)
			}
			if acc := platMask(r.payeeAcc); acc != "" {
				base.Description += " (account " + acc + ")"
			}
			break
		}
		base.Counterparty = r.payer
		switch {
		case platHasAny(desc, "topped up", "money added", "added money") || details == "MONEY_ADDED":
			kind, part = ledger.Transfer, "transfer"
		case platPayoutFrom("wise", r.payer, r.desc) != "":
			kind, part = ledger.Transfer, "transfer"
		default:
			kind, part = ledger.Income, "income"
		}
	default:
		why = fmt.Sprintf("unknown Wise row %q", platFirst(r.id, r.desc))
	}
	if kind == ledger.Unclassified {
		sink.Warn(r.line, "%s: imported as unclassified", why)
	}
	if fees.IsZero() || !splits {
		e := base
		e.Kind, e.Amount, e.Key = kind, amount, wiseKey(occ, r.id, cur, part)
		_, err := platEmit(sink, e)
		return err
	}
	// Amount is what moved the balance; Total fees is the part of it Wise
	// kept. Principal = Amount + fees (out: less negative; in: the gross).
	if fees.GreaterThan(amount.Abs()) && amount.IsNegative() {
		sink.Warn(r.line, "Total fees %s exceed the amount %s: imported the whole amount as a fee", fees, amount)
		e := base
		e.Kind, e.Amount, e.Key = ledger.Fee, amount, wiseKey(occ, r.id, cur, "fee")
		_, err := platEmit(sink, e)
		return err
	}
	if r.id != "" {
		splitFee[strings.ToUpper(r.id)] = r.line
	}
	principal := amount.Add(fees)
	e := base
	e.Kind, e.Amount, e.Key = kind, principal, wiseKey(occ, r.id, cur, part)
	if _, err := platEmit(sink, e); err != nil {
		return err
	}
	e = base
	e.Kind, e.Amount, e.Key = ledger.Fee, fees.Neg(), wiseKey(occ, r.id, cur, "fee")
	_, err = platEmit(sink, e)
	return err
}

// wiseTransfers reads the Wise transfers list (Transactions page →
// download): one row a transfer with unsigned amounts, a Direction and fees
// in their own columns.
type wiseTransfers struct{}

var _ Importer = (*wiseTransfers)(nil)

func (*wiseTransfers) Name() string { return "wise-transfers" }

func (*wiseTransfers) Describe() string {
	return "Wise transfers list CSV: header ID, Status, Direction, Created on, Source amount (after fees), Target amount (after fees)"
}

var (
	wtID        = []string{"ID"}
	wtStatus    = []string{"Status"}
	wtDirection = []string{"Direction"}
	wtCreated   = []string{"Created on"}
	wtFinished  = []string{"Finished on"}
	wtSrcFee    = []string{"Source fee amount"}
	wtSrcFeeCur = []string{"Source fee currency"}
	wtTgtFee    = []string{"Target fee amount"}
	wtTgtFeeCur = []string{"Target fee currency"}
	wtSrcName   = []string{"Source name"}
	wtSrcAmount = []string{"Source amount (after fees)"}
	wtSrcCur    = []string{"Source currency"}
	wtTgtName   = []string{"Target name"}
	wtTgtAmount = []string{"Target amount (after fees)"}
	wtTgtCur    = []string{"Target currency"}
	wtRef       = []string{"Reference"}
	wtNote      = []string{"Note"}
)

func (*wiseTransfers) Detect(s *Sample) Match {
	return DetectHeader(s, wtID, wtStatus, wtDirection, wtCreated, wtSrcAmount, wtSrcCur, wtTgtAmount, wtTgtCur)
}

// wtKnownStatus lists the statuses a transfer that did not (yet) move money
// shows; they are skipped without a warning.
var wtKnownStatus = map[string]bool{
	"cancelled": true, "canceled": true, "refunded": true, "funds_refunded": true, "bounced_back": true,
	"charged_back": true, "processing": true, "incoming_payment_waiting": true, "waiting_recipient_input_to_proceed": true,
	"funds_converted": true, "pending": true, "failed": true,
}

func (w *wiseTransfers) Import(ctx context.Context, file string, rows Rows, sink Sink) error {
	var h Header
	var ix struct {
		id, status, dir, created, finished, srcFee, srcFeeCur, tgtFee, tgtFeeCur int
		srcName, srcAmt, srcCur, tgtName, tgtAmt, tgtCur, ref, note              int
	}
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
			if len(hh.Missing(wtID, wtStatus, wtDirection, wtCreated, wtSrcAmount, wtSrcCur, wtTgtAmount, wtTgtCur)) > 0 {
				continue
			}
			h = hh
			ix.id, ix.status, ix.dir, ix.created, ix.finished = h.Index(wtID...), h.Index(wtStatus...), h.Index(wtDirection...), h.Index(wtCreated...), h.Index(wtFinished...)
			ix.srcFee, ix.srcFeeCur, ix.tgtFee, ix.tgtFeeCur = h.Index(wtSrcFee...), h.Index(wtSrcFeeCur...), h.Index(wtTgtFee...), h.Index(wtTgtFeeCur...)
			ix.srcName, ix.srcAmt, ix.srcCur = h.Index(wtSrcName...), h.Index(wtSrcAmount...), h.Index(wtSrcCur...)
			ix.tgtName, ix.tgtAmt, ix.tgtCur, ix.ref, ix.note = h.Index(wtTgtName...), h.Index(wtTgtAmount...), h.Index(wtTgtCur...), h.Index(wtRef...), h.Index(wtNote...)
			continue
		}
		if isBlank(row.Cells) {
			continue
		}
		c := row.Cells
		line := row.Line
		status := strings.ToLower(strings.TrimSpace(Cell(c, ix.status)))
		if status != "completed" {
			sink.Skip(line)
			if !wtKnownStatus[status] {
				sink.Warn(line, "Wise transfer status %q: not imported", Cell(c, ix.status))
			}
			continue
		}
		when := platFirst(Cell(c, ix.finished), Cell(c, ix.created))
		date, err := ParseDate(when, "2006-01-02", "2006-01-02T15:04:05", "02-01-2006", "02/01/2006")
		if err != nil {
			return RowError(file, line, err)
		}
		amt := func(i int, what string) (decimal.Decimal, error) {
			v, err := nums.parse(line, Cell(c, i))
			if err != nil {
				return v, RowError(file, line, fmt.Errorf("%s: %w", what, err))
			}
			return v.Abs(), nil
		}
		srcAmt, err := amt(ix.srcAmt, "Source amount (after fees)")
		if err != nil {
			return err
		}
		tgtAmt, err := amt(ix.tgtAmt, "Target amount (after fees)")
		if err != nil {
			return err
		}
		srcFee, err := amt(ix.srcFee, "Source fee amount")
		if err != nil {
			return err
		}
		tgtFee, err := amt(ix.tgtFee, "Target fee amount")
		if err != nil {
			return err
		}
		id := Cell(c, ix.id)
		srcCur, tgtCur := platCurrency(Cell(c, ix.srcCur)), platCurrency(Cell(c, ix.tgtCur))
		srcFeeCur := platCurrency(platFirst(Cell(c, ix.srcFeeCur), srcCur))
		tgtFeeCur := platCurrency(platFirst(Cell(c, ix.tgtFeeCur), tgtCur))
		srcName, tgtName := Cell(c, ix.srcName), Cell(c, ix.tgtName)
		ref := Cell(c, ix.ref)
		base := ledger.Entry{Date: date, Source: "wise", Ref: id, File: file, Line: line}
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
			desc := joinNonEmpty(" — ", "Sent money to "+platFirst(tgtName, tgtCur+" balance"), ref, Cell(c, ix.note))
			return errors.Join(
				emit(srcCur, ledger.Transfer, srcAmt.Neg(), "transfer", desc, tgtName),
				emit(srcFeeCur, ledger.Fee, srcFee.Neg(), "fee", "Wise fee: "+desc, ""))
		}
		in := func(kind ledger.Kind, part, desc, cp string) error {
			return errors.Join(
				emit(tgtCur, kind, tgtAmt.Add(tgtFee), part, desc, cp),
				emit(tgtFeeCur, ledger.Fee, tgtFee.Neg(), "fee", "Wise fee: "+desc, ""))
		}
		switch dir := strings.ToUpper(strings.TrimSpace(Cell(c, ix.dir))); dir {
		case "OUT":
			err = out()
		case "IN":
			desc := joinNonEmpty(" — ", "Received money from "+platFirst(srcName, "?"), ref, Cell(c, ix.note))
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
			sink.Skip(line)
		}
	}
	if h == nil {
		return fmt.Errorf("%s: no Wise transfers header row found: %w", file, ledger.ErrInvalid)
	}
	return nil
}
