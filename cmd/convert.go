package cmd

import (
	"context"
	"time"

	"github.com/incomeledger/income/fx"
	"github.com/incomeledger/income/ledger"
)

// fromLedger and toLedger carry rates between the ledger's records and fx.
func fromLedger(rs []ledger.Rate) []fx.Rate {
	out := make([]fx.Rate, len(rs))
	for i, r := range rs {
		out[i] = fx.Rate{Date: r.Date, Base: r.Base, Quote: r.Quote, Rate: r.Rate, Div: r.Div, Source: r.Source}
	}
	return out
}

func toLedger(rs []fx.Rate) []ledger.Rate {
	out := make([]ledger.Rate, len(rs))
	for i, r := range rs {
		out[i] = ledger.Rate{Date: r.Date, Base: r.Base, Quote: r.Quote, Rate: r.Rate, Div: r.Div, Source: r.Source}
	}
	return out
}

// newConverter builds the converter into the home currency from the
// ledger's rates.
func newConverter(ctx context.Context, d *Deps, s *ledger.Store, st ledger.Settings, home ledger.Currency) (*ledger.Converter, error) {
	rates, err := s.Rates(ctx, "", "")
	if err != nil {
		return nil, err
	}
	lookup := fx.NewTable(fromLedger(rates))
	return ledger.NewConverter(home, func(date time.Time, from, to string) (ledger.Rate, error) {
		r, err := lookup.Find(date, from, to)
		if err != nil {
			return ledger.Rate{}, err
		}
		return toLedger([]fx.Rate{r})[0], nil
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
