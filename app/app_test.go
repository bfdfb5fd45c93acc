package app

import (
	"flag"
	"os"
	"testing"
)

// Every test binary accepts -update (go test ./... -update); app has no
// golden files of its own.
var _ = flag.Bool("update", false, "rewrite golden files (none in this package)")

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
}
