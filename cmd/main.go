// Package cmd wires income's commands with Cobra. It holds no money
// arithmetic, parsing or tax logic: each verb copies its flags into an
// options struct and calls a run function.
package cmd

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"time"

	"github.com/incomeledger/income/config"
	"github.com/incomeledger/income/errs"
	"github.com/incomeledger/income/importers"
	"github.com/incomeledger/income/ledger"
	"golang.org/x/term"
)

// exitCodesHelp ends every command's help; the codes are errs.Exit*.
const exitCodesHelp = `
Exit codes: 0 success, 1 runtime error (I/O, database), 2 usage error,
3 invalid input data (a file that cannot be parsed, a missing exchange rate,
a bad rule file), 130 interrupted (Ctrl-C).`

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

	global  *globalOptions // the root's flags (-o, -q)
	started bool           // a command's run function was reached
	profile *os.File       // the CPU profile being written (--cpuprofile)
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
	c, err := root.ExecuteContextC(ctx)
	if err == nil {
		return errs.ExitOK
	}
	code := exitCode(ctx, d, err)
	if code == errs.ExitCanceled {
		fmt.Fprintln(d.IO.ErrOut, "income: interrupted")
		return code
	}
	fmt.Fprintln(d.IO.ErrOut, "income: "+err.Error())
	if code == errs.ExitUsage && c != nil {
		// the usage hint of the command that was run, not the root's
		fmt.Fprintf(d.IO.ErrOut, "Usage: %s\nRun '%s --help' for more.\n", c.UseLine(), c.CommandPath())
	}
	return code
}

// exitCode maps err with errs.ExitCode. An interrupted run exits 130
// whatever error the interruption surfaced as (SQLite reports its own), and
// an error Cobra returned before any command ran (unknown command, wrong
// number of arguments) is a usage error.
func exitCode(ctx context.Context, d *Deps, err error) int {
	code := errs.ExitCode(err)
	switch {
	case ctx.Err() != nil:
		return errs.ExitCanceled
	case code == errs.ExitError && !d.started:
		return errs.ExitUsage
	}
	return code
}
