package cmd

import (
	"context"
	"io"

	"github.com/incomeledger/income/report"
	"github.com/incomeledger/income/tax"
	"github.com/spf13/cobra"
)

type taxOptions struct {
	Year   int
	Regime string
	Rules  []string
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
activity, norma_percent, expenses, filing_status, business_method); an unknown
key is an error. --rules adds or overrides rules in the same YAML format as
the built-in ones (see tax/README.md).
` + exitCodesHelp,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if runF != nil {
				return runF(c.Context(), o)
			}
			return runTax(c.Context(), d, g, o)
		},
	}
	c.Flags().IntVar(&o.Year, "year", 0, "the tax year")
	c.Flags().StringVar(&o.Regime, "regime", "", "only this regime (e.g. vn-salary)")
	c.Flags().StringArrayVar(&o.Rules, "rules", nil, "a rules file (YAML) that overrides or adds rules; repeatable")
	_ = c.MarkFlagRequired("year")
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
	l, err := openLedger(ctx, d)
	if err != nil {
		return err
	}
	defer l.Close()
	res, _, err := l.Tax(ctx, o.Year, o.Regime, o.Rules)
	if err != nil {
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
