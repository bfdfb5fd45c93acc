package importers

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Table is an opened input file read as rows, whatever its container.
type Table struct {
	Rows
	io.Closer
	Kind string // "csv", "tsv", …
}

// opener reads a file whose first bytes are head, or returns nil.
type opener func(path string, head []byte) (*Table, error)

// extraOpeners are tried before the delimited-text reader (XLSX, HTML).
var extraOpeners = []opener{openXLSX, openHTML}

// OpenTable opens path and decides from its content how to read it.
func OpenTable(path string) (*Table, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	head := make([]byte, 4096)
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		f.Close()
		return nil, err
	}
	head = head[:n]
	f.Close()
	for _, op := range extraOpeners {
		t, err := op(path, head)
		if err != nil || t != nil {
			return t, err
		}
	}
	f, err = os.Open(path)
	if err != nil {
		return nil, err
	}
	t, err := NewDelimited(f, head)
	if err != nil {
		f.Close()
		return nil, err
	}
	t.Closer = f
	return t, nil
}

// NewDelimited reads CSV or TSV text (UTF-8 with or without BOM, or UTF-16
// with BOM) from r. head is the start of r, used to pick the encoding and
// the delimiter; r itself is read from its beginning.
func NewDelimited(r io.Reader, head []byte) (*Table, error) {
	var text io.Reader = r
	switch {
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}), bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		text = transform.NewReader(r, unicode.BOMOverride(unicode.UTF8.NewDecoder()))
		dec, _, _ := transform.Bytes(unicode.BOMOverride(unicode.UTF8.NewDecoder()), head[:len(head)&^1])
		head = dec
	default:
		br := bufio.NewReader(r)
		if b, _ := br.Peek(3); bytes.Equal(b, []byte{0xEF, 0xBB, 0xBF}) {
			br.Discard(3)
			head = head[3:]
		}
		text = br
	}
	delim := sniffDelimiter(head)
	cr := csv.NewReader(text)
	cr.Comma = delim
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	cr.ReuseRecord = true
	kind := "csv"
	if delim == '\t' {
		kind = "tsv"
	}
	return &Table{Rows: &csvRows{r: cr}, Closer: io.NopCloser(nil), Kind: kind}, nil
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
	c.cells = c.cells[:0]
	for _, v := range rec {
		c.cells = append(c.cells, strings.TrimSpace(v))
	}
	return Row{Line: line, Cells: c.cells}, nil
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
