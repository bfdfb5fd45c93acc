package importers

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/incomeledger/income/errs"
	"github.com/incomeledger/income/ledger"
	"github.com/shopspring/decimal"
)

func (r *profileRun) rowErr(pr pendingRow, err error) error {
	if pr.sheet > 0 {
		err = fmt.Errorf("sheet %s: %w", quoteCell(pr.sheetName), err)
	}
	return RowError(r.file, pr.line, err)
}

func (r *profileRun) wrapSheet(err error) error {
	if r.sheet > 0 {
		return fmt.Errorf("sheet %s: %w", quoteCell(r.sheetName), err)
	}
	return err
}

// matchWord says whether the direction cell v is word: equal to it, or
// (when the word sits inside the amount cell) ending or starting with it.
func matchWord(v string, words []string, inside bool) (string, bool) {
	n := Norm(v)
	for _, w := range words {
		if n == w {
			return w, true
		}
		if inside && (strings.HasSuffix(n, " "+w) || strings.HasPrefix(n, w+" ") || strings.HasSuffix(n, w)) {
			return w, true
		}
	}
	return "", false
}

// amount returns a row's signed amount (money out negative) and whether the
// row holds one.
func (r *profileRun) amount(pr pendingRow) (decimal.Decimal, bool, error) {
	p, c := r.p, pr.cols
	switch p.mode {
	case amountSplit:
		cr, dr := Cell(pr.cells, c.credit), Cell(pr.cells, c.debit)
		if !hasDigit(cr) && !hasDigit(dr) {
			return decimal.Decimal{}, false, nil
		}
		amt := decimal.Zero
		if hasDigit(cr) {
			v, err := r.parseMoney(cr)
			if err != nil {
				return amt, true, err
			}
			amt = amt.Add(v.Abs())
		}
		if hasDigit(dr) {
			v, err := r.parseMoney(dr)
			if err != nil {
				return amt, true, err
			}
			amt = amt.Sub(v.Abs())
		}
		return amt, true, nil
	case amountDirection:
		v := Cell(pr.cells, c.amount)
		if !hasDigit(v) {
			return decimal.Decimal{}, false, nil
		}
		dir := Cell(pr.cells, c.direction)
		sign := 0
		word := ""
		if w, ok := matchWord(dir, p.creditWords, c.sameDirection); ok {
			sign, word = 1, w
		} else if w, ok := matchWord(dir, p.debitWords, c.sameDirection); ok {
			sign, word = -1, w
		}
		if sign == 0 {
			return decimal.Decimal{}, true, fmt.Errorf("direction %s is neither a credit (%s) nor a debit (%s)", quoteCell(dir),
				strings.Join(p.creditWords, ", "), strings.Join(p.debitWords, ", "))
		}
		if c.sameDirection {
			v = stripWord(v, word)
		}
		amt, err := r.parseMoney(v)
		if err != nil {
			return amt, true, err
		}
		if sign < 0 {
			return amt.Abs().Neg(), true, nil
		}
		return amt.Abs(), true, nil
	default:
		v := Cell(pr.cells, c.amount)
		if !hasDigit(v) {
			return decimal.Decimal{}, false, nil
		}
		amt, err := r.parseMoney(v)
		if err != nil {
			return amt, true, err
		}
		if p.inverted {
			amt = amt.Neg()
		}
		return amt, true, nil
	}
}

// stripWord removes a direction word (folded) from the start or end of an
// amount cell: "287,490.00 DB" → "287,490.00".
func stripWord(v, word string) string {
	t := strings.TrimSpace(v)
	n := Norm(t)
	switch {
	case strings.HasSuffix(n, word) && len(n) >= len(word):
		// Norm keeps ASCII lengths; direction words are short ASCII codes
		if len(t) >= len(word) && Norm(t[len(t)-len(word):]) == word {
			return strings.TrimSpace(t[:len(t)-len(word)])
		}
	case strings.HasPrefix(n, word):
		if len(t) >= len(word) && Norm(t[:len(word)]) == word {
			return strings.TrimSpace(t[len(word):])
		}
	}
	return t
}

// emit turns one data row into an entry.
func (r *profileRun) emit(pr pendingRow) error {
	p, c := r.p, pr.cols
	r.rows++
	if r.rows%1024 == 0 {
		if err := r.ctx.Err(); err != nil {
			return err
		}
	}
	amt, ok, err := r.amount(pr)
	if err != nil {
		return r.rowErr(pr, err)
	}
	account := "bank:" + p.name
	if c.account != "" {
		account += ":" + c.account // one of several account sections
	}
	balKey := account
	if c.section > 1 && c.account == "" {
		balKey = fmt.Sprintf("%s (section %d)", account, c.section)
	}
	var bal decimal.Decimal
	hasBal := false
	if c.balance >= 0 && hasDigit(Cell(pr.cells, c.balance)) {
		b, err := r.parseMoney(Cell(pr.cells, c.balance))
		if err != nil && ok {
			return r.rowErr(pr, fmt.Errorf("balance: %w", err))
		}
		bal, hasBal = b, err == nil
	}
	if !ok || amt.IsZero() {
		// no money moved: a sub-header, an opening balance line
		r.sink.Skip(pr.line, SkipZero)
		if hasBal && r.bal != nil {
			r.bal.Reset(pr.line, balKey, bal)
		}
		return nil
	}
	dv := Cell(pr.cells, c.date)
	var date time.Time
	if dv == "" {
		if !p.fillDown || r.prevDate.IsZero() {
			r.sink.Skip(pr.line, SkipNoDate)
			r.sink.Warn(pr.line, "amount %s without a date: not imported (a total row?)", amt)
			if hasBal && r.bal != nil {
				r.bal.Reset(pr.line, balKey, bal)
			}
			return nil
		}
		date = r.prevDate
	} else {
		if date, err = r.parseDate(dv); err != nil {
			return r.rowErr(pr, err)
		}
	}
	r.prevDate = date
	cur := p.currency
	if c.currency != "" {
		cur = c.currency // stated by the account section
	}
	if c.cur >= 0 {
		cur = bankCurrency(Cell(pr.cells, c.cur))
		if cur == "" {
			return r.rowErr(pr, fmt.Errorf("no currency in column %q", p.currencyCol))
		}
	}
	var desc []string
	for _, i := range c.description {
		if v := Cell(pr.cells, i); v != "" {
			desc = append(desc, v)
		}
	}
	description := strings.Join(desc, " / ")
	counterparty := Cell(pr.cells, c.counterparty)
	id := Cell(pr.cells, c.id)
	kind := ledger.Unclassified
	if amt.IsPositive() && r.isPayout(description, counterparty) {
		kind = ledger.Transfer
	}
	var key string
	if id != "" {
		key = r.occ.Key(fmt.Sprintf("%s|ref|%s|%s", account, id, amt))
	} else {
		balText := ""
		if hasBal {
			balText = bal.String()
		}
		key = r.occ.Key(fmt.Sprintf("%s|%s|%s|%s|%s|%s", account, date.Format(ledger.DateLayout), amt, balText, Norm(description), Norm(counterparty)))
	}
	r.entries++
	if kind == ledger.Unclassified {
		if r.unclassified == 0 {
			r.firstUnclass = pr.line
		}
		r.unclassified++
	}
	if r.bal != nil {
		if hasBal {
			r.bal.Add(pr.line, balKey, amt, bal)
		} else {
			r.bal.Move(pr.line, balKey, amt)
		}
	}
	return r.sink.Entry(ledger.Entry{
		Key: key, Date: date, Source: p.name, Account: account, Kind: kind,
		Amount: amt, Currency: cur, Description: description, Counterparty: counterparty,
		Ref: id, File: r.file, Line: pr.line,
	})
}

// isPayout says whether a credit's text names a platform payout.
func (r *profileRun) isPayout(texts ...string) bool {
	for _, t := range texts {
		words := bankWords(t)
		for _, pw := range r.p.payouts {
			if containsRun(words, pw) {
				return true
			}
		}
	}
	return false
}

// bankWords splits text into folded runs of letters and runs of digits, so
// "50000000.00PAYPAL *ACME" gives …, "00", "paypal", "acme".
func bankWords(s string) []string {
	var out []string
	var cur []rune
	kind := 0
	flush := func() {
		if len(cur) > 0 {
			out = append(out, string(cur))
			cur = cur[:0]
		}
	}
	for _, r := range Norm(s) {
		k := 0
		switch {
		case unicode.IsLetter(r):
			k = 1
		case unicode.IsDigit(r):
			k = 2
		}
		if k != kind {
			flush()
			kind = k
		}
		if k != 0 {
			cur = append(cur, r)
		}
	}
	flush()
	return out
}

func containsRun(words, run []string) bool {
	if len(run) == 0 {
		return false
	}
	for i := 0; i+len(run) <= len(words); i++ {
		match := true
		for j := range run {
			if words[i+j] != run[j] {
				match = false
				break
			}
		}
		if match {
			return true
		}
	}
	return false
}

var bankCurrencyAlias = map[string]string{"vnd": "VND", "vnđ": "VND", "vnd.": "VND", "dong": "VND", "đong": "VND", "rp": "IDR", "rp.": "IDR"}

// bankCurrency reads a currency cell: an ISO code, or VNĐ/ĐỒNG/Rp.
func bankCurrency(s string) string {
	s = strings.TrimSpace(s)
	if a, ok := bankCurrencyAlias[Norm(s)]; ok {
		return a
	}
	if a, ok := bankCurrencyAlias[strings.ToLower(s)]; ok {
		return a
	}
	return strings.ToUpper(s)
}

func (r *profileRun) finish() error {
	if !r.decided {
		if err := r.decide(); err != nil {
			return err
		}
	}
	p := r.p
	if r.found == 0 {
		msg := fmt.Sprintf("no row holds every header cell of profile %s (%s)", p.name, quoteList(p.detect))
		if p.headerRow > 0 {
			if r.headerRowMissing != nil {
				msg = fmt.Sprintf("profile %s: header row %d (header_row) has no %s", p.name, p.headerRow, quoteList(r.headerRowMissing))
			} else {
				msg = fmt.Sprintf("profile %s: the file has no row %d (header_row)", p.name, p.headerRow)
			}
		}
		return errs.Data(r.file, 0, errors.New(msg))
	}
	if r.bal != nil {
		r.bal.Finish(r.sink)
	}
	if r.unclassified > 0 {
		r.sink.Warn(r.firstUnclass, "%d of %d bank rows imported as unclassified (first here): only credits naming a platform (%s) are taken as payouts (transfers); payments from local clients and other movements must be classified by the user",
			r.unclassified, r.entries, payoutList(p.payouts))
	}
	return nil
}

func payoutList(ps [][]string) string {
	var out []string
	for _, p := range ps {
		out = append(out, strings.ToUpper(strings.Join(p, " ")))
	}
	return strings.Join(out, ", ")
}
