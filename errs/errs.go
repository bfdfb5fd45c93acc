// Package errs decides, in one place, what kind of failure an error is and
// which exit code it gives: invalid input data (3), a usage mistake (2), an
// interrupted run (130) or anything else (1). Every package marks its errors
// with the types here; cmd.Main maps them with ExitCode.
//
// It is a leaf: it imports nothing of income's, so every package may use it.
package errs

import (
	"context"
	"errors"
	"fmt"
	"strconv"
)

// Exit codes, listed in every command's help.
const (
	ExitOK       = 0
	ExitError    = 1
	ExitUsage    = 2
	ExitInvalid  = 3
	ExitCanceled = 130
)

// ErrInvalid is matched (errors.Is) by every error about input data that
// cannot be accepted: a file that cannot be parsed, a bad rule or rates
// file, a missing exchange rate. Its text never appears in a message.
var ErrInvalid = errors.New("invalid data")

// DataError is an error about the content of an input: it names the file
// and, where known, the 1-based line, and reads "file:line: what".
type DataError struct {
	File string
	Line int // 0 when not known
	Err  error
}

func (e *DataError) Error() string {
	switch {
	case e.File == "" && e.Line <= 0:
		return e.Err.Error()
	case e.Line <= 0:
		return e.File + ": " + e.Err.Error()
	default:
		return e.File + ":" + strconv.Itoa(e.Line) + ": " + e.Err.Error()
	}
}

// Unwrap gives ErrInvalid and the underlying error, so errors.Is and
// errors.As see both.
func (e *DataError) Unwrap() []error { return []error{ErrInvalid, e.Err} }

// Data returns a DataError for file and line (0: no line).
func Data(file string, line int, err error) error {
	return &DataError{File: file, Line: line, Err: err}
}

// Dataf formats the message of a DataError for file and line.
func Dataf(file string, line int, format string, args ...any) error {
	return &DataError{File: file, Line: line, Err: fmt.Errorf(format, args...)}
}

// Invalid marks err as invalid data without changing its message (a
// DataError with neither file nor line). A nil err stays nil.
func Invalid(err error) error {
	if err == nil || errors.Is(err, ErrInvalid) {
		return err
	}
	return &DataError{Err: err}
}

// Invalidf formats an invalid-data error that names no file.
func Invalidf(format string, args ...any) error {
	return &DataError{Err: fmt.Errorf(format, args...)}
}

// UsageError is a mistake in the command line (bad flag value, missing
// argument). Main prints it with the command's usage hint and exits 2.
type UsageError struct{ Err error }

func (e *UsageError) Error() string { return e.Err.Error() }
func (e *UsageError) Unwrap() error { return e.Err }

// Usagef formats a UsageError.
func Usagef(format string, args ...any) error {
	return &UsageError{Err: fmt.Errorf(format, args...)}
}

// IsUsage reports whether err is (or wraps) a UsageError.
func IsUsage(err error) bool {
	var ue *UsageError
	return errors.As(err, &ue)
}

// ExitCode maps an error to the process's exit code: nil 0, canceled 130,
// usage 2, invalid data 3, anything else 1. Cancellation wins, so an
// interrupted import exits 130 whatever error the interruption surfaced as.
func ExitCode(err error) int {
	switch {
	case err == nil:
		return ExitOK
	case errors.Is(err, context.Canceled):
		return ExitCanceled
	case IsUsage(err):
		return ExitUsage
	case errors.Is(err, ErrInvalid):
		return ExitInvalid
	default:
		return ExitError
	}
}
