package report

import (
	"encoding/csv"
	"io"
	"strings"

	"github.com/incomeledger/income/internal/textfmt"
)

// Table writes rows as an aligned table (on a terminal), tab-separated
// values (piped) or CSV. Text cells go through textfmt.Cell (control
// characters escaped, invalid UTF-8 as U+FFFD); on a terminal, columns are
// sized on display width and number columns are right-aligned. CSV cells
// are neutralised against formula injection (see SafeCell).
//
// Headers are given as keys ("amount", "home_amount"): a CSV header is the
// key in lower case, as the JSON keys are, and a text header is the key in
// upper case.
type Table struct {
	w  io.Writer
	tt *textfmt.Table
	cw *csv.Writer
}

// NewTable starts a table with its header. format is "csv" or anything else
// for text; tty picks alignment over plain tab separation.
func NewTable(w io.Writer, format string, tty bool, header ...string) *Table {
	t := &Table{w: w}
	head := make([]string, len(header))
	for i, h := range header {
		head[i] = strings.ToUpper(h)
	}
	switch {
	case format == "csv":
		t.cw = csv.NewWriter(w)
		for i, h := range header {
			head[i] = strings.ToLower(h)
		}
	case tty:
		t.tt = textfmt.NewTable(w, 2, head...)
		return t
	}
	t.Row(head...)
	return t
}

// Row adds one row.
func (t *Table) Row(cells ...string) {
	switch {
	case t.cw != nil:
		safe := make([]string, len(cells))
		for i, c := range cells {
			safe[i] = SafeCell(textfmt.CSVCell(c))
		}
		t.cw.Write(safe)
	case t.tt != nil:
		t.tt.Row(cells...)
	default:
		clean := make([]string, len(cells))
		for i, c := range cells {
			clean[i] = textfmt.Cell(c)
		}
		io.WriteString(t.w, strings.Join(clean, "\t")+"\n")
	}
}

// Flush writes what is buffered.
func (t *Table) Flush() error {
	switch {
	case t.cw != nil:
		t.cw.Flush()
		return t.cw.Error()
	case t.tt != nil:
		return t.tt.Flush()
	}
	return nil
}

// SafeCell neutralises a CSV cell that a spreadsheet would run as a formula
// (OWASP "CSV injection": cells starting with = + - @ tab or CR get a
// leading single quote). Numbers are left alone, so "-12.50" stays a number.
func SafeCell(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		if textfmt.IsNumber(s) {
			return s
		}
		return "'" + s
	}
	return s
}
