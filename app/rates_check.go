package app

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/incomeledger/income/fx"
	"github.com/incomeledger/income/ledger"
)

// OffRule is a group of loaded rates the ledger's rate rule will not use:
// a pair with the home currency whose source is not the rule's.
type OffRule struct {
	Base, Quote string
	Source      string // the rates' source
	Count       int
	Rule        fx.Rule
}

func (o OffRule) String() string {
	return fmt.Sprintf("%d %s/%s rates are of source %q, but the %s rule converts %s with source %q only, so they will not be used: "+
		"if they are that source's rates, add a source column saying %s; to convert with them instead, set `fx.source: %s` in the config file",
		o.Count, o.Base, o.Quote, o.Source, o.Rule.Country, o.Rule.Home, o.Rule.Source, o.Rule.Source, o.Source)
}

// offRule lists the rates' groups that the ledger's rule will not use.
func (l *Ledger) offRule(rates []fx.Rate) []OffRule {
	rule := l.RateRule()
	if rule.Source == "" || rule.Policy == fx.PolicyRealised {
		return nil
	}
	type key struct{ base, quote, source string }
	n := map[key]int{}
	for _, r := range rates {
		if (r.Base == l.Home.Code || r.Quote == l.Home.Code) && r.Source != rule.Source {
			n[key{r.Base, r.Quote, r.Source}]++
		}
	}
	var out []OffRule
	for k, c := range n {
		out = append(out, OffRule{Base: k.base, Quote: k.quote, Source: k.source, Count: c, Rule: rule})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].String() < out[j].String() })
	return out
}

// explainMissing adds to a missing-rates error, for each pair it lists,
// what the ledger does hold: which source the rule converts with, which
// sources have the pair, and the one-line fix.
func (l *Ledger) explainMissing(ctx context.Context, err error, missing []ledger.Missing) error {
	rule := l.RateRule()
	seen := map[[2]string]bool{}
	var notes []string
	for _, m := range missing {
		p := [2]string{m.From, m.To}
		if seen[p] {
			continue
		}
		seen[p] = true
		n := map[string]int{}
		for _, q := range [][2]string{p, {p[1], p[0]}} {
			rates, rerr := l.Store.Rates(ctx, q[0], q[1])
			if rerr != nil {
				return err
			}
			for _, r := range rates {
				if r.Source != fx.SourceRealised {
					n[r.Source]++
				}
			}
		}
		var have []string
		for s, c := range n {
			have = append(have, fmt.Sprintf("%q (%d rates)", s, c))
		}
		sort.Strings(have)
		switch {
		case len(have) == 0:
			continue
		case rule.Source != "" && n[rule.Source] == 0:
			first := ""
			for s := range n {
				if first == "" || s < first {
					first = s
				}
			}
			notes = append(notes, fmt.Sprintf("%s/%s: the %s rule converts with source %q, and the ledger holds this pair only from %s: "+
				"if they are %s rates, import them again with a source column saying so; to convert with them instead, set `fx.source: %s` in the config file",
				p[0], p[1], rule.Country, rule.Source, strings.Join(have, ", "), rule.Source, first))
		default:
			notes = append(notes, fmt.Sprintf("%s/%s: the ledger holds rates from %s, but none on or close enough before these dates", p[0], p[1], strings.Join(have, ", ")))
		}
	}
	if rule.Policy == fx.PolicyYearly {
		notes = append(notes, yearlyNotes(missing)...)
	}
	if len(notes) == 0 {
		return err
	}
	return fmt.Errorf("%w\n%s", err, strings.Join(notes, "\n"))
}

// yearlyNotes says, one line per year, how to go on when the yearly-average
// rule (US by default) finds no rate: a year the IRS has not published is
// not fixed by importing daily rates alone (fx.YearlyAdvice).
func yearlyNotes(missing []ledger.Missing) []string {
	var years []int
	byYear := map[int][]string{}
	for _, m := range missing {
		y := m.Date.Year()
		if _, ok := byYear[y]; !ok {
			years = append(years, y)
		}
		if !slices.Contains(byYear[y], m.From) {
			byYear[y] = append(byYear[y], m.From)
		}
	}
	sort.Ints(years)
	out := make([]string, len(years))
	for i, y := range years {
		out[i] = fx.YearlyAdvice(y, byYear[y]...)
	}
	return out
}
