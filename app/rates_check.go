package app

import (
	"fmt"
	"sort"

	"github.com/incomeledger/income/fx"
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
