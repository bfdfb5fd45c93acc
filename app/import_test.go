package app

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/incomeledger/income/config"
	"github.com/incomeledger/income/importers"
	"github.com/incomeledger/income/ledger"
)

func openTest(t *testing.T) *Ledger {
	t.Helper()
	ctx := context.Background()
	s, err := ledger.Open(ctx, filepath.Join(t.TempDir(), "ledger.db"), true)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetSettings(ctx, ledger.Settings{HomeCurrency: "VND", Country: "VN"}); err != nil {
		t.Fatal(err)
	}
	l, err := Open(ctx, s, &config.Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return l
}

func detect(reg *importers.Registry) Picker {
	return func(in *importers.Input) (importers.Importer, error) { return reg.IdentifyInput(in, "") }
}

var samples = []string{"../testdata/sample/upwork-2025.csv", "../testdata/sample/gumroad-sales-2025.csv"}

func TestImportFiles(t *testing.T) {
	l := openTest(t)
	ctx := context.Background()
	var done []string
	o := ImportOptions{Pick: detect(importers.Default()), Now: time.Now,
		Done: func(r importers.FileResult) { done = append(done, r.File) }}
	sum, err := l.ImportFiles(ctx, samples, o)
	if err != nil {
		t.Fatal(err)
	}
	if len(sum.Files) != 2 || sum.Files[0].Added != 15 || sum.Files[1].Added != 12 {
		t.Fatalf("files = %+v", sum.Files)
	}
	if len(done) != 2 || done[0] != "upwork-2025.csv" || done[1] != "gumroad-sales-2025.csv" {
		t.Errorf("Done saw %v", done)
	}
	// no rates in the ledger: every (date, pair) is missing
	if sum.Missing == 0 {
		t.Error("Missing = 0, want the dates without a USD/VND rate")
	}
	again, err := l.ImportFiles(ctx, samples, o)
	if err != nil {
		t.Fatal(err)
	}
	if again.Files[0].Added != 0 || again.Files[0].Duplicates != 15 || again.Matched {
		t.Errorf("re-import = %+v (matched %v), want nothing added and no matching", again.Files[0], again.Matched)
	}
}

// An error after the files were committed (here the run is canceled as
// the last file commits, so matching transfers fails) still returns every
// file's result with it: the caller can say what went in.
func TestImportFilesErrorAfterCommit(t *testing.T) {
	l := openTest(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	n := 0
	o := ImportOptions{Pick: detect(importers.Default()), Now: time.Now,
		Done: func(importers.FileResult) {
			if n++; n == len(samples) {
				cancel()
			}
		}}
	sum, err := l.ImportFiles(ctx, samples, o)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want canceled", err)
	}
	if len(sum.Files) != 2 || sum.Files[0].Added != 15 || sum.Files[1].Added != 12 {
		t.Fatalf("files = %+v, want both committed files", sum.Files)
	}
	var count int
	if err := l.Store.Entries(context.Background(), ledger.Filter{}, func(ledger.Entry) error { count++; return nil }); err != nil {
		t.Fatal(err)
	}
	if count != 27 {
		t.Errorf("ledger holds %d entries, want the 27 committed", count)
	}
}

// A bad file stops the import; the files before it stay and are returned.
func TestImportFilesBadFile(t *testing.T) {
	l := openTest(t)
	bad := filepath.Join(t.TempDir(), "bad.csv")
	writeFile(t, bad, "Date,Amount,Memo\n2025-01-01,10,hello\n")
	sum, err := l.ImportFiles(context.Background(), []string{samples[0], bad, samples[1]},
		ImportOptions{Pick: detect(importers.Default()), Now: time.Now})
	if err == nil {
		t.Fatal("no error for an unrecognised file")
	}
	if len(sum.Files) != 1 || sum.Files[0].File != "upwork-2025.csv" || sum.Files[0].Added != 15 {
		t.Fatalf("files = %+v, want the upwork file alone", sum.Files)
	}
}
