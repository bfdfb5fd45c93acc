package cmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/incomeledger/income/app"
	"github.com/incomeledger/income/errs"
)

// writeOutput writes a command's data to -o FILE, or to stdout without -o
// (or with -o -). A file is written whole or not at all: into a temporary
// file in the same directory, synced, then renamed over FILE only when fn
// succeeded, so a kill, a full disk or an error leaves the old FILE intact.
// The file is 0600 like the ledger. FILE's directory must exist, and FILE
// must not be the ledger or one of its -wal, -shm or -journal files. A FILE
// that is not a regular file (/dev/stdout, a FIFO) is written directly.
func (g *globalOptions) writeOutput(d *Deps, fn func(io.Writer) error) error {
	if g.Output == "" || g.Output == "-" {
		return fn(d.IO.Out)
	}
	path := g.Output
	if err := g.checkOutput(d); err != nil {
		return err
	}
	if fi, err := os.Stat(path); err == nil && !fi.Mode().IsRegular() {
		f, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			return err
		}
		if err := fn(f); err != nil {
			f.Close()
			return err
		}
		return f.Close()
	}
	// write beside the file the link points to, so the rename replaces it
	if real, err := filepath.EvalSymlinks(path); err == nil {
		path = real
	}
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("-o %s: %w", g.Output, err)
	}
	done := false
	defer func() {
		if !done {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err := tmp.Chmod(0o600); err != nil {
		return err
	}
	if err := fn(tmp); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("-o %s: %w", g.Output, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("-o %s: %w", g.Output, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("-o %s: %w", g.Output, err)
	}
	done = true
	// the rename itself is durable once the directory is synced
	if df, err := os.Open(dir); err == nil {
		_ = df.Sync()
		df.Close()
	}
	return nil
}

// openForOutput starts a command that prints data: the output format (one
// of allowed), -o checked before any work is done, and the ledger.
func openForOutput(ctx context.Context, d *Deps, g *globalOptions, allowed ...string) (string, *app.Ledger, error) {
	format, err := d.format(allowed...)
	if err != nil {
		return "", nil, err
	}
	if err := g.checkOutput(d); err != nil {
		return "", nil, err
	}
	l, err := openLedger(ctx, d)
	return format, l, err
}

// checkOutput refuses -o FILE in a missing directory and -o naming the
// ledger or its side files, before any work is done.
func (g *globalOptions) checkOutput(d *Deps) error {
	if g.Output == "" || g.Output == "-" {
		return nil
	}
	dir := filepath.Dir(g.Output)
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return errs.Usagef("-o %s: directory %s does not exist", g.Output, dir)
	}
	c, err := d.Config()
	if err != nil {
		return err
	}
	if c.DB == "" {
		return nil
	}
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		if samePath(g.Output, c.DB+suffix) {
			what := "the ledger"
			if suffix != "" {
				what = "the ledger's " + suffix + " file"
			}
			return errs.Usagef("-o %s: that is %s (%s); name another file", g.Output, what, c.DB+suffix)
		}
	}
	return nil
}

// samePath says whether a and b name the same file: the same inode when
// both exist, else the same absolute path with symbolic links resolved.
func samePath(a, b string) bool {
	fa, ea := os.Stat(a)
	fb, eb := os.Stat(b)
	if ea == nil && eb == nil {
		return os.SameFile(fa, fb)
	}
	return resolve(a) == resolve(b)
}

// resolve is path made absolute with its directory's links resolved (the
// file itself may not exist).
func resolve(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return filepath.Clean(path)
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		return real
	} else if !errors.Is(err, os.ErrNotExist) {
		return abs
	}
	if dir, err := filepath.EvalSymlinks(filepath.Dir(abs)); err == nil {
		return filepath.Join(dir, filepath.Base(abs))
	}
	return abs
}
