package cmd

import (
	"context"
	"slices"
	"strings"

	"github.com/incomeledger/income/errs"
	"github.com/incomeledger/income/ledger"
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

// computeTax builds the year's report and runs the tax engine on it.
func computeTax(ctx context.Context, d *Deps, year int, regime string, rulesFiles []string) (tax.Result, report.Report, error) {
	s, st, home, err := openLedger(ctx, d)
	if err != nil {
		return tax.Result{}, report.Report{}, err
	}
	defer s.Close()
	if _, err := loadRules(st.Country, regime, rulesFiles); err != nil {
		return tax.Result{}, report.Report{}, err
	}
	r, err := buildReport(ctx, d, s, st, home, year, false)
	if err != nil {
		return tax.Result{}, r, err
	}
	res, err := taxFor(d, st.Country, r, regime, rulesFiles)
	return res, r, err
}

// taxFor runs the tax engine on a built report with the config's facts.
func taxFor(d *Deps, country string, r report.Report, regime string, rulesFiles []string) (tax.Result, error) {
	cfg, err := d.Config()
	if err != nil {
		return tax.Result{}, err
	}
	rules, err := loadRules(country, regime, rulesFiles)
	if err != nil {
		return tax.Result{}, err
	}
	facts, err := tax.DecodeFacts(cfg.Tax)
	if err != nil {
		return tax.Result{}, errs.Data(cfg.File, 0, err)
	}
	res, err := tax.Compute(rules, country, facts, taxFigures(r), regime)
	return res, errs.Invalid(err)
}

// loadRules reads the built-in and --rules rules and checks that regime
// ("" for all) is one of the country's: an unknown one is a usage error.
func loadRules(country, regime string, rulesFiles []string) (*tax.Rules, error) {
	rules, err := tax.LoadRules(rulesFiles...)
	if err != nil {
		return nil, errs.Invalid(err)
	}
	if ids := rules.RegimeIDs(country); regime != "" && !slices.Contains(ids, regime) {
		return nil, errs.Usagef("--regime %q: not a regime of %s (known: %s)", regime, country, strings.Join(ids, ", "))
	}
	return rules, nil
}

// taxFigures hands the report's home-currency figures to the engine: the
// same gross and net `income report` shows.
func taxFigures(r report.Report) tax.Figures {
	f := tax.Figures{Year: r.Year, Currency: r.HomeCurrency,
		Gross: r.Totals.Gross, Refunds: r.Totals.Refunds, Fees: r.Totals.Fees, Expenses: r.Totals.Expenses,
		Net: r.Totals.Net, Withheld: r.Totals.Withheld}
	for i, m := range r.Months {
		f.Months[i] = tax.Period{Gross: m.Gross, Refunds: m.Refunds, Fees: m.Fees, Expenses: m.Expenses, Net: m.Net}
	}
	return f
}

func runTax(ctx context.Context, d *Deps, g *globalOptions, o *taxOptions) error {
	format, err := d.format("table", "json", "csv")
	if err != nil {
		return err
	}
	res, _, err := computeTax(ctx, d, o.Year, o.Regime, o.Rules)
	if err != nil {
		return err
	}
	out, closeOut, err := g.output(d)
	if err != nil {
		return err
	}
	switch format {
	case "json":
		err = writeJSON(out, res)
	case "csv":
		cur, _ := ledger.LookupCurrency(res.Currency)
		t := report.NewTable(out, "csv", false, "regime", "key", "label", "amount")
		for _, rg := range res.Regimes {
			for _, l := range rg.Lines {
				t.Row(rg.ID, l.Key, l.Label, cur.Format(l.Amount))
			}
			t.Row(rg.ID, "total", "Total", cur.Format(rg.Total))
		}
		err = t.Flush()
	default:
		err = tax.WriteTable(out, res)
	}
	if err != nil {
		closeOut()
		return err
	}
	return closeOut()
}
