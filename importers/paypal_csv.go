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

// paypalCSV reads PayPal's "Activity download" (any selection of its
// columns) and its "Statements" CSV, in English, Spanish, German, French or
// Italian headers, with numbers as 1,234.56 or 1.234,56 and dates in either
// day/month order, decided from the whole file.
type paypalCSV struct{}

var _ Importer = (*paypalCSV)(nil)

func (*paypalCSV) Name() string { return "paypal" }

func (*paypalCSV) Describe() string {
	return "PayPal Activity download and Statements CSV (localized headers, 1.234,56 numbers): header Date, Type or Description, Currency, Gross, Fee, Net, Transaction ID"
}

// Column names in the languages PayPal writes them (Norm folds case and
// accents, so "Descripción" matches "descripcion").
var (
	ppDate     = []string{"Date", "Fecha", "Datum", "Data"}
	ppTime     = []string{"Time", "Hora", "Uhrzeit", "Heure", "Ora"}
	ppType     = []string{"Type", "Tipo", "Typ", "Description", "Descripción", "Beschreibung", "Descrizione", "Descrição"}
	ppStatus   = []string{"Status", "Estado", "État", "Etat", "Stato", "Statut"}
	ppCurrency = []string{"Currency", "Divisa", "Moneda", "Währung", "Devise", "Valuta", "Moeda"}
	ppGross    = []string{"Gross", "Bruto", "Brutto", "Brut", "Lordo"}
	ppFee      = []string{"Fee", "Comisión", "Tarifa", "Gebühr", "Entgelt", "Frais", "Commissione", "Taxa"}
	ppNet      = []string{"Net", "Neto", "Netto", "Líquido"}
	ppID       = []string{"Transaction ID", "Id. de transacción", "ID de transacción", "Transaktionscode", "Numéro de transaction", "Codice transazione", "Código da transação"}
	ppBalance  = []string{"Balance", "Saldo", "Guthaben", "Solde"}
	ppImpact   = []string{"Balance Impact", "Auswirkung auf Guthaben", "Impacto en el saldo", "Impact sur le solde", "Effetto sul saldo"}
	ppName     = []string{"Name", "Nombre", "Nom", "Nome"}
	ppFrom     = []string{"From Email Address", "Correo electrónico del remitente", "Absender E-Mail-Adresse", "De l'adresse email"}
	ppTo       = []string{"To Email Address", "Correo electrónico del destinatario", "Empfänger E-Mail-Adresse", "À l'adresse email"}
	ppRef      = []string{"Reference Txn ID", "Id. de referencia de trans.", "Zugehöriger Transaktionscode", "Txn-Referenzkennung", "Numéro de transaction de référence"}
	ppBankName = []string{"Bank Name", "Nombre del banco", "Name der Bank", "Nom de la banque"}
	ppBankAcct = []string{"Bank Account", "Cuenta bancaria", "Bankkonto", "Compte bancaire"}
	ppSubject  = []string{"Subject", "Asunto", "Betreff", "Objet"}
	ppItem     = []string{"Item Title", "Título del artículo", "Artikelbezeichnung", "Titre de l'objet"}
	ppNote     = []string{"Note", "Nota", "Hinweis", "Remarque"}
	ppInvoice  = []string{"Invoice Number", "Invoice ID", "Número de factura", "Id. de factura", "Rechnungsnummer"}
)

func (*paypalCSV) Detect(s *Sample) Match {
	return DetectHeader(s, ppDate, ppType, ppCurrency, ppGross, ppFee, ppNet, ppID)
}

// ppRecord is one PayPal row as the file wrote it.
type ppRecord struct {
	line                                                         int
	date, time, name, typ, status, currency, gross, fee, net, id string
	balance, impact, from, to, ref, bankName, bankAcct           string
	subject, item, note, invoice                                 string
}

// ppClass is what a PayPal transaction type means, whatever its language.
type ppClass int

const (
	ppUnknown   ppClass = iota
	ppNotMoney          // holds, releases, authorisations, cart items, requests
	ppTransfer          // withdrawals, deposits from the user's bank or card, conversions
	ppFeeRow            // fees and fee reversals
	ppRefundRow         // refunds, reversals, chargebacks
	ppPayment           // payments (received: income; sent: not placed)
)

// ppClassify places a PayPal type by keywords in the languages PayPal
// writes, most specific first ("Payment Hold" is a hold, "Fee Reversal" a
// fee, "Payment Reversal" a refund).
func ppClassify(typ string) ppClass {
	t := Norm(typ)
	switch {
	case t == "":
		return ppUnknown
	case platHasAny(t, "hold", "release", "authori", "autori", "einbehaltung", "freigabe", "retencion", "liberacion",
		"blocage", "blocco", "shopping cart", "warenkorb", "carrito", "panier", "request", "anforderung", "solicitud", "invoice sent",
		"rechnung gesendet", "void"), platHasWord(t, "order", "memo"):
		return ppNotMoney
	case platHasAny(t, "conversion", "convers", "umrechnung"):
		return ppTransfer
	case platHasAny(t, "withdraw", "retiro", "abbuchung", "auszahlung", "retrait", "prelievo", "saque",
		"deposit", "gutschrift auf", "bankgutschrift", "einzahlung", "deposito", "add funds", "funds added",
		"transfer to bank", "transfer from bank", "bank transfer", "kontobewegung", "internal transfer",
		"zahlungsquelle", "account transfer"), platHasWord(t, "ach"):
		return ppTransfer
	case platHasWord(t, "fee", "fees") || platHasAny(t, "gebuhr", "comision", "tarifa", "frais", "commissione", "entgelt"):
		return ppFeeRow
	case platHasAny(t, "refund", "reversal", "chargeback", "reembolso", "devolucion", "ruckzahlung", "erstattung",
		"ruckbuchung", "remboursement", "rimborso", "contracargo", "dispute", "storno", "annulation de paiement"):
		return ppRefundRow
	case platHasAny(t, "payment", "pago", "zahlung", "paiement", "pagamento", "donation", "spende",
		"subscription", "abonnement", "mass pay", "payout"):
		return ppPayment
	}
	return ppUnknown
}

// ppStatusOK says whether a status means the money moved: true for
// completed-like statuses, false for pending, denied, cancelled and the
// like; known is false for a status this importer does not know.
func ppStatusOK(status string) (ok, known bool) {
	s := Norm(status)
	switch {
	case s == "":
		return true, true // the Statements report has no status: every row moved money
	case platHasAny(s, "pending", "pendiente", "ausstehend", "en attente", "in sospeso", "pendente",
		"denied", "denegad", "rechazad", "abgelehnt", "refuse", "rifiutat", "negad",
		"cancel", "storniert", "annul", "removed", "entfernt", "placed", "unclaimed",
		"failed", "fallid", "fehlgeschlagen", "void", "expired", "unpaid", "uncleared", "held"):
		return false, true
	case platHasAny(s, "complet", "abgeschlossen", "termin", "conclu", "cleared", "refund", "reembols",
		"erstattet", "rembours", "rimborsat", "revers", "paid", "pagad", "bezahlt", "processed"):
		return true, true
	}
	return false, false
}

func (p *paypalCSV) Import(ctx context.Context, file string, rows Rows, sink Sink) error {
	var h Header
	var idx struct {
		date, time, typ, status, currency, gross, fee, net, id, balance, impact int
		name, from, to, ref, bankName, bankAcct, subject, item, note, invoice   int
	}
	occ := Occurrences{}
	nums := &platNumbers{}
	dates := &platDates{}
	bal := newPlatBalance()
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
			if len(hh.Missing(ppDate, ppType, ppCurrency, ppGross, ppID)) > 0 {
				continue
			}
			h = hh
			idx.date, idx.time, idx.typ, idx.status = h.Index(ppDate...), h.Index(ppTime...), h.Index(ppType...), h.Index(ppStatus...)
			idx.currency, idx.gross, idx.fee, idx.net = h.Index(ppCurrency...), h.Index(ppGross...), h.Index(ppFee...), h.Index(ppNet...)
			idx.id, idx.balance, idx.impact, idx.name = h.Index(ppID...), h.Index(ppBalance...), h.Index(ppImpact...), h.Index(ppName...)
			idx.from, idx.to, idx.ref = h.Index(ppFrom...), h.Index(ppTo...), h.Index(ppRef...)
			idx.bankName, idx.bankAcct, idx.subject = h.Index(ppBankName...), h.Index(ppBankAcct...), h.Index(ppSubject...)
			idx.item, idx.note, idx.invoice = h.Index(ppItem...), h.Index(ppNote...), h.Index(ppInvoice...)
			// Only the rare file whose every date fits both orders needs a
			// guess: PayPal writes US dates for English accounts and
			// day-first dates elsewhere.
			dates.fallback, dates.why = platDMY, "the headers are not in English"
			if h.Index("Time") >= 0 {
				dates.fallback, dates.why = platMDY, "the headers are in English (PayPal's US date style)"
			}
			continue
		}
		if isBlank(row.Cells) {
			continue
		}
		c := row.Cells
		rec := ppRecord{line: row.Line,
			date: Cell(c, idx.date), time: Cell(c, idx.time), name: Cell(c, idx.name), typ: Cell(c, idx.typ),
			status: Cell(c, idx.status), currency: Cell(c, idx.currency), gross: Cell(c, idx.gross),
			fee: Cell(c, idx.fee), net: Cell(c, idx.net), id: Cell(c, idx.id), balance: Cell(c, idx.balance),
			impact: Cell(c, idx.impact), from: Cell(c, idx.from), to: Cell(c, idx.to), ref: Cell(c, idx.ref),
			bankName: Cell(c, idx.bankName), bankAcct: Cell(c, idx.bankAcct), subject: Cell(c, idx.subject),
			item: Cell(c, idx.item), note: Cell(c, idx.note), invoice: Cell(c, idx.invoice)}
		err = dates.do(sink, row.Line, rec.date, func() error {
			return p.row(file, rec, sink, occ, nums, dates, bal)
		})
		if err != nil {
			return platWrap(file, row.Line, err)
		}
	}
	if h == nil {
		return fmt.Errorf("%s: no PayPal header row found: %w", file, ledger.ErrInvalid)
	}
	if err := dates.finish(sink); err != nil {
		return platWrap(file, dates.firstWait, err)
	}
	bal.finish(sink)
	return nil
}

func (p *paypalCSV) row(file string, r ppRecord, sink Sink, occ Occurrences, nums *platNumbers, dates *platDates, bal *platBalance) error {
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
	gross, err := nums.parse(r.line, r.gross)
	if err != nil {
		return fail("Gross", err)
	}
	fee, err := nums.parse(r.line, r.fee)
	if err != nil {
		return fail("Fee", err)
	}
	net := gross.Add(fee)
	if strings.TrimSpace(r.net) != "" {
		if net, err = nums.parse(r.line, r.net); err != nil {
			return fail("Net", err)
		}
		if !net.Equal(gross.Add(fee)) {
			sink.Warn(r.line, "Net %s is not Gross %s plus Fee %s: imported Gross and Fee", net, gross, fee)
		}
	}
	var balance decimal.NullDecimal
	if b := strings.TrimSpace(r.balance); b != "" && b != "..." && b != "…" {
		v, err := nums.parse(r.line, b)
		if err != nil {
			return fail("Balance", err)
		}
		balance = decimal.NewNullDecimal(v)
	}
	cur := platCurrency(r.currency)
	account := "paypal:" + cur
	bal.stamp(date, r.time)
	impact := Norm(r.impact)
	memo := impact == "memo" || impact == "nota"
	moved := impact != "" && !memo // the file says the row moved the balance

	class := ppClassify(r.typ)
	statusOK, statusKnown := ppStatusOK(r.status)
	skip := ""
	switch {
	case memo:
		skip = "memo"
	case class == ppNotMoney:
		skip = "hold"
	case statusKnown && !statusOK:
		skip = "status"
	}
	if skip != "" {
		sink.Skip(r.line)
		if balance.Valid {
			switch {
			case memo:
				bal.add(r.line, account, decimal.Zero, balance.Decimal)
			case moved:
				bal.add(r.line, account, net, balance.Decimal)
			default:
				bal.reset(r.line, account, balance.Decimal)
			}
		}
		if skip == "status" && class != ppUnknown && !net.IsZero() {
			sink.Warn(r.line, "%s %s of %s %s not imported (status %q): import a later download once it has completed", r.typ, r.id, net, cur, r.status)
		}
		return nil
	}

	base := ledger.Entry{Date: date, Source: "paypal", Account: account, Currency: cur, Ref: r.id,
		Counterparty: r.name, File: file, Line: r.line}
	if base.Counterparty == "" {
		if gross.IsNegative() {
			base.Counterparty = r.to
		} else {
			base.Counterparty = r.from
		}
	}
	detail := platFirst(r.subject, r.item, r.note)
	if r.invoice != "" && !strings.Contains(detail, r.invoice) {
		detail = joinNonEmpty(", ", detail, "invoice "+r.invoice)
	}
	base.Description = joinNonEmpty(": ", r.typ, detail)

	kind, part := ledger.Unclassified, "other"
	switch class {
	case ppTransfer:
		kind, part = ledger.Transfer, "transfer"
		if r.bankName != "" || r.bankAcct != "" {
			dest := joinNonEmpty(" ", r.bankName, platMask(r.bankAcct))
			if gross.IsNegative() {
				base.Description = joinNonEmpty(" to ", base.Description, dest)
			} else {
				base.Description = joinNonEmpty(" from ", base.Description, dest)
			}
			base.Counterparty = platFirst(r.bankName, base.Counterparty)
		}
		if r.ref != "" {
			base.Description += " (ref " + r.ref + ")"
		}
	case ppFeeRow:
		kind, part = ledger.Fee, "feerow"
	case ppRefundRow:
		kind, part = ledger.Refund, "refund"
		if gross.IsPositive() {
			kind = ledger.Unclassified
			sink.Warn(r.line, "PayPal %q of +%s %s (money returned to you): imported as unclassified", r.typ, gross, cur)
		}
	case ppPayment:
		switch {
		case gross.IsNegative():
			sink.Warn(r.line, "PayPal %q of %s %s sent by you (a purchase or a payment to someone): imported as unclassified", r.typ, gross, cur)
		case platPayoutFrom("paypal", r.name, r.from) != "":
			kind, part = ledger.Transfer, "transfer"
			base.Description = joinNonEmpty(": ", "Payout from "+platFirst(r.name, r.from), base.Description)
		default:
			kind, part = ledger.Income, "income"
		}
	default:
		sink.Warn(r.line, "unknown PayPal type %q: imported as unclassified", r.typ)
	}
	if !statusKnown && kind != ledger.Unclassified {
		sink.Warn(r.line, "unknown PayPal status %q: imported as unclassified", r.status)
		kind = ledger.Unclassified
	}

	key := func(part string) string {
		if r.id != "" {
			return occ.Key("paypal|" + r.id + "|" + part)
		}
		return occ.Key("paypal|row|" + date.Format(ledger.DateLayout) + "|" + r.time + "|" + Norm(r.typ) + "|" + cur + "|" + gross.String() + "|" + fee.String() + "|" + part)
	}
	sent := false
	e := base
	e.Kind, e.Amount, e.Key = kind, gross, key(part)
	ok, err := platEmit(sink, e)
	if err != nil {
		return err
	}
	sent = sent || ok
	e = base
	e.Kind, e.Amount, e.Key = ledger.Fee, fee, key("fee")
	ok, err = platEmit(sink, e)
	if err != nil {
		return err
	}
	sent = sent || ok
	if !sent {
		sink.Skip(r.line)
	}
	if balance.Valid {
		bal.add(r.line, account, gross.Add(fee), balance.Decimal)
	} else {
		bal.move(r.line, account, gross.Add(fee))
	}
	return nil
}
