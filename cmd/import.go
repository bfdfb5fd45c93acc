package cmd

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"

	"github.com/incomeledger/income/app"
	"github.com/incomeledger/income/errs"
	"github.com/incomeledger/income/importers"
	"github.com/incomeledger/income/ledger"
	"github.com/incomeledger/income/report"
	"github.com/spf13/cobra"
)

type importOptions struct {
	Files   []string
	Source  string
	Profile string
	DryRun  bool
	Verbose bool
}

func newImportCmd(d *Deps, g *globalOptions, runF func(context.Context, *importOptions) error) *cobra.Command {
	o := &importOptions{}
	c := &cobra.Command{
		Use:   "import [--source NAME | --profile FILE] [--dry-run] FILE...",
		Short: "Import platform and bank exports into the ledger",
		Long: `Import each FILE into the ledger. The format is detected from the file's
content, not its name (see 'income sources'); --source forces one.

Each file is imported in one transaction: a file with a bad row adds nothing,
and the error names the file and line. Importing the same file again adds
nothing; overlapping exports add only their new rows.
` + exitCodesHelp,
		Args: cobra.MinimumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			o.Files = args
			if runF != nil {
				return runF(c.Context(), o)
			}
			return runImport(c.Context(), d, g, o)
		},
	}
	c.Flags().StringVar(&o.Source, "source", "", "force the importer (see 'income sources')")
	c.Flags().StringVar(&o.Profile, "profile", "", "read the files with this bank profile (YAML; see docs/profiles.md)")
	c.MarkFlagsMutuallyExclusive("source", "profile")
	completeValues(c, "source", func(*cobra.Command) []string { return importerNames(d) })
	c.Flags().BoolVar(&o.DryRun, "dry-run", false, "parse and count, but add nothing")
	c.Flags().BoolVarP(&o.Verbose, "verbose", "v", false, "list the rows not imported, each with why, on stderr")
	return c
}

func runImport(ctx context.Context, d *Deps, g *globalOptions, o *importOptions) error {
	format, err := d.format("table", "json", "csv")
	if err != nil {
		return err
	}
	if o.Source != "" {
		if _, err := d.Importers.Get(o.Source); err != nil {
			return &errs.UsageError{Err: err}
		}
	}
	pick := func(in *importers.Input) (importers.Importer, error) { return d.Importers.IdentifyInput(in, o.Source) }
	if o.Profile != "" {
		prof, err := importers.LoadProfile(o.Profile)
		if err != nil {
			return err
		}
		pick = func(*importers.Input) (importers.Importer, error) { return prof, nil }
	}
	sum, err := importFiles(ctx, d, g, o.Files, pick, o.DryRun, o.Verbose)
	if len(sum.Files) == 0 {
		return err
	}
	// the files that went in are listed even when a later one failed
	if werr := g.writeOutput(d, func(out io.Writer) error {
		return writeImportResults(out, format, d.IO.OutTTY, sum.Files)
	}); werr != nil && err == nil {
		err = werr
	}
	return err
}

// importFiles imports each file in its own transaction through app and says
// on stderr what happened: each file's warnings, the rows it skipped and
// why (verbose: each of them), missing rates, transfers.
func importFiles(ctx context.Context, d *Deps, g *globalOptions, files []string, pick app.Picker, dryRun, verbose bool) (app.ImportSummary, error) {
	l, err := openLedger(ctx, d)
	if err != nil {
		return app.ImportSummary{}, err
	}
	defer l.Close()
	o := app.ImportOptions{Pick: pick, DryRun: dryRun, Now: d.Now,
		Done: func(res importers.FileResult) {
			for _, w := range res.Warnings {
				g.note(d, "warning: %s", w)
			}
			noteSkipped(d, g, res, verbose)
		},
		Already: func(res importers.FileResult, prev ledger.Batch) {
			g.note(d, "%s: already imported on %s (batch %d): 0 added.", res.File, prev.ImportedAt.UTC().Format("2006-01-02"), prev.ID)
		}}
	if d.IO.ErrTTY && !g.Quiet {
		o.Progress = func(path string, n int, done bool) {
			if done {
				fmt.Fprintln(d.IO.ErrOut)
			} else {
				fmt.Fprintf(d.IO.ErrOut, "\r%s: %d rows…", filepath.Base(path), n)
			}
		}
	}
	sum, err := l.ImportFiles(ctx, files, o)
	if err != nil {
		switch n := len(sum.Files); {
		case dryRun || n == 0:
		case n == len(files):
			g.note(d, "All %d files were imported; the error came after (transfers are matched again at the next report).", n)
		default:
			g.note(d, "%d of %d files were imported before the error; the failing file added nothing.", n, len(files))
		}
		return sum, err
	}
	if dryRun {
		g.note(d, "Dry run: nothing was added.")
		return sum, nil
	}
	if sum.Missing > 0 {
		g.note(d, "note: %d (date, pair) have no exchange rate yet; 'income rates import FILE' before 'income report'.", sum.Missing)
	}
	if st := sum.Transfers; st.Added > 0 || st.Removed > 0 {
		g.note(d, "Transfers: %d matched to their credits (%d new, %d dropped); see 'income transfers'.", st.Matched, st.Added, st.Removed)
	}
	return sum, nil
}

func writeImportResults(out io.Writer, format string, tty bool, results []importers.FileResult) error {
	switch format {
	case "json":
		return writeJSON(out, map[string]any{"files": results})
	default:
		t := report.NewTable(out, format, tty, "FILE", "SOURCE", "ROWS", "ADDED", "DUPLICATES", "SKIPPED", "WARNINGS")
		for _, r := range results {
			t.Row(r.File, r.Source, itoa(r.Rows), itoa(r.Added), itoa(r.Duplicates), itoa(r.Skipped), itoa(len(r.Warnings)))
		}
		return t.Flush()
	}
}

// noteSkipped says how many rows of a file were not imported and why
// ("5 rows skipped (not completed: 3, hold or reserve: 2)"), and with
// verbose lists them by line.
func noteSkipped(d *Deps, g *globalOptions, res importers.FileResult, verbose bool) {
	if res.Skipped == 0 {
		return
	}
	reasons := make([]string, 0, len(res.SkippedReasons))
	for r := range res.SkippedReasons {
		reasons = append(reasons, r)
	}
	// most first, then by name
	sort.Slice(reasons, func(i, j int) bool {
		a, b := res.SkippedReasons[reasons[i]], res.SkippedReasons[reasons[j]]
		return a > b || a == b && reasons[i] < reasons[j]
	})
	parts := make([]string, len(reasons))
	for i, r := range reasons {
		parts[i] = fmt.Sprintf("%s: %d", r, res.SkippedReasons[r])
	}
	rows := "rows"
	if res.Skipped == 1 {
		rows = "row"
	}
	hint := ""
	if !verbose {
		hint = "; --verbose lists them"
	}
	g.note(d, "%s: %d %s skipped (%s)%s", res.File, res.Skipped, rows, strings.Join(parts, ", "), hint)
	if verbose {
		for _, s := range res.SkippedLines {
			g.note(d, "%s:%d: skipped (%s)", res.File, s.Line, s.Reason)
		}
	}
}
