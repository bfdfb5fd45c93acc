package cmd

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/spf13/cobra"
)

// flagCase is one command line given to a command built with a runF that
// records its options (gh's TestNewCmd shape): the options it must produce,
// or the start of the error Cobra must give.
type flagCase[O any] struct {
	name    string
	args    []string
	want    O
	wantErr string
}

func testFlags[O any](t *testing.T, newCmd func(*Deps, *globalOptions, func(context.Context, *O) error) *cobra.Command, tests []flagCase[O]) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, _, _ := testDeps(t)
			var got *O
			c := newCmd(d, &globalOptions{}, func(_ context.Context, o *O) error {
				got = o
				return nil
			})
			c.SetArgs(tt.args)
			c.SetOut(&bytes.Buffer{})
			c.SetErr(&bytes.Buffer{})
			err := c.ExecuteContext(context.Background())
			if tt.wantErr != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want one starting %q", err, tt.wantErr)
				}
				if got != nil {
					t.Errorf("runF was called with %+v", *got)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got == nil {
				t.Fatal("runF was not called")
			}
			if diff := cmp.Diff(tt.want, *got); diff != "" {
				t.Errorf("options (-want +got):\n%s", diff)
			}
		})
	}
}

func TestInitFlags(t *testing.T) {
	testFlags(t, newInitCmd, []flagCase[initOptions]{
		{name: "all", args: []string{"--home-currency", "VND", "--country", "VN", "--name", "Lan", "--force"},
			want: initOptions{HomeCurrency: "VND", Country: "VN", Name: "Lan", Force: true}},
		{name: "required", args: []string{"--home-currency", "VND"}, wantErr: `required flag(s) "country" not set`},
		{name: "no args", args: []string{"--home-currency", "VND", "--country", "VN", "x"}, wantErr: `unknown command "x"`},
	})
}

func TestImportFlags(t *testing.T) {
	testFlags(t, newImportCmd, []flagCase[importOptions]{
		{name: "files", args: []string{"a.csv", "b.csv"}, want: importOptions{Files: []string{"a.csv", "b.csv"}}},
		{name: "source dry run", args: []string{"--source", "upwork", "--dry-run", "a.csv"},
			want: importOptions{Files: []string{"a.csv"}, Source: "upwork", DryRun: true}},
		{name: "profile", args: []string{"--profile", "bank.yaml", "-"}, want: importOptions{Files: []string{"-"}, Profile: "bank.yaml"}},
		{name: "no file", args: nil, wantErr: "requires at least 1 arg(s)"},
		{name: "source and profile", args: []string{"--source", "upwork", "--profile", "p.yaml", "a.csv"},
			wantErr: "if any flags in the group [source profile] are set none of the others can be"},
	})
}

func TestEntriesFlags(t *testing.T) {
	testFlags(t, newEntriesCmd, []flagCase[entriesOptions]{
		{name: "none", args: nil, want: entriesOptions{}},
		{name: "filters", args: []string{"--year", "2025", "--source", "wise", "--kind", "fee"},
			want: entriesOptions{Year: 2025, Source: "wise", Kind: "fee"}},
		{name: "bad year", args: []string{"--year", "x"}, wantErr: `invalid argument "x" for "--year"`},
		{name: "args", args: []string{"x"}, wantErr: `unknown command "x"`},
	})
}

func TestRatesFlags(t *testing.T) {
	testFlags(t, newRatesImportCmd, []flagCase[ratesImportOptions]{
		{name: "files", args: []string{"a.csv", "b.xml"}, want: ratesImportOptions{Files: []string{"a.csv", "b.xml"}}},
		{name: "no file", args: nil, wantErr: "requires at least 1 arg(s)"},
	})
	testFlags(t, newRatesListCmd, []flagCase[ratesListOptions]{
		{name: "none", args: nil, want: ratesListOptions{}},
		{name: "pair", args: []string{"--base", "USD", "--quote", "VND"}, want: ratesListOptions{Base: "USD", Quote: "VND"}},
	})
	testFlags(t, newRatesFetchCmd, []flagCase[ratesFetchOptions]{
		{name: "all", args: []string{"--source", "ecb", "--from", "2025-01-01", "--to", "2025-01-31", "--base", "EUR", "--quote", "USD"},
			want: ratesFetchOptions{Source: "ecb", From: "2025-01-01", To: "2025-01-31", Base: "EUR", Quote: "USD"}},
		{name: "required", args: []string{"--source", "ecb"}, wantErr: `required flag(s) "from", "to" not set`},
	})
}

func TestReportFlags(t *testing.T) {
	testFlags(t, newReportCmd, []flagCase[reportOptions]{
		{name: "year", args: []string{"--year", "2025"}, want: reportOptions{Year: 2025, Files: []string{}}},
		{name: "all", args: []string{"--year", "2025", "--allow-missing-rates", "--lang", "vi", "--home-currency", "VND", "--country", "VN", "a.csv"},
			want: reportOptions{Year: 2025, AllowMissing: true, Lang: "vi", HomeCurrency: "VND", Country: "VN", Files: []string{"a.csv"}}},
		{name: "no year", args: nil, wantErr: `required flag(s) "year" not set`},
	})
}

func TestSourcesFlags(t *testing.T) {
	testFlags(t, newSourcesCmd, []flagCase[sourcesOptions]{
		{name: "none", args: nil, want: sourcesOptions{}},
		{name: "args", args: []string{"x"}, wantErr: `unknown command "x"`},
	})
}

func TestTaxFlags(t *testing.T) {
	testFlags(t, newTaxCmd, []flagCase[taxOptions]{
		{name: "year", args: []string{"--year", "2025"}, want: taxOptions{Year: 2025}},
		{name: "regime rules", args: []string{"--year", "2026", "--regime", "vn-salary", "--rules", "a.yaml", "--rules", "b.yaml"},
			want: taxOptions{Year: 2026, Regime: "vn-salary", Rules: []string{"a.yaml", "b.yaml"}}},
		{name: "no year", args: nil, wantErr: `required flag(s) "year" not set`},
		{name: "due", args: []string{"--due"}, want: taxOptions{Due: true, Days: 90}},
		{name: "due window", args: []string{"--due", "--as-of", "2026-02-01", "--days", "30"},
			want: taxOptions{Due: true, AsOf: "2026-02-01", Days: 30}},
	})
}

func TestTransfersFlags(t *testing.T) {
	testFlags(t, newTransfersCmd, []flagCase[transfersOptions]{
		{name: "none", args: nil, want: transfersOptions{}},
		{name: "year", args: []string{"--year", "2025"}, want: transfersOptions{Year: 2025}},
	})
	testFlags(t, newTransfersMatchCmd, []flagCase[transfersMatchOptions]{
		{name: "none", args: nil, want: transfersMatchOptions{}},
		{name: "args", args: []string{"x"}, wantErr: `unknown command "x"`},
	})
	testFlags(t, newTransfersLinkCmd, []flagCase[transfersLinkOptions]{
		{name: "two ids", args: []string{"aaa", "bbb"}, want: transfersLinkOptions{A: "aaa", B: "bbb"}},
		{name: "one id", args: []string{"aaa"}, wantErr: "accepts 2 arg(s), received 1"},
	})
	testFlags(t, newTransfersUnlinkCmd, []flagCase[transfersUnlinkOptions]{
		{name: "id", args: []string{"aaa"}, want: transfersUnlinkOptions{ID: "aaa"}},
		{name: "none", args: nil, wantErr: "accepts 1 arg(s), received 0"},
	})
}
