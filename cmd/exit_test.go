package cmd

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/incomeledger/income/errs"
)

// TestExitCodes runs command lines end to end and checks the exit code and
// the first lines of stderr: usage mistakes exit 2 with the usage of the
// subcommand that was run, bad data 3, an interrupted run 130.
func TestExitCodes(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad.csv")
	if err := os.WriteFile(bad, []byte("Date,Amount,Memo\n2025-01-01,10,hello\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr []string // each a line stderr must hold
	}{
		{"unknown command", []string{"nope"}, errs.ExitUsage, []string{`income: unknown command "nope" for "income"`}},
		{"unknown subcommand", []string{"rates", "nope"}, errs.ExitUsage,
			[]string{`income: unknown command "nope" for "income rates"`, "Run 'income rates --help' for more."}},
		{"unknown flag", []string{"entries", "--bogus"}, errs.ExitUsage,
			[]string{"income: unknown flag: --bogus", "Usage: income entries [--year Y]", "Run 'income entries --help' for more."}},
		{"missing --year", []string{"tax"}, errs.ExitUsage,
			[]string{`income: required flag(s) "year" not set`, "Usage: income tax --year Y [--regime ID] [--rules FILE] [flags]", "Run 'income tax --help' for more."}},
		{"missing report --year", []string{"report"}, errs.ExitUsage, []string{`income: required flag(s) "year" not set`, "Run 'income report --help' for more."}},
		{"exclusive flags", []string{"import", "--source", "upwork", "--profile", "p.yaml", bad}, errs.ExitUsage,
			[]string{"Run 'income import --help' for more."}},
		{"unknown regime", []string{"tax", "--year", "2025", "--regime", "nope"}, errs.ExitUsage,
			[]string{`income: --regime "nope": not a regime of VN (known: vn-salary, vn-business)`, "Run 'income tax --help' for more."}},
		{"unknown source", []string{"import", "--source", "nope", bad}, errs.ExitUsage, []string{"Run 'income import --help' for more."}},
		{"unknown kind", []string{"entries", "--kind", "gift"}, errs.ExitUsage,
			[]string{`income: unknown kind "gift" (known: income, refund, fee, expense, tax_withheld, transfer, unclassified)`, "Run 'income entries --help' for more."}},
		{"unknown entries source", []string{"entries", "--source", "nope"}, errs.ExitUsage,
			[]string{`income: --source "nope": unknown source (known: upwork, gumroad,`, "Run 'income entries --help' for more."}},
		{"unknown classify kind", []string{"classify", "add", "--kind", "gift"}, errs.ExitUsage,
			[]string{`income: --kind "gift": want one of income, refund,`, "Run 'income classify add --help' for more."}},
		{"unknown rate source", []string{"rates", "fetch", "--source", "nope", "--from", "2025-01-01", "--to", "2025-01-02"}, errs.ExitUsage,
			[]string{`income: rate source "nope": want one of ecb,`, "Run 'income rates fetch --help' for more."}},
		{"bad format", []string{"sources", "--format", "xml"}, errs.ExitUsage,
			[]string{`income: --format "xml": want one of [table json csv]`, "Run 'income sources --help' for more."}},
		{"wrong arg count", []string{"transfers", "link", "a"}, errs.ExitUsage, []string{"Run 'income transfers link --help' for more."}},
		{"unrecognised file", []string{"import", bad}, errs.ExitInvalid, []string{"income: bad.csv: no importer recognises this file; closest:"}},
		{"fine", []string{"sources", "--format", "csv"}, errs.ExitOK, nil},
	}
	d, _, errOut := testDeps(t)
	ctx := context.Background()
	if code := Run(ctx, d, []string{"init", "--home-currency", "VND", "--country", "VN"}); code != 0 {
		t.Fatalf("init: %d %s", code, errOut)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			errOut.Reset()
			d.started = false
			code := Run(ctx, d, tt.args)
			if code != tt.code {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, tt.code, errOut)
			}
			lines := strings.Split(errOut.String(), "\n")
			for _, want := range tt.stderr {
				found := false
				for _, l := range lines {
					found = found || strings.HasPrefix(l, want)
				}
				if !found {
					t.Errorf("stderr has no line starting %q:\n%s", want, errOut)
				}
			}
			if strings.Contains(errOut.String(), "invalid data") {
				t.Errorf("stderr ends a message in \": invalid data\":\n%s", errOut)
			}
			if tt.code == errs.ExitOK && errOut.Len() > 0 {
				t.Errorf("stderr = %q, want nothing", errOut)
			}
		})
	}
}

// TestInterruptedExits130: a canceled context exits 130 with one line.
func TestInterruptedExits130(t *testing.T) {
	d, _, errOut := testDeps(t)
	if code := Run(context.Background(), d, []string{"init", "--home-currency", "VND", "--country", "VN"}); code != 0 {
		t.Fatalf("init: %d %s", code, errOut)
	}
	errOut.Reset()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	code := Run(ctx, d, []string{"import", "../testdata/sample/upwork-2025.csv"})
	if code != errs.ExitCanceled {
		t.Errorf("exit %d, want 130; stderr %s", code, errOut)
	}
	if got := errOut.String(); got != "income: interrupted\n" {
		t.Errorf("stderr = %q", got)
	}
}
