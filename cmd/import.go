package cmd

import (
	"context"
	"fmt"
	"path/filepath"

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
	c.Flags().BoolVar(&o.DryRun, "dry-run", false, "parse and count, but add nothing")
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
	pick := func(path string) (importers.Importer, string, error) { return d.Importers.Identify(path, o.Source) }
	if o.Profile != "" {
		prof, err := importers.LoadProfile(o.Profile)
		if err != nil {
			return err
		}
		pick = func(path string) (importers.Importer, string, error) { return prof, filepath.Base(path), nil }
	}
	results, err := importFiles(ctx, d, g, o.Files, pick, o.DryRun)
	if err != nil {
		return err
	}
	out, closeOut, err := g.output(d)
	if err != nil {
		return err
	}
	if err := writeImportResults(out, format, d.IO.OutTTY, results); err != nil {
		closeOut()
		return err
	}
	return closeOut()
}

// importFiles imports each file in its own transaction and returns what
// each did. Warnings go to stderr (and stay in the results).
// pickImporter chooses the importer of one file (detected, forced, or a
// user's profile) and returns the file's base name.
type pickImporter func(path string) (importers.Importer, string, error)

func importFiles(ctx context.Context, d *Deps, g *globalOptions, files []string, pick pickImporter, dryRun bool) ([]importers.FileResult, error) {
	s, st, home, err := openLedger(ctx, d)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	conv, err := newConverter(ctx, d, s, st, home)
	if err != nil {
		return nil, err
	}
	var results []importers.FileResult
	for _, path := range files {
		res, err := importOne(ctx, d, g, s, conv, path, pick, dryRun)
		if err != nil {
			return results, err
		}
		for _, w := range res.Warnings {
			g.note(d, "warning: %s", w)
		}
		results = append(results, res)
	}
	if dryRun {
		g.note(d, "Dry run: nothing was added.")
		return results, nil
	}
	if miss := conv.Missing(); len(miss) > 0 {
		g.note(d, "note: %d (date, pair) have no exchange rate yet; 'income rates import FILE' before 'income report'.", len(miss))
	}
	return results, matchTransfers(ctx, d, g, s)
}

func importOne(ctx context.Context, d *Deps, g *globalOptions, s *ledger.Store, conv *ledger.Converter, path string, pick pickImporter, dryRun bool) (importers.FileResult, error) {
	imp, file, err := pick(path)
	if err != nil {
		return importers.FileResult{}, err
	}
	// the file's hash is read beside the import (the other core is not
	// always busy) and recorded at commit
	type hashed struct {
		sum string
		err error
	}
	hash := make(chan hashed, 1)
	go func() {
		sum, err := importers.FileSHA256(path)
		hash <- hashed{sum, err}
	}()
	w, err := s.Begin(ctx, ledger.BatchInfo{File: file, Source: imp.Name(), ImportedAt: d.Now()})
	if err != nil {
		<-hash
		return importers.FileResult{}, err
	}
	defer w.Rollback()
	job := importers.Job{Path: path, Prepare: conv.Convert}
	if d.IO.ErrTTY && !g.Quiet {
		job.Progress = func(n int) { fmt.Fprintf(d.IO.ErrOut, "\r%s: %d rows…", filepath.Base(path), n) }
	}
	res, err := importers.Run(ctx, imp, job, w)
	if job.Progress != nil && res.Rows >= importers.ProgressEvery {
		fmt.Fprintln(d.IO.ErrOut)
	}
	if err != nil {
		<-hash
		return res, err
	}
	h := <-hash
	if h.err != nil {
		return res, fmt.Errorf("%s: %w", file, h.err)
	}
	w.SHA256 = h.sum
	var br ledger.BatchResult
	if dryRun {
		br, err = w.DryRun(res.Rows, res.Skipped)
	} else {
		br, err = w.Commit(res.Rows, res.Skipped)
	}
	if err != nil {
		return res, err
	}
	res.Added, res.Duplicates = br.Added, br.Duplicates
	return res, nil
}

func writeImportResults(out interface{ Write([]byte) (int, error) }, format string, tty bool, results []importers.FileResult) error {
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
