package cmd_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var (
	execIncome  = regexp.MustCompile(`^(\[[^\]]*\]\s*)?!?\s*exec income\b`)
	execAny     = regexp.MustCompile(`^(\[[^\]]*\]\s*)?!?\s*exec\b`)
	stderrCheck = regexp.MustCompile(`^(\[[^\]]*\]\s*)?!?\s*stderr\b`)
)

// TestScriptsAssertStderr: in every testscript, each `exec income` is
// followed (before the next exec) by a stderr assertion — `! stderr .` or
// `stderr 'pattern'` — so no script checks stdout alone (team rule).
func TestScriptsAssertStderr(t *testing.T) {
	files, err := filepath.Glob("../testdata/script/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no scripts: %v", err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		script, _, _ := strings.Cut(string(data), "\n-- ")
		lines := strings.Split(script, "\n")
		for i, l := range lines {
			if !execIncome.MatchString(strings.TrimSpace(l)) {
				continue
			}
			checked := false
			for _, next := range lines[i+1:] {
				next = strings.TrimSpace(next)
				if execAny.MatchString(next) {
					break
				}
				if stderrCheck.MatchString(next) {
					checked = true
					break
				}
			}
			if !checked {
				t.Errorf("%s:%d: %q has no stderr assertion before the next exec", filepath.Base(f), i+1, strings.TrimSpace(l))
			}
		}
	}
}
