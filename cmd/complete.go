package cmd

import (
	"context"
	"slices"
	"strings"

	"github.com/incomeledger/income/errs"
	"github.com/incomeledger/income/fx"
	"github.com/incomeledger/income/report"
	"github.com/incomeledger/income/tax"
	"github.com/spf13/cobra"
)

// Shell completion of the flags whose values are a closed list. Each list
// is read from where the values are defined (ledger.Kinds, the tax rules,
// the importer registry, fx.Sources, report.Languages), never copied.

// tableFormats are the --format values of most commands.
var tableFormats = []string{"table", "json", "csv"}

// formatsAnnotation holds a command's --format values when they are not
// tableFormats (see withFormats).
const formatsAnnotation = "income_formats"

// withFormats records on c the --format values it accepts, for completion.
func withFormats(c *cobra.Command, formats ...string) {
	if c.Annotations == nil {
		c.Annotations = map[string]string{}
	}
	c.Annotations[formatsAnnotation] = strings.Join(formats, ",")
}

// commandFormats returns the --format values c accepts.
func commandFormats(c *cobra.Command) []string {
	if f, ok := c.Annotations[formatsAnnotation]; ok {
		return strings.Split(f, ",")
	}
	return tableFormats
}

// completeValues registers a completion of flag from list.
func completeValues(c *cobra.Command, flag string, list func(*cobra.Command) []string) {
	_ = c.RegisterFlagCompletionFunc(flag, func(c *cobra.Command, _ []string, _ string) ([]string, cobra.ShellCompDirective) {
		return list(c), cobra.ShellCompDirectiveNoFileComp
	})
}

func completeKinds(*cobra.Command) []string { return kindValues() }

func completeLangs(*cobra.Command) []string { return report.Languages }

// fxSourceNames lists the built-in rate sources.
func fxSourceNames(*cobra.Command) []string {
	var names []string
	for _, s := range fx.Sources() {
		names = append(names, s.Name())
	}
	return names
}

// regimeIDs lists the built-in tax regimes of every country.
func regimeIDs(*cobra.Command) []string {
	r, err := tax.DefaultRules()
	if err != nil {
		return nil
	}
	var out []string
	for _, cc := range r.Countries() {
		out = append(out, r.RegimeIDs(cc)...)
	}
	return out
}

// importerNames lists the importers of the registry.
func importerNames(d *Deps) []string {
	var out []string
	for _, imp := range d.Importers.All() {
		out = append(out, imp.Name())
	}
	return out
}

// entrySources lists the sources an entry can have: the importers' names
// and, when the ledger opens, the sources it holds (a profile's, say).
func entrySources(ctx context.Context, d *Deps) []string {
	out := importerNames(d)
	if l, err := openLedger(ctx, d); err == nil {
		defer l.Close()
		if have, err := l.Store.Sources(ctx); err == nil {
			for _, s := range have {
				if !slices.Contains(out, s) {
					out = append(out, s)
				}
			}
		}
	}
	return out
}

// rateSources lists the sources of the ledger's rates (none without a
// ledger).
func rateSources(ctx context.Context, d *Deps) []string {
	l, err := openLedger(ctx, d)
	if err != nil {
		return nil
	}
	defer l.Close()
	have, _ := l.Store.RateSources(ctx)
	return have
}

// listOrNone joins names with commas, or says "none".
func listOrNone(names []string) string {
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}

// checkEntrySource refuses a --source no importer has and the ledger does
// not hold, naming the ones it could be.
func checkEntrySource(ctx context.Context, d *Deps, src string) error {
	if src == "" {
		return nil
	}
	known := entrySources(ctx, d)
	if slices.Contains(known, src) {
		return nil
	}
	return errs.Usagef("--source %q: unknown source (known: %s)", src, strings.Join(known, ", "))
}

// registerFormatCompletion completes the persistent --format flag with the
// values of the command being completed.
func registerFormatCompletion(root *cobra.Command) {
	completeValues(root, "format", commandFormats)
}
