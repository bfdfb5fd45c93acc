package importers

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/incomeledger/income/ledger"
)

// fixtures lists the importer fixtures under testdata/importers/<dir>/
// (inputs only: not goldens, profiles or notes).
func fixtures(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("../testdata/importers/*/*")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range files {
		switch filepath.Ext(f) {
		case ".golden", ".yaml", ".md":
			continue
		}
		out = append(out, f)
	}
	sort.Strings(out)
	if len(out) == 0 {
		t.Fatal("no fixtures")
	}
	return out
}

// registryFor is Default() plus the profile YAML kept beside path, if any
// (a user profile's fixture is read with its profile).
func registryFor(t testing.TB, path string) *Registry {
	t.Helper()
	reg := Default()
	profiles, _ := filepath.Glob(filepath.Join(filepath.Dir(path), "*.yaml"))
	for _, p := range profiles {
		imp, err := LoadProfile(p)
		if err != nil {
			t.Fatal(err)
		}
		reg.Register(imp)
	}
	return reg
}

// The conformance suite over every built-in importer (issue 13): each has
// fixtures, detects no other importer's fixture, accepts only entries that
// pass Validate, and a second import of each fixture adds nothing.
func TestConformance(t *testing.T) {
	files := fixtures(t)
	owner := map[string]string{} // fixture → the importer that detects it
	for _, path := range files {
		imp, _, err := registryFor(t, path).Identify(path, "")
		if err != nil {
			t.Errorf("%s: %v", path, err)
			continue
		}
		owner[path] = imp.Name()
	}

	t.Run("every importer has fixtures", func(t *testing.T) {
		has := map[string]bool{}
		for _, name := range owner {
			has[name] = true
		}
		for _, imp := range Default().All() {
			if !has[imp.Name()] {
				t.Errorf("importer %s has no fixture under testdata/importers (add one and its golden)", imp.Name())
			}
		}
	})

	t.Run("no importer detects another's fixture", func(t *testing.T) {
		for _, path := range files {
			tbl, err := OpenTable(path)
			if err != nil {
				t.Fatal(err)
			}
			s, _ := ReadSample(tbl, sampleRows)
			tbl.Close()
			for _, imp := range Default().All() {
				if imp.Name() != owner[path] && imp.Detect(s).OK {
					t.Errorf("%s detects %s, which is %s's", imp.Name(), path, owner[path])
				}
			}
		}
	})

	t.Run("accepted entries validate and a reimport adds nothing", func(t *testing.T) {
		ctx := context.Background()
		dir := t.TempDir()
		for i, path := range files {
			name := owner[path]
			if name == "" {
				continue
			}
			reg := registryFor(t, path)
			imp, err := reg.Get(name)
			if err != nil {
				t.Fatal(err)
			}
			st, err := ledger.Open(ctx, filepath.Join(dir, strings.ReplaceAll(filepath.Base(path), ".", "_")+string(rune('a'+i%26))+".db"), true)
			if err != nil {
				t.Fatal(err)
			}
			var added [2]int
			for pass := 0; pass < 2; pass++ {
				w, err := st.Begin(ctx, ledger.BatchInfo{File: filepath.Base(path), Source: name, ImportedAt: time.Unix(int64(pass), 0)})
				if err != nil {
					t.Fatal(err)
				}
				c := &fuzzWriter{}
				res, err := Run(ctx, imp, Job{Path: path}, teeWriter{c, w})
				if err != nil {
					t.Errorf("%s: import %d: %v", path, pass+1, err)
					w.Rollback()
					break
				}
				if len(c.refused) > 0 {
					t.Errorf("%s: %v", path, c.refused[0])
				}
				br, err := w.Commit(res.Rows, res.Skipped)
				if err != nil {
					t.Fatalf("%s: commit: %v", path, err)
				}
				added[pass] = br.Added
			}
			if added[1] != 0 {
				t.Errorf("%s: the second import added %d entries (the first %d); want 0", path, added[1], added[0])
			}
			st.Close()
		}
	})
}

// teeWriter validates each entry with v before the ledger's writer gets it.
type teeWriter struct {
	v *fuzzWriter
	w Writer
}

func (t teeWriter) Add(e ledger.Entry) error {
	if err := t.v.Add(e); err != nil {
		return err
	}
	return t.w.Add(e)
}

// -update rewrites goldens from the inputs; it never writes an input, and
// an import error is never recorded as a golden (TestGolden fails instead).
func TestGoldenInputsAreNotGoldens(t *testing.T) {
	for _, path := range fixtures(t) {
		if _, err := os.Stat(path + ".golden"); err != nil {
			t.Errorf("%s has no golden (go test ./importers -run TestGolden -update)", path)
			continue
		}
		b, err := os.ReadFile(path + ".golden")
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(string(b), "error:") {
			t.Errorf("%s.golden records an import error", path)
		}
	}
}

// The Sold Orders CSV and the statement key an order's sale and processing
// fee alike: importing both counts each order once (issue 13).
func TestEtsySoldOrdersDedupAgainstStatement(t *testing.T) {
	ctx := context.Background()
	st, err := ledger.Open(ctx, filepath.Join(t.TempDir(), "l.db"), true)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var added []int
	for _, path := range []string{"../testdata/importers/etsy/statement_2025_09.csv", "../testdata/importers/etsy/EtsySoldOrders2025-9.csv"} {
		imp, _, err := Default().Identify(path, "")
		if err != nil {
			t.Fatal(err)
		}
		w, err := st.Begin(ctx, ledger.BatchInfo{File: filepath.Base(path), Source: imp.Name(), ImportedAt: time.Unix(1, 0)})
		if err != nil {
			t.Fatal(err)
		}
		res, err := Run(ctx, imp, Job{Path: path}, w)
		if err != nil {
			t.Fatal(err)
		}
		br, err := w.Commit(res.Rows, res.Skipped)
		if err != nil {
			t.Fatal(err)
		}
		added = append(added, br.Added)
	}
	// order 3001001 is in both files: only order 3001003 (sale, fee,
	// refund) is new in the Sold Orders CSV
	if added[1] != 3 {
		t.Errorf("Sold Orders after the statement added %d entries; want 3", added[1])
	}
}
