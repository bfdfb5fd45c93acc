package report

import (
	"encoding/csv"
	"io"
	"strings"
	"text/tabwriter"
)

// Table writes rows as an aligned table (on a terminal), tab-separated
// values (piped) or CSV. CSV cells are neutralised against formula
// injection (see SafeCell).
type Table struct {
	w      io.Writer
	format string
	tw     *tabwriter.Writer
	cw     *csv.Writer
}

// NewTable starts a table with its header. format is "csv" or anything else
// for text; tty picks alignment over plain tab separation.
func NewTable(w io.Writer, format string, tty bool, header ...string) *Table {
	t := &Table{w: w, format: format}
	switch {
	case format == "csv":
		t.cw = csv.NewWriter(w)
	case tty:
		t.tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	}
	t.Row(header...)
	return t
}

// Row adds one row.
func (t *Table) Row(cells ...string) {
	switch {
	case t.cw != nil:
		safe := make([]string, len(cells))
		for i, c := range cells {
			safe[i] = SafeCell(c)
		}
		t.cw.Write(safe)
	case t.tw != nil:
		io.WriteString(t.tw, strings.Join(clean(cells), "\t")+"\n")
	default:
		io.WriteString(t.w, strings.Join(clean(cells), "\t")+"\n")
	}
}

// Flush writes what is buffered.
func (t *Table) Flush() error {
	switch {
	case t.cw != nil:
		t.cw.Flush()
		return t.cw.Error()
	case t.tw != nil:
		return t.tw.Flush()
	}
	return nil
}

func clean(cells []string) []string {
	out := make([]string, len(cells))
	for i, c := range cells {
		out[i] = strings.NewReplacer("\t", " ", "\n", " ", "\r", " ").Replace(c)
	}
	return out
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
		if isNumber(s) {
			return s
		}
		return "'" + s
	}
	return s
}

func isNumber(s string) bool {
	if s[0] == '-' || s[0] == '+' {
		s = s[1:]
	}
	if s == "" {
		return false
	}
	dot := false
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
		case r == '.' && !dot:
			dot = true
		default:
			return false
		}
	}
	return true
}
