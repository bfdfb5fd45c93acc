package cmd

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/incomeledger/income/errs"
)

// TestWriteOutputAtomic: a write that fails half-way leaves the old file as
// it was and no temporary file behind; one that succeeds replaces it whole,
// 0600, through a symbolic link to it.
func TestWriteOutputAtomic(t *testing.T) {
	d, _, _ := testDeps(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "report.csv")
	if err := os.WriteFile(path, []byte("old\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	g := &globalOptions{Output: path}
	boom := errors.New("disk full")
	err := g.writeOutput(d, func(w io.Writer) error {
		io.WriteString(w, "half of the new")
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want the writer's", err)
	}
	assertFile(t, path, "old\n")
	assertOnly(t, dir, "report.csv")

	if err := g.writeOutput(d, func(w io.Writer) error { _, err := io.WriteString(w, "new\n"); return err }); err != nil {
		t.Fatal(err)
	}
	assertFile(t, path, "new\n")
	assertOnly(t, dir, "report.csv")
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", fi.Mode().Perm())
	}

	// through a link: the target is replaced, the link stays
	link := filepath.Join(dir, "link.csv")
	if err := os.Symlink(path, link); err != nil {
		t.Skip(err)
	}
	g.Output = link
	if err := g.writeOutput(d, func(w io.Writer) error { _, err := io.WriteString(w, "newer\n"); return err }); err != nil {
		t.Fatal(err)
	}
	assertFile(t, path, "newer\n")
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced: %v %v", fi, err)
	}
}

// TestCheckOutput: -o must not name the ledger or its side files (by any
// path), nor a file in a directory that does not exist (which is not made).
func TestCheckOutput(t *testing.T) {
	d, _, _ := testDeps(t)
	db := os.Getenv("INCOME_DB")
	dbDir := filepath.Dir(db)
	if err := os.WriteFile(db, []byte("ledger"), 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(t.TempDir(), "innocent.csv")
	if err := os.Symlink(db, link); err != nil {
		t.Fatal(err)
	}
	hard := filepath.Join(dbDir, "hard.csv")
	if err := os.Link(db, hard); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, output, want string
	}{
		{"the ledger", db, "that is the ledger ("},
		{"relative", filepath.Join(dbDir, ".", "..", filepath.Base(dbDir), "ledger.db"), "that is the ledger ("},
		{"its wal", db + "-wal", "that is the ledger's -wal file"},
		{"its shm", db + "-shm", "that is the ledger's -shm file"},
		{"a link to it", link, "that is the ledger ("},
		{"a hard link to it", hard, "that is the ledger ("},
		{"missing directory", filepath.Join(dbDir, "nope", "r.csv"), "directory " + filepath.Join(dbDir, "nope") + " does not exist"},
		{"fine", filepath.Join(dbDir, "r.csv"), ""},
		{"stdout", "-", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := &globalOptions{Output: tt.output}
			err := g.checkOutput(d)
			if tt.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) || errs.ExitCode(err) != errs.ExitUsage {
				t.Errorf("err = %v, want a usage error holding %q", err, tt.want)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dbDir, "nope")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the missing directory was made: %v", err)
	}
	assertFile(t, db, "ledger")
}

func assertFile(t *testing.T, path, want string) {
	t.Helper()
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("%s = %q, want %q", filepath.Base(path), got, want)
	}
}

func assertOnly(t *testing.T, dir string, names ...string) {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range ents {
		got = append(got, e.Name())
	}
	if strings.Join(got, ",") != strings.Join(names, ",") {
		t.Errorf("%s holds %v, want %v", dir, got, names)
	}
}
