package cmd

import (
	"context"
	"io"
	"time"

	"github.com/incomeledger/income/errs"
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
	return c
}

// buildReport converts what is pending and builds the year's model.
func buildReport(ctx context.Context, d *Deps, s *ledger.Store, st ledger.Settings, home ledger.Currency, year int, allowMissing bool) (report.Report, error) {
	// Transfers first: a match may store a realised rate, which converts
	// entries anew.
	transfers, warnings, err := reportTransfers(ctx, s, year)
	if err != nil {
		return report.Report{}, err
	}
	if _, err := convertPending(ctx, d, s, st, home, year, allowMissing); err != nil {
		return report.Report{}, withFetchHint(err)
	}
	sums, err := s.Sums(ctx, year)
	if err != nil {
		return report.Report{}, err
	}
	r := report.Build(year, home, sums)
	r.Transfers = transfers
	r.Warnings = append(r.Warnings, warnings...)
	return r, nil
}

func runReport(ctx context.Context, d *Deps, g *globalOptions, o *reportOptions) error {
	format, err := d.format("table", "json", "csv", "xlsx")
	if err != nil {
		return err
	}
	if err := checkWorkbookFlags(d, g, format, o); err != nil {
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
	case "xlsx":
		err = writeWorkbook(ctx, d, s, st, home, r, o, out)
		if err == nil && g.Output != "-" {
			g.note(d, "Wrote %s.", g.Output)
		}
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

// writeWorkbook writes the year's workbook, streaming the entries from the
// ledger, with the year's transfers and the tax under each regime of the
// country (a sheet says why when tax cannot be computed).
func writeWorkbook(ctx context.Context, d *Deps, s *ledger.Store, st ledger.Settings, home ledger.Currency, r report.Report, o *reportOptions, out io.Writer) error {
	lang := o.Lang
	if lang == "" {
		lang = report.LangFor(st.Country)
	}
	now := time.Now
	if d.Now != nil {
		now = d.Now
	}
	w := report.Workbook{Report: r, Home: home, Lang: lang, Generated: now(), Version: d.Version,
		Entries: func(fn func(ledger.Entry) error) error {
			return s.Entries(ctx, ledger.Filter{Year: r.Year}, fn)
		}}
	t, err := s.Transfers(ctx, r.Year)
	if err != nil {
		return err
	}
	w.Transfers = transfersSection(t)
	if res, err := taxFor(d, st.Country, r, "", nil); err == nil {
		w.Tax = taxSection(res)
	} else {
		w.Notes = append(w.Notes, "Tax not computed: "+err.Error())
	}
	return w.Write(out)
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
