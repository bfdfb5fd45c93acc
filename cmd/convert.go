package cmd

import (
	"context"
	"time"

	"github.com/incomeledger/income/errs"
	"github.com/incomeledger/income/fx"
	"github.com/incomeledger/income/ledger"
)

// fromLedger and toLedger carry rates between the ledger's records and fx.
func fromLedger(rs []ledger.Rate) []fx.Rate {
	out := make([]fx.Rate, len(rs))
	for i, r := range rs {
		out[i] = fx.Rate{Date: r.Date, Until: r.Until, Base: r.Base, Quote: r.Quote, Rate: r.Rate, Div: r.Div,
			Source: r.Source, Policy: r.Policy, Ref: r.Ref, Note: r.Note}
	}
	return out
}

func toLedger(r fx.Rate) ledger.Rate {
	return ledger.Rate{Date: r.Date, Until: r.Until, Base: r.Base, Quote: r.Quote, Rate: r.Rate, Div: r.Div,
		Source: r.Source, Policy: r.Policy, Ref: r.Ref, Note: r.Note}
}

// rateRule is the country's exchange-rate rule with the config's overrides
// (fx.policy, fx.source). A country without a built-in rule uses the daily
// policy over any imported rate.
func rateRule(d *Deps, country, home string) (fx.Rule, error) {
	rule, err := fx.RuleFor(country)
	if err != nil {
		rule = fx.Rule{Country: country, Home: home, Policy: fx.PolicyDaily}
	}
	c, err := d.Config()
	if err != nil {
		return rule, err
	}
	if c.FX.Policy != "" {
		rule.Policy = c.FX.Policy
	}
	if c.FX.Source != "" {
		rule.Source = c.FX.Source
	}
	return rule, nil
}

// newConverter builds the converter into the home currency from the
// ledger's rates (plus the embedded IRS yearly averages) under the
// country's rule.
func newConverter(ctx context.Context, d *Deps, s *ledger.Store, st ledger.Settings, home ledger.Currency) (*ledger.Converter, error) {
	stored, err := s.Rates(ctx, "", "")
	if err != nil {
		return nil, err
	}
	rule, err := rateRule(d, st.Country, home.Code)
	if err != nil {
		return nil, err
	}
	// Conversions are stored with the entries; when the rule that made
	// them changes (config fx.policy/fx.source), they are all made again.
	fingerprint := rule.Policy + "|" + rule.Source + "|" + rule.Country
	if old, err := s.Meta(ctx, "fx_rule"); err != nil {
		return nil, err
	} else if old != fingerprint {
		if err := s.ClearConversions(ctx); err != nil {
			return nil, err
		}
		if err := s.SetMeta(ctx, "fx_rule", fingerprint); err != nil {
			return nil, err
		}
	}
	rates := append(fromLedger(stored), fx.IRSYearly()...)
	lookup, err := rule.Lookup(rates)
	if err != nil {
		return nil, &errs.UsageError{Err: err}
	}
	return ledger.NewConverter(home, func(date time.Time, from, to string) (ledger.Rate, error) {
		r, err := lookup.Find(date, from, to)
		if err != nil {
			return ledger.Rate{}, err
		}
		return toLedger(r), nil
	}), nil
}

// convertPending converts the year's entries (0 = all) that have no home
// amount yet. A missing rate is an error listing every (date, pair) unless
// allowMissing.
func convertPending(ctx context.Context, d *Deps, s *ledger.Store, st ledger.Settings, home ledger.Currency, year int, allowMissing bool) ([]ledger.Missing, error) {
	conv, err := newConverter(ctx, d, s, st, home)
	if err != nil {
		return nil, err
	}
	if err := s.ConvertPending(ctx, conv, year); err != nil {
		return nil, err
	}
	if err := conv.Err(); err != nil && !allowMissing {
		return conv.Missing(), err
	}
	return conv.Missing(), nil
}
