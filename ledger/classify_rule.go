package ledger

import (
	"context"
	"errors"
	"fmt"
	"github.com/incomeledger/income/internal/fold"
	"regexp"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

// Rule decides the kind of the entries it matches. Text fields match
// case-insensitively: a pattern holding * or ? is a glob over the whole
// value, any other is a substring. Empty fields match anything. Min and
// Max bound the amount's magnitude in its own currency (inclusive).
type Rule struct {
	ID           int64               `yaml:"-" json:"id"`
	Kind         Kind                `yaml:"kind" json:"kind"`
	Source       string              `yaml:"source,omitempty" json:"source,omitempty"`
	Account      string              `yaml:"account,omitempty" json:"account,omitempty"`
	Counterparty string              `yaml:"counterparty,omitempty" json:"counterparty,omitempty"`
	Description  string              `yaml:"description,omitempty" json:"description,omitempty"`
	Sign         string              `yaml:"sign,omitempty" json:"sign,omitempty"` // "", "in" (positive) or "out" (negative)
	Currency     string              `yaml:"currency,omitempty" json:"currency,omitempty"`
	Min          decimal.NullDecimal `yaml:"-" json:"-"`
	Max          decimal.NullDecimal `yaml:"-" json:"-"`
	Note         string              `yaml:"note,omitempty" json:"note,omitempty"`

	matchers [4]*regexp.Regexp
}

// Signs a rule may name.
const (
	SignIn  = "in"
	SignOut = "out"
)

// ClassifiedBy is the provenance a rule writes on the entries it decides.
func (r *Rule) ClassifiedBy() string { return "rule " + strconv.FormatInt(r.ID, 10) }

// ManualClass is the provenance of a kind given to one entry by hand.
const ManualClass = "manual"

// Validate checks r and prepares its patterns.
func (r *Rule) Validate() error {
	if _, err := ParseKind(string(r.Kind)); err != nil {
		return errors.Join(err, ErrInvalid)
	}
	switch r.Sign {
	case "", SignIn, SignOut:
	default:
		return fmt.Errorf("sign %q: want %q or %q: %w", r.Sign, SignIn, SignOut, ErrInvalid)
	}
	if r.Min.Valid && r.Max.Valid && r.Min.Decimal.GreaterThan(r.Max.Decimal) {
		return fmt.Errorf("min %s is above max %s: %w", r.Min.Decimal, r.Max.Decimal, ErrInvalid)
	}
	r.Currency = strings.ToUpper(r.Currency)
	if r.Source == "" && r.Account == "" && r.Counterparty == "" && r.Description == "" && r.Sign == "" &&
		r.Currency == "" && !r.Min.Valid && !r.Max.Valid {
		return fmt.Errorf("a rule needs at least one condition: %w", ErrInvalid)
	}
	for i, p := range []string{r.Source, r.Account, r.Counterparty, r.Description} {
		r.matchers[i] = nil
		if p != "" {
			r.matchers[i] = compilePattern(p)
		}
	}
	return nil
}

// compilePattern makes a matcher that ignores case, accents and extra
// spaces (both the pattern and the value are folded: "cong ty" matches
// "CÔNG  TY"): a glob (* any run, ? one character) over the whole value when
// p holds * or ?, else a substring.
func compilePattern(p string) *regexp.Regexp {
	p = fold.String(p)
	if !strings.ContainsAny(p, "*?") {
		return regexp.MustCompile("(?is)" + regexp.QuoteMeta(p))
	}
	var b strings.Builder
	b.WriteString("(?is)^")
	for _, r := range p {
		switch r {
		case '*':
			b.WriteString(".*")
		case '?':
			b.WriteString(".")
		default:
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	b.WriteString("$")
	return regexp.MustCompile(b.String())
}

// Matches says whether the rule applies to e (Validate first).
func (r *Rule) Matches(e *Entry) bool {
	for i, v := range []string{e.Source, e.Account, e.Counterparty, e.Description} {
		if m := r.matchers[i]; m != nil && !m.MatchString(fold.String(v)) {
			return false
		}
	}
	switch r.Sign {
	case SignIn:
		if !e.Amount.IsPositive() {
			return false
		}
	case SignOut:
		if !e.Amount.IsNegative() {
			return false
		}
	}
	if r.Currency != "" && !strings.EqualFold(r.Currency, e.Currency) {
		return false
	}
	abs := e.Amount.Abs()
	if r.Min.Valid && abs.LessThan(r.Min.Decimal) {
		return false
	}
	if r.Max.Valid && abs.GreaterThan(r.Max.Decimal) {
		return false
	}
	return true
}

func nullDecString(d decimal.NullDecimal) string {
	if !d.Valid {
		return ""
	}
	return d.Decimal.String()
}

// ErrAmbiguousID is returned for an id prefix that several entries share.
var ErrAmbiguousID = errors.New("ambiguous entry id")

// ResolveID returns the full id of the one entry whose id starts with
// prefix (hex digits, case-insensitive).
func (s *Store) ResolveID(ctx context.Context, prefix string) (string, error) {
	p := strings.ToLower(strings.TrimSpace(prefix))
	if p == "" || len(p) > 16 {
		return "", fmt.Errorf("entry id %q: want up to 16 hex digits: %w", prefix, ErrNoEntry)
	}
	lo, err := strconv.ParseUint(p+strings.Repeat("0", 16-len(p)), 16, 64)
	if err != nil {
		return "", fmt.Errorf("entry id %q: want up to 16 hex digits: %w", prefix, ErrNoEntry)
	}
	hi, _ := strconv.ParseUint(p+strings.Repeat("f", 16-len(p)), 16, 64)
	rows, err := s.db.QueryContext(ctx, "SELECT hid FROM ids WHERE hid BETWEEN ? AND ? LIMIT 3", int64(lo), int64(hi))
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var found []string
	for rows.Next() {
		var h int64
		if err := rows.Scan(&h); err != nil {
			return "", err
		}
		found = append(found, idOf(h))
	}
	if err := rows.Err(); err != nil {
		return "", err
	}
	switch len(found) {
	case 0:
		return "", fmt.Errorf("%q: %w", prefix, ErrNoEntry)
	case 1:
		return found[0], nil
	default:
		return "", fmt.Errorf("%q matches %s, %s…: give more digits: %w", prefix, found[0], found[1], ErrAmbiguousID)
	}
}
