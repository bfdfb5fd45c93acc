package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/incomeledger/income/errs"
	"github.com/incomeledger/income/fx"
	"github.com/incomeledger/income/importers"
	"github.com/incomeledger/income/ledger"
)

// Picker chooses the importer of one input: detected from its content,
// forced by name, or a user's profile.
type Picker func(in *importers.Input) (importers.Importer, error)

// ImportOptions are what an import needs besides the files.
type ImportOptions struct {
	Pick   Picker
	DryRun bool
	Now    func() time.Time
	// Progress, when set, is called every importers.ProgressEvery rows of a
	// file, and with done=true after a file that called it.
	Progress func(path string, rows int, done bool)
	// Done, when set, is called with each file's result as it is committed.
	Done func(importers.FileResult)
	// Already, when set, is called for a file that added nothing because
	// the same file (same SHA-256) was imported before, as batch prev; its
	// result then carries no warnings (they were given the first time).
	Already func(res importers.FileResult, prev ledger.Batch)
}

// ImportSummary is what an import did.
type ImportSummary struct {
	Files []importers.FileResult // the files that went in (or were counted, dry run)
	// Missing counts the (date, pair) without an exchange rate yet.
	Missing int
	// Transfers is the matching that ran after the import; Matched is
	// false when nothing changed (or on a dry run).
	Transfers ledger.MatchStats
	Matched   bool
}

// ImportFiles imports each file in its own transaction, in order. On an
// error it returns what the files before it committed, with the error: a
// bad file adds nothing, the ones before it stay. After the files it
// matches transfers; an error there is returned with the full summary of
// what was committed.
func (l *Ledger) ImportFiles(ctx context.Context, files []string, o ImportOptions) (ImportSummary, error) {
	var sum ImportSummary
	conv, err := l.Converter(ctx)
	if err != nil {
		return sum, err
	}
	for _, path := range files {
		res, err := l.importOne(ctx, conv, path, o)
		if err != nil {
			return sum, err
		}
		sum.Files = append(sum.Files, res)
		if o.Done != nil {
			o.Done(res)
		}
	}
	if o.DryRun {
		return sum, nil
	}
	sum.Missing = len(conv.Missing())
	sum.Transfers, sum.Matched, err = l.Store.MatchTransfersIfChanged(ctx, ledger.DefaultTransferRules())
	return sum, err
}

func (l *Ledger) importOne(ctx context.Context, conv *ledger.Converter, path string, o ImportOptions) (importers.FileResult, error) {
	// the input is read once: detection, import and hash see one copy
	in, err := importers.OpenInput(path)
	if err != nil {
		return importers.FileResult{}, err // it names the input
	}
	defer in.Close()
	imp, err := o.Pick(in)
	if err != nil {
		// a file no importer reads (a zip of rates is not a workbook
		// either) may be a rates file
		if isRates(in.Reader(), in.Name) {
			return importers.FileResult{}, errs.Dataf(in.Name, 0, "this is an exchange-rates file: use income rates import %s", path)
		}
		return importers.FileResult{}, err
	}
	file := in.Name
	// the hash is read beside the import (the other core is not always
	// busy) and recorded at commit
	type hashed struct {
		sum string
		err error
	}
	hash := make(chan hashed, 1)
	go func() {
		sum, err := in.SHA256()
		hash <- hashed{sum, err}
	}()
	w, err := l.Store.Begin(ctx, ledger.BatchInfo{File: file, Source: imp.Name(), ImportedAt: o.Now()})
	if err != nil {
		<-hash
		return importers.FileResult{}, err
	}
	defer w.Rollback()
	job := importers.Job{Input: in, Prepare: conv.Convert}
	if o.Progress != nil {
		job.Progress = func(n int) { o.Progress(path, n, false) }
	}
	res, err := importers.Run(ctx, imp, job, w)
	if job.Progress != nil && res.Rows >= importers.ProgressEvery {
		o.Progress(path, res.Rows, true)
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
	if o.DryRun {
		br, err = w.DryRun(res.Rows, res.Skipped)
	} else {
		br, err = w.Commit(res.Rows, res.Skipped)
	}
	if err != nil {
		return res, err
	}
	res.Added, res.Duplicates = br.Added, br.Duplicates
	if !o.DryRun && br.Added > 0 {
		// the user's classification rules and manual kinds (income classify)
		if _, err := l.Store.ClassifyBatch(ctx, br.ID); err != nil {
			return res, err
		}
	}
	if !o.DryRun && br.Added == 0 {
		prev, ok, err := l.Store.PreviousImport(ctx, h.sum, br.ID)
		if err != nil {
			return res, err
		}
		if ok {
			res.Warnings = []string{}
			if o.Already != nil {
				o.Already(res, prev)
			}
		}
	}
	return res, nil
}

// errFirstRate stops isRates at the first rate read.
var errFirstRate = errors.New("a rate")

// isRates says whether r reads as a rates file (any layout fx reads): its
// first rate parses, with no error before it.
func isRates(r io.Reader, name string) bool {
	err := fx.ParseFile(r, name, func(fx.Rate) error { return errFirstRate })
	return errors.Is(err, errFirstRate)
}

// RatesLoaded is what loading one rates file did.
type RatesLoaded struct {
	File    string   // base name
	Stored  int      // rates stored (new or replaced)
	Unknown []string // currency codes not in ISO 4217's table, whose rates were skipped
	// Suspect are rates far from their neighbours or from other sources
	// (stored all the same: the user decides; see income rates delete).
	Suspect []ledger.SuspectRate
	// OffRule are rates the ledger's rate rule will not use (another source).
	OffRule []OffRule
}

// ImportRates loads a rates file (any layout fx reads) into the ledger.
func (l *Ledger) ImportRates(ctx context.Context, path string) (RatesLoaded, error) {
	res := RatesLoaded{File: filepath.Base(path)}
	f, err := os.Open(path)
	if err != nil {
		return res, err
	}
	var rates []ledger.Rate
	err = fx.ParseFile(f, res.File, func(r fx.Rate) error {
		rates = append(rates, r)
		return nil
	})
	f.Close()
	if err != nil {
		return res, err
	}
	rates, res.Unknown = knownRates(rates)
	if res.Suspect, err = l.Store.CheckRates(ctx, rates); err != nil {
		return res, err
	}
	res.OffRule = l.offRule(rates)
	res.Stored, err = l.Store.AddRates(ctx, rates)
	return res, err
}

// StoreRates stores fetched rates, skipping those in currencies the ledger
// does not know, and returns how many were stored.
func (l *Ledger) StoreRates(ctx context.Context, rates []fx.Rate) (int, error) {
	known, _ := knownRates(rates)
	return l.Store.AddRates(ctx, known)
}

// knownRates keeps the rates whose both currencies are in ISO 4217's table
// and returns the other codes, sorted.
func knownRates(rates []fx.Rate) (known []fx.Rate, unknown []string) {
	seen := map[string]bool{}
	for _, r := range rates {
		ok := true
		for _, code := range []string{r.Base, r.Quote} {
			if _, in := ledger.LookupCurrency(code); !in {
				ok = false
				if !seen[code] {
					seen[code] = true
					unknown = append(unknown, code)
				}
				break
			}
		}
		if ok {
			known = append(known, r)
		}
	}
	sort.Strings(unknown)
	return known, unknown
}
