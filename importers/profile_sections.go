package importers

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/incomeledger/income/internal/yamlx"
	"github.com/incomeledger/income/ledger"
)

// Statements with several account sections (Vietcombank CashUp: each
// section starts "SAO KÊ TÀI KHOẢN / STATEMENT OF ACCOUNT", names its
// account and currency in its preamble, then has its own header row, rows
// and totals). With the profile key `sections`, each section is its own
// account, bank:<profile>:<account number>, in its own currency.

// sectionSpec is the `sections` key: the labels of the preamble lines that
// state a section's account number and (optionally) its currency.
type sectionSpec struct {
	Account  *scalars `yaml:"account"`
	Currency *scalars `yaml:"currency"`
}

// sectionLabels are a profile's compiled `sections` labels (folded).
type sectionLabels struct {
	account, currency []string
}

func (pc *profileCompiler) sections(p *Profile, v *yamlx.Value[sectionSpec]) {
	if v.V.Account == nil {
		pc.fail(v.Line, "sections", "missing key \"account\"")
		return
	}
	s := &sectionLabels{}
	for _, l := range pc.texts(v.V.Account, "sections.account") {
		s.account = append(s.account, Norm(l))
	}
	if v.V.Currency != nil {
		if p.currencyCol.set() {
			pc.fail(v.V.Currency.Line, "sections.currency", "the profile reads the currency from a column; a section's currency line would contradict it")
		}
		for _, l := range pc.texts(v.V.Currency, "sections.currency") {
			s.currency = append(s.currency, Norm(l))
		}
	}
	p.sections = s
}

// sectionState is what the preamble of the section being read stated.
type sectionState struct {
	account, currency string
	line              int // the account line
}

// labelValue returns the value a preamble line gives for one of labels:
// the text after the label cell's last ':' ("Currency: VND"), else the next
// non-empty cell of the row. ok is false when the line is not labelled so.
func labelValue(cells []string, labels []string) (value string, ok bool) {
	for i, c := range cells {
		if c == "" {
			continue
		}
		if !hasAnyPrefix(Norm(c), labels) {
			return "", false // only the first non-empty cell is a label
		}
		if j := strings.LastIndex(c, ":"); j >= 0 && strings.TrimSpace(c[j+1:]) != "" {
			return strings.TrimSpace(c[j+1:]), true
		}
		for _, v := range cells[i+1:] {
			if v != "" {
				return v, true
			}
		}
		return "", true
	}
	return "", false
}

// noteSection reads a section's account or currency line. It reports
// whether the row was one (a new account line also ends the data of the
// section before, should its totals line be missing).
func (r *profileRun) noteSection(line int, cells []string) (bool, error) {
	s := r.p.sections
	if s == nil {
		return false, nil
	}
	if v, ok := labelValue(cells, s.account); ok {
		acct := strings.Map(func(c rune) rune {
			if c < unicode.MaxASCII && (unicode.IsDigit(c) || unicode.IsLetter(c)) {
				return c
			}
			return -1
		}, v)
		if strings.IndexFunc(acct, unicode.IsDigit) < 0 {
			return true, RowError(r.file, line, fmt.Errorf("the account line gives no account number: %s", quoteCell(v)))
		}
		r.section = sectionState{account: acct, line: line}
		r.cols = nil
		return true, nil
	}
	if len(s.currency) == 0 {
		return false, nil
	}
	if v, ok := labelValue(cells, s.currency); ok {
		cur := bankCurrency(v)
		if _, known := ledger.LookupCurrency(cur); !known {
			return true, RowError(r.file, line, fmt.Errorf("the currency line gives %s, not an ISO 4217 currency code", quoteCell(v)))
		}
		r.section.currency = cur
		return true, nil
	}
	return false, nil
}

// startSection gives a header row's columns the account and currency its
// section's preamble stated; every section must state its account.
func (r *profileRun) startSection(c *columns) error {
	if r.p.sections == nil {
		return nil
	}
	if r.section.account == "" {
		return RowError(r.file, c.line, fmt.Errorf("profile %s: the header row has no account line (%s) above it since the last section", r.p.name, quoteCell(r.p.sections.account[0])))
	}
	c.account, c.currency = r.section.account, r.section.currency
	r.section = sectionState{}
	return nil
}
