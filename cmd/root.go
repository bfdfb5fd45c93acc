package cmd

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/incomeledger/income/config"
	"github.com/incomeledger/income/errs"
	"github.com/incomeledger/income/ledger"
	"github.com/spf13/cobra"
)

// globalOptions are the flags every command has.
type globalOptions struct {
	Output string
	Quiet  bool
}

func newRootCmd(d *Deps) *cobra.Command {
	g := &globalOptions{}
	d.global = g
	root := &cobra.Command{
		Use:   "income",
		Short: "Declare income from foreign platforms: one exact ledger, the right rates, tax-ready figures",
		Long: `income imports the exports of Upwork, Gumroad and the other platforms you earn
from into one exact-decimal ledger, converts every entry to your home currency
at the rate your country's law names, never counts a transfer as income, and
reports each tax year.
` + exitCodesHelp,
		Version:       buildVersion(),
		SilenceErrors: true,
		SilenceUsage:  true,
		PersistentPreRunE: func(c *cobra.Command, _ []string) error {
			// Cobra checks required and exclusive flags only after this
			// hook, and returns those errors untyped: check them here so
			// they are usage errors (exit 2) like every other.
			if err := c.ValidateRequiredFlags(); err != nil {
				return &errs.UsageError{Err: err}
			}
			if err := c.ValidateFlagGroups(); err != nil {
				return &errs.UsageError{Err: err}
			}
			d.started = true
			return startProfile(d, c)
		},
		PersistentPostRunE: func(c *cobra.Command, _ []string) error {
			stopProfile(d)
			return nil
		},
	}
	pf := root.PersistentFlags()
	pf.String("db", "", "the ledger (SQLite file); default $XDG_DATA_HOME/income/ledger.db (env INCOME_DB)")
	pf.String("config", "", "config file (YAML); default $XDG_CONFIG_HOME/income/config.yaml (env INCOME_CONFIG)")
	pf.String("format", "", "output format: table, json, csv (some commands add more) (env INCOME_FORMAT)")
	pf.StringVarP(&g.Output, "output", "o", "", "write data to this file instead of stdout")
	pf.BoolVarP(&g.Quiet, "quiet", "q", false, "no progress or notes on stderr")
	pf.String("cpuprofile", "", "write a CPU profile to this file (for bench/run.sh)")
	_ = pf.MarkHidden("cpuprofile")
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return &errs.UsageError{Err: err} })

	var once sync.Once
	var cfg *config.Config
	var cfgErr error
	d.Config = func() (*config.Config, error) {
		once.Do(func() {
			cfg, cfgErr = config.Load(pf)
		})
		return cfg, cfgErr
	}
	d.OpenStore = func(ctx context.Context, create bool) (*ledger.Store, error) {
		c, err := d.Config()
		if err != nil {
			return nil, err
		}
		return ledger.OpenWith(ctx, c.DB, ledger.Options{Create: create, OnBusy: func() {
			fmt.Fprintln(d.IO.ErrOut, "income: another income process is writing this ledger; waiting for it to finish…")
		}})
	}

	root.AddCommand(
		newInitCmd(d, g, nil),
		newImportCmd(d, g, nil),
		newEntriesCmd(d, g, nil),
		newRatesCmd(d, g),
		newReportCmd(d, g, nil),
		newSourcesCmd(d, g, nil),
		newTaxCmd(d, g, nil),
		newTransfersCmd(d, g, nil),
		newBatchesCmd(d, g),
		newClassifyCmd(d, g),
		newDoctorCmd(d, g),
	)
	registerFormatCompletion(root)
	return root
}

// format returns the output format: flag, env or config, else table.
func (d *Deps) format(allowed ...string) (string, error) {
	c, err := d.Config()
	if err != nil {
		return "", err
	}
	f := c.Format
	if f == "" {
		f = "table"
		// -o x.xlsx names its format
		if d.global != nil && strings.EqualFold(filepath.Ext(d.global.Output), ".xlsx") {
			if !slices.Contains(allowed, "xlsx") {
				return "", errs.Usagef("-o %s: this command does not write workbooks; name a format with --format (%s)", d.global.Output, strings.Join(allowed, ", "))
			}
			f = "xlsx"
		}
	}
	for _, a := range allowed {
		if f == a {
			return f, nil
		}
	}
	return "", errs.Usagef("--format %q: want one of %v", f, allowed)
}

// note prints a status line on stderr unless --quiet.
func (g *globalOptions) note(d *Deps, format string, args ...any) {
	if !g.Quiet {
		fmt.Fprintf(d.IO.ErrOut, format+"\n", args...)
	}
}
