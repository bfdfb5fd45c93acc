package cmd

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/incomeledger/income/errs"
	"github.com/incomeledger/income/fx"
	"github.com/spf13/cobra"
)

type ratesFetchOptions struct {
	Source      string
	From, To    string
	Base, Quote string
}

func newRatesFetchCmd(d *Deps, g *globalOptions, runF func(context.Context, *ratesFetchOptions) error) *cobra.Command {
	o := &ratesFetchOptions{}
	names := fxSourceNames(nil)
	c := &cobra.Command{
		Use:   "fetch --source S --from YYYY-MM-DD --to YYYY-MM-DD [--base B --quote Q]",
		Short: "Download exchange rates from their publisher into the ledger",
		Long: `Download rates for a date range from a publisher and store them:
` + strings.Join(names, ", ") + `.
Frankfurter is only used with a named provider (frankfurter-ecb, …), never
its blended default. Without network access, download the publisher's file
once and use 'income rates import'. The address can be changed with the
config key fx.base_url (env INCOME_FX_BASE_URL), for a mirror.
` + exitCodesHelp,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if runF != nil {
				return runF(c.Context(), o)
			}
			return runRatesFetch(c.Context(), d, g, o)
		},
	}
	c.Flags().StringVar(&o.Source, "source", "", "rate source ("+strings.Join(names, ", ")+")")
	c.Flags().StringVar(&o.From, "from", "", "first date, YYYY-MM-DD")
	c.Flags().StringVar(&o.To, "to", "", "last date, YYYY-MM-DD")
	c.Flags().StringVar(&o.Base, "base", "", "only this base currency")
	c.Flags().StringVar(&o.Quote, "quote", "", "only this quote currency")
	_ = c.MarkFlagRequired("source")
	completeValues(c, "source", fxSourceNames)
	_ = c.MarkFlagRequired("from")
	_ = c.MarkFlagRequired("to")
	return c
}

func runRatesFetch(ctx context.Context, d *Deps, g *globalOptions, o *ratesFetchOptions) error {
	from, err := time.Parse(fx.DateLayout, o.From)
	if err != nil {
		return errs.Usagef("--from %q: want YYYY-MM-DD", o.From)
	}
	to, err := time.Parse(fx.DateLayout, o.To)
	if err != nil {
		return errs.Usagef("--to %q: want YYYY-MM-DD", o.To)
	}
	if to.Before(from) {
		return errs.Usagef("--to %s is before --from %s", o.To, o.From)
	}
	c, err := d.Config()
	if err != nil {
		return err
	}
	src, err := fx.NewSource(o.Source, c.FX.BaseURL)
	if err != nil {
		return &errs.UsageError{Err: err}
	}
	l, err := openLedger(ctx, d)
	if err != nil {
		return err
	}
	defer l.Close()
	client := &http.Client{Timeout: 60 * time.Second}
	got, err := src.Fetch(ctx, client, from, to, strings.ToUpper(o.Base), strings.ToUpper(o.Quote))
	if err != nil {
		return err
	}
	n, err := l.StoreRates(ctx, got)
	if err != nil {
		return err
	}
	g.note(d, "%s: %d rates stored for %s to %s.", src.Name(), n, o.From, o.To)
	if n == 0 {
		return fmt.Errorf("%s published no rates for %s to %s", src.Name(), o.From, o.To)
	}
	return nil
}
