package cmd

import (
	"context"
	"io"
	"strings"

	"github.com/incomeledger/income/fx"
	"github.com/incomeledger/income/report"
	"github.com/shopspring/decimal"
	"github.com/spf13/cobra"
)

func newRatesCmd(d *Deps, g *globalOptions) *cobra.Command {
	c := &cobra.Command{
		Use:   "rates",
		Short: "Load and list exchange rates",
		Long:  "Load exchange rates into the ledger and list what it holds.\n" + exitCodesHelp,
		// runnable, so that an unknown subcommand is a usage error (Cobra
		// shows a group command's help and exits 0 otherwise)
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error { return c.Help() },
	}
	c.AddCommand(newRatesImportCmd(d, g, nil), newRatesListCmd(d, g, nil), newRatesFetchCmd(d, g, nil), newRatesDeleteCmd(d, g))
	return c
}

type ratesImportOptions struct {
	Files []string
}

func newRatesImportCmd(d *Deps, g *globalOptions, runF func(context.Context, *ratesImportOptions) error) *cobra.Command {
	o := &ratesImportOptions{}
	return &cobra.Command{
		Use:   "import FILE...",
		Short: "Load exchange rates from files",
		Long: `Load exchange rates. The plain layout is a CSV with the header
date,base,quote,rate[,source]: rate is how many quote units one base unit
buys, dates are YYYY-MM-DD. Example: 2025-01-06,USD,VND,25412,vietcombank-buy

The publishers' own files are read too, recognised by their content: the
ECB's eurofxref-hist CSV or ZIP and daily XML, Vietcombank's rates XML and
by-date JSON, a saved Kurs Pajak (KMK) page, the IRS yearly average page and
a Frankfurter JSON response. So you can download once and import offline.

A rate for a date, pair and source already in the ledger is replaced.
` + exitCodesHelp,
		Args: cobra.MinimumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			o.Files = args
			if runF != nil {
				return runF(c.Context(), o)
			}
			return runRatesImport(c.Context(), d, g, o)
		},
	}
}

func runRatesImport(ctx context.Context, d *Deps, g *globalOptions, o *ratesImportOptions) error {
	l, err := openLedger(ctx, d)
	if err != nil {
		return err
	}
	defer l.Close()
	for _, path := range o.Files {
		res, err := l.ImportRates(ctx, path)
		if err != nil {
			return err
		}
		g.note(d, "%s: %d rates loaded.", res.File, res.Stored)
		if len(res.Unknown) > 0 {
			g.note(d, "warning: %s: skipped rates in currencies not in ISO 4217's table: %s", res.File, strings.Join(res.Unknown, ", "))
		}
		noteSuspectRates(d, g, res.File, res.Suspect)
		for _, o := range res.OffRule {
			g.note(d, "warning: %s: %s.", res.File, o)
		}
	}
	return nil
}

type ratesListOptions struct {
	Base, Quote string
}

func newRatesListCmd(d *Deps, g *globalOptions, runF func(context.Context, *ratesListOptions) error) *cobra.Command {
	o := &ratesListOptions{}
	c := &cobra.Command{
		Use:   "list [--base B --quote Q]",
		Short: "List the exchange rates in the ledger",
		Long:  "List the exchange rates the ledger holds, optionally for one pair.\n" + exitCodesHelp,
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if runF != nil {
				return runF(c.Context(), o)
			}
			return runRatesList(c.Context(), d, g, o)
		},
	}
	c.Flags().StringVar(&o.Base, "base", "", "base currency")
	c.Flags().StringVar(&o.Quote, "quote", "", "quote currency")
	return c
}

func runRatesList(ctx context.Context, d *Deps, g *globalOptions, o *ratesListOptions) error {
	format, l, err := openForOutput(ctx, d, g, "table", "json", "csv")
	if err != nil {
		return err
	}
	defer l.Close()
	rates, err := l.Store.Rates(ctx, o.Base, o.Quote)
	if err != nil {
		return err
	}
	type rateJSON struct {
		Date   string `json:"date"`
		Until  string `json:"until,omitempty"`
		Base   string `json:"base"`
		Quote  string `json:"quote"`
		Rate   string `json:"rate"`
		Exact  string `json:"exact,omitempty"` // rate/div exactly, where rate is a quotient
		Source string `json:"source"`
	}
	list := []rateJSON{}
	for _, r := range rates {
		j := rateJSON{Date: r.Date.Format(fx.DateLayout), Base: r.Base, Quote: r.Quote, Rate: r.Ratio(), Source: r.Source}
		if !r.Div.IsZero() && !r.Div.Equal(decimal.NewFromInt(1)) {
			// a quotient (realised, per-100 rates) reads as a decimal; JSON
			// keeps the exact ratio too
			j.Exact, j.Rate = j.Rate, r.Value(10).String()
		}
		if !r.Until.IsZero() {
			j.Until = r.Until.Format(fx.DateLayout)
		}
		list = append(list, j)
	}
	coverage := fx.Coverage(rates)
	err = g.writeOutput(d, func(out io.Writer) error {
		if format == "json" {
			return writeJSON(out, map[string]any{"rates": list, "coverage": coverage})
		}
		t := report.NewTable(out, format, d.IO.OutTTY, "date", "until", "base", "quote", "rate", "source")
		for _, r := range list {
			t.Row(r.Date, r.Until, r.Base, r.Quote, r.Rate, r.Source)
		}
		return t.Flush()
	})
	if err == nil && format != "csv" && format != "json" {
		// coverage and gaps per pair, for people (JSON has them too)
		for _, c := range coverage {
			g.note(d, "%s/%s %s: %d rates, %s to %s, %d gap(s)", c.Base, c.Quote, c.Source, c.Count, c.First, c.Last, len(c.Gaps))
			for _, gap := range c.Gaps {
				g.note(d, "  gap %s to %s (%d days)", gap.From, gap.To, gap.Days)
			}
		}
	}
	return err
}
