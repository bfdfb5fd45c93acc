package textfmt

import (
	"io"
	"strings"
)

// Table lays out rows in columns for a terminal. Every cell goes through
// Cell (control characters escaped, NFC), widths are display widths (so
// NFD Vietnamese or CJK text lines up), and a column whose every non-empty
// body cell is a number ("1,234.50", "-12", "0.125") is right-aligned, its
// header too. Rows are kept until Flush, which needs every row to size the
// columns.
type Table struct {
	w    io.Writer
	gap  int
	rows [][]string
}

// NewTable starts a table with its header row (the first row, whatever it
// holds); gap is the number of spaces between columns.
func NewTable(w io.Writer, gap int, header ...string) *Table {
	t := &Table{w: w, gap: gap}
	t.Row(header...)
	return t
}

// Row adds a row; missing cells are empty.
func (t *Table) Row(cells ...string) {
	row := make([]string, len(cells))
	for i, c := range cells {
		row[i] = Cell(c)
	}
	t.rows = append(t.rows, row)
}

// Flush writes the table and forgets its rows.
func (t *Table) Flush() error {
	cols := 0
	for _, r := range t.rows {
		cols = max(cols, len(r))
	}
	widths := make([]int, cols)
	numeric := make([]bool, cols)
	for c := range numeric {
		numeric[c] = true
	}
	seen := make([]bool, cols)
	for i, r := range t.rows {
		for c, cell := range r {
			widths[c] = max(widths[c], Width(cell))
			if i > 0 && cell != "" {
				seen[c] = true
				numeric[c] = numeric[c] && IsNumber(cell)
			}
		}
	}
	var b strings.Builder
	for _, r := range t.rows {
		b.Reset()
		// The last non-empty cell ends the line: no trailing spaces.
		last := len(r) - 1
		for last >= 0 && r[last] == "" {
			last--
		}
		for c := 0; c <= last; c++ {
			if c > 0 {
				b.WriteString(strings.Repeat(" ", t.gap))
			}
			pad := strings.Repeat(" ", widths[c]-Width(r[c]))
			if numeric[c] && seen[c] {
				b.WriteString(pad)
				b.WriteString(r[c])
			} else {
				b.WriteString(r[c])
				if c < last {
					b.WriteString(pad)
				}
			}
		}
		b.WriteByte('\n')
		if _, err := io.WriteString(t.w, b.String()); err != nil {
			return err
		}
	}
	t.rows = nil
	return nil
}

// IsNumber reports a plain or grouped decimal number with an optional
// sign: "12", "-1,234.50", "0.125", "+3". Grouping must be by threes.
func IsNumber(s string) bool {
	if s != "" && (s[0] == '-' || s[0] == '+') {
		s = s[1:]
	}
	intPart, frac, hasFrac := strings.Cut(s, ".")
	if intPart == "" || hasFrac && (frac == "" || !digits(frac)) {
		return false
	}
	groups := strings.Split(intPart, ",")
	for i, g := range groups {
		if !digits(g) || i > 0 && len(g) != 3 || len(groups) > 1 && i == 0 && len(g) > 3 {
			return false
		}
	}
	return true
}

func digits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
