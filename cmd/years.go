package cmd

import (
	"context"
	"strconv"
	"strings"

	"github.com/incomeledger/income/app"
	"github.com/incomeledger/income/errs"
)

// Tax years the ledger can hold (its dates are refused outside 1900-2199).
const (
	minYear = 1900
	maxYear = 2199
)

// checkYear refuses a --year that cannot be a tax year (`--year 25`), and
// warns on stderr when the ledger holds no entry in it, naming the years
// it does hold.
func checkYear(ctx context.Context, d *Deps, g *globalOptions, l *app.Ledger, year int) error {
	if year < minYear || year > maxYear {
		return errs.Usagef("--year %d: want a four-digit year like 2025 (%d to %d)", year, minYear, maxYear)
	}
	years, err := l.Store.Years(ctx)
	if err != nil {
		return err
	}
	var held []string
	for _, y := range years {
		if y == year {
			return nil
		}
		held = append(held, strconv.Itoa(y))
	}
	if len(held) == 0 {
		g.note(d, "warning: the ledger holds no entries yet: 'income import FILE' first.")
		return nil
	}
	g.note(d, "warning: no entries dated in %d; the ledger holds entries of %s.", year, strings.Join(held, ", "))
	return nil
}
