package cmd_test

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/incomeledger/income/cmd"
	"github.com/rogpeppe/go-internal/testscript"
)

var update = flag.Bool("update", false, "rewrite testscript files' golden sections")

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"income": func() { os.Exit(cmd.Main()) },
	})
}

// TestScripts runs every testdata/script/*.txtar end to end against the
// real binary entry point.
func TestScripts(t *testing.T) {
	testdata, err := filepath.Abs("../testdata")
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir:                 "../testdata/script",
		RequireExplicitExec: true,
		UpdateScripts:       *update,
		Setup: func(env *testscript.Env) error {
			env.Setenv("HOME", env.WorkDir)
			env.Setenv("XDG_DATA_HOME", filepath.Join(env.WorkDir, "data"))
			env.Setenv("XDG_CONFIG_HOME", filepath.Join(env.WorkDir, "config"))
			env.Setenv("INCOME_DB", "")
			env.Setenv("INCOME_CONFIG", "")
			env.Setenv("INCOME_FORMAT", "")
			env.Setenv("TESTDATA", testdata)
			return nil
		},
	})
}
