package importers

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/incomeledger/income/errs"
	"github.com/incomeledger/income/ledger"
)

// fuzzImport feeds arbitrary bytes to one importer: it may reject them,
// but must never panic, and whatever it accepts must be valid entries.
func fuzzImport(f *testing.F, name string, seeds ...string) {
	for _, s := range seeds {
		matches, _ := filepath.Glob(s)
		for _, m := range matches {
			if b, err := os.ReadFile(m); err == nil {
				f.Add(b)
			}
		}
	}
	f.Add([]byte("Date,Transaction ID\n"))
	imp, err := Default().Get(name)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		tbl, err := NewDelimited(bytes.NewReader(data), data)
		if err != nil {
			return
		}
		s, _ := ReadSample(tbl, sampleRows)
		_ = imp.Detect(s)
		tbl, _ = NewDelimited(bytes.NewReader(data), data)
		res := FileResult{}
		c := &fuzzWriter{}
		sk := &sink{ctx: context.Background(), file: "fuzz.csv", res: &res, w: c}
		err = imp.Import(context.Background(), "fuzz.csv", tbl, sk)
		checkFuzzImport(t, err, c)
	})
}

// fuzzWriter validates entries as the ledger's writer does, and remembers
// every one it refused, so that an importer that swallows the refusal is
// caught.
type fuzzWriter struct {
	n       int
	refused []error
}

func (w *fuzzWriter) Add(e ledger.Entry) error {
	if err := e.Validate(); err != nil {
		err = errs.Data(e.File, e.Line, err) // as the ledger's writer does
		w.refused = append(w.refused, err)
		return err
	}
	w.n++
	return nil
}

// checkFuzzImport fails when an import that succeeded produced an entry
// that does not pass ledger.Entry.Validate, or when an import refused its
// input with anything but an invalid-data error (exit 3).
func checkFuzzImport(t *testing.T, err error, w *fuzzWriter) {
	t.Helper()
	if err == nil && len(w.refused) > 0 {
		t.Fatalf("import succeeded with an invalid entry: %v", w.refused[0])
	}
	if err != nil && errs.ExitCode(err) != errs.ExitInvalid {
		t.Fatalf("import refused its input with a non-data error (exit %d): %v", errs.ExitCode(err), err)
	}
}

func FuzzUpwork(f *testing.F) { fuzzImport(f, "upwork", "../testdata/importers/upwork/*.csv") }

func FuzzGumroadSales(f *testing.F) {
	fuzzImport(f, "gumroad", "../testdata/importers/gumroad/sales*.csv")
}

func FuzzGumroadPayout(f *testing.F) {
	fuzzImport(f, "gumroad-payout", "../testdata/importers/gumroad/payout*.csv")
}
