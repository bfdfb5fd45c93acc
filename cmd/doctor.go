package cmd

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/incomeledger/income/app"
	"github.com/incomeledger/income/internal/textfmt"
	"github.com/incomeledger/income/ledger"
	"github.com/shopspring/decimal"
	"github.com/spf13/cobra"
)

type doctorOptions struct {
	Year int
	Full bool
}

func newDoctorCmd(d *Deps, g *globalOptions) *cobra.Command {
	o := &doctorOptions{}
	c := &cobra.Command{
		Use:   "doctor [--year Y] [--full]",
		Short: "Check the ledger: integrity, rates, unclassified entries, transfers, tax parameters",
		Long: `One screen of what may make a year's figures wrong, each with what to do:

  - the ledger's integrity (SQLite's quick check; --full runs the full check
    and compares the report sums with the entries, reading every entry);
  - exchange rates: for each foreign currency of the year's entries, which
    sources hold its rate, whether the country rule's source is one of them,
    and whether its rates stop before the entries do (stale);
  - unclassified entries by total amount: they count nowhere until classified;
  - transfers that matched nothing;
  - tax parameters behind the year's figures that are from a secondary source
    (S) or unconfirmed (U).

--year defaults to the latest year with entries. --format json gives the same
as data ("problems" counts the findings). The exit code is 0 whatever it finds.
` + exitCodesHelp,
		Example: `  income doctor
  income doctor --year 2025 --full
  income doctor --format json`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error { return runDoctor(c.Context(), d, g, o) },
	}
	c.Flags().IntVar(&o.Year, "year", 0, "the tax year to check (default: the latest with entries)")
	c.Flags().BoolVar(&o.Full, "full", false, "full integrity check (reads the whole ledger)")
	withFormats(c, doctorFormats...)
	return c
}

// doctorFormats are the --format values of income doctor.
var doctorFormats = []string{"table", "json"}

func runDoctor(ctx context.Context, d *Deps, g *globalOptions, o *doctorOptions) error {
	format, err := d.format(doctorFormats...)
	if err != nil {
		return err
	}
	if err := g.checkOutput(d); err != nil {
		return err
	}
	l, err := openLedger(ctx, d)
	if err != nil {
		return err
	}
	defer l.Close()
	c, err := l.Doctor(ctx, o.Year, o.Full)
	if err != nil {
		return err
	}
	return g.writeOutput(d, func(out io.Writer) error {
		if format == "json" {
			return writeJSON(out, c)
		}
		return writeCheckup(out, c)
	})
}

func amount(s, cur string) string { return app.Money(decimal.RequireFromString(s), cur) }

// writeCheckup prints the checkup as text, one section a paragraph.
func writeCheckup(w io.Writer, c app.Checkup) error {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	check := "quick check"
	if c.Full {
		check = "full check, sums compared with the entries"
	}
	if len(c.Integrity) == 0 {
		p("Ledger integrity: ok (%s).", check)
	} else {
		p("Ledger integrity: %d problems (%s): copy the ledger file aside, run 'income init' on a new one and import your files again.", len(c.Integrity), check)
		for _, m := range c.Integrity {
			p("  %s", textfmt.Cell(m))
		}
	}
	if c.Year == 0 {
		p("\nThe ledger holds no entries yet: 'income import FILE'.")
		return flushText(w, &b)
	}

	r := c.Rule
	src := r.Source
	if src == "" {
		src = "any source"
	}
	via := ""
	if r.Via != "" {
		via = ", crossed through " + r.Via + " where a currency has no " + r.Home + " rate"
	}
	p("\nExchange rates (%s rule: %s %s rates of %s%s):", r.Country, r.Policy, r.Home, src, via)
	if len(c.Coverage) == 0 {
		p("  every %d entry is in %s: no rate needed.", c.Year, r.Home)
	}
	for _, pc := range c.Coverage {
		var have []string
		for _, s := range pc.Sources {
			have = append(have, fmt.Sprintf("%s %s to %s (%d)", s.Source, s.First, s.Last, s.Count))
		}
		if len(have) == 0 {
			have = []string{"no source"}
		}
		status := "ok"
		if pc.Note != "" {
			status = pc.Note
		}
		p("  %s: %d entries to %s; rates: %s; %s.", pc.Currency, pc.Entries, pc.Last, strings.Join(have, ", "), status)
		if len(pc.Gaps) > 0 {
			longest := pc.Gaps[0]
			for _, gap := range pc.Gaps {
				if gap.Days > longest.Days {
					longest = gap
				}
			}
			p("    %d gaps in the rule source's rates in %d, the longest %s to %s (%d days); 'income rates list' lists them.", len(pc.Gaps), c.Year, longest.From, longest.To, longest.Days)
		}
	}

	if len(c.Unclassified) == 0 {
		p("\nUnclassified entries in %d: none.", c.Year)
	} else {
		p("\nUnclassified entries in %d (counted nowhere, not as income, until classified):", c.Year)
		for _, u := range c.Unclassified {
			p("  %s: %d entries, %s %s in, %s %s out.", u.Source, u.Count, amount(u.In, u.Currency), u.Currency, amount(u.Out, u.Currency), u.Currency)
			if e := u.Largest; e.ID != "" {
				p("    largest credit: %s %s %s %s %q", e.ID, e.Date.Format(ledger.DateLayout), app.Money(e.Amount, e.Currency), e.Currency, textfmt.Cell(e.Description))
			}
		}
		p("  Classify them: 'income classify add --kind income --account ACCOUNT --description TEXT --sign in', or one by one with 'income classify --id ID --kind KIND'.")
	}

	t := c.Transfers
	p("\nTransfers in %d: %d matched, %d outgoing with no credit, %d payout-like credits with no transfer.", c.Year, t.Matched, t.UnmatchedOut, t.UnmatchedIn)
	if t.UnmatchedOut+t.UnmatchedIn > 0 {
		p("  See 'income transfers --year %d'; 'income transfers link OUT IN' pairs them by hand.", c.Year)
	}

	switch {
	case c.TaxError != "":
		p("\nTax parameters for %d: not computed: %s", c.Year, textfmt.Cell(c.TaxError))
	case len(c.TaxParams) == 0:
		p("\nTax parameters for %d: every rule behind the figures is confirmed (C).", c.Year)
	default:
		p("\nTax parameters behind the %d figures that need checking (S secondary source, U unconfirmed):", c.Year)
		for _, t := range c.TaxParams {
			p("  %s %s (%s, from %s): %s", t.Confidence, t.Rule, t.Regime, t.Effective, textfmt.Cell(t.Reference))
		}
	}
	p("\n%d findings need you.", c.Problems)
	return flushText(w, &b)
}

func flushText(w io.Writer, b *strings.Builder) error {
	_, err := io.WriteString(w, b.String())
	return err
}
