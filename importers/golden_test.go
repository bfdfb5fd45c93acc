package importers

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/incomeledger/income/ledger"
)

var update = flag.Bool("update", false, "rewrite golden files")

// collect is an in-memory Writer for tests.
type collect struct{ entries []ledger.Entry }

func (c *collect) Add(e ledger.Entry) error {
	if err := e.Validate(); err != nil {
		return fmt.Errorf("%s:%d: %w", e.File, e.Line, err)
	}
	c.entries = append(c.entries, e)
	return nil
}

// importFile detects and imports one file the way the CLI does.
func importFile(t testing.TB, reg *Registry, path string) (FileResult, []ledger.Entry, error) {
	t.Helper()
	imp, _, err := reg.Identify(path, "")
	if err != nil {
		return FileResult{}, nil, err
	}
	c := &collect{}
	res, err := Run(context.Background(), imp, Job{Path: path}, c)
	return res, c.entries, err
}

// render is the golden text of an import: counts, warnings, then one line
// per entry.
func render(res FileResult, entries []ledger.Entry) string {
	var b strings.Builder
	fmt.Fprintf(&b, "source=%s rows=%d skipped=%d entries=%d\n", res.Source, res.Rows, res.Skipped, len(entries))
	for _, w := range res.Warnings {
		fmt.Fprintf(&b, "warning: %s\n", w)
	}
	keys := map[string]bool{}
	for _, e := range entries {
		dup := ""
		if keys[e.Key] {
			dup = " DUPLICATE-KEY"
		}
		keys[e.Key] = true
		fmt.Fprintf(&b, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%q\t%q\t%q%s\n", e.Line, e.Date.Format(ledger.DateLayout), e.Account, e.Kind,
			e.Amount.String(), e.Currency, e.Key, e.Description, e.Counterparty, e.Ref, dup)
	}
	return b.String()
}

// TestGolden imports every fixture under testdata/importers/<source>/ and
// compares with <file>.golden beside it (go test ./importers -update).
func TestGolden(t *testing.T) {
	for _, path := range fixtures(t) {
		t.Run(filepath.Base(filepath.Dir(path))+"/"+filepath.Base(path), func(t *testing.T) {
			res, entries, err := importFile(t, registryFor(t, path), path)
			if err != nil {
				// a fixture is an input that imports; an import error is
				// never a golden (-update leaves the golden as it was)
				t.Fatalf("import of %s failed: %v", path, err)
			}
			got := render(res, entries)
			golden := path + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./importers -update)", err)
			}
			if got != string(want) {
				t.Errorf("import of %s differs from %s:\n--- got\n%s--- want\n%s", path, golden, got, want)
			}
		})
	}
}
