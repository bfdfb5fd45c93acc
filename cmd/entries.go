package cmd

import (
	"context"
	"io"

	"github.com/incomeledger/income/errs"
	"github.com/incomeledger/income/ledger"
	"github.com/incomeledger/income/report"
	"github.com/spf13/cobra"
)

// entriesFormats are the --format values of income entries.
var entriesFormats = []string{"table", "json", "csv", "hledger", "beancount"}

type entriesOptions struct {
	Year         int
	Source       string
	Kind         string
	AllowMissing bool
}

func newEntriesCmd(d *Deps, g *globalOptions, runF func(context.Context, *entriesOptions) error) *cobra.Command {
	o := &entriesOptions{}
	c := &cobra.Command{
		Use:   "entries [--year Y] [--source S] [--kind K] [--format table|json|csv|hledger|beancount]",
		Short: "List ledger entries with their rates and home amounts",
		Long: `List the ledger's entries in date order: amount signed as the money moved (out
is negative) in its own currency, the rate used, its date and source, the
amount in the home currency, and the file and line it came from.
Rate fields are empty where no rate is known yet.

--format hledger and --format beancount write plain-text books that
'hledger -f FILE' and 'bean-check FILE' accept: one balanced transaction per
entry between assets:<account> (in the entry's currency, with the home amount
as an @@ total price where converted) and income:<source>,
income:<source>:refunds, expenses:fees:<source>, expenses:<source>,
expenses:tax:withheld:<source>, assets:transfers or
equity:unclassified:<source> (Income:Upwork and so on in beancount), so that
each account's yearly balance is the report's figure.
` + exitCodesHelp,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if runF != nil {
				return runF(c.Context(), o)
			}
			return runEntries(c.Context(), d, g, o)
		},
	}
	c.Flags().IntVar(&o.Year, "year", 0, "only entries dated in this year")
	c.Flags().StringVar(&o.Source, "source", "", "only entries of this source")
	c.Flags().StringVar(&o.Kind, "kind", "", "only entries of this kind ("+kindNames()+")")
	completeValues(c, "source", func(c *cobra.Command) []string { return entrySources(c.Context(), d) })
	completeValues(c, "kind", completeKinds)
	withFormats(c, entriesFormats...)
	return c
}

func runEntries(ctx context.Context, d *Deps, g *globalOptions, o *entriesOptions) error {
	f := ledger.Filter{Year: o.Year, Source: o.Source}
	if o.Kind != "" {
		k, err := ledger.ParseKind(o.Kind)
		if err != nil {
			return &errs.UsageError{Err: err}
		}
		f.Kind = k
	}
	if err := checkEntrySource(ctx, d, o.Source); err != nil {
		return err
	}
	format, l, err := openForOutput(ctx, d, g, entriesFormats...)
	if err != nil {
		return err
	}
	defer l.Close()
	// Entries are listed even where rates are missing: the rate fields
	// stay empty there.
	if _, err := l.ConvertPending(ctx, o.Year, true); err != nil {
		return err
	}
	return g.writeOutput(d, func(out io.Writer) error {
		var w entryWriter
		switch format {
		case "hledger", "beancount":
			lw, err := report.NewLedgerWriter(out, format, l.Home)
			if err != nil {
				return err
			}
			w = lw
		default:
			w = report.NewEntriesWriter(out, format, d.IO.OutTTY, l.Home)
		}
		if err := l.Store.Entries(ctx, f, w.Write); err != nil {
			return err
		}
		return w.Close()
	})
}

// entryWriter is where listed entries go: a table, JSON, CSV or a
// plain-text book.
type entryWriter interface {
	Write(ledger.Entry) error
	Close() error
}
