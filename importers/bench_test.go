package importers_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/incomeledger/income/importers"
	"github.com/incomeledger/income/internal/synth"
	"github.com/incomeledger/income/ledger"
)

// benchRows is the size of each benchmark file; INCOME_BENCH_ROWS changes
// it (bench/run.sh uses 1,000,000 through the CLI).
func benchRows() int {
	if n, err := strconv.Atoi(os.Getenv("INCOME_BENCH_ROWS")); err == nil && n > 0 {
		return n
	}
	return 100_000
}

func benchImport(b *testing.B, write func(f *os.File, n int) error) {
	dir := b.TempDir()
	path := filepath.Join(dir, "in.csv")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	n := benchRows()
	if err := write(f, n); err != nil {
		b.Fatal(err)
	}
	f.Close()
	reg := importers.Default()
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		s, err := ledger.Open(ctx, filepath.Join(dir, "l"+strconv.Itoa(i)+".db"), true)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		imp, file, err := reg.Identify(path, "")
		if err != nil {
			b.Fatal(err)
		}
		w, err := s.Begin(ctx, ledger.BatchInfo{File: file, Source: imp.Name(), ImportedAt: time.Now()})
		if err != nil {
			b.Fatal(err)
		}
		res, err := importers.Run(ctx, imp, importers.Job{Path: path}, w)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := w.Commit(res.Rows, res.Skipped); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		s.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(n), "rows/op")
}

func BenchmarkImportUpwork(b *testing.B) {
	benchImport(b, func(f *os.File, n int) error { return synth.Upwork(f, n, 1) })
}

func BenchmarkImportGumroad(b *testing.B) {
	benchImport(b, func(f *os.File, n int) error { return synth.Gumroad(f, n, 1) })
}
