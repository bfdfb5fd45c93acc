package cmd

import (
	"cmp"
	"context"
	"errors"
	"os"
	"strings"

	"github.com/incomeledger/income/app"
	"github.com/incomeledger/income/errs"
	"github.com/incomeledger/income/ledger"
	"github.com/spf13/cobra"
	"golang.org/x/text/language"
)

type initOptions struct {
	HomeCurrency string
	Country      string
	Name         string
	Force        bool
}

func newInitCmd(d *Deps, g *globalOptions, runF func(context.Context, *initOptions) error) *cobra.Command {
	o := &initOptions{}
	c := &cobra.Command{
		Use:   "init --home-currency CODE --country CC [--name TEXT]",
		Short: "Create the ledger",
		Long: `Create the ledger with its home currency (ISO 4217, e.g. VND, IDR, USD) and the
country whose tax rules apply (ISO 3166 alpha-2, e.g. VN, ID, US).

Running it again with the same values is fine; changing them needs --force,
and then every entry is converted again at the next report.
` + exitCodesHelp,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if runF != nil {
				return runF(c.Context(), o)
			}
			return runInit(c.Context(), d, g, o)
		},
	}
	c.Flags().StringVar(&o.HomeCurrency, "home-currency", "", "home currency, ISO 4217 (VND, IDR, USD, …)")
	c.Flags().StringVar(&o.Country, "country", "", "tax country, ISO 3166 alpha-2 (VN, ID, US, …)")
	c.Flags().StringVar(&o.Name, "name", "", "the taxpayer's name, shown on reports")
	c.Flags().BoolVar(&o.Force, "force", false, "change the home currency or country of an existing ledger")
	_ = c.MarkFlagRequired("home-currency")
	_ = c.MarkFlagRequired("country")
	return c
}

func runInit(ctx context.Context, d *Deps, g *globalOptions, o *initOptions) error {
	want, err := settingsFlags(o.HomeCurrency, o.Country)
	if err != nil {
		return err
	}
	if want.HomeCurrency == "" || want.Country == "" {
		return errs.Usagef("both --home-currency and --country are required")
	}
	want.Name = o.Name
	s, err := d.OpenStore(ctx, true)
	if err != nil {
		return err
	}
	defer s.Close()
	old, err := s.InitSettings(ctx, want, o.Force)
	if errors.Is(err, ledger.ErrSettingsDiffer) {
		return errs.Usagef("the ledger is already set to %s/%s; use --force to change it to %s/%s",
			old.HomeCurrency, old.Country, want.HomeCurrency, want.Country)
	}
	if err != nil {
		return err
	}
	if want.Name == "" {
		want.Name = old.Name
	}
	c, _ := d.Config()
	switch {
	case old.HomeCurrency == "":
		g.note(d, "Created ledger %s (home currency %s, country %s).", c.DB, want.HomeCurrency, want.Country)
	case old == want:
		g.note(d, "Ledger %s is already set up (home currency %s, country %s).", c.DB, want.HomeCurrency, want.Country)
	default:
		g.note(d, "Ledger %s now uses home currency %s, country %s.", c.DB, want.HomeCurrency, want.Country)
	}
	return nil
}

// openLedger opens an initialised ledger with its settings and the config.
func openLedger(ctx context.Context, d *Deps) (*app.Ledger, error) {
	c, err := d.Config()
	if err != nil {
		return nil, err
	}
	s, err := d.OpenStore(ctx, false)
	if err != nil {
		return nil, err
	}
	return app.Open(ctx, s, c)
}

// withLedger opens the ledger, runs do on it and closes it: the one shape of
// every command that reads or changes the ledger once.
func withLedger[T any](ctx context.Context, d *Deps, do func(*app.Ledger) (T, error)) (T, error) {
	l, err := openLedger(ctx, d)
	if err != nil {
		var zero T
		return zero, err
	}
	defer l.Close()
	return do(l)
}

// settingsFlags checks --home-currency and --country (either may be empty):
// an ISO 4217 code income knows, and an ISO 3166 alpha-2 code of a country.
func settingsFlags(homeCurrency, country string) (ledger.Settings, error) {
	var st ledger.Settings
	if homeCurrency != "" {
		cur, ok := ledger.LookupCurrency(homeCurrency)
		if !ok {
			return st, errs.Usagef("--home-currency %q: not an ISO 4217 currency code", homeCurrency)
		}
		st.HomeCurrency = cur.Code
	}
	if country != "" {
		cc := strings.ToUpper(strings.TrimSpace(country))
		r, err := language.ParseRegion(cc)
		if len(cc) != 2 || err != nil || !r.IsCountry() || r.String() != cc {
			return st, errs.Usagef("--country %q: not an ISO 3166 alpha-2 country code (such as VN, ID or US)", country)
		}
		st.Country = cc
	}
	return st, nil
}

// checkLedgerFlags refuses --home-currency or --country values that
// contradict an existing ledger, as init does without --force: a report in
// another currency than the ledger's would be silently wrong.
func checkLedgerFlags(ctx context.Context, d *Deps, homeCurrency, country string) error {
	if homeCurrency == "" && country == "" {
		return nil
	}
	want, err := settingsFlags(homeCurrency, country)
	if err != nil {
		return err
	}
	c, err := d.Config()
	if err != nil {
		return err
	}
	if _, err := os.Stat(c.DB); errors.Is(err, os.ErrNotExist) {
		return nil
	}
	s, err := d.OpenStore(ctx, false)
	if err != nil {
		return err
	}
	defer s.Close()
	have, err := s.Settings(ctx)
	if err != nil || have.HomeCurrency == "" {
		return err
	}
	if (want.HomeCurrency != "" && want.HomeCurrency != have.HomeCurrency) || (want.Country != "" && want.Country != have.Country) {
		return errs.Usagef("the ledger %s is set to %s/%s, not %s/%s; drop --home-currency/--country, or change the ledger with 'income init --force --home-currency %s --country %s'",
			c.DB, have.HomeCurrency, have.Country, cmp.Or(want.HomeCurrency, have.HomeCurrency), cmp.Or(want.Country, have.Country),
			cmp.Or(want.HomeCurrency, have.HomeCurrency), cmp.Or(want.Country, have.Country))
	}
	return nil
}
