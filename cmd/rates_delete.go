package cmd

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/incomeledger/income/errs"
	"github.com/incomeledger/income/ledger"
	"github.com/spf13/cobra"
)

type ratesDeleteOptions struct {
	Source, Base, Quote, From, To string
}

func newRatesDeleteCmd(d *Deps, g *globalOptions) *cobra.Command {
	o := &ratesDeleteOptions{}
	c := &cobra.Command{
		Use:   "delete [--source S] [--base B --quote Q] [--from DATE] [--to DATE]",
		Short: "Delete exchange rates from the ledger",
		Long: `Delete the stored rates that every given flag selects: a source, a pair, a
range of dates (inclusive, YYYY-MM-DD). At least one flag is needed. The
conversions made so far are forgotten, so no entry keeps a deleted rate:
the next report converts again with what is left (and says what is missing).
` + exitCodesHelp,
		Example: `  # a file loaded with the wrong source, or a wrong rate
  income rates delete --source file --base USD --quote VND
  income rates delete --base USD --quote VND --from 2025-03-13 --to 2025-03-13
  income rates import fixed-rates.csv`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error { return runRatesDelete(c.Context(), d, g, o) },
	}
	f := c.Flags()
	f.StringVar(&o.Source, "source", "", "only rates of this source (as 'income rates list' shows)")
	f.StringVar(&o.Base, "base", "", "only rates of this base currency")
	f.StringVar(&o.Quote, "quote", "", "only rates of this quote currency")
	f.StringVar(&o.From, "from", "", "only rates dated on or after this day (YYYY-MM-DD)")
	f.StringVar(&o.To, "to", "", "only rates dated on or before this day (YYYY-MM-DD)")
	completeValues(c, "source", func(c *cobra.Command) []string { return rateSources(c.Context(), d) })
	return c
}

func runRatesDelete(ctx context.Context, d *Deps, g *globalOptions, o *ratesDeleteOptions) error {
	f := ledger.RateFilter{Source: o.Source, Base: strings.ToUpper(o.Base), Quote: strings.ToUpper(o.Quote)}
	if f == (ledger.RateFilter{}) && o.From == "" && o.To == "" {
		return errs.Usagef("say which rates to delete: --source, --base/--quote, --from/--to")
	}
	for _, c := range []struct {
		flag, v string
		to      *time.Time
	}{{"--from", o.From, &f.From}, {"--to", o.To, &f.To}} {
		if c.v == "" {
			continue
		}
		t, err := time.Parse(ledger.DateLayout, c.v)
		if err != nil {
			return errs.Usagef("%s %q: want a date like 2025-03-14", c.flag, c.v)
		}
		*c.to = t
	}
	if !f.From.IsZero() && !f.To.IsZero() && f.To.Before(f.From) {
		return errs.Usagef("--to %s is before --from %s", o.To, o.From)
	}
	for _, c := range []struct{ flag, v string }{{"--base", f.Base}, {"--quote", f.Quote}} {
		if _, ok := ledger.LookupCurrency(c.v); c.v != "" && !ok {
			return errs.Usagef("%s %q: not an ISO 4217 currency code", c.flag, c.v)
		}
	}
	l, err := openLedger(ctx, d)
	if err != nil {
		return err
	}
	defer l.Close()
	n, err := l.Store.DeleteRates(ctx, f)
	if err != nil {
		return err
	}
	if n == 0 {
		g.note(d, "No rate matched; nothing deleted (see 'income rates list').")
		// a second delete of a source finds none: not an error, but a
		// mistyped source is named with the ones there are
		if have, err := l.Store.RateSources(ctx); err == nil && o.Source != "" && !slices.Contains(have, o.Source) {
			g.note(d, "The ledger holds no rates of source %q (it has: %s).", o.Source, listOrNone(have))
		}
		return nil
	}
	g.note(d, "Deleted %d rates; conversions will be made again at the next report.", n)
	return nil
}

// maxSuspectNotes caps the suspect rates listed one by one.
const maxSuspectNotes = 10

// noteSuspectRates warns about the rates of file that look wrong.
func noteSuspectRates(d *Deps, g *globalOptions, file string, suspect []ledger.SuspectRate) {
	for i, w := range suspect {
		if i == maxSuspectNotes {
			g.note(d, "warning: %s: %d more suspect rates", file, len(suspect)-maxSuspectNotes)
			break
		}
		g.note(d, "warning: %s: %s", file, w)
	}
	if len(suspect) > 0 {
		g.note(d, "They were loaded; 'income rates delete --base B --quote Q --from DATE --to DATE' removes a wrong one.")
	}
}
