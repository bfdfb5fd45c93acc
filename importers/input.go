package importers

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/incomeledger/income/errs"
)

// Limits on what one input may hold (README "Reliability"). A file beyond
// them is refused (exit 3) rather than read for minutes or into all memory.
const (
	// MaxInputBytes is the largest input file: 2 GiB, about ten million
	// platform rows.
	MaxInputBytes = 2 << 30
	// MaxStreamBytes is the largest input read from a pipe, a terminal or a
	// device (`-`, /dev/stdin, process substitution): it is copied to an
	// unlinked temporary file first, so it is capped lower.
	MaxStreamBytes = 512 << 20
	// MaxLineBytes is the longest line of a CSV/TSV file.
	MaxLineBytes = 1 << 20
	// StreamIdle is how long a pipe may stay silent before the read gives up.
	StreamIdle = 60 * time.Second
	// FIFOWait is how long a named pipe may wait for its writer.
	FIFOWait = 10 * time.Second
)

// streamLimit is MaxStreamBytes (tests lower it).
var streamLimit int64 = MaxStreamBytes

// Input is one input file, opened and read once: detection, import and the
// batch's SHA-256 all read the same bytes. A regular file is read in place
// (its size fixed at open; Verify says if it changed meanwhile); anything
// else (stdin, a pipe, a FIFO, a device) is copied once to an unlinked
// temporary file, hashed on the way.
type Input struct {
	// Name is the base name used in entries and messages ("stdin" for -,
	// the whole path for /dev/fd/N).
	Name string
	f    *os.File
	size int64
	mod  time.Time
	sum  string // known when the input was copied
}

// OpenInput opens path ("-" is standard input) for reading once. Its
// errors name the input (Name): callers print them as they are.
func OpenInput(path string) (*Input, error) {
	if path == "-" {
		return spool("stdin", os.Stdin, false)
	}
	name := filepath.Base(path)
	if strings.HasPrefix(path, "/dev/fd/") || strings.HasPrefix(path, "/proc/self/fd/") {
		name = path // process substitution: "63" alone would say nothing
	}
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if st.IsDir() {
		return nil, errs.Dataf(name, 0, "is a directory, not a file")
	}
	var f *os.File
	if st.Mode()&os.ModeNamedPipe != 0 {
		if f, err = openFIFO(name, path); err != nil {
			return nil, err
		}
	} else if f, err = os.Open(path); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	st, err = f.Stat()
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if !st.Mode().IsRegular() {
		return spool(name, f, true)
	}
	if st.Size() > MaxInputBytes {
		f.Close()
		return nil, errs.Dataf(name, 0, "the file is %d MiB; income reads inputs up to %d MiB", st.Size()>>20, MaxInputBytes>>20)
	}
	return &Input{Name: name, f: f, size: st.Size(), mod: st.ModTime()}, nil
}

// fifoWait is how long opening a FIFO waits for a program to open its
// writing end (FIFOWait; tests lower it).
var fifoWait = FIFOWait

// openFIFO opens a named pipe, which blocks until a writer opens it: a
// FIFO no program writes to is refused after fifoWait. (The open that
// gave up stays blocked in its goroutine until the process ends.)
func openFIFO(name, path string) (*os.File, error) {
	type opened struct {
		f   *os.File
		err error
	}
	done := make(chan opened, 1)
	go func() {
		f, err := os.Open(path)
		done <- opened{f, err}
	}()
	select {
	case o := <-done:
		if o.err != nil {
			return nil, fmt.Errorf("%s: %w", name, o.err)
		}
		return o.f, nil
	case <-time.After(fifoWait):
		go func() { // close it if a writer turns up after all
			if o := <-done; o.f != nil {
				o.f.Close()
			}
		}()
		return nil, errs.Dataf(name, 0, "no program opened this FIFO for writing within %v", fifoWait)
	}
}

// spool copies a stream to an unlinked temporary file (removed even if the
// process is killed), hashing it on the way.
func spool(name string, src *os.File, closeSrc bool) (*Input, error) {
	if closeSrc {
		defer src.Close()
	}
	tmp, err := os.CreateTemp("", "income-input-*")
	if err != nil {
		return nil, fmt.Errorf("%s: copying the stream: %w", name, err)
	}
	os.Remove(tmp.Name())
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(tmp, h), io.LimitReader(&idleReader{f: src}, streamLimit+1))
	switch {
	case err == nil && n > streamLimit:
		err = errs.Dataf(name, 0, "more than %d MiB read from a pipe or device; income reads at most that much from a stream (give a regular file for larger inputs)", streamLimit>>20)
	case err == nil && n == 0:
		err = errs.Dataf(name, 0, "no data read (an empty stream, or a FIFO that no program writes to)")
	}
	if err != nil {
		tmp.Close()
		var de *errs.DataError
		if errors.As(err, &de) {
			return nil, err
		}
		return nil, errs.Dataf(name, 0, "reading the input: %v", err)
	}
	return &Input{Name: name, f: tmp, size: n, sum: hex.EncodeToString(h.Sum(nil))}, nil
}

// idleReader reads a pollable stream with a deadline of StreamIdle per read
// (files that cannot have deadlines are read as they are).
type idleReader struct{ f *os.File }

func (r *idleReader) Read(p []byte) (int, error) {
	_ = r.f.SetReadDeadline(time.Now().Add(StreamIdle))
	n, err := r.f.Read(p)
	if errors.Is(err, os.ErrDeadlineExceeded) {
		err = fmt.Errorf("no data for %v", StreamIdle)
	}
	return n, err
}

// Size is the number of bytes the input holds.
func (in *Input) Size() int64 { return in.size }

// Reader returns a new reader of the input from its first byte. Readers are
// independent and may be used at the same time.
func (in *Input) Reader() *io.SectionReader { return io.NewSectionReader(in.f, 0, in.size) }

// SHA256 returns the hex SHA-256 of the input's bytes (the ones imported).
// It may run beside an import of the same input.
func (in *Input) SHA256() (string, error) {
	if in.sum != "" {
		return in.sum, nil
	}
	h := sha256.New()
	n, err := io.Copy(h, in.Reader())
	if err != nil {
		return "", fmt.Errorf("%s: %w", in.Name, err)
	}
	if n != in.size {
		return "", in.changed()
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// Verify reports an error when a regular file changed (size or time) since
// it was opened, so its hash and its rows may not be of the same bytes.
func (in *Input) Verify() error {
	if in.sum != "" {
		return nil
	}
	st, err := in.f.Stat()
	if err != nil {
		return fmt.Errorf("%s: %w", in.Name, err)
	}
	if st.Size() != in.size || !st.ModTime().Equal(in.mod) {
		return in.changed()
	}
	return nil
}

func (in *Input) changed() error {
	return errs.Dataf(in.Name, 0, "the file changed while it was being read (still downloading?); import it again when it is complete")
}

// Close releases the input (and its temporary copy).
func (in *Input) Close() error { return in.f.Close() }
