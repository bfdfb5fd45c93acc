package app

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/incomeledger/income/fx"
	"github.com/incomeledger/income/ledger"
	"github.com/shopspring/decimal"
)

// Checkup is what `income doctor` found: one screen of what may make the
// year's figures wrong.
type Checkup struct {
	Year      int      `json:"year"`
	Integrity []string `json:"integrity"` // problems; empty when sound
	Full      bool     `json:"full"`      // the full check ran (indexes, sums)

	Rule         RuleInfo        `json:"rule"`
	Coverage     []PairCheck     `json:"coverage"`
	Unclassified []Unclassified  `json:"unclassified"`
	Transfers    TransferCheck   `json:"transfers"`
	TaxParams    []TaxParamCheck `json:"tax_parameters"`
	TaxError     string          `json:"tax_error,omitempty"`
	Problems     int             `json:"problems"` // findings that need the user (one per group)
}

// RuleInfo is the exchange-rate rule in force.
type RuleInfo struct {
	Country string `json:"country"`
	Home    string `json:"home_currency"`
	Policy  string `json:"policy"`
	Source  string `json:"source"` // "" = any source
	Via     string `json:"via,omitempty"`
}

// PairCheck is one foreign currency of the year's entries against the
// rates the ledger holds for it.
type PairCheck struct {
	Currency  string        `json:"currency"`
	Entries   int           `json:"entries"`
	Last      string        `json:"last_entry"` // the latest entry's date
	Sources   []SourceCover `json:"sources"`    // sources holding the pair with the home currency
	RuleHas   bool          `json:"rule_source_has_it"`
	StaleDays int           `json:"stale_days"` // days from the rule source's last rate to the last entry (0 = fine)
	Note      string        `json:"note,omitempty"`
	Gaps      []fx.Gap      `json:"gaps,omitempty"` // of the rule's source in the year
}

// SourceCover is one source's rates of a pair.
type SourceCover struct {
	Source string `json:"source"`
	First  string `json:"first"`
	Last   string `json:"last"`
	Count  int    `json:"count"`
}

// Unclassified sums a source's unclassified entries of the year.
type Unclassified struct {
	Source   string `json:"source"`
	Currency string `json:"currency"`
	Count    int    `json:"count"`
	In       string `json:"in"`  // credits
	Out      string `json:"out"` // debits (magnitude)
	in, out  decimal.Decimal
	Largest  ledger.Entry `json:"-"`
}

// TransferCheck counts the year's unmatched transfers.
type TransferCheck struct {
	Matched      int `json:"matched"`
	UnmatchedOut int `json:"unmatched_out"`
	UnmatchedIn  int `json:"unmatched_in"`
}

// TaxParamCheck is a tax rule the year's figures use whose value is from a
// secondary source (S) or unconfirmed (U).
type TaxParamCheck struct {
	Regime     string `json:"regime"`
	Rule       string `json:"rule"`
	Effective  string `json:"effective"`
	Confidence string `json:"confidence"`
	Reference  string `json:"reference"`
}

// Doctor checks the ledger for year (0: the latest year with entries).
func (l *Ledger) Doctor(ctx context.Context, year int, full bool) (Checkup, error) {
	c := Checkup{Year: year, Full: full, Integrity: []string{}}
	var err error
	if c.Integrity, err = l.Store.IntegrityCheck(ctx, full); err != nil {
		return c, err
	}
	if c.Integrity == nil {
		c.Integrity = []string{}
	}
	if full {
		if msg, err := l.Store.CheckSums(ctx); err != nil {
			return c, err
		} else if msg != "" {
			c.Integrity = append(c.Integrity, msg)
		}
	}
	c.Problems += len(c.Integrity)
	rule := l.RateRule()
	c.Rule = RuleInfo{Country: rule.Country, Home: l.Home.Code, Policy: rule.Policy, Source: rule.Source, Via: rule.Via}

	// the year's entries: foreign currencies, unclassified sums
	type cur struct {
		n    int
		last time.Time
	}
	curs := map[string]*cur{}
	uncl := unclassifiedSums{}
	if c.Year == 0 {
		years, err := l.Store.Years(ctx)
		if err != nil {
			return c, err
		}
		if len(years) == 0 {
			return c, nil
		}
		c.Year = years[len(years)-1]
	}
	if err := l.Store.Entries(ctx, ledger.Filter{Year: c.Year}, func(e ledger.Entry) error {
		if e.Currency != l.Home.Code {
			cu := curs[e.Currency]
			if cu == nil {
				cu = &cur{}
				curs[e.Currency] = cu
			}
			cu.n++
			if e.Date.After(cu.last) {
				cu.last = e.Date
			}
		}
		if e.Kind == ledger.Unclassified {
			uncl.add(e)
		}
		return nil
	}); err != nil {
		return c, err
	}
	c.Unclassified = uncl.list()
	c.Problems += len(c.Unclassified)

	// rates of each foreign currency against home, by source
	rates, err := l.Store.Rates(ctx, "", "")
	if err != nil {
		return c, err
	}
	cov := fx.Coverage(rates)
	codes := make([]string, 0, len(curs))
	for code := range curs {
		codes = append(codes, code)
	}
	sort.Strings(codes)
	for _, code := range codes {
		cu := curs[code]
		p := PairCheck{Currency: code, Entries: cu.n, Last: cu.last.Format(ledger.DateLayout)}
		var ruleLast string
		for _, pc := range cov {
			if !(pc.Base == code && pc.Quote == l.Home.Code) && !(pc.Base == l.Home.Code && pc.Quote == code) {
				continue
			}
			p.Sources = append(p.Sources, SourceCover{pc.Source, pc.First, pc.Last, pc.Count})
			if rule.Source == "" || pc.Source == rule.Source {
				p.RuleHas = true
				if pc.Last > ruleLast {
					ruleLast = pc.Last
				}
				for _, g := range pc.Gaps {
					if c.Year != 0 && (g.To < fmt.Sprintf("%04d-01-01", c.Year) || g.From > fmt.Sprintf("%04d-12-31", c.Year)) {
						continue
					}
					p.Gaps = append(p.Gaps, g)
				}
			}
		}
		switch {
		case p.RuleHas:
			if t, err := time.Parse(ledger.DateLayout, ruleLast); err == nil && cu.last.After(t) {
				p.StaleDays = int(cu.last.Sub(t).Hours() / 24)
			}
			if max := staleAfter(rule); p.StaleDays > max {
				p.Note = fmt.Sprintf("the last %s rate is %d days before the last entry (the rule allows %d)", displaySource(rule.Source), p.StaleDays, max)
				c.Problems++
			} else {
				p.StaleDays = 0
			}
		case len(p.Sources) > 0:
			var have []string
			for _, s := range p.Sources {
				have = append(have, s.Source)
			}
			p.Note = fmt.Sprintf("the %s rule converts with source %q; the ledger has %s/%s only from %s: set `fx.source: %s` in the config, or import %s rates",
				rule.Country, rule.Source, code, l.Home.Code, strings.Join(have, ", "), have[0], rule.Source)
			c.Problems++
		case rule.Via != "" && code != rule.Via:
			p.Note = fmt.Sprintf("no %s/%s rate: converted through %s when %s/%s rates are held", code, l.Home.Code, rule.Via, code, rule.Via)
		default:
			p.Note = fmt.Sprintf("no %s/%s rate at all: 'income rates fetch' or 'income rates import FILE'", code, l.Home.Code)
			c.Problems++
		}
		c.Coverage = append(c.Coverage, p)
	}

	tr, err := l.Store.Transfers(ctx, c.Year)
	if err != nil {
		return c, err
	}
	c.Transfers = TransferCheck{len(tr.Matched), len(tr.UnmatchedOut), len(tr.UnmatchedIn)}
	if len(tr.UnmatchedOut)+len(tr.UnmatchedIn) > 0 {
		c.Problems++ // one finding: the transfers to pair
	}

	if c.Year != 0 {
		c.TaxParams, c.TaxError = l.taxParams(ctx, c.Year)
	}
	return c, nil
}

// staleAfter is how many days a rate may lag the entries: the rule's cap,
// else a week.
func staleAfter(r fx.Rule) int {
	if r.MaxAge > 0 {
		return r.MaxAge
	}
	return 7
}

func displaySource(s string) string {
	if s == "" {
		return "stored"
	}
	return s
}

// taxParams lists the S and U rules behind the year's tax figures.
func (l *Ledger) taxParams(ctx context.Context, year int) ([]TaxParamCheck, string) {
	r, err := l.BuildReport(ctx, year, true)
	if err != nil {
		return nil, err.Error()
	}
	res, err := l.TaxFor(r, "", nil)
	if err != nil {
		return nil, err.Error()
	}
	var out []TaxParamCheck
	seen := map[[2]string]bool{}
	for _, reg := range res.Regimes {
		for _, s := range reg.Trace {
			if s.Rule == "" || (s.Confidence != "S" && s.Confidence != "U") || seen[[2]string{reg.ID, s.Rule}] {
				continue
			}
			seen[[2]string{reg.ID, s.Rule}] = true
			out = append(out, TaxParamCheck{reg.ID, s.Rule, s.Effective, s.Confidence, s.Reference})
		}
	}
	slices.SortStableFunc(out, func(a, b TaxParamCheck) int {
		if a.Regime != b.Regime {
			return strings.Compare(a.Regime, b.Regime)
		}
		return strings.Compare(a.Rule, b.Rule)
	})
	return out, ""
}
