package cmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"

	"github.com/incomeledger/income/app"
	"github.com/incomeledger/income/errs"
	"github.com/incomeledger/income/ledger"
	"github.com/incomeledger/income/report"
	"github.com/spf13/cobra"
)

const classifyHelp = `Rules decide the kind of entries (income, expense, transfer, refund, fee, …):
the first rule that matches an entry gives it the rule's kind. A rule matches
on any of --source, --account, --counterparty and --description (case-
insensitive; a pattern holding * or ? is a glob over the whole value, any
other a substring), --sign in|out, --currency and --min/--max (the amount's
magnitude in its own currency, inclusive). Rules live in the ledger: they
apply to every entry already imported and to every later import, and survive
re-imports. The importer's own kind is kept, so deleting a rule gives it back.

'income classify --id ID --kind K' gives one entry a kind by hand (a unique
prefix of the id is enough); it beats every rule and survives re-imports.
'--kind auto' forgets it again. An entry linked as a transfer stays one: a
rule decides what it becomes if it is unlinked.

Each entry says what decided its kind in 'income entries --format json'
("classified_by": "rule 2" or "manual").`

type classifyOptions struct {
	ID, Kind string
}

func newClassifyCmd(d *Deps, g *globalOptions) *cobra.Command {
	o := &classifyOptions{}
	c := &cobra.Command{
		Use:   "classify [--id ID --kind K]",
		Short: "Rules that decide the kind of entries; classify one entry by hand",
		Long: `Without flags, list the classification rules in the order they apply.

` + classifyHelp + `
` + exitCodesHelp,
		Example: `  # a local client's payments on the bank statement are income
  income classify add --kind income --account 'bank:*' --description 'CONG TY ABC' --sign in
  income classify add --kind fee --description 'PHI *' --sign out
  income classify                        # the rules, in order
  income classify --id 3f2a --kind income
  income classify delete 2
  income classify export -o rules.yaml
  income classify import rules.yaml`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if o.ID != "" || o.Kind != "" {
				return runClassifyEntry(c.Context(), d, g, o)
			}
			return runClassifyList(c.Context(), d, g)
		},
	}
	c.Flags().StringVar(&o.ID, "id", "", "the entry to classify (an id from 'income entries', or a unique prefix)")
	c.Flags().StringVar(&o.Kind, "kind", "", "its kind: "+kindNames()+", or auto to let rules and the importer decide again")
	_ = c.RegisterFlagCompletionFunc("kind", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return append(kindValues(), "auto"), cobra.ShellCompDirectiveNoFileComp
	})
	c.AddCommand(newClassifyAddCmd(d, g), newClassifyDeleteCmd(d, g), newClassifyExportCmd(d, g), newClassifyImportCmd(d, g))
	return c
}

func kindValues() []string {
	var out []string
	for _, k := range ledger.Kinds {
		out = append(out, string(k))
	}
	return out
}

func kindNames() string {
	s := ""
	for i, k := range kindValues() {
		if i > 0 {
			s += ", "
		}
		s += k
	}
	return s
}

// parseKind reads a --kind value; an unknown one is a usage error listing
// the valid ones.
func parseKind(s string) (ledger.Kind, error) {
	k, err := ledger.ParseKind(s)
	if err != nil {
		return "", errs.Usagef("--kind %q: want one of %s", s, kindNames())
	}
	return k, nil
}

func runClassifyEntry(ctx context.Context, d *Deps, g *globalOptions, o *classifyOptions) error {
	if o.ID == "" || o.Kind == "" {
		return errs.Usagef("--id and --kind go together (to add a rule: income classify add --kind K …)")
	}
	var kind ledger.Kind
	if o.Kind != "auto" {
		var err error
		if kind, err = parseKind(o.Kind); err != nil {
			return err
		}
	}
	l, err := openLedger(ctx, d)
	if err != nil {
		return err
	}
	defer l.Close()
	e, c, err := l.ClassifyEntry(ctx, o.ID, kind)
	if errors.Is(err, ledger.ErrNoEntry) || errors.Is(err, ledger.ErrAmbiguousID) {
		return &errs.UsageError{Err: err}
	}
	if err != nil {
		return err
	}
	by := "by " + e.ClassifiedBy
	switch e.ClassifiedBy {
	case "":
		by = "by its importer"
	case ledger.ManualClass:
		by = "by hand"
	}
	g.note(d, "%s (%s %s %s %q) is %s, decided %s.", e.ID, e.Date.Format(ledger.DateLayout), e.Amount, e.Currency, e.Description, e.Kind, by)
	if c.Stats.Linked > 0 {
		g.note(d, "note: it is linked as a transfer; 'income transfers unlink %s' makes it %s.", e.ID, o.Kind)
	}
	return nil
}

func runClassifyList(ctx context.Context, d *Deps, g *globalOptions) error {
	format, err := d.format("table", "json", "csv")
	if err != nil {
		return err
	}
	rules, err := withLedger(ctx, d, func(l *app.Ledger) ([]ledger.Rule, error) { return l.Store.Rules(ctx) })
	if err != nil {
		return err
	}
	return g.writeOutput(d, func(out io.Writer) error {
		if format == "json" {
			type ruleJSON struct {
				ID int64 `json:"id"`
				app.RuleYAML
			}
			list := []ruleJSON{}
			for _, r := range rules {
				list = append(list, ruleJSON{r.ID, app.RuleToYAML(r)})
			}
			return writeJSON(out, map[string]any{"rules": list})
		}
		t := report.NewTable(out, format, d.IO.OutTTY, "id", "kind", "source", "account", "counterparty", "description", "sign", "currency", "min", "max", "note")
		for _, r := range rules {
			y := app.RuleToYAML(r)
			t.Row(strconv.FormatInt(r.ID, 10), y.Kind, y.Source, y.Account, y.Counterparty, y.Description, y.Sign, y.Currency, y.Min, y.Max, y.Note)
		}
		return t.Flush()
	})
}

// noteClassified says what a change of rules did.
func noteClassified(d *Deps, g *globalOptions, what string, c app.Classified) {
	g.note(d, "%s: %d entries changed kind.", what, c.Stats.Changed)
	if c.Stats.Linked > 0 {
		g.note(d, "note: %d of them are linked as transfers and stay transfers unless unlinked ('income transfers').", c.Stats.Linked)
	}
	if t := c.Transfers; t.Added > 0 || t.Removed > 0 {
		g.note(d, "Transfers: %d matched to their credits (%d new, %d dropped); see 'income transfers'.", t.Matched, t.Added, t.Removed)
	}
}

func newClassifyAddCmd(d *Deps, g *globalOptions) *cobra.Command {
	var y app.RuleYAML
	c := &cobra.Command{
		Use:   "add --kind K [--source P] [--account P] [--counterparty P] [--description P] [--sign in|out] [--currency C] [--min X] [--max X]",
		Short: "Add a classification rule (after the others)",
		Long:  classifyHelp + "\n" + exitCodesHelp,
		Example: `  income classify add --kind income --account 'bank:*' --description 'CONG TY ABC' --sign in
  income classify add --kind expense --counterparty 'NGUYEN VAN A' --sign out --note rent
  income classify add --kind fee --description 'PHI *' --sign out --max 100000`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if y.Kind == "" {
				return errs.Usagef("--kind is required: one of %s", kindNames())
			}
			if _, err := parseKind(y.Kind); err != nil {
				return err
			}
			r, err := y.Rule()
			if err != nil {
				return &errs.UsageError{Err: errors.New(app.BareMessage(err))}
			}
			ctx := c.Context()
			l, err := openLedger(ctx, d)
			if err != nil {
				return err
			}
			defer l.Close()
			added, res, err := l.AddRules(ctx, []ledger.Rule{r}, false)
			if err != nil {
				return err
			}
			noteClassified(d, g, fmt.Sprintf("Rule %d added (%s)", added[0].ID, added[0].Kind), res)
			return nil
		},
	}
	f := c.Flags()
	f.StringVar(&y.Kind, "kind", "", "the kind the rule gives: "+kindNames())
	f.StringVar(&y.Source, "source", "", "pattern on the entry's source (e.g. upwork, vietcombank)")
	f.StringVar(&y.Account, "account", "", "pattern on the entry's account (e.g. 'bank:*', 'wise:USD')")
	f.StringVar(&y.Counterparty, "counterparty", "", "pattern on the counterparty")
	f.StringVar(&y.Description, "description", "", "pattern on the description")
	f.StringVar(&y.Sign, "sign", "", "in (money received) or out (money paid)")
	f.StringVar(&y.Currency, "currency", "", "only entries in this currency")
	f.StringVar(&y.Min, "min", "", "smallest amount (magnitude, own currency)")
	f.StringVar(&y.Max, "max", "", "largest amount (magnitude, own currency)")
	f.StringVar(&y.Note, "note", "", "a note kept with the rule")
	completeValues(c, "kind", completeKinds)
	completeValues(c, "source", func(c *cobra.Command) []string { return entrySources(c.Context(), d) })
	_ = c.RegisterFlagCompletionFunc("sign", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return []string{ledger.SignIn, ledger.SignOut}, cobra.ShellCompDirectiveNoFileComp
	})
	return c
}

func newClassifyDeleteCmd(d *Deps, g *globalOptions) *cobra.Command {
	return &cobra.Command{
		Use:   "delete RULE_ID",
		Short: "Delete a classification rule",
		Long: `Delete a rule (ids as 'income classify' lists them). The entries it decided
get the next matching rule's kind, or their importer's again.
` + exitCodesHelp,
		Example: `  income classify delete 2`,
		Args:    cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			id, err := strconv.ParseInt(args[0], 10, 64)
			if err != nil {
				return errs.Usagef("rule id %q: want a number from 'income classify'", args[0])
			}
			ctx := c.Context()
			l, err := openLedger(ctx, d)
			if err != nil {
				return err
			}
			defer l.Close()
			res, err := l.DeleteRule(ctx, id)
			if errors.Is(err, ledger.ErrNoRule) {
				return errs.Usagef("%v: see 'income classify'", err)
			}
			if err != nil {
				return err
			}
			noteClassified(d, g, fmt.Sprintf("Rule %d deleted", id), res)
			return nil
		},
	}
}

func newClassifyExportCmd(d *Deps, g *globalOptions) *cobra.Command {
	return &cobra.Command{
		Use:   "export [-o FILE]",
		Short: "Write the classification rules as YAML",
		Long: `Write the rules as a YAML document that 'income classify import' reads:

  rules:
    - kind: income
      account: bank:*
      description: CONG TY ABC
      sign: in
      min: "1000000"
` + exitCodesHelp,
		Example: `  income classify export -o rules.yaml`,
		Args:    cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			ctx := c.Context()
			rules, err := withLedger(ctx, d, func(l *app.Ledger) ([]ledger.Rule, error) { return l.Store.Rules(ctx) })
			if err != nil {
				return err
			}
			return g.writeOutput(d, func(out io.Writer) error { return app.WriteRulesYAML(out, rules) })
		},
	}
}

func newClassifyImportCmd(d *Deps, g *globalOptions) *cobra.Command {
	var replace bool
	c := &cobra.Command{
		Use:   "import FILE",
		Short: "Add the classification rules of a YAML file",
		Long: `Add the rules of FILE (the format 'income classify export' writes) after the
ledger's own, or instead of them with --replace. A bad file adds nothing;
the error names its line.
` + exitCodesHelp,
		Example: `  income classify import rules.yaml
  income classify import --replace rules.yaml`,
		Args: cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			data, err := os.ReadFile(args[0])
			if err != nil {
				return err
			}
			rules, err := app.ReadRulesYAML(args[0], data)
			if err != nil {
				return err
			}
			ctx := c.Context()
			l, err := openLedger(ctx, d)
			if err != nil {
				return err
			}
			defer l.Close()
			_, res, err := l.AddRules(ctx, rules, replace)
			if err != nil {
				return err
			}
			noteClassified(d, g, fmt.Sprintf("%d rules imported from %s", len(rules), args[0]), res)
			return nil
		},
	}
	c.Flags().BoolVar(&replace, "replace", false, "delete the ledger's rules first")
	return c
}

// noteLeftOut warns, on stderr, about the year's unclassified entries that
// the figures leave out, with their totals.
func noteLeftOut(ctx context.Context, d *Deps, g *globalOptions, l *app.Ledger, year int) error {
	ws, err := l.LeftOut(ctx, year)
	for _, w := range ws {
		g.note(d, "warning: %s", w)
	}
	return err
}
