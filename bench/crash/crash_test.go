// Package crash is the crash and concurrency harness of README
// "Reliability": it runs the real CLI (this test binary re-executes itself
// as `income`), kills imports and workbook writes with SIGKILL at random
// points, runs imports side by side, and checks after each step that the
// ledger passes SQLite's integrity_check and holds exactly the entries of a
// clean reference ledger: every file in whole or not at all.
//
// `go test ./bench/crash` runs a small bounded version (4 rounds, 400 rows);
// bench/crash.sh runs it long: CRASH_ROUNDS, CRASH_ROWS, CRASH_SEED.
package crash

import (
	"archive/zip"
	"bytes"
	"context"
	"database/sql"
	"encoding/csv"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/incomeledger/income/cmd"
	"github.com/incomeledger/income/internal/synth"
	_ "modernc.org/sqlite"
)

const asIncome = "INCOME_CRASH_AS_INCOME"

// Every test binary accepts -update (go test ./... -update); the harness
// has no golden files.
var _ = flag.Bool("update", false, "rewrite golden files (none in this package)")

func TestMain(m *testing.M) {
	if os.Getenv(asIncome) == "1" {
		os.Exit(cmd.Main())
	}
	os.Exit(m.Run())
}

func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}

// harness runs income on one ledger in a temp dir.
type harness struct {
	t   *testing.T
	dir string
	db  string
}

func newHarness(t *testing.T, name string) *harness {
	h := &harness{t: t, dir: t.TempDir()}
	h.db = filepath.Join(h.dir, name+".db")
	return h
}

func (h *harness) command(args ...string) *exec.Cmd {
	self, err := os.Executable()
	if err != nil {
		h.t.Fatal(err)
	}
	c := exec.Command(self, args...)
	c.Env = append(os.Environ(), asIncome+"=1", "INCOME_DB="+h.db, "INCOME_CONFIG=/dev/null", "INCOME_FORMAT=")
	c.Dir = h.dir
	return c
}

// run runs income to the end and fails the test unless it exits 0.
func (h *harness) run(args ...string) string {
	h.t.Helper()
	var out, errOut bytes.Buffer
	c := h.command(args...)
	c.Stdout, c.Stderr = &out, &errOut
	if err := c.Run(); err != nil {
		h.t.Fatalf("income %s: %v\n%s", strings.Join(args, " "), err, errOut.String())
	}
	return out.String()
}

// killAfter starts income and kills it with SIGKILL after d (or lets it
// finish first). It says whether the process was killed.
func (h *harness) killAfter(d time.Duration, args ...string) bool {
	h.t.Helper()
	c := h.command(args...)
	if err := c.Start(); err != nil {
		h.t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- c.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			h.t.Fatalf("income %s ended on its own with %v", strings.Join(args, " "), err)
		}
		return false
	case <-time.After(d):
		_ = c.Process.Signal(syscall.SIGKILL)
		<-done
		return true
	}
}

// entries are the ledger's entries as CSV rows without the header, sorted.
func (h *harness) entries() [][]string {
	h.t.Helper()
	rows, err := csv.NewReader(strings.NewReader(h.run("entries", "--format", "csv"))).ReadAll()
	if err != nil {
		h.t.Fatal(err)
	}
	rows = rows[1:]
	slices.SortFunc(rows, func(a, b []string) int { return strings.Compare(strings.Join(a, ","), strings.Join(b, ",")) })
	return rows
}

// integrity runs SQLite's full integrity check on the ledger file.
func (h *harness) integrity() {
	h.t.Helper()
	db, err := sql.Open("sqlite", "file:"+h.db+"?mode=ro")
	if err != nil {
		h.t.Fatal(err)
	}
	defer db.Close()
	var res string
	if err := db.QueryRowContext(context.Background(), "PRAGMA integrity_check").Scan(&res); err != nil {
		h.t.Fatal(err)
	}
	if res != "ok" {
		h.t.Fatalf("integrity_check: %s", res)
	}
}

// byFile counts entries per file (the CSV's file column).
func byFile(rows [][]string, fileCol int) map[string]int {
	m := map[string]int{}
	for _, r := range rows {
		m[r[fileCol]]++
	}
	return m
}

// inputs writes n synthetic Upwork exports of rows rows each (distinct
// seeds) and a rates file, and returns their paths.
func inputs(t *testing.T, dir string, n, rows int) (files []string, rates string) {
	t.Helper()
	for i := range n {
		var b bytes.Buffer
		if err := synth.Upwork(&b, rows, uint64(100+i)); err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, fmt.Sprintf("upwork-%d.csv", i+1))
		if err := os.WriteFile(p, distinctIDs(t, b.Bytes(), i), 0o600); err != nil {
			t.Fatal(err)
		}
		files = append(files, p)
	}
	var b bytes.Buffer
	if err := synth.Rates(&b); err != nil {
		t.Fatal(err)
	}
	rates = filepath.Join(dir, "rates.csv")
	if err := os.WriteFile(rates, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return files, rates
}

// distinctIDs gives the transactions of file i their own ids (synth numbers
// them from 1 whatever the seed), so that the files do not overlap.
func distinctIDs(t *testing.T, data []byte, i int) []byte {
	t.Helper()
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff"))))
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, rec := range recs[1:] {
		for _, col := range []int{1, 13} { // Transaction ID, Ref ID
			if rec[col] != "" {
				rec[col] = fmt.Sprintf("%d%s", i+1, rec[col])
			}
		}
	}
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	if err := w.WriteAll(recs); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// reference imports every file into a clean ledger, one run each, and
// returns its entries and how long the slowest import took.
func reference(t *testing.T, files []string) ([][]string, time.Duration) {
	ref := newHarness(t, "reference")
	ref.run("init", "--home-currency", "VND", "--country", "VN")
	var slowest time.Duration
	for _, f := range files {
		start := time.Now()
		ref.run("import", "-q", f)
		slowest = max(slowest, time.Since(start))
	}
	return ref.entries(), slowest
}

const fileColumn = 9 // id,date,source,account,kind,amount,currency,description,counterparty,file

func checkFileCol(t *testing.T, rows [][]string) {
	t.Helper()
	if len(rows) == 0 || !strings.HasPrefix(rows[0][fileColumn], "upwork-") {
		t.Fatalf("entries CSV: column %d is not the file: %v", fileColumn, rows[:min(1, len(rows))])
	}
}

// TestKillDuringImport kills imports at random points: after each kill the
// ledger is intact and each file is in whole or not at all; importing
// everything again then gives exactly the reference ledger.
func TestKillDuringImport(t *testing.T) {
	rounds := envInt("CRASH_ROUNDS", 4)
	rows := envInt("CRASH_ROWS", 400)
	rng := rand.New(rand.NewPCG(uint64(envInt("CRASH_SEED", 1)), 2))
	h := newHarness(t, "ledger")
	files, _ := inputs(t, h.dir, 4, rows)
	want, slowest := reference(t, files)
	checkFileCol(t, want)
	wantByFile := byFile(want, fileColumn)

	h.run("init", "--home-currency", "VND", "--country", "VN")
	killed := 0
	for round := range rounds {
		f := files[rng.IntN(len(files))]
		delay := time.Duration(rng.Int64N(int64(slowest + slowest/4)))
		if h.killAfter(delay, "import", "-q", f) {
			killed++
		}
		h.integrity()
		for file, n := range byFile(h.entries(), fileColumn) {
			if n != wantByFile[file] {
				t.Fatalf("round %d (killed after %v): %s has %d entries, want %d or none", round, delay, file, n, wantByFile[file])
			}
		}
	}
	for _, f := range files {
		h.run("import", "-q", f)
	}
	h.integrity()
	if got := h.entries(); !slices.EqualFunc(got, want, slices.Equal) {
		t.Fatalf("after %d kills and a full import: %d entries, want the reference's %d", killed, len(got), len(want))
	}
	t.Logf("%d rounds, %d killed mid-run, %d rows per file: ledger intact, %d entries as the reference", rounds, killed, rows, len(want))
}

// TestConcurrentImports runs four imports of four files at once into one
// new ledger (each waits for the others' writes), then all four again: the
// ledger holds exactly the reference's entries, and the second round adds
// nothing.
func TestConcurrentImports(t *testing.T) {
	rows := envInt("CRASH_ROWS", 400)
	h := newHarness(t, "ledger")
	files, _ := inputs(t, h.dir, 4, rows)
	want, _ := reference(t, files)
	h.run("init", "--home-currency", "VND", "--country", "VN")
	for pass := range 2 {
		var wg sync.WaitGroup
		outs := make([]string, len(files))
		for i, f := range files {
			wg.Add(1)
			go func() {
				defer wg.Done()
				outs[i] = h.run("import", "-q", "--format", "csv", f)
			}()
		}
		wg.Wait()
		h.integrity()
		for i, out := range outs {
			// FILE,SOURCE,ROWS,ADDED,DUPLICATES,SKIPPED,WARNINGS
			rec, err := csv.NewReader(strings.NewReader(out)).ReadAll()
			if err != nil || len(rec) != 2 {
				t.Fatalf("pass %d, %s: %q", pass, files[i], out)
			}
			added, _ := strconv.Atoi(rec[1][3])
			if pass == 1 && added != 0 {
				t.Errorf("second pass, %s: %d added, want 0", files[i], added)
			}
		}
		if got := h.entries(); !slices.EqualFunc(got, want, slices.Equal) {
			t.Fatalf("pass %d: %d entries, want the reference's %d", pass, len(got), len(want))
		}
	}
	t.Logf("4 concurrent imports of %d rows each, twice: exactly the reference's %d entries", rows, len(want))
}

// TestKillDuringWorkbook kills `report -o r.xlsx` at random points: r.xlsx
// is always the old file or a whole new workbook, never a cut one.
func TestKillDuringWorkbook(t *testing.T) {
	rounds := envInt("CRASH_ROUNDS", 4)
	rows := envInt("CRASH_ROWS", 400)
	rng := rand.New(rand.NewPCG(uint64(envInt("CRASH_SEED", 1)), 3))
	h := newHarness(t, "ledger")
	files, rates := inputs(t, h.dir, 1, rows)
	h.run("init", "--home-currency", "VND", "--country", "VN")
	h.run("rates", "import", "-q", rates)
	h.run("import", "-q", files[0])
	out := filepath.Join(h.dir, "r.xlsx")
	start := time.Now()
	h.run("report", "-q", "--year", "2025", "-o", out)
	full := time.Since(start)
	whole, err := zip.OpenReader(out)
	if err != nil {
		t.Fatal(err)
	}
	whole.Close()
	old := []byte("the old file")
	killed := 0
	for round := range rounds {
		if err := os.WriteFile(out, old, 0o600); err != nil {
			t.Fatal(err)
		}
		delay := time.Duration(rng.Int64N(int64(full + full/4)))
		if h.killAfter(delay, "report", "-q", "--year", "2025", "-o", out) {
			killed++
		}
		got, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Equal(got, old) {
			continue
		}
		// a cut zip has no central directory; a whole one has every part
		// the uninterrupted run wrote
		z, err := zip.NewReader(bytes.NewReader(got), int64(len(got)))
		if err != nil {
			t.Fatalf("round %d (killed after %v): r.xlsx is neither the old file nor a whole workbook: %v", round, delay, err)
		}
		if len(z.File) != len(whole.File) {
			t.Fatalf("round %d: r.xlsx has %d parts, want %d", round, len(z.File), len(whole.File))
		}
	}
	t.Logf("%d rounds, %d killed mid-write: r.xlsx always old or whole", rounds, killed)
}
