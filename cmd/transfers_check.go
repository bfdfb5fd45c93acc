package cmd

import (
	"context"
	"errors"

	"github.com/incomeledger/income/app"
	"github.com/incomeledger/income/errs"
	"github.com/incomeledger/income/ledger"
	"github.com/spf13/cobra"
)

// withLinkFlags adds --force to `transfers link` and says what it checks.
func withLinkFlags(c *cobra.Command, o *transfersLinkOptions) *cobra.Command {
	c.Long += `
Ids may be unique prefixes. The pair is checked against the tolerances of
automatic matching (dates 0 to 10 days apart; in one currency a fee up to
max(2%, a fixed amount) capped at 20%; in two, the realised rate within ±5% of
the day's rate): a pair beyond them is refused with what is off, unless
--force.`
	c.Example = `  income transfers link 262f94d1 ebb0d508
  income transfers link 262f94d1 ebb0d508 --force   # beyond the tolerances, linked anyway`
	c.Flags().BoolVar(&o.Force, "force", false, "link even when the amounts, currencies or dates are beyond matching's tolerances")
	return c
}

// checkLink resolves o's id prefixes to full ids and refuses a pair beyond
// matching's tolerances unless --force (then it warns).
func checkLink(ctx context.Context, d *Deps, g *globalOptions, l *app.Ledger, o *transfersLinkOptions) error {
	for _, id := range []*string{&o.A, &o.B} {
		full, err := l.Store.ResolveID(ctx, *id)
		if errors.Is(err, ledger.ErrAmbiguousID) {
			return &errs.UsageError{Err: err}
		}
		if err != nil {
			return linkError(err)
		}
		*id = full
	}
	c, err := l.Store.CheckLink(ctx, ledger.DefaultTransferRules(), o.A, o.B)
	if err != nil {
		return linkError(err)
	}
	if c.Within {
		return nil
	}
	if !o.Force {
		return &errs.UsageError{Err: errors.New(c.Out.ID + " and " + c.In.ID + ": " + c.Problem + "; --force links them anyway")}
	}
	g.note(d, "warning: %s and %s: %s; linked as asked (--force).", c.Out.ID, c.In.ID, c.Problem)
	return nil
}
