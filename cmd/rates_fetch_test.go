package cmd

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/incomeledger/income/config"
	"github.com/incomeledger/income/errs"
	"github.com/incomeledger/income/importers"
)

// testDeps runs commands against buffers and a ledger in a temp dir.
func testDeps(t *testing.T) (*Deps, *bytes.Buffer, *bytes.Buffer) {
	t.Helper()
	dir := t.TempDir()
	t.Setenv("INCOME_DB", filepath.Join(dir, "ledger.db"))
	t.Setenv("INCOME_CONFIG", "")
	t.Setenv("XDG_CONFIG_HOME", dir)
	var out, errOut bytes.Buffer
	return &Deps{
		IO:        &IOStreams{In: strings.NewReader(""), Out: &out, ErrOut: &errOut},
		Now:       func() time.Time { return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC) },
		Importers: importers.Default(),
		// the root command replaces it with the flags' config
		Config: func() (*config.Config, error) { return &config.Config{DB: filepath.Join(dir, "ledger.db")}, nil },
	}, &out, &errOut
}

func TestRatesFetchFromRecordedECB(t *testing.T) {
	// recorded responses, served by file name as the ECB does
	var paths []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		paths = append(paths, r.URL.Path)
		body, err := os.ReadFile(filepath.Join("../testdata/fx/ecb", filepath.Base(r.URL.Path)))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		w.Write(body)
	}))
	defer srv.Close()
	t.Setenv("INCOME_FX_BASE_URL", srv.URL)

	d, out, errOut := testDeps(t)
	ctx := context.Background()
	if code := Run(ctx, d, []string{"init", "--home-currency", "EUR", "--country", "DE"}); code != 0 {
		t.Fatalf("init: %d %s", code, errOut)
	}
	errOut.Reset()
	if code := Run(ctx, d, []string{"rates", "fetch", "--source", "ecb", "--from", "2025-01-01", "--to", "2026-12-31", "--quote", "USD"}); code != 0 {
		t.Fatalf("fetch: exit %d: %s", code, errOut)
	}
	if len(paths) == 0 {
		t.Fatal("the fetcher made no request to the test server")
	}
	if !strings.Contains(errOut.String(), "ecb: 7 rates stored for 2025-01-01 to 2026-12-31.") {
		t.Errorf("stderr = %q", errOut)
	}
	out.Reset()
	if code := Run(ctx, d, []string{"rates", "list", "--format", "csv"}); code != 0 {
		t.Fatalf("list: %d", code)
	}
	if !strings.Contains(out.String(), ",EUR,USD,") || !strings.Contains(out.String(), ",ecb\n") {
		t.Errorf("rates list = %q", out)
	}

	// a bad date is a usage error
	if code := Run(ctx, d, []string{"rates", "fetch", "--source", "ecb", "--from", "2025-13-01", "--to", "2025-12-31"}); code != errs.ExitUsage {
		t.Errorf("bad --from: exit %d, want 2", code)
	}
	// the blended Frankfurter default is refused
	if code := Run(ctx, d, []string{"rates", "fetch", "--source", "frankfurter", "--from", "2025-01-01", "--to", "2025-01-31"}); code != errs.ExitUsage {
		t.Errorf("frankfurter without provider: exit %d, want 2", code)
	}
}
