package cmd

import (
	"context"
	"errors"
	"github.com/incomeledger/income/app"
	"io"
	"strconv"
	"time"

	"github.com/incomeledger/income/errs"
	"github.com/incomeledger/income/ledger"
	"github.com/incomeledger/income/report"
	"github.com/spf13/cobra"
)

func newBatchesCmd(d *Deps, g *globalOptions) *cobra.Command {
	c := &cobra.Command{
		Use:   "batches",
		Short: "List the imports in the ledger, and undo one",
		Long: `List every import the ledger holds: its batch id, the file's name and SHA-256,
when it was imported, and its rows, entries added, duplicates and rows
skipped. 'income batches undo ID' takes an import out again.
` + exitCodesHelp,
		Example: `  income batches
  income batches --format json
  income batches undo 3`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error { return runBatches(c.Context(), d, g) },
	}
	c.AddCommand(newBatchesUndoCmd(d, g))
	return c
}

type batchJSON struct {
	ID         int64  `json:"id"`
	File       string `json:"file"`
	Source     string `json:"source"`
	SHA256     string `json:"sha256"`
	ImportedAt string `json:"imported_at"`
	Rows       int    `json:"rows"`
	Added      int    `json:"added"`
	Duplicates int    `json:"duplicates"`
	Skipped    int    `json:"skipped"`
}

func newBatchJSON(b ledger.Batch) batchJSON {
	return batchJSON{b.ID, b.File, b.Source, b.SHA256, b.ImportedAt.UTC().Format(time.RFC3339), b.Rows, b.Added, b.Duplicates, b.Skipped}
}

func runBatches(ctx context.Context, d *Deps, g *globalOptions) error {
	format, err := d.format("table", "json", "csv")
	if err != nil {
		return err
	}
	bs, err := withLedger(ctx, d, func(l *app.Ledger) ([]ledger.Batch, error) { return l.Store.Batches(ctx) })
	if err != nil {
		return err
	}
	return g.writeOutput(d, func(out io.Writer) error {
		if format == "json" {
			list := make([]batchJSON, 0, len(bs))
			for _, b := range bs {
				list = append(list, newBatchJSON(b))
			}
			return writeJSON(out, map[string]any{"batches": list})
		}
		t := report.NewTable(out, format, d.IO.OutTTY, "id", "file", "source", "sha256", "imported_at", "rows", "added", "duplicates", "skipped")
		for _, b := range bs {
			j := newBatchJSON(b)
			sha := j.SHA256
			if format != "csv" && len(sha) > 12 {
				sha = sha[:12]
			}
			t.Row(strconv.FormatInt(j.ID, 10), j.File, j.Source, sha, j.ImportedAt, itoa(j.Rows), itoa(j.Added), itoa(j.Duplicates), itoa(j.Skipped))
		}
		return t.Flush()
	})
}

func newBatchesUndoCmd(d *Deps, g *globalOptions) *cobra.Command {
	return &cobra.Command{
		Use:   "undo ID",
		Short: "Take one import out of the ledger again",
		Long: `Remove import batch ID (see 'income batches'): its entries, their sums, the
automatic transfer links that touch them (their partners get their kinds
back), the realised rates of those links and the conversions made with them.
Importing the same file again restores the ledger exactly as it was.

Your own decisions stay, keyed by entry id: manual transfer links and kinds
given with 'income classify --id' apply again when the file comes back.
Rows this file shared with another import belong to the import that added
them first, and stay.
` + exitCodesHelp,
		Example: `  income batches undo 3
  income import statement.xlsx   # the same file: everything as before`,
		Args: cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error { return runBatchesUndo(c.Context(), d, g, args[0]) },
	}
}

func runBatchesUndo(ctx context.Context, d *Deps, g *globalOptions, arg string) error {
	format, err := d.format("table", "json", "csv")
	if err != nil {
		return err
	}
	id, err := strconv.ParseInt(arg, 10, 64)
	if err != nil || id <= 0 {
		return errs.Usagef("batch id %q: want a number from 'income batches'", arg)
	}
	l, err := openLedger(ctx, d)
	if err != nil {
		return err
	}
	defer l.Close()
	res, err := l.Store.UndoBatch(ctx, id, ledger.DefaultTransferRules())
	if errors.Is(err, ledger.ErrNoBatch) {
		return errs.Usagef("%v: see 'income batches'", err)
	}
	if err != nil {
		return err
	}
	b := res.Batch
	g.note(d, "Undid batch %d (%s, imported %s): %d entries removed, %d transfer links dropped, %d manual links kept for when it comes back.",
		b.ID, b.File, b.ImportedAt.UTC().Format(time.RFC3339), res.Removed, res.Links, res.Kept)
	if format != "json" {
		return nil
	}
	return g.writeOutput(d, func(out io.Writer) error {
		return writeJSON(out, map[string]any{"batch": newBatchJSON(b), "removed": res.Removed,
			"links_dropped": res.Links, "manual_links_kept": res.Kept})
	})
}
