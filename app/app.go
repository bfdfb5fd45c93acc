// Package app is income's application layer: what each command does,
// between cmd (which parses flags and renders) and the domain packages
// (importers, ledger, fx, report, tax). It opens the ledger with its
// settings, keeps conversions in step with the exchange-rate rule, imports
// files one transaction each, matches transfers, and builds the report and
// the tax figures. It prints nothing: notes go through callbacks, results
// are returned.
package app

import (
	"context"
	"time"

	"github.com/incomeledger/income/config"
	"github.com/incomeledger/income/errs"
	"github.com/incomeledger/income/fx"
	"github.com/incomeledger/income/ledger"
)

// Ledger is an open, initialised ledger with its settings and the
// configuration that decides conversions and tax facts.
type Ledger struct {
	Store    *ledger.Store
	Settings ledger.Settings
	Home     ledger.Currency
	Config   *config.Config
}

// Open wraps an open store: it reads the ledger's settings and fails with
// ledger.ErrNoLedger when it was never initialised. The store is closed on
// error.
func Open(ctx context.Context, s *ledger.Store, cfg *config.Config) (*Ledger, error) {
	st, err := s.Settings(ctx)
	if err != nil {
		s.Close()
		return nil, err
	}
	home, ok := ledger.LookupCurrency(st.HomeCurrency)
	if !ok {
		s.Close()
		return nil, ledger.ErrNoLedger
	}
	if cfg == nil {
		cfg = &config.Config{}
	}
	return &Ledger{Store: s, Settings: st, Home: home, Config: cfg}, nil
}

// Close closes the store.
func (l *Ledger) Close() error { return l.Store.Close() }

// RateRule is the country's exchange-rate rule with the config's overrides
// (fx.policy, fx.source). A country without a built-in rule uses the daily
// policy over any imported rate.
func (l *Ledger) RateRule() fx.Rule {
	rule, err := fx.RuleFor(l.Settings.Country)
	if err != nil {
		rule = fx.Rule{Country: l.Settings.Country, Home: l.Home.Code, Policy: fx.PolicyDaily}
	}
	if l.Config.FX.Policy != "" {
		rule.Policy = l.Config.FX.Policy
	}
	if l.Config.FX.Source != "" {
		rule.Source = l.Config.FX.Source
	}
	return rule
}

// fxRuleKey is the ledger meta key holding the fingerprint of the rule that
// made the stored conversions.
const fxRuleKey = "fx_rule"

// Converter builds the converter into the home currency from the ledger's
// rates (plus the embedded IRS yearly averages) under the rate rule. When
// the rule differs from the one that made the stored conversions, they are
// cleared first, so every entry is converted again under the new one.
func (l *Ledger) Converter(ctx context.Context) (*ledger.Converter, error) {
	stored, err := l.Store.Rates(ctx, "", "")
	if err != nil {
		return nil, err
	}
	rule := l.RateRule()
	fingerprint := rule.Policy + "|" + rule.Source + "|" + rule.Country
	if old, err := l.Store.Meta(ctx, fxRuleKey); err != nil {
		return nil, err
	} else if old != fingerprint {
		if err := l.Store.ClearConversions(ctx); err != nil {
			return nil, err
		}
		if err := l.Store.SetMeta(ctx, fxRuleKey, fingerprint); err != nil {
			return nil, err
		}
	}
	lookup, err := rule.Lookup(append(stored, fx.IRSYearly()...))
	if err != nil {
		// an unknown fx.policy or fx.source in the config
		return nil, errs.Invalid(err)
	}
	return ledger.NewConverter(l.Home, func(date time.Time, from, to string) (ledger.Rate, error) {
		return lookup.Find(date, from, to)
	}), nil
}

// ConvertPending converts the year's entries (0 = all) that have no home
// amount yet. A missing rate is an error listing every (date, pair) unless
// allowMissing; the missing ones are returned either way.
func (l *Ledger) ConvertPending(ctx context.Context, year int, allowMissing bool) ([]ledger.Missing, error) {
	conv, err := l.Converter(ctx)
	if err != nil {
		return nil, err
	}
	if err := l.Store.ConvertPending(ctx, conv, year); err != nil {
		return nil, err
	}
	if err := conv.Err(); err != nil && !allowMissing {
		return conv.Missing(), l.explainMissing(ctx, err, conv.Missing())
	}
	return conv.Missing(), nil
}
