package importers

import (
	"bytes"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/incomeledger/income/errs"
	"github.com/incomeledger/income/internal/bom"
	"github.com/incomeledger/income/internal/textfmt"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// The one place that reads a byte-order mark: a UTF-8 BOM is dropped, a
// UTF-16 one (either order) decodes the text to UTF-8.
var (
	bomUTF8    = []byte(bom.UTF8)
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
)

func hasBOM(head []byte) bool {
	return bytes.HasPrefix(head, bomUTF8) || bytes.HasPrefix(head, bomUTF16LE) || bytes.HasPrefix(head, bomUTF16BE)
}

// decodeBOM returns r, and head (the start of r), as UTF-8 text without a
// byte-order mark. Text without a BOM is returned as it is.
func decodeBOM(r io.Reader, head []byte) (io.Reader, []byte) {
	if !hasBOM(head) {
		return r, head
	}
	dec := func() transform.Transformer { return unicode.BOMOverride(unicode.UTF8.NewDecoder()) }
	h := head
	if !bytes.HasPrefix(head, bomUTF8) {
		h = head[:len(head)&^1] // whole UTF-16 code units
	}
	text, _, _ := transform.Bytes(dec(), h)
	return transform.NewReader(r, dec()), text
}

// validText replaces invalid UTF-8 in a cell with U+FFFD, so that every
// export of the ledger stays readable whatever bytes a file held.
func validText(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	return strings.ToValidUTF8(s, string(utf8.RuneError))
}

// lineReader normalises line ends to "\n" (CRLF and a lone CR, as old Mac
// exports write, alike) and refuses a line longer than max bytes.
type lineReader struct {
	r      io.Reader
	max    int
	run    int  // bytes since the last line end
	line   int  // 1-based line being read
	prevCR bool // the last byte read was a CR (a following LF is dropped)
	eof    bool // r has ended
	err    error
}

// cutAt reports whether the text ended inside line, with no line end
// after it (a download cut short, or a file without a final newline).
func (l *lineReader) cutAt(line int) bool { return l.eof && l.run > 0 && line == l.line }

func newLineReader(r io.Reader, max int) *lineReader { return &lineReader{r: r, max: max, line: 1} }

func (l *lineReader) Read(p []byte) (int, error) {
	if l.err != nil {
		return 0, l.err
	}
	n, err := l.r.Read(p)
	w := 0
	for i := 0; i < n; i++ {
		c := p[i]
		switch {
		case c == '\r':
			c = '\n'
			l.prevCR = true
		case c == '\n' && l.prevCR:
			l.prevCR = false
			continue
		default:
			l.prevCR = false
		}
		if c == '\n' {
			l.line++
			l.run = 0
		} else if l.run++; l.run > l.max {
			l.err = errs.Dataf("", 0, "line %d: longer than %d bytes (the file is not a statement, or has no line ends)", l.line, l.max)
			return w, l.err
		}
		p[w] = c
		w++
	}
	if err == io.EOF {
		l.eof = true
	}
	if w == 0 && n > 0 && err == nil {
		return l.Read(p) // only a dropped LF: read on rather than return 0, nil
	}
	return w, err
}

// quoteCell quotes a cell's text for a message, clipped to 80 characters
// so that a huge cell cannot make a huge message.
func quoteCell(s string) string { return strconv.Quote(textfmt.Clip(s, 80)) }

// MaxCellBytes is the longest cell a table may hold (README "Inputs"):
// statements hold short cells, and every importer folds and compares the
// cells of its sample, which a cell of megabytes would make take minutes.
const MaxCellBytes = 64 << 10

// checkCells refuses a row with a cell longer than MaxCellBytes; where
// names the row ("line 3", "sheet \"S\" row 3").
func checkCells(cells []string, where func() string) error {
	for i, c := range cells {
		if len(c) > MaxCellBytes {
			return errs.Dataf("", 0, "%s: cell %d holds %d KiB; income reads cells up to %d KiB", where(), i+1, len(c)>>10, MaxCellBytes>>10)
		}
	}
	return nil
}
