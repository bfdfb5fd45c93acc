package app

import (
	"context"
	"slices"
	"strings"

	"github.com/incomeledger/income/errs"
	"github.com/incomeledger/income/report"
	"github.com/incomeledger/income/tax"
)

// Tax builds the year's report and runs the tax engine on it under regime
// ("" for every regime of the ledger's country), with the built-in rules
// plus rulesFiles and the config's tax facts.
func (l *Ledger) Tax(ctx context.Context, year int, regime string, rulesFiles []string) (tax.Result, report.Report, error) {
	// an unknown regime or a bad rules file is said before any work
	if _, err := l.loadRules(regime, rulesFiles); err != nil {
		return tax.Result{}, report.Report{}, err
	}
	r, err := l.BuildReport(ctx, year, false)
	if err != nil {
		return tax.Result{}, r, err
	}
	res, err := l.TaxFor(r, regime, rulesFiles)
	return res, r, err
}

// TaxFor runs the tax engine on a built report with the config's facts.
func (l *Ledger) TaxFor(r report.Report, regime string, rulesFiles []string) (tax.Result, error) {
	rules, err := l.loadRules(regime, rulesFiles)
	if err != nil {
		return tax.Result{}, err
	}
	facts, err := tax.DecodeFacts(l.Config.TaxFacts())
	if err != nil {
		// the engine names the key ("tax.dependants: …"): point at its line
		// when the value came from the config file
		key, _, _ := strings.Cut(err.Error(), ":")
		if line := l.Config.Line(key); line > 0 {
			return tax.Result{}, errs.Data(l.Config.File, line, err)
		}
		return tax.Result{}, errs.Invalid(err)
	}
	res, err := tax.Compute(rules, l.Settings.Country, facts, taxFigures(r), regime)
	return res, errs.Invalid(err)
}

// loadRules reads the built-in and extra rules and checks that regime ("" for
// all) is one of the country's: an unknown one is a usage error.
func (l *Ledger) loadRules(regime string, rulesFiles []string) (*tax.Rules, error) {
	rules, err := tax.LoadRules(rulesFiles...)
	if err != nil {
		return nil, errs.Invalid(err)
	}
	country := l.Settings.Country
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
