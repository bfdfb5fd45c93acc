package importers

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/incomeledger/income/ledger"
)

// sampleRows is how many rows detection looks at (preambles included).
const sampleRows = 40

// FileResult is what importing one file did (cli.md's import JSON).
type FileResult struct {
	File       string   `json:"file"`
	Source     string   `json:"source"`
	Rows       int      `json:"rows"`
	Added      int      `json:"added"`
	Duplicates int      `json:"duplicates"`
	Skipped    int      `json:"skipped"`
	Warnings   []string `json:"warnings"`
}

// Writer is where extracted entries go (the ledger's batch writer).
type Writer interface {
	Add(e ledger.Entry) error
}

// Job describes one file to import.
type Job struct {
	Path   string
	Source string // forced importer name, "" = detect
	// Prepare is called on every entry before it is written (conversion).
	Prepare func(*ledger.Entry)
	// Progress, when set, is called every ProgressEvery rows.
	Progress func(rows int)
}

// ProgressEvery is the row interval of Job.Progress calls.
const ProgressEvery = 50000

// Identify opens path and picks its importer (forced or detected).
func (r *Registry) Identify(path, force string) (Importer, string, error) {
	file := filepath.Base(path)
	var imp Importer
	if force != "" {
		var err error
		if imp, err = r.Get(force); err != nil {
			return nil, "", err
		}
		return imp, file, nil
	}
	t, err := OpenTable(path)
	if err != nil {
		return nil, "", fmt.Errorf("%s: %w", file, err)
	}
	defer t.Close()
	s, err := ReadSample(t, sampleRows)
	if err != nil && len(s.Rows) == 0 {
		return nil, "", fmt.Errorf("%s: %w: %w", file, err, ledger.ErrInvalid)
	}
	imp, err = r.Detect(file, s)
	return imp, file, err
}

// FileSHA256 returns the hex SHA-256 of a file's bytes.
func FileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// Run imports one file with imp into w, streaming row by row.
func Run(ctx context.Context, imp Importer, job Job, w Writer) (FileResult, error) {
	file := filepath.Base(job.Path)
	res := FileResult{File: file, Source: imp.Name(), Warnings: []string{}}
	t, err := OpenTable(job.Path)
	if err != nil {
		return res, fmt.Errorf("%s: %w", file, err)
	}
	defer t.Close()
	s := &sink{res: &res, w: w, prepare: job.Prepare, progress: job.Progress, file: file, ctx: ctx}
	if err := imp.Import(ctx, file, t, s); err != nil {
		return res, err
	}
	return res, nil
}

type sink struct {
	ctx      context.Context
	file     string
	res      *FileResult
	w        Writer
	prepare  func(*ledger.Entry)
	progress func(int)
	lastLine int
	skipped  map[int]bool
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

func (s *sink) Skip(line int) {
	s.row(line)
	s.res.Skipped++
}
