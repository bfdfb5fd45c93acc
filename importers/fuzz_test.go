package importers

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
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
		c := &collect{}
		sk := &sink{ctx: context.Background(), file: "fuzz.csv", res: &res, w: c}
		_ = imp.Import(context.Background(), "fuzz.csv", tbl, sk)
	})
}

func FuzzUpwork(f *testing.F) { fuzzImport(f, "upwork", "../testdata/importers/upwork/*.csv") }

func FuzzGumroadSales(f *testing.F) {
	fuzzImport(f, "gumroad", "../testdata/importers/gumroad/sales*.csv")
}

func FuzzGumroadPayout(f *testing.F) {
	fuzzImport(f, "gumroad-payout", "../testdata/importers/gumroad/payout*.csv")
}
