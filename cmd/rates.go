package cmd

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/incomeledger/income/fx"
	"github.com/incomeledger/income/ledger"
	"github.com/incomeledger/income/report"
	"github.com/spf13/cobra"
)

func newRatesCmd(d *Deps, g *globalOptions) *cobra.Command {
	c := &cobra.Command{
		Use:   "rates",
		Short: "Load and list exchange rates",
		Long:  "Load exchange rates into the ledger and list what it holds.\n" + exitCodesHelp,
		Args:  cobra.NoArgs,
	}
	c.AddCommand(newRatesImportCmd(d, g, nil), newRatesListCmd(d, g, nil))
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
	s, _, _, err := openLedger(ctx, d)
	if err != nil {
		return err
	}
	defer s.Close()
	for _, path := range o.Files {
		file := filepath.Base(path)
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		var rates []ledger.Rate
		err = fx.ParseCSV(f, file, func(r fx.Rate) error {
			if _, ok := ledger.LookupCurrency(r.Base); !ok {
				return fmt.Errorf("%s: %s: %w", file, r.Base, ledger.ErrUnknownCurrency)
			}
			if _, ok := ledger.LookupCurrency(r.Quote); !ok {
				return fmt.Errorf("%s: %s: %w", file, r.Quote, ledger.ErrUnknownCurrency)
			}
			rates = append(rates, toLedger([]fx.Rate{r})...)
			return nil
		})
		f.Close()
		if err != nil {
			if !errors.Is(err, ledger.ErrInvalid) {
				err = fmt.Errorf("%w: %w", err, ledger.ErrInvalid)
			}
			return err
		}
		n, err := s.AddRates(ctx, rates)
		if err != nil {
			return err
		}
		g.note(d, "%s: %d rates loaded.", file, n)
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
	format, err := d.format("table", "json", "csv")
	if err != nil {
		return err
	}
	s, _, _, err := openLedger(ctx, d)
	if err != nil {
		return err
	}
	defer s.Close()
	rates, err := s.Rates(ctx, o.Base, o.Quote)
	if err != nil {
		return err
	}
	out, closeOut, err := g.output(d)
	if err != nil {
		return err
	}
	type rateJSON struct {
		Date   string `json:"date"`
		Base   string `json:"base"`
		Quote  string `json:"quote"`
		Rate   string `json:"rate"`
		Source string `json:"source"`
	}
	list := []rateJSON{}
	for _, r := range rates {
		v := r.Rate
		if !r.Div.IsZero() {
			v = r.Rate.DivRound(r.Div, 10)
		}
		list = append(list, rateJSON{r.Date.Format(fx.DateLayout), r.Base, r.Quote, v.String(), r.Source})
	}
	if format == "json" {
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		err = enc.Encode(map[string]any{"rates": list})
	} else {
		t := report.NewTable(out, format, d.IO.OutTTY, "date", "base", "quote", "rate", "source")
		for _, r := range list {
			t.Row(r.Date, r.Base, r.Quote, r.Rate, r.Source)
		}
		err = t.Flush()
	}
	if err != nil {
		closeOut()
		return err
	}
	return closeOut()
}
