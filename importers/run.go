package importers

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"

	"github.com/incomeledger/income/errs"
	"github.com/incomeledger/income/ledger"
)

// sampleRows is how many rows detection looks at (preambles included).
const sampleRows = 40

// FileResult is what importing one file did (cli.md's import JSON).
type FileResult struct {
	File       string `json:"file"`
	Source     string `json:"source"`
	Rows       int    `json:"rows"`
	Added      int    `json:"added"`
	Duplicates int    `json:"duplicates"`
	Skipped    int    `json:"skipped"`
	// SkippedReasons counts the skipped rows by reason (a Skip… constant).
	SkippedReasons map[string]int `json:"skipped_reasons,omitempty"`
	// SkippedLines are the skipped rows in file order (--verbose).
	SkippedLines []SkippedLine `json:"-"`
	Warnings     []string      `json:"warnings"`
}

// Writer is where extracted entries go (the ledger's batch writer).
type Writer interface {
	Add(e ledger.Entry) error
}

// Job describes one file to import.
type Job struct {
	Path   string // read when Input is nil
	Input  *Input
	Source string // forced importer name, "" = detect
	// Prepare is called on every entry before it is written (conversion).
	Prepare func(*ledger.Entry)
	// Progress, when set, is called every ProgressEvery rows.
	Progress func(rows int)
}

// ProgressEvery is the row interval of Job.Progress calls.
const ProgressEvery = 50000

// Identify opens path and picks its importer (forced or detected). It is
// for callers that import a path later themselves; an import reads its
// Input once with IdentifyInput and Job.Input.
func (r *Registry) Identify(path, force string) (Importer, string, error) {
	if force != "" {
		imp, err := r.Get(force)
		return imp, filepath.Base(path), err
	}
	in, err := OpenInput(path)
	if err != nil {
		return nil, "", err
	}
	defer in.Close()
	imp, err := r.IdentifyInput(in, "")
	return imp, in.Name, err
}

// IdentifyInput picks the importer of in (forced by name, or detected from
// its first rows).
func (r *Registry) IdentifyInput(in *Input, force string) (Importer, error) {
	if force != "" {
		return r.Get(force)
	}
	t, err := in.Table()
	if err != nil {
		return nil, inputErr(in.Name, err)
	}
	defer t.Close()
	s, readErr := ReadSample(t, sampleRows)
	imp, err := r.Detect(in.Name, s)
	if err != nil && readErr != nil {
		return nil, inputErr(in.Name, readErr) // the reason it is not recognised
	}
	return imp, err
}

// inputErr names the file in an error from reading it; it is invalid data
// unless it is an I/O error.
func inputErr(file string, err error) error {
	var de *errs.DataError
	if errors.As(err, &de) && de.File == "" {
		return errs.Data(file, de.Line, de.Err)
	}
	if errors.Is(err, ledger.ErrInvalid) {
		return fmt.Errorf("%s: %w", file, err)
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", file, err)
	}
	return errs.Data(file, 0, err)
}

// Run imports one input with imp into w, streaming row by row. The input
// is job.Input, or job.Path opened for this run.
func Run(ctx context.Context, imp Importer, job Job, w Writer) (FileResult, error) {
	in := job.Input
	if in == nil {
		var err error
		if in, err = OpenInput(job.Path); err != nil {
			return FileResult{File: filepath.Base(job.Path), Source: imp.Name(), Warnings: []string{}}, err
		}
		defer in.Close()
	}
	file := in.Name
	res := FileResult{File: file, Source: imp.Name(), Warnings: []string{}}
	t, err := in.Table()
	if err != nil {
		return res, inputErr(file, err)
	}
	defer t.Close()
	s := &sink{res: &res, w: w, prepare: job.Prepare, progress: job.Progress, file: file, ctx: ctx}
	if err := imp.Import(ctx, file, t, s); err != nil {
		return res, err
	}
	return res, in.Verify()
}

type sink struct {
	ctx      context.Context
	file     string
	res      *FileResult
	w        Writer
	prepare  func(*ledger.Entry)
	progress func(int)
	lastLine int
}

func (s *sink) row(line int) {
	if line != s.lastLine {
		s.lastLine = line
		s.res.Rows++
		if s.progress != nil && s.res.Rows%ProgressEvery == 0 {
			s.progress(s.res.Rows)
		}
	}
}

func (s *sink) Entry(e ledger.Entry) error {
	if e.File == "" {
		e.File = s.file
	}
	s.row(e.Line)
	if s.res.Rows%1024 == 0 {
		if err := s.ctx.Err(); err != nil {
			return err
		}
	}
	if s.prepare != nil {
		s.prepare(&e)
	}
	return s.w.Add(e)
}

func (s *sink) Warn(line int, format string, args ...any) {
	s.res.Warnings = append(s.res.Warnings, fmt.Sprintf("%s:%d: %s", s.file, line, fmt.Sprintf(format, args...)))
}

func (s *sink) Skip(line int, reason string) {
	s.row(line)
	s.res.Skipped++
	if s.res.SkippedReasons == nil {
		s.res.SkippedReasons = map[string]int{}
	}
	s.res.SkippedReasons[reason]++
	s.res.SkippedLines = append(s.res.SkippedLines, SkippedLine{Line: line, Reason: reason})
}
