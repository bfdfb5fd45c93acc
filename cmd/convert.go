package cmd

import (
	"context"

	"github.com/incomeledger/income/fx"
	"github.com/incomeledger/income/ledger"
)

// newConverter builds the converter into the home currency from the
// ledger's rates.
func newConverter(ctx context.Context, d *Deps, s *ledger.Store, st ledger.Settings, home ledger.Currency) (*ledger.Converter, error) {
	rates, err := s.Rates(ctx, "", "")
	if err != nil {
		return nil, err
	}
	return ledger.NewConverter(home, fx.NewTable(rates)), nil
}

// convertPending converts the year's entries (0 = all) that have no home
// amount yet. A missing rate
// is an error listing every (date, pair) unless allowMissing.
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
