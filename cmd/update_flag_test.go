package cmd

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestEveryPackageAcceptsUpdate: `go test ./... -update` fails in any
// package whose test binary does not define -update, so every directory
// with tests must define it (README "Tests").
func TestEveryPackageAcceptsUpdate(t *testing.T) {
	defines := map[string]bool{}
	hasTests := map[string]bool{}
	err := filepath.WalkDir("..", func(path string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if e.IsDir() && (strings.HasPrefix(e.Name(), ".") && e.Name() != ".." || e.Name() == "testdata") {
			return filepath.SkipDir
		}
		if e.IsDir() || !strings.HasSuffix(path, "_test.go") {
			return nil
		}
		dir := filepath.Dir(path)
		hasTests[dir] = true
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if strings.Contains(string(src), `flag.Bool("update"`) {
			defines[dir] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(hasTests) < 5 {
		t.Fatalf("found tests in only %d directories", len(hasTests))
	}
	for dir := range hasTests {
		if !defines[dir] {
			t.Errorf("%s: its tests do not define the -update flag", dir)
		}
	}
}
