// Package cmd wires income's commands with Cobra. It holds no money
// arithmetic, parsing or tax logic: each verb copies its flags into an
// options struct and calls a run function.
package cmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"time"

	"github.com/incomeledger/income/config"
	"github.com/incomeledger/income/importers"
	"github.com/incomeledger/income/ledger"
	"golang.org/x/term"
)

// Exit codes, listed in every command's help.
const (
	ExitOK      = 0
	ExitError   = 1
	ExitUsage   = 2
	ExitInvalid = 3
)

const exitCodesHelp = `
Exit codes: 0 success, 1 runtime error (I/O, database), 2 usage error,
3 invalid input data (a file that cannot be parsed, a missing exchange rate,
a bad rule file).`

// IOStreams are where a command reads and writes.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer
	OutTTY bool
	ErrTTY bool
}

// Deps are what commands need from the outside world; tests build their own.
type Deps struct {
	IO        *IOStreams
	Now       func() time.Time
	Importers *importers.Registry
	// Config and OpenStore are set by the root command once flags are parsed.
	Config    func() (*config.Config, error)
	OpenStore func(ctx context.Context, create bool) (*ledger.Store, error)
	// Version is printed in generated files.
	Version string

	started bool     // a command's run function was reached
	profile *os.File // the CPU profile being written (--cpuprofile)
}

// UsageError is a usage mistake; Main prints it with a hint and exits 2.
type UsageError struct{ Err error }

func (e *UsageError) Error() string { return e.Err.Error() }
func (e *UsageError) Unwrap() error { return e.Err }

func usageErrorf(format string, args ...any) error {
	return &UsageError{Err: fmt.Errorf(format, args...)}
}

// Version is set at build time with -ldflags "-X …/cmd.Version=v1.2.3".
var Version = "dev"

// defaultMemoryLimit is the Go heap's soft limit unless GOMEMLIMIT says
// otherwise: a million-row import keeps its peak memory (with SQLite's 32 MB
// page cache) under 200 MB, and runs faster for the smaller heap.
const defaultMemoryLimit = 96 << 20

// Main runs income with the process's arguments and streams.
func Main() int {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(defaultMemoryLimit)
	}
	d := &Deps{
		IO: &IOStreams{
			In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr,
			OutTTY: term.IsTerminal(int(os.Stdout.Fd())),
			ErrTTY: term.IsTerminal(int(os.Stderr.Fd())),
		},
		Now:       time.Now,
		Importers: importers.Default(),
		Version:   Version,
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	return Run(ctx, d, os.Args[1:])
}

// Run executes one command line and returns the exit code.
func Run(ctx context.Context, d *Deps, args []string) int {
	root := newRootCmd(d)
	root.SetArgs(args)
	root.SetIn(d.IO.In)
	root.SetOut(d.IO.Out)
	root.SetErr(d.IO.ErrOut)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return ExitOK
	}
	code := exitCode(d, err)
	fmt.Fprintln(d.IO.ErrOut, "income: "+err.Error())
	if code == ExitUsage {
		fmt.Fprintln(d.IO.ErrOut, "Run 'income --help' for usage.")
	}
	return code
}

func exitCode(d *Deps, err error) int {
	var ue *UsageError
	switch {
	case errors.As(err, &ue):
		return ExitUsage
	case errors.Is(err, ledger.ErrInvalid):
		return ExitInvalid
	case !d.started:
		// Cobra rejected the command line (unknown command, wrong number
		// of arguments) before any command ran.
		return ExitUsage
	default:
		return ExitError
	}
}
