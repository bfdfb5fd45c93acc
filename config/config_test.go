package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/incomeledger/income/errs"
	"github.com/spf13/pflag"
)

// flags builds the root's persistent flags as cmd does, parsed from args.
func flags(t *testing.T, args ...string) *pflag.FlagSet {
	t.Helper()
	fs := pflag.NewFlagSet("income", pflag.ContinueOnError)
	fs.String("db", "", "")
	fs.String("config", "", "")
	fs.String("format", "", "")
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	return fs
}

// isolate points every default at a temp dir and clears INCOME_*.
func isolate(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "config"))
	t.Setenv("XDG_DATA_HOME", filepath.Join(dir, "data"))
	for _, k := range []string{"INCOME_DB", "INCOME_CONFIG", "INCOME_FORMAT", "INCOME_TAX_DEPENDANTS", "INCOME_TAX_EXPENSES", "INCOME_FX_SOURCE"} {
		t.Setenv(k, "")
		os.Unsetenv(k)
	}
	return dir
}

func write(t *testing.T, path, text string) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestLoadDefaults(t *testing.T) {
	dir := isolate(t)
	c, err := Load(flags(t))
	if err != nil {
		t.Fatal(err)
	}
	want := &Config{DB: filepath.Join(dir, "data", "income", "ledger.db")}
	if diff := cmp.Diff(want, c, cmpopts.IgnoreUnexported(Config{})); diff != "" {
		t.Errorf("config (-want +got):\n%s", diff)
	}
	if got := c.TaxFacts(); len(got) != 0 {
		t.Errorf("TaxFacts = %v, want none", got)
	}
}

// Precedence: flag > env > file > default, for a top-level key and for a
// nested one that only the environment sets (viper#761: without a default
// per key, Unmarshal dropped INCOME_TAX_DEPENDANTS).
func TestLoadPrecedence(t *testing.T) {
	dir := isolate(t)
	file := write(t, filepath.Join(dir, "config", "income", "config.yaml"),
		"db: from-file.db\nformat: csv\ntax:\n  expenses: 1234567890123456789.50\n  married: true\nfx:\n  source: vietcombank-sell\n")
	t.Setenv("INCOME_DB", "from-env.db")
	t.Setenv("INCOME_TAX_DEPENDANTS", "2")
	c, err := Load(flags(t, "--format", "json"))
	if err != nil {
		t.Fatal(err)
	}
	want := &Config{DB: "from-env.db", Format: "json", File: file,
		Tax: Tax{Dependants: "2", Married: "true", Expenses: "1234567890123456789.50"},
		FX:  FX{Source: "vietcombank-sell"}}
	if diff := cmp.Diff(want, c, cmpopts.IgnoreUnexported(Config{})); diff != "" {
		t.Errorf("config (-want +got):\n%s", diff)
	}
	// money keeps its text: no float64 on the way
	wantFacts := map[string]any{"dependants": "2", "married": "true", "expenses": "1234567890123456789.50"}
	if diff := cmp.Diff(wantFacts, c.TaxFacts()); diff != "" {
		t.Errorf("TaxFacts (-want +got):\n%s", diff)
	}
	c, err = Load(flags(t, "--db", "from-flag.db"))
	if err != nil {
		t.Fatal(err)
	}
	if c.DB != "from-flag.db" || c.Format != "csv" {
		t.Errorf("db %q format %q, want the flag's and the file's", c.DB, c.Format)
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name, text string
		want       string
	}{
		{"unknown top key", "db: x.db\ncolour: blue\n", `config.yaml:2: unknown key "colour"`},
		{"unknown nested key", "tax:\n  dependants: 1\n  dependents: 2\n", `config.yaml:3: unknown key "dependents"`},
		{"duplicate key", "format: csv\nformat: json\n", "config.yaml:2:"},
		{"not YAML", "tax: [1,\n", "config.yaml:"},
		{"a list for a map", "fx:\n  - a\n", "config.yaml:2:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := isolate(t)
			file := write(t, filepath.Join(dir, "config.yaml"), tt.text)
			_, err := Load(flags(t, "--config", file))
			if err == nil {
				t.Fatal("no error")
			}
			if errs.ExitCode(err) != errs.ExitInvalid {
				t.Errorf("exit code %d, want 3 (%v)", errs.ExitCode(err), err)
			}
			var de *errs.DataError
			if !errors.As(err, &de) || de.File != file {
				t.Errorf("error %v does not name the file %s", err, file)
			}
			if got := strings.ReplaceAll(err.Error(), dir+string(filepath.Separator), ""); !strings.Contains(got, tt.want) {
				t.Errorf("error %q, want it to hold %q", got, tt.want)
			}
		})
	}
}

func TestLoadMissingFile(t *testing.T) {
	isolate(t)
	// the default file may be missing; a named one may not (exit 1)
	if _, err := Load(flags(t)); err != nil {
		t.Fatalf("missing default file: %v", err)
	}
	_, err := Load(flags(t, "--config", "nope.yaml"))
	if err == nil || errs.ExitCode(err) != errs.ExitError || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing named file: %v (exit %d), want not-exist, exit 1", err, errs.ExitCode(err))
	}
	t.Setenv("INCOME_CONFIG", "also-nope.yaml")
	if _, err := Load(flags(t)); err == nil || !strings.Contains(err.Error(), "also-nope.yaml") {
		t.Errorf("INCOME_CONFIG missing: %v", err)
	}
}

func TestLoadEmptyFile(t *testing.T) {
	dir := isolate(t)
	file := write(t, filepath.Join(dir, "c.yaml"), "# nothing yet\n")
	c, err := Load(flags(t, "--config", file))
	if err != nil {
		t.Fatal(err)
	}
	if c.File != file {
		t.Errorf("File = %q", c.File)
	}
}

// Line names the file's line of a key only while the file's value is the
// one in use.
func TestLine(t *testing.T) {
	dir := isolate(t)
	file := write(t, filepath.Join(dir, "c.yaml"), "format: csv\ntax:\n  activity: goods\n  dependants: two\n")
	c, err := Load(flags(t, "--config", file))
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Line("tax.dependants"); got != 4 {
		t.Errorf("Line(tax.dependants) = %d, want 4", got)
	}
	if got := c.Line("tax.married"); got != 0 {
		t.Errorf("Line(tax.married) = %d, want 0 (not in the file)", got)
	}
	t.Setenv("INCOME_TAX_DEPENDANTS", "3")
	if c, err = Load(flags(t, "--config", file)); err != nil {
		t.Fatal(err)
	}
	if got := c.Line("tax.dependants"); got != 0 {
		t.Errorf("Line(tax.dependants) = %d with the environment's value in use, want 0", got)
	}
}
