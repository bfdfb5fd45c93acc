package report

import (
	"bufio"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/incomeledger/income/internal/textfmt"
	"github.com/incomeledger/income/ledger"
)

// Plain-text books: `income entries --format hledger|beancount` writes each
// entry as one balanced transaction of two postings.
//
//   - The entry's own account, in its own currency: assets:<account>
//     (Assets:<Account>). When the entry was converted, the posting carries
//     the home amount as a total price (`@@`), so each transaction balances
//     at the home amount income computed, rounded per entry.
//   - The other side, by kind, in the home currency when converted:
//     income → income:<source>; refund → income:<source>:refunds;
//     fee (a fee refund too) → expenses:fees:<source>; expense →
//     expenses:<source>; tax_withheld → expenses:tax:withheld:<source>;
//     transfer → assets:transfers (a clearing account between your own
//     accounts, kept in the entry's own currency); unclassified →
//     equity:unclassified:<source> (never income).
//
// So the yearly balance of income:<source> is −gross, of
// income:<source>:refunds the refunds, of expenses:fees:<source> the fees
// (a fee refund lowers them), as in `income report`. Entries without a rate
// stay in their own currency on both sides, as the report leaves them out.
// Text from the files goes into descriptions and tags/metadata only, with
// the characters each format reserves replaced.

// LedgerFormats are the plain-text formats of `income entries`.
var LedgerFormats = []string{"hledger", "beancount"}

// LedgerWriter streams entries as an hledger journal or a beancount file.
type LedgerWriter struct {
	w      *bufio.Writer
	format string
	home   ledger.Currency
	opened map[string]time.Time // beancount accounts and their first date
	err    error
}

// NewLedgerWriter starts a journal in format ("hledger" or "beancount").
func NewLedgerWriter(w io.Writer, format string, home ledger.Currency) (*LedgerWriter, error) {
	if format != "hledger" && format != "beancount" {
		return nil, fmt.Errorf("ledger format %q: want hledger or beancount", format)
	}
	lw := &LedgerWriter{w: bufio.NewWriterSize(w, 64<<10), format: format, home: home, opened: map[string]time.Time{}}
	if format == "hledger" {
		fmt.Fprintf(lw.w, "; income entries, home currency %s: hledger -f FILE balance\n", home.Code)
		fmt.Fprintf(lw.w, "decimal-mark .\n")
	} else {
		fmt.Fprintf(lw.w, "; income entries, home currency %s: bean-check FILE\n", home.Code)
		fmt.Fprintf(lw.w, "option \"operating_currency\" \"%s\"\n", home.Code)
	}
	return lw, nil
}

// LedgerAccounts returns the two accounts of an entry's transaction in
// hledger's spelling: the entry's own account and the other side.
func LedgerAccounts(e ledger.Entry) (own, other string) {
	src := hledgerName(e.Source)
	own = "assets:" + hledgerName(e.Account)
	switch e.Kind {
	case ledger.Income:
		other = "income:" + src
	case ledger.Refund:
		other = "income:" + src + ":refunds"
	case ledger.Fee:
		other = "expenses:fees:" + src
	case ledger.Expense:
		other = "expenses:" + src
	case ledger.TaxWithheld:
		other = "expenses:tax:withheld:" + src
	case ledger.Transfer:
		other = "assets:transfers"
	default:
		other = "equity:unclassified:" + src
	}
	return own, other
}

// hledgerName makes one or more account components safe for hledger: no
// spaces (two end the name), no comment or tag characters.
func hledgerName(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return "unknown"
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r == ' ', r == '\t', r == ';', r == '#', r == '(', r == ')', r == '[', r == ']', r < 32:
			return '-'
		}
		return r
	}, s)
}

// beancountAccount spells an hledger account as beancount needs it: each
// component capitalised and made of letters, digits and hyphens only.
func beancountAccount(h string) string {
	parts := strings.Split(h, ":")
	for i, p := range parts {
		var b strings.Builder
		for _, r := range p {
			switch {
			case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-':
				b.WriteRune(r)
			default:
				b.WriteRune('-')
			}
		}
		c := b.String()
		switch {
		case c == "":
			c = "X"
		case c[0] >= 'a' && c[0] <= 'z':
			c = strings.ToUpper(c[:1]) + c[1:]
		case !(c[0] >= 'A' && c[0] <= 'Z' || c[0] >= '0' && c[0] <= '9'):
			c = "X" + c
		}
		if i == 0 { // a root must start with a letter
			c = strings.ToUpper(c[:1]) + c[1:]
		}
		parts[i] = c
	}
	return strings.Join(parts, ":")
}

// postings returns the two postings' amounts: the own side (with a total
// price when converted) and the other side.
func (lw *LedgerWriter) postings(e ledger.Entry) (own, other string) {
	amt := Amount(e.Amount, e.Currency)
	plain := e.Kind == ledger.Transfer || e.Kind == ledger.Unclassified || !e.Home.Valid
	if plain || e.Currency == lw.home.Code {
		return amt + " " + e.Currency, Amount(e.Amount.Neg(), e.Currency) + " " + e.Currency
	}
	h := e.Home.Decimal
	return fmt.Sprintf("%s %s @@ %s %s", amt, e.Currency, lw.home.Format(h.Abs()), lw.home.Code),
		lw.home.Format(h.Neg()) + " " + lw.home.Code
}

// Write adds one entry as a transaction.
func (lw *LedgerWriter) Write(e ledger.Entry) error {
	if lw.err != nil {
		return lw.err
	}
	ownAcc, otherAcc := LedgerAccounts(e)
	own, other := lw.postings(e)
	date := e.Date.Format(ledger.DateLayout)
	j := NewEntryJSON(e, lw.home)
	w := lw.w
	if lw.format == "hledger" {
		desc := oneLine(e.Description)
		if cp := oneLine(e.Counterparty); cp != "" {
			desc = cp + " | " + desc
		}
		desc = strings.ReplaceAll(desc, ";", ",")
		fmt.Fprintf(w, "\n%s (%s) %s", date, e.ID, desc)
		tags := []string{"kind:" + j.Kind, "source:" + tagValue(j.Source), "file:" + tagValue(j.File), fmt.Sprintf("line:%d", j.Line)}
		if j.Rate != "" {
			tags = append(tags, "rate:"+j.Rate, "rate-date:"+j.RateDate, "rate-source:"+tagValue(j.RateSource))
			if e.RatePolicy != "" {
				tags = append(tags, "rate-policy:"+tagValue(e.RatePolicy))
			}
		}
		if j.HomeAmount != "" && e.Currency != lw.home.Code {
			tags = append(tags, "home:"+j.HomeAmount+" "+lw.home.Code)
		}
		if j.Rate == "" && e.Currency != lw.home.Code {
			tags = append(tags, "no-rate:")
		}
		fmt.Fprintf(w, "  ; %s\n", strings.Join(tags, ", "))
		fmt.Fprintf(w, "    %-40s  %s\n    %-40s  %s\n", ownAcc, own, otherAcc, other)
		return nil
	}
	ownAcc, otherAcc = beancountAccount(ownAcc), beancountAccount(otherAcc)
	for _, a := range []string{ownAcc, otherAcc} {
		if first, ok := lw.opened[a]; !ok || e.Date.Before(first) {
			lw.opened[a] = e.Date
		}
	}
	fmt.Fprintf(w, "\n%s *", date)
	if cp := oneLine(e.Counterparty); cp != "" {
		fmt.Fprintf(w, " %s", beanString(cp))
	}
	fmt.Fprintf(w, " %s\n", beanString(oneLine(e.Description)))
	fmt.Fprintf(w, "  id: %s\n  kind: %s\n  source: %s\n  file: %s\n  line: %d\n",
		beanString(j.ID), beanString(j.Kind), beanString(j.Source), beanString(j.File), j.Line)
	if e.Ref != "" {
		fmt.Fprintf(w, "  ref: %s\n", beanString(e.Ref))
	}
	if j.Rate != "" {
		fmt.Fprintf(w, "  rate: %s\n  rate_date: %s\n  rate_source: %s\n", beanString(j.Rate), beanString(j.RateDate), beanString(j.RateSource))
		if e.RatePolicy != "" {
			fmt.Fprintf(w, "  rate_policy: %s\n", beanString(e.RatePolicy))
		}
	}
	if j.HomeAmount != "" && e.Currency != lw.home.Code {
		fmt.Fprintf(w, "  home_amount: %s\n", beanString(j.HomeAmount+" "+lw.home.Code))
	}
	fmt.Fprintf(w, "  %-40s  %s\n  %-40s  %s\n", ownAcc, own, otherAcc, other)
	return nil
}

// Close writes what must come last (beancount's open directives, dated at
// each account's first use) and flushes.
func (lw *LedgerWriter) Close() error {
	if lw.format == "beancount" && len(lw.opened) > 0 {
		accs := make([]string, 0, len(lw.opened))
		for a := range lw.opened {
			accs = append(accs, a)
		}
		sort.Strings(accs)
		fmt.Fprintf(lw.w, "\n; accounts, opened at their first entry\n")
		for _, a := range accs {
			fmt.Fprintf(lw.w, "%s open %s\n", lw.opened[a].Format(ledger.DateLayout), a)
		}
	}
	return lw.w.Flush()
}

// oneLine is text from a file on one line, its control characters
// escaped and invalid UTF-8 as U+FFFD (textfmt.Cell).
func oneLine(s string) string {
	return strings.Join(strings.Fields(textfmt.Cell(s)), " ")
}

// tagValue keeps an hledger tag value inside its tag (a comma ends it).
func tagValue(s string) string {
	return strings.NewReplacer(",", " ").Replace(textfmt.Cell(s))
}

// beanString is a beancount string literal.
func beanString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(textfmt.Cell(s)) + `"`
}
