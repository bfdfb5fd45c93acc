package cmd

import (
	"context"
	"errors"
	"io"

	"github.com/incomeledger/income/app"
	"github.com/incomeledger/income/errs"
	"github.com/incomeledger/income/internal/textfmt"
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
	// Lang is the workbook's language (xlsx): en, vi or id; "" follows the
	// ledger's country.
	Lang string
}

func newReportCmd(d *Deps, g *globalOptions, runF func(context.Context, *reportOptions) error) *cobra.Command {
	o := &reportOptions{}
	c := &cobra.Command{
		Use:   "report --year Y [--format table|json|csv|xlsx] [-o FILE] [--lang en|vi|id] [FILE...]",
		Short: "The year's income in the home currency, by source and by month",
		Long: `Summarise a year: gross income, refunds, platform fees, net (gross − refunds −
fees), expenses and tax withheld, by source and by month, in the home
currency. Every entry is converted at the rate for its own date and rounded
on its own; every total is the sum of those rounded amounts. Transfers
between your own accounts are never income.

A missing exchange rate is an error that lists every (date, pair) missing,
unless --allow-missing-rates.

--format xlsx writes a workbook to -o FILE: the Summary's totals are live
formulas over an Entries sheet holding every entry of the year (with its
rate, home amount, file and line), beside Transfers, Rates, Tax and Notes
sheets. --lang picks its labels (en, vi, id; default from the ledger's
country: VN vi, ID id, otherwise en); numbers are the same in every language.

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
	c.Flags().StringVar(&o.Lang, "lang", "", "xlsx labels: en, vi or id (default from the ledger's country)")
	_ = c.MarkFlagRequired("year")
	completeValues(c, "lang", completeLangs)
	withFormats(c, reportFormats...)
	return c
}

// reportFormats are the --format values of income report.
var reportFormats = []string{"table", "json", "csv", "xlsx"}

func runReport(ctx context.Context, d *Deps, g *globalOptions, o *reportOptions) error {
	format, err := d.format(reportFormats...)
	if err != nil {
		return err
	}
	if err := checkWorkbookFlags(d, g, format, o); err != nil {
		return err
	}
	if err := g.checkOutput(d); err != nil {
		return err
	}
	if err := checkLedgerFlags(ctx, d, o.HomeCurrency, o.Country); err != nil {
		return err
	}
	if len(o.Files) > 0 {
		if err := importFirst(ctx, d, g, o.Files, o.HomeCurrency, o.Country); err != nil {
			return err
		}
	}
	l, err := openLedger(ctx, d)
	if err != nil {
		return err
	}
	defer l.Close()
	if err := checkYear(ctx, d, g, l, o.Year); err != nil {
		return err
	}
	r, err := l.BuildReport(ctx, o.Year, o.AllowMissing)
	if err != nil {
		return withFetchHint(err)
	}
	var wb report.Workbook
	if format == "xlsx" {
		if wb, err = l.Workbook(ctx, r, app.WorkbookOptions{Lang: o.Lang, Generated: d.Now(), Version: d.Version}); err != nil {
			return err
		}
	}
	err = g.writeOutput(d, func(out io.Writer) error {
		switch format {
		case "xlsx":
			return wb.Write(out)
		case "json":
			return r.WriteJSON(out)
		case "csv":
			return r.WriteCSV(out)
		default:
			return r.WriteTable(out, d.IO.OutTTY)
		}
	})
	if err != nil {
		return err
	}
	// warnings go to stderr in every format (JSON and the workbook keep
	// them too), so that piping or -o never hides them
	for _, w := range r.Warnings {
		g.note(d, "warning: %s", textfmt.Cell(w))
	}
	if format == "xlsx" && g.Output != "-" {
		g.note(d, "Wrote %s.", g.Output)
	}
	return nil
}

// checkWorkbookFlags rejects an xlsx report without a file to write and an
// unknown --lang, before anything is read.
func checkWorkbookFlags(d *Deps, g *globalOptions, format string, o *reportOptions) error {
	if format == "xlsx" && (g.Output == "" || g.Output == "-" && d.IO.OutTTY) {
		return errs.Usagef("--format xlsx writes a workbook: name the file with -o FILE")
	}
	if o.Lang != "" {
		lang, err := report.ParseLang(o.Lang)
		if err != nil {
			return &errs.UsageError{Err: err}
		}
		o.Lang = lang
	}
	return nil
}

// withFetchHint adds how to get the missing rates to a missing-rates error.
func withFetchHint(err error) error {
	var mr *ledger.MissingRatesError
	if errors.As(err, &mr) {
		return &hintError{err: err, hint: "load them with 'income rates import FILE' (date,base,quote,rate[,source]), or report with --allow-missing-rates"}
	}
	return err
}

type hintError struct {
	err  error
	hint string
}

func (e *hintError) Error() string { return e.err.Error() + "\n" + e.hint }
func (e *hintError) Unwrap() error { return e.err }
