package cmd

import (
	"context"
	"errors"
	"io"

	"github.com/incomeledger/income/errs"
	"github.com/incomeledger/income/ledger"
	"github.com/incomeledger/income/report"
	"github.com/spf13/cobra"
)

const transfersHelp = `A withdrawal or payout (Upwork, Gumroad, Stripe, PayPal, Etsy, Wise …: an
entry of kind transfer with a negative amount) is the same money as the credit
where it lands on another imported account, so the two are linked and neither
is income. Matching runs after every import and before every report:

  - the credit is on another account, dated from the transfer's date to 10
    days later;
  - in the same currency it is at most the transfer's amount and smaller by at
    most max(2 %, a fixed amount per currency: 15 USD/EUR/GBP/CHF, 20
    CAD/AUD/NZD/SGD, 50000 VND/IDR, 1000 INR, 500 PHP), never by more than
    20 % (a fee kept on the way);
  - in another currency it is within ±5 % of the transfer converted at the
    latest rate in the ledger on or before the transfer's date (any source
    but 'realised'), direct, inverse or through EUR or USD;
  - among candidates, a credit naming the transfer's id beats one naming its
    platform (UPWORK, GUMROAD …), which beats one naming any payout platform
    (PAYONEER, WISE …), which beats one that names none; then the same
    amount beats a smaller one; ties go first-out to first-in. The same
    ledger always gives the same pairs, whatever the order of imports.

A matched credit becomes a transfer (unlink restores its kind). In two
currencies, the pair's realised exchange rate (credit / transfer) is stored as
a rate with source 'realised' for the credit's date.

A credit that looks like a payout (kind transfer, or unclassified naming a
payout platform) but matches nothing is listed as unmatched_in and warned about
in reports; it is never income unless you classify it so.`

type transfersOptions struct {
	Year int
}

func newTransfersCmd(d *Deps, g *globalOptions, runF func(context.Context, *transfersOptions) error) *cobra.Command {
	o := &transfersOptions{}
	c := &cobra.Command{
		Use:   "transfers [--year Y]",
		Short: "Matched and unmatched transfers between your own accounts",
		Long: `List matched transfers (a payout and the credit where it landed), outgoing
transfers with no credit (unmatched_out), and credits that look like payouts
but match no transfer (unmatched_in). --year keeps the pairs with either
date in that year and the unmatched entries dated in it.

` + transfersHelp + `

Correct it with 'income transfers link OUT IN' and 'income transfers unlink ID';
corrections are kept by entry id and survive re-imports.
` + exitCodesHelp,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if runF != nil {
				return runF(c.Context(), o)
			}
			return runTransfers(c.Context(), d, g, o)
		},
	}
	c.Flags().IntVar(&o.Year, "year", 0, "only this year (0: every year)")
	c.AddCommand(newTransfersMatchCmd(d, g, nil), newTransfersLinkCmd(d, g, nil), newTransfersUnlinkCmd(d, g, nil))
	return c
}

func runTransfers(ctx context.Context, d *Deps, g *globalOptions, o *transfersOptions) error {
	format, l, err := openForOutput(ctx, d, g, "table", "json", "csv")
	if err != nil {
		return err
	}
	defer l.Close()
	// Match first: rates loaded since the last import may pair more.
	t, err := l.Transfers(ctx, o.Year)
	if err != nil {
		return err
	}
	return g.writeOutput(d, func(out io.Writer) error {
		if format == "json" {
			return writeJSON(out, report.NewTransfersJSON(t))
		}
		return report.WriteTransfersTable(out, format, d.IO.OutTTY, t)
	})
}

type transfersMatchOptions struct{}

func newTransfersMatchCmd(d *Deps, g *globalOptions, runF func(context.Context, *transfersMatchOptions) error) *cobra.Command {
	o := &transfersMatchOptions{}
	return &cobra.Command{
		Use:   "match",
		Short: "Match transfers to their credits again",
		Long: `Match the ledger's transfers to their credits again (import and report do it
too). Manual links and unlinks are kept; the automatic pairs are found anew.

` + transfersHelp + "\n" + exitCodesHelp,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if runF != nil {
				return runF(c.Context(), o)
			}
			return runTransfersMatch(c.Context(), d, g, o)
		},
	}
}

func runTransfersMatch(ctx context.Context, d *Deps, g *globalOptions, o *transfersMatchOptions) error {
	lg, err := openLedger(ctx, d)
	if err != nil {
		return err
	}
	defer lg.Close()
	s := lg.Store
	st, err := s.MatchTransfers(ctx, ledger.DefaultTransferRules())
	if err != nil {
		return err
	}
	g.note(d, "%d transfers matched (%d by hand); %d new, %d dropped.", st.Matched, st.Manual, st.Added, st.Removed)
	return nil
}

type transfersLinkOptions struct {
	A, B  string
	Force bool
}

func newTransfersLinkCmd(d *Deps, g *globalOptions, runF func(context.Context, *transfersLinkOptions) error) *cobra.Command {
	o := &transfersLinkOptions{}
	return withLinkFlags(&cobra.Command{
		Use:   "link OUT IN",
		Short: "Link a transfer to its credit by hand",
		Long: `Link two entries (ids as 'income entries' shows them) as one movement of your
own money: the negative one is the transfer, the positive one its credit
(either order). Both become transfers; links either had are dropped.
Automatic matching never undoes a manual link, and it survives re-imports.
` + exitCodesHelp,
		Args: cobra.ExactArgs(2),
		RunE: func(c *cobra.Command, args []string) error {
			o.A, o.B = args[0], args[1]
			if runF != nil {
				return runF(c.Context(), o)
			}
			return runTransfersLink(c.Context(), d, g, o)
		},
	}, o)
}

func runTransfersLink(ctx context.Context, d *Deps, g *globalOptions, o *transfersLinkOptions) error {
	lg, err := openLedger(ctx, d)
	if err != nil {
		return err
	}
	defer lg.Close()
	s := lg.Store
	if err := checkLink(ctx, d, g, lg, o); err != nil {
		return err
	}
	l, err := s.LinkTransfer(ctx, ledger.DefaultTransferRules(), o.A, o.B)
	if err != nil {
		return linkError(err)
	}
	if err := s.MarkChanged(ctx); err != nil {
		return err
	}
	g.note(d, "Linked %s (%s %s %s) to %s (%s %s %s).", l.Out.ID, l.Out.Date.Format(ledger.DateLayout), report.Amount(l.Out.Amount, l.Out.Currency), l.Out.Currency,
		l.In.ID, l.In.Date.Format(ledger.DateLayout), report.Amount(l.In.Amount, l.In.Currency), l.In.Currency)
	return nil
}

type transfersUnlinkOptions struct {
	ID string
}

func newTransfersUnlinkCmd(d *Deps, g *globalOptions, runF func(context.Context, *transfersUnlinkOptions) error) *cobra.Command {
	o := &transfersUnlinkOptions{}
	return &cobra.Command{
		Use:   "unlink ID",
		Short: "Undo a transfer's link",
		Long: `Undo the link of entry ID (either side) and give both entries back their
kinds. Automatic matching leaves ID alone from then on (until you link it);
its former partner may match something else. Survives re-imports.
` + exitCodesHelp,
		Args: cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			o.ID = args[0]
			if runF != nil {
				return runF(c.Context(), o)
			}
			return runTransfersUnlink(c.Context(), d, g, o)
		},
	}
}

func runTransfersUnlink(ctx context.Context, d *Deps, g *globalOptions, o *transfersUnlinkOptions) error {
	lg, err := openLedger(ctx, d)
	if err != nil {
		return err
	}
	defer lg.Close()
	s := lg.Store
	l, found, err := s.UnlinkTransfer(ctx, ledger.DefaultTransferRules(), o.ID)
	if err != nil {
		return linkError(err)
	}
	if err := s.MarkChanged(ctx); err != nil {
		return err
	}
	if found {
		g.note(d, "Unlinked %s from %s; automatic matching will leave %s alone.", l.Out.ID, l.In.ID, o.ID)
	} else {
		g.note(d, "%s was not linked; automatic matching will leave it alone.", o.ID)
	}
	return nil
}

// linkError makes an unknown id or an impossible pair a usage error.
func linkError(err error) error {
	if errors.Is(err, ledger.ErrNoEntry) || errors.Is(err, ledger.ErrBadLink) {
		return &errs.UsageError{Err: err}
	}
	return err
}
