package ledger

import (
	"context"
	"fmt"

	"github.com/shopspring/decimal"
)

// LinkCheck is how a pair to be linked by hand compares with the
// tolerances of automatic matching.
type LinkCheck struct {
	Out, In Entry
	// Within says automatic matching would pair them; Problem says what is
	// off when not.
	Within  bool
	Problem string
}

// CheckLink judges linking entries a and b (full ids) by the tolerances
// of rules: automatic matching over the two alone (with the rates it
// uses) decides, and Problem describes the amounts, dates and rate. A pair
// that cannot be linked at all (two credits, an unknown id) is left to
// LinkTransfer, which says why: it comes back Within.
func (s *Store) CheckLink(ctx context.Context, rules TransferRules, a, b string) (LinkCheck, error) {
	none := &transferState{entries: map[string]*Entry{}}
	ea, err := entryByID(ctx, s.db, none, a)
	if err != nil {
		return LinkCheck{}, err
	}
	eb, err := entryByID(ctx, s.db, none, b)
	if err != nil {
		return LinkCheck{}, err
	}
	out, in := ea, eb
	if out.Amount.IsPositive() {
		out, in = in, out
	}
	c := LinkCheck{Out: out, In: in, Within: true}
	if a == b || !out.Amount.IsNegative() || !in.Amount.IsPositive() {
		return c, nil
	}
	rates, err := s.Rates(ctx, "", "")
	if err != nil {
		return c, err
	}
	find := matchRates(rates, rules.WindowDays)
	if len(MatchTransfers([]Entry{out}, []Entry{in}, find, rules)) == 1 {
		return c, nil
	}
	c.Within = false
	c.Problem = linkProblem(out, in, find, rules)
	return c, nil
}

// linkProblem describes what keeps a pair out of automatic matching.
func linkProblem(out, in Entry, find FindRate, rules TransferRules) string {
	days := int(in.Date.Sub(out.Date).Hours() / 24)
	if days < 0 || days > rules.WindowDays {
		return fmt.Sprintf("the credit is dated %d days after the transfer; matching allows 0 to %d", days, rules.WindowDays)
	}
	o, i := out.Amount.Abs(), in.Amount.Abs()
	hundred := decimal.NewFromInt(100)
	if out.Currency == in.Currency {
		cur, _ := LookupCurrency(out.Currency)
		kept := o.Sub(i)
		if kept.IsNegative() {
			return fmt.Sprintf("the credit (%s %s) is larger than the transfer (%s %s)", cur.Format(i), in.Currency, cur.Format(o), out.Currency)
		}
		fixed := rules.FeeFixed[out.Currency]
		return fmt.Sprintf("%s %s (%s%%) was kept on the way; matching allows fees up to the larger of %s%% and %s %s, at most %s%%",
			cur.Format(kept), out.Currency, kept.Mul(hundred).DivRound(o, 2).StringFixed(2), rules.FeePercent, fixed, out.Currency, rules.FeeMaxPercent)
	}
	r, err := find(out.Date, out.Currency, in.Currency)
	if err != nil {
		return fmt.Sprintf("no %s/%s rate near %s to compare the amounts with", out.Currency, in.Currency, out.Date.Format(DateLayout))
	}
	day := r.Value(10)
	if day.IsZero() {
		return fmt.Sprintf("the %s/%s rate of %s is zero", out.Currency, in.Currency, r.Date.Format(DateLayout))
	}
	realised := i.DivRound(o, 10)
	off := realised.Sub(day).Mul(hundred).DivRound(day, 2).StringFixed(2)
	return fmt.Sprintf("the realised rate %s %s per %s is %s%% from the %s rate %s of %s; matching allows ±%s%%",
		realised.String(), in.Currency, out.Currency, off, r.Source, day.String(), r.Date.Format(DateLayout), rules.RateBandPercent)
}
