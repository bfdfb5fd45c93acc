// Package report builds the yearly model from the ledger's sums and renders
// it as a table, JSON, CSV (and, with the workbook, XLSX).
package report

import (
	"fmt"
	"sort"

	"github.com/incomeledger/income/ledger"
	"github.com/shopspring/decimal"
)

// Figures are the magnitudes of one slice of a year. Net = Gross − Refunds
// − Fees; Expenses are reported beside it, not inside it.
type Figures struct {
	Gross    decimal.Decimal `json:"gross"`
	Refunds  decimal.Decimal `json:"refunds"`
	Fees     decimal.Decimal `json:"fees"`
	Expenses decimal.Decimal `json:"expenses"`
	Net      decimal.Decimal `json:"net"`
}

// add takes one kind's signed sum. Income is positive; refunds, fees,
// expenses and withheld tax are negative in the ledger and magnitudes here
// (a fee refund reduces Fees).
func (f *Figures) add(k ledger.Kind, signed decimal.Decimal) {
	switch k {
	case ledger.Income:
		f.Gross = f.Gross.Add(signed)
	case ledger.Refund:
		f.Refunds = f.Refunds.Sub(signed)
	case ledger.Fee:
		f.Fees = f.Fees.Sub(signed)
	case ledger.Expense:
		f.Expenses = f.Expenses.Sub(signed)
	}
	f.Net = f.Gross.Sub(f.Refunds).Sub(f.Fees)
}

// Original is a source's figures in one of its own currencies.
type Original struct {
	Currency string `json:"currency"`
	Figures
}

// Source is one importer's year.
type Source struct {
	Source   string          `json:"source"`
	Entries  int             `json:"entries"`
	Figures                  // in the home currency
	Withheld decimal.Decimal `json:"withheld"`
	Original []Original      `json:"original"`
}

// Month is one calendar month of the year.
type Month struct {
	Month string `json:"month"` // "2025-01"
	Figures
}

// Totals are the year's figures.
type Totals struct {
	Figures
	Withheld decimal.Decimal `json:"withheld"`
}

// TransferCounts summarise transfer matching.
type TransferCounts struct {
	Matched      int `json:"matched"`
	UnmatchedOut int `json:"unmatched_out"`
	UnmatchedIn  int `json:"unmatched_in"`
}

// Report is the yearly summary of cli.md's `income report --format json`.
type Report struct {
	Year         int            `json:"year"`
	HomeCurrency string         `json:"home_currency"`
	Sources      []Source       `json:"sources"`
	Months       []Month        `json:"months"`
	Totals       Totals         `json:"totals"`
	Transfers    TransferCounts `json:"transfers"`
	Warnings     []string       `json:"warnings"`
}

// Build makes the year's report from the ledger's sums. Home amounts are
// sums of per-entry rounded conversions, so every total is the exact sum of
// its parts. Entries without a home amount are left out and warned about.
func Build(year int, home ledger.Currency, sums []ledger.Sum) Report {
	r := Report{Year: year, HomeCurrency: home.Code, Sources: []Source{}, Months: make([]Month, 12), Warnings: []string{}}
	zero := Figures{Gross: decimal.Zero, Refunds: decimal.Zero, Fees: decimal.Zero, Expenses: decimal.Zero, Net: decimal.Zero}
	for i := range r.Months {
		r.Months[i] = Month{Month: fmt.Sprintf("%04d-%02d", year, i+1), Figures: zero}
	}
	r.Totals = Totals{Figures: zero, Withheld: decimal.Zero}
	bySource := map[string]*Source{}
	orig := map[string]map[string]*Figures{}
	var unclassified, unconverted int
	for _, g := range sums {
		src, ok := bySource[g.Source]
		if !ok {
			src = &Source{Source: g.Source, Figures: zero, Withheld: decimal.Zero}
			bySource[g.Source] = src
			orig[g.Source] = map[string]*Figures{}
		}
		src.Entries += g.Count
		if g.Kind == ledger.Transfer {
			continue
		}
		if g.Kind == ledger.Unclassified {
			unclassified += g.Count
			continue
		}
		unconverted += g.Unconverted
		of, ok := orig[g.Source][g.Currency]
		if !ok {
			f := zero
			of = &f
			orig[g.Source][g.Currency] = of
		}
		of.add(g.Kind, g.Amount)
		if g.Kind == ledger.TaxWithheld {
			src.Withheld = src.Withheld.Sub(g.Home)
			r.Totals.Withheld = r.Totals.Withheld.Sub(g.Home)
			continue
		}
		src.Figures.add(g.Kind, g.Home)
		r.Months[g.Month-1].Figures.add(g.Kind, g.Home)
		r.Totals.Figures.add(g.Kind, g.Home)
	}
	names := make([]string, 0, len(bySource))
	for n := range bySource {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		src := bySource[n]
		src.Original = []Original{}
		curs := make([]string, 0, len(orig[n]))
		for c := range orig[n] {
			curs = append(curs, c)
		}
		sort.Strings(curs)
		for _, c := range curs {
			src.Original = append(src.Original, Original{Currency: c, Figures: *orig[n][c]})
		}
		r.Sources = append(r.Sources, *src)
	}
	if unclassified > 0 {
		r.Warnings = append(r.Warnings, fmt.Sprintf("%d unclassified entries are not counted: see 'income entries --year %d --kind unclassified'", unclassified, year))
	}
	if unconverted > 0 {
		r.Warnings = append(r.Warnings, fmt.Sprintf("%d entries have no exchange rate and are left out of the home-currency figures", unconverted))
	}
	r.round(home)
	return r
}

// round fixes every home figure to the home currency's minor unit (they
// are sums of rounded amounts already; this only sets the digits shown).
func (r *Report) round(home ledger.Currency) {
	fix := func(f *Figures) {
		for _, d := range []*decimal.Decimal{&f.Gross, &f.Refunds, &f.Fees, &f.Expenses, &f.Net} {
			*d = home.Round(*d)
		}
	}
	for i := range r.Sources {
		fix(&r.Sources[i].Figures)
		r.Sources[i].Withheld = home.Round(r.Sources[i].Withheld)
	}
	for i := range r.Months {
		fix(&r.Months[i].Figures)
	}
	fix(&r.Totals.Figures)
	r.Totals.Withheld = home.Round(r.Totals.Withheld)
}
