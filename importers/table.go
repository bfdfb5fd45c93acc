package importers

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Table is an opened input file read as rows, whatever its container.
type Table struct {
	Rows
	io.Closer
	Kind string // "csv", "tsv", …
}

// opener reads an input whose first bytes are head, or returns nil.
type opener func(in *Input, head []byte) (*Table, error)

// extraOpeners are tried before the delimited-text reader (XLSX, HTML).
var extraOpeners = []opener{openXLSX, openHTML}

// OpenTable opens path and reads it as a table (Close closes the file).
func OpenTable(path string) (*Table, error) {
	in, err := OpenInput(path)
	if err != nil {
		return nil, err
	}
	t, err := in.Table()
	if err != nil {
		in.Close()
		return nil, err
	}
	t.Closer = closeBoth{t.Closer, in}
	return t, nil
}

type closeBoth [2]io.Closer

func (c closeBoth) Close() error {
	err := c[0].Close()
	if err2 := c[1].Close(); err == nil {
		err = err2
	}
	return err
}

// Table reads the input from its start, deciding from its content how.
// Closing the table leaves the input open.
func (in *Input) Table() (*Table, error) {
	head := make([]byte, 4096)
	n, err := io.ReadFull(in.Reader(), head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return nil, err
	}
	head = head[:n]
	for _, op := range extraOpeners {
		t, err := op(in, head)
		if err != nil || t != nil {
			return t, err
		}
	}
	return NewDelimited(in.Reader(), head)
}

// NewDelimited reads CSV or TSV text (UTF-8 with or without BOM, or UTF-16
// with BOM; LF, CRLF or CR line ends) from r. head is the start of r, used
// to pick the encoding and the delimiter; r itself is read from its
// beginning. Lines are at most MaxLineBytes long; invalid UTF-8 in a cell
// reads as U+FFFD.
func NewDelimited(r io.Reader, head []byte) (*Table, error) {
	text, head := decodeBOM(r, head)
	head = bytes.ReplaceAll(bytes.ReplaceAll(head, []byte("\r\n"), []byte("\n")), []byte("\r"), []byte("\n"))
	delim := sniffDelimiter(head)
	lr := newLineReader(text, MaxLineBytes)
	cr := csv.NewReader(lr)
	cr.Comma = delim
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	cr.ReuseRecord = true
	kind := "csv"
	if delim == '\t' {
		kind = "tsv"
	}
	return &Table{Rows: &csvRows{r: cr, lr: lr}, Closer: io.NopCloser(nil), Kind: kind}, nil
}

// sniffDelimiter picks the delimiter that appears most in the first lines
// outside quotes: tab, semicolon or comma.
func sniffDelimiter(head []byte) rune {
	counts := map[rune]int{}
	inQuote := false
	lines := 0
	for _, c := range string(head) {
		switch {
		case c == '"':
			inQuote = !inQuote
		case inQuote:
		case c == '\n':
			lines++
		case c == '\t' || c == ';' || c == ',':
			counts[c]++
		}
		if lines >= 5 {
			break
		}
	}
	best, n := ',', counts[',']
	for _, c := range []rune{'\t', ';'} {
		if counts[c] > n {
			best, n = c, counts[c]
		}
	}
	return best
}

type csvRows struct {
	r     *csv.Reader
	lr    *lineReader
	cells []string
}

func (c *csvRows) Next() (Row, error) {
	rec, err := c.r.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return Row{}, io.EOF
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return Row{}, fmt.Errorf("line %d: %w", pe.StartLine, pe.Err)
		}
		return Row{}, err
	}
	line, _ := c.r.FieldPos(0)
	last, _ := c.r.FieldPos(len(rec) - 1)
	c.cells = c.cells[:0]
	for _, v := range rec {
		c.cells = append(c.cells, validText(strings.TrimSpace(v)))
	}
	if err := checkCells(c.cells, func() string { return fmt.Sprintf("line %d", line) }); err != nil {
		return Row{}, err
	}
	return Row{Line: line, Cells: c.cells, Cut: c.lr.cutAt(last)}, nil
}

// ReadSample reads up to n rows from rows (copied, so the reader may reuse
// its buffers).
func ReadSample(rows Rows, n int) (*Sample, error) {
	s := &Sample{}
	for len(s.Rows) < n {
		row, err := rows.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return s, err
		}
		s.Rows = append(s.Rows, append([]string(nil), row.Cells...))
	}
	return s, nil
}
