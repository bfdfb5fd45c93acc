package importers

import (
	"context"
	"fmt"
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
	return "PayPal (headers in en, es, de, fr, it; 1,234.56 or 1.234,56 numbers): " + ppSpec.describeLayouts()
}

// PayPal's columns, in the languages PayPal writes them (Norm folds case
// and accents, so "Descripción" matches "descripcion").
const (
	ppDate = iota
	ppTime
	ppType
	ppStatus
	ppCurrency
	ppGross
	ppFee
	ppNet
	ppID
	ppBalance
	ppImpact
	ppName
	ppFrom
	ppTo
	ppRef
	ppBankName
	ppBankAcct
	ppSubject
	ppItem
	ppNote
	ppInvoice
	ppZone
	ppAmount
)

var ppSpec = &platSpec{what: "PayPal", dateCol: ppDate, cols: []platCol{
	ppDate:     {"Date", "Fecha", "Datum", "Data"},
	ppTime:     {"Time", "Hora", "Uhrzeit", "Heure", "Ora"},
	ppType:     {"Type", "Tipo", "Typ", "Description", "Descripción", "Beschreibung", "Descrizione", "Descrição"},
	ppStatus:   {"Status", "Estado", "État", "Etat", "Stato", "Statut"},
	ppCurrency: {"Currency", "Divisa", "Moneda", "Währung", "Devise", "Valuta", "Moeda"},
	ppGross:    {"Gross", "Bruto", "Brutto", "Brut", "Lordo"},
	ppFee:      {"Fee", "Comisión", "Tarifa", "Gebühr", "Entgelt", "Frais", "Commissione", "Taxa"},
	ppNet:      {"Net", "Neto", "Netto", "Líquido"},
	ppID:       {"Transaction ID", "Id. de transacción", "ID de transacción", "Transaktionscode", "Transactionscode", "Numéro de transaction", "Codice transazione", "Código da transação"},
	ppBalance:  {"Balance", "Saldo", "Guthaben", "Solde"},
	ppImpact:   {"Balance Impact", "Auswirkung auf Guthaben", "Impacto en el saldo", "Impact sur le solde", "Effetto sul saldo"},
	ppName:     {"Name", "Nombre", "Nom", "Nome"},
	ppFrom:     {"From Email Address", "Correo electrónico del remitente", "Absender E-Mail-Adresse", "De l'adresse email"},
	ppTo:       {"To Email Address", "Correo electrónico del destinatario", "Empfänger E-Mail-Adresse", "À l'adresse email"},
	ppRef:      {"Reference Txn ID", "Id. de referencia de trans.", "Zugehöriger Transaktionscode", "Txn-Referenzkennung", "Numéro de transaction de référence"},
	ppBankName: {"Bank Name", "Nombre del banco", "Name der Bank", "Nom de la banque"},
	ppBankAcct: {"Bank Account", "Cuenta bancaria", "Bankkonto", "Compte bancaire"},
	ppSubject:  {"Subject", "Asunto", "Betreff", "Objet"},
	ppItem:     {"Item Title", "Título del artículo", "Artikelbezeichnung", "Titre de l'objet"},
	ppNote:     {"Note", "Nota", "Hinweis", "Remarque"},
	ppInvoice:  {"Invoice Number", "Invoice ID", "Número de factura", "Id. de factura", "Rechnungsnummer"},
	ppZone:     {"TimeZone", "Time Zone", "Zona horaria"},
	ppAmount:   {"Amount"},
}, layouts: []platLayout{
	{"Activity download or Statements CSV", []int{ppDate, ppType, ppCurrency, ppGross, ppFee, ppNet, ppID}},
	{"old History download (amount only, no fee or currency column)", []int{ppDate, ppTime, ppZone, ppName, ppType, ppStatus, ppAmount, ppBalance}},
}}

// ppOldLayout is the index of the old History layout in ppSpec.layouts.
const ppOldLayout = 1

func (*paypalCSV) Detect(s *Sample) Match { return ppSpec.detect(s) }

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
	case platHasAny(t, "shopping cart", "warenkorb", "carrito", "panier") && !ppPaymentWord(t):
		// "Shopping Cart Item": one line of a cart whose payment is its
		// own row ("Shopping Cart Payment Received")
		return ppNotMoney
	case platHasAny(t, "hold", "release", "authori", "autori", "einbehaltung", "freigabe", "retencion", "liberacion",
		"blocage", "blocco", "request", "anforderung", "solicitud", "invoice sent",
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
	case ppPaymentWord(t) || platHasAny(t, "donation", "spende", "subscription", "abonnement", "mass pay", "payout",
		"echeck received", "referral bonus"):
		return ppPayment
	}
	return ppUnknown
}

// ppPaymentWord says whether a folded type names a payment.
func ppPaymentWord(t string) bool {
	return platHasAny(t, "payment", "pago", "zahlung", "paiement", "pagamento")
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
	occ := Occurrences{}
	votes := &ppDateVotes{}
	f := &platFile{spec: ppSpec, file: file, sink: sink, dates: &platDates{decide: votes.decide}, bal: newPlatBalance()}
	return runPlatform(ctx, f, rows, platHooks{
		start: func(f *platFile) {
			// Only the rare file whose every date fits both orders needs a
			// guess: the time zones and currencies decide (votes); failing
			// those, PayPal writes US dates for English accounts and
			// day-first dates elsewhere, with a warning.
			f.dates.fallback, f.dates.why = platDMY, "the headers are not in English"
			if f.header.Index("Time") >= 0 {
				f.dates.fallback, f.dates.why = platMDY, "the headers are in English (PayPal's US date style)"
			}
			if f.layout == ppOldLayout {
				sink.Warn(f.hline, "old PayPal History layout: it has no fee column, so income is imported as the amount that reached the balance (after PayPal's fee)")
			}
		},
		see: func(r *platRow) { votes.see(r.get(ppZone), ppRowCurrency(r)) },
		row: func(r *platRow) error { return p.row(r, occ) },
	})
}

// ppDateVotes decides a PayPal file's day/month order when no date does:
// a European time zone (GMT, BST, CET…, Europe/…) means day first, a US one
// (PST, EDT…, America/…) month first; failing zones, GBP and EUR amounts
// mean day first and USD month first. Mixed evidence decides nothing.
type ppDateVotes struct {
	zoneDMY, zoneMDY, curDMY, curMDY int
	zone, cur                        string
}

var (
	ppZonesDMY = []string{"gmt", "bst", "utc", "wet", "west", "cet", "cest", "met", "mest", "eet", "eest"}
	ppZonesMDY = []string{"pst", "pdt", "est", "edt", "mst", "mdt", "akst", "akdt", "hst"}
)

func (v *ppDateVotes) see(zone, currency string) {
	z := Norm(zone)
	switch {
	case strings.HasPrefix(z, "europe/") || ppIn(z, ppZonesDMY):
		v.zoneDMY++
		v.zone = zone
	case strings.HasPrefix(z, "america/") || ppIn(z, ppZonesMDY):
		v.zoneMDY++
		v.zone = zone
	}
	switch currency {
	case "GBP", "EUR":
		v.curDMY++
		v.cur = currency
	case "USD":
		v.curMDY++
		v.cur = currency
	}
}

func (v *ppDateVotes) decide() (platOrder, string, bool) {
	switch {
	case v.zoneDMY > 0 && v.zoneMDY == 0:
		return platDMY, fmt.Sprintf("the time zone %s is European, where PayPal writes the day first", v.zone), true
	case v.zoneMDY > 0 && v.zoneDMY == 0:
		return platMDY, fmt.Sprintf("the time zone %s is American, where PayPal writes the month first", v.zone), true
	case v.zoneDMY > 0 || v.zoneMDY > 0:
		return platOrderUnknown, "", false
	case v.curDMY > 0 && v.curMDY == 0:
		return platDMY, fmt.Sprintf("the amounts are in %s, written day first", v.cur), true
	case v.curMDY > 0 && v.curDMY == 0:
		return platMDY, fmt.Sprintf("the amounts are in %s, written month first", v.cur), true
	}
	return platOrderUnknown, "", false
}

func ppIn(s string, xs []string) bool {
	for _, x := range xs {
		if s == x {
			return true
		}
	}
	return false
}

// ppRowCurrency is a row's currency: its Currency cell, or in the old
// History layout (no Currency column) the code or the one-currency symbol
// (€, £) its Amount cell carries; "" when neither says.
func ppRowCurrency(r *platRow) string {
	if r.idx[ppCurrency] >= 0 {
		return platCurrency(r.get(ppCurrency))
	}
	return currencyOfCell(r.get(ppAmount))
}

func (p *paypalCSV) row(r *platRow, occ Occurrences) error {
	sink, bal := r.sink, r.bal
	date, err := r.date(ppDate)
	if err != nil {
		return err
	}
	grossCol := ppGross
	if r.idx[ppGross] < 0 {
		grossCol = ppAmount // the old History layout
	}
	v, err := r.amounts(grossCol, ppFee)
	if err != nil {
		return err
	}
	gross, fee := v[0], v[1]
	net := gross.Add(fee)
	if strings.TrimSpace(r.get(ppNet)) != "" {
		if net, err = r.amount(ppNet); err != nil {
			return err
		}
		if !net.Equal(gross.Add(fee)) {
			sink.Warn(r.line, "Net %s is not Gross %s plus Fee %s: imported Gross and Fee", net, gross, fee)
		}
	}
	balance, err := r.optAmount(ppBalance)
	if err != nil {
		return err
	}
	typ, id, name, status := r.get(ppType), r.get(ppID), r.get(ppName), r.get(ppStatus)
	cur := ppRowCurrency(r)
	if cur == "" {
		return r.errorf("the old PayPal History layout has no Currency column and amount %q names no currency: download the Activity download instead", r.get(ppAmount))
	}
	account := "paypal:" + cur
	bal.stamp(date, r.get(ppTime))
	impact := Norm(r.get(ppImpact))
	memo := impact == "memo" || impact == "nota"
	moved := impact != "" && !memo // the file says the row moved the balance

	class := ppClassify(typ)
	statusOK, statusKnown := ppStatusOK(status)
	skip := ""
	switch {
	case memo:
		skip = SkipMemo
	case class == ppNotMoney:
		skip = SkipNotPayment
	case statusKnown && !statusOK:
		skip = SkipNotCompleted
	}
	if skip != "" {
		sink.Skip(r.line, skip)
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
		if skip == SkipNotCompleted && class != ppUnknown && !net.IsZero() {
			sink.Warn(r.line, "%s of %s %s not imported (status %q): import a later download once it has completed", joinNonEmpty(" ", typ, id), net, cur, status)
		}
		return nil
	}

	base := ledger.Entry{Date: date, Source: "paypal", Account: account, Currency: cur, Ref: id,
		Counterparty: name, File: r.file, Line: r.line}
	if base.Counterparty == "" {
		if gross.IsNegative() {
			base.Counterparty = r.get(ppTo)
		} else {
			base.Counterparty = r.get(ppFrom)
		}
	}
	detail := platFirst(r.get(ppSubject), r.get(ppItem), r.get(ppNote))
	if inv := r.get(ppInvoice); inv != "" && !strings.Contains(detail, inv) {
		detail = joinNonEmpty(", ", detail, "invoice "+inv)
	}
	base.Description = joinNonEmpty(": ", typ, detail)

	kind, part := ledger.Unclassified, "other"
	switch class {
	case ppTransfer:
		kind, part = ledger.Transfer, "transfer"
		if bankName, bankAcct := r.get(ppBankName), r.get(ppBankAcct); bankName != "" || bankAcct != "" {
			dest := joinNonEmpty(" ", bankName, platMask(bankAcct))
			if gross.IsNegative() {
				base.Description = joinNonEmpty(" to ", base.Description, dest)
			} else {
				base.Description = joinNonEmpty(" from ", base.Description, dest)
			}
			base.Counterparty = platFirst(bankName, base.Counterparty)
		}
		if ref := r.get(ppRef); ref != "" {
			base.Description += " (ref " + ref + ")"
		}
	case ppFeeRow:
		kind, part = ledger.Fee, "feerow"
	case ppRefundRow:
		kind, part = ledger.Refund, "refund"
		if gross.IsPositive() {
			kind = ledger.Unclassified
			sink.Warn(r.line, "PayPal %q of +%s %s (money returned to you): imported as unclassified", typ, gross, cur)
		}
	case ppPayment:
		switch {
		case gross.IsNegative():
			sink.Warn(r.line, "PayPal %q of %s %s sent by you (a purchase or a payment to someone): imported as unclassified", typ, gross, cur)
		case platPayoutFrom("paypal", name, r.get(ppFrom)) != "":
			kind, part = ledger.Transfer, "transfer"
			base.Description = joinNonEmpty(": ", "Payout from "+platFirst(name, r.get(ppFrom)), base.Description)
		default:
			kind, part = ledger.Income, "income"
		}
	default:
		r.unknown(r.line, fmt.Sprintf("unknown PayPal type %q", typ), gross.Add(fee), cur)
	}
	if !statusKnown && kind != ledger.Unclassified {
		sink.Warn(r.line, "unknown PayPal status %q: imported as unclassified", status)
		kind = ledger.Unclassified
	}

	key := func(part string) string {
		if id != "" {
			return occ.Key("paypal|" + id + "|" + part)
		}
		return occ.Key("paypal|row|" + date.Format(ledger.DateLayout) + "|" + r.get(ppTime) + "|" + Norm(typ) + "|" + cur + "|" + gross.String() + "|" + fee.String() + "|" + part)
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
		sink.Skip(r.line, SkipZero)
	}
	if balance.Valid {
		bal.add(r.line, account, gross.Add(fee), balance.Decimal)
	} else {
		bal.move(r.line, account, gross.Add(fee))
	}
	return nil
}
