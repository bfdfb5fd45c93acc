package cmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/incomeledger/income/errs"
	"github.com/incomeledger/income/report"
	"github.com/incomeledger/income/tax"
	"github.com/spf13/cobra"
)

type taxOptions struct {
	Year   int
	Regime string
	Rules  []string
	// Due lists the deadlines from AsOf (default today) for Days days.
	Due  bool
	AsOf string
	Days int
}

func newTaxCmd(d *Deps, g *globalOptions, runF func(context.Context, *taxOptions) error) *cobra.Command {
	o := &taxOptions{}
	c := &cobra.Command{
		Use:   "tax --year Y [--regime ID] [--rules FILE]",
		Short: "Tax-ready figures and estimates under each regime of the ledger's country",
		Long: `Compute the year's tax under every regime open to a taxpayer of the ledger's
country, side by side, from the same figures 'income report' shows: vn-salary
and vn-business (VN), id-pp55, id-nppn and id-bookkeeping (ID), us-schedule-c
(US). Each regime lists its lines, its total, the deadlines of its forms and
(in JSON) a trace of every step with the rule, its effective date, the law it
cites and a confidence tag: C confirmed, S secondary source, U unconfirmed.
Figures resting on S or U rules are flagged with what to verify.

Facts about you come from the config file's tax: block (dependants, married,
activity, norma_percent, expenses, filing_status, business_method,
pekerjaan_bebas, and the VN VAT keys of tax/README.md); an unknown key is an
error. --rules adds or overrides rules in the same YAML format as
the built-in ones (see tax/README.md).

--due lists the deadlines of every regime due in the next 90 days (--days N)
from today (--as-of YYYY-MM-DD), with the payment each regime computes for
the period, across the tax years they belong to:

  income tax --due
  income tax --due --as-of 2026-02-01 --days 30 --format csv
` + exitCodesHelp,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if !o.Due && !c.Flags().Changed("year") { // --year is required without --due
				return &errs.UsageError{Err: errors.New(`required flag(s) "year" not set`)}
			}
			if o.Due && !c.Flags().Changed("days") {
				o.Days = defaultDueDays
			}
			if runF != nil {
				return runF(c.Context(), o)
			}
			return runTax(c.Context(), d, g, o)
		},
	}
	c.Flags().IntVar(&o.Year, "year", 0, "the tax year")
	c.Flags().StringVar(&o.Regime, "regime", "", "only this regime (e.g. vn-salary)")
	c.Flags().StringArrayVar(&o.Rules, "rules", nil, "a rules file (YAML) that overrides or adds rules; repeatable")
	c.Flags().BoolVar(&o.Due, "due", false, "list the deadlines due in the next --days days instead of one year's figures")
	c.Flags().StringVar(&o.AsOf, "as-of", "", "with --due: the first day of the window, YYYY-MM-DD (default today)")
	c.Flags().IntVar(&o.Days, "days", 0, "with --due: the window's length in days (default 90)")
	c.MarkFlagsMutuallyExclusive("due", "year")
	completeValues(c, "regime", regimeIDs)
	return c
}

func runTax(ctx context.Context, d *Deps, g *globalOptions, o *taxOptions) error {
	format, err := d.format("table", "json", "csv")
	if err != nil {
		return err
	}
	if err := g.checkOutput(d); err != nil {
		return err
	}
	if o.Due {
		return runTaxDue(ctx, d, g, o, format)
	}
	l, err := openLedger(ctx, d)
	if err != nil {
		return err
	}
	defer l.Close()
	if err := checkYear(ctx, d, g, l, o.Year); err != nil {
		return err
	}
	res, _, err := l.Tax(ctx, o.Year, o.Regime, o.Rules)
	if err != nil {
		return err
	}
	if err := noteLeftOut(ctx, d, g, l, o.Year); err != nil {
		return err
	}
	return g.writeOutput(d, func(out io.Writer) error {
		switch format {
		case "json":
			return writeJSON(out, res)
		case "csv":
			return report.WriteTaxCSV(out, res)
		default:
			return tax.WriteTable(out, res)
		}
	})
}

// defaultDueDays is the window of income tax --due without --days.
const defaultDueDays = 90

// runTaxDue lists the deadlines due from --as-of for --days days: those of
// the tax years from the one before the window's first year (two before
// when it starts in January: an Indonesian Art. 25 instalment of year Y is
// due up to January of Y+2) up to its last year. A
// year that cannot be computed (no rules for it, missing rates) is said on
// stderr and its deadlines are not listed.
func runTaxDue(ctx context.Context, d *Deps, g *globalOptions, o *taxOptions, format string) error {
	from := d.Now()
	if o.AsOf != "" {
		t, err := time.Parse("2006-01-02", o.AsOf)
		if err != nil {
			return errs.Usagef("--as-of %q: want a date YYYY-MM-DD", o.AsOf)
		}
		from = t
	}
	if o.Days < 1 || o.Days > 366 {
		return errs.Usagef("--days %d: want 1 to 366", o.Days)
	}
	l, err := openLedger(ctx, d)
	if err != nil {
		return err
	}
	defer l.Close()
	var results []tax.Result
	var last error
	first := from.Year() - 1
	if from.Month() == time.January {
		first-- // year Y's last Art. 25 instalment is due in January of Y+2
	}
	for y := first; y <= from.AddDate(0, 0, o.Days).Year(); y++ {
		res, _, err := l.Tax(ctx, y, o.Regime, o.Rules)
		if errs.ExitCode(err) == errs.ExitUsage {
			return err
		}
		if err != nil {
			last = err
			fmt.Fprintf(d.IO.ErrOut, "income: tax year %d not listed: %s\n", y, strings.ReplaceAll(err.Error(), "\n", "; "))
			continue
		}
		results = append(results, res)
	}
	if len(results) == 0 && last != nil {
		return last
	}
	ds := tax.Upcoming(results, from, o.Days)
	return g.writeOutput(d, func(out io.Writer) error { return tax.WriteDue(out, format, from, o.Days, ds) })
}
