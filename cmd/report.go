package cmd

import (
	"context"

	"github.com/incomeledger/income/ledger"
	"github.com/incomeledger/income/report"
	"github.com/spf13/cobra"
)

type reportOptions struct {
	Year         int
	AllowMissing bool
	// Files, when given, are imported first (see quickstart.go).
	Files        []string
	HomeCurrency string
	Country      string
}

func newReportCmd(d *Deps, g *globalOptions, runF func(context.Context, *reportOptions) error) *cobra.Command {
	o := &reportOptions{}
	c := &cobra.Command{
		Use:   "report --year Y [--format table|json|csv] [-o FILE] [FILE...]",
		Short: "The year's income in the home currency, by source and by month",
		Long: `Summarise a year: gross income, refunds, platform fees, net (gross − refunds −
fees), expenses and tax withheld, by source and by month, in the home
currency. Every entry is converted at the rate for its own date and rounded
on its own; every total is the sum of those rounded amounts. Transfers
between your own accounts are never income.

A missing exchange rate is an error that lists every (date, pair) missing,
unless --allow-missing-rates.

With FILE arguments, the files are imported first exactly as 'income import'
would (rates files, recognised by their header, are loaded as rates), and
--home-currency/--country create the ledger if there is none yet.
` + exitCodesHelp,
		Args: cobra.ArbitraryArgs,
		RunE: func(c *cobra.Command, args []string) error {
			o.Files = args
			if runF != nil {
				return runF(c.Context(), o)
			}
			return runReport(c.Context(), d, g, o)
		},
	}
	c.Flags().IntVar(&o.Year, "year", 0, "the tax year")
	c.Flags().BoolVar(&o.AllowMissing, "allow-missing-rates", false, "report without the entries that have no rate (with a warning)")
	c.Flags().StringVar(&o.HomeCurrency, "home-currency", "", "with FILE arguments: create the ledger with this home currency if there is none")
	c.Flags().StringVar(&o.Country, "country", "", "with FILE arguments: create the ledger with this tax country if there is none")
	_ = c.MarkFlagRequired("year")
	return c
}

// buildReport converts what is pending and builds the year's model.
func buildReport(ctx context.Context, d *Deps, s *ledger.Store, st ledger.Settings, home ledger.Currency, year int, allowMissing bool) (report.Report, error) {
	if _, err := convertPending(ctx, d, s, st, home, year, allowMissing); err != nil {
		return report.Report{}, withFetchHint(err)
	}
	sums, err := s.Sums(ctx, year)
	if err != nil {
		return report.Report{}, err
	}
	return report.Build(year, home, sums), nil
}

func runReport(ctx context.Context, d *Deps, g *globalOptions, o *reportOptions) error {
	format, err := d.format("table", "json", "csv")
	if err != nil {
		return err
	}
	if len(o.Files) > 0 {
		if err := importFirst(ctx, d, g, o.Files, o.HomeCurrency, o.Country); err != nil {
			return err
		}
	}
	s, st, home, err := openLedger(ctx, d)
	if err != nil {
		return err
	}
	defer s.Close()
	r, err := buildReport(ctx, d, s, st, home, o.Year, o.AllowMissing)
	if err != nil {
		return err
	}
	out, closeOut, err := g.output(d)
	if err != nil {
		return err
	}
	switch format {
	case "json":
		err = r.WriteJSON(out)
	case "csv":
		err = r.WriteCSV(out)
	default:
		err = r.WriteTable(out, d.IO.OutTTY)
	}
	if err != nil {
		closeOut()
		return err
	}
	return closeOut()
}

// withFetchHint adds how to get the missing rates to a missing-rates error.
func withFetchHint(err error) error {
	if mr, ok := err.(*ledger.MissingRatesError); ok {
		return &hintError{err: mr, hint: "load them with 'income rates import FILE' (date,base,quote,rate[,source]), or report with --allow-missing-rates"}
	}
	return err
}

type hintError struct {
	err  error
	hint string
}

func (e *hintError) Error() string { return e.err.Error() + "\n" + e.hint }
func (e *hintError) Unwrap() error { return e.err }
