package importers

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/incomeledger/income/errs"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/transform"
)

// maxSpan caps colspan and rowspan (HTML itself caps colspan at 1000).
const maxSpan = 1000

// openHTML reads an HTML page holding a table — what several banks
// (Vietcombank) send as ".xls". It is decided from content: the first
// non-blank text of the file must be markup that opens an HTML document or
// a table.
func openHTML(in *Input, head []byte) (*Table, error) {
	if !looksLikeHTML(head) {
		return nil, nil
	}
	return &Table{Rows: newHTMLRows(in.Reader(), head), Closer: io.NopCloser(nil), Kind: "html"}, nil
}

var htmlStarts = []string{"<!doctype html", "<html", "<table", "<head", "<body", "<meta", "<?xml", "<!--"}

// looksLikeHTML reports whether head (the start of a file) is HTML.
func looksLikeHTML(head []byte) bool {
	_, text := decodeBOM(nil, head)
	low := strings.ToLower(strings.TrimLeft(string(text), " \t\r\n"))
	if !strings.HasPrefix(low, "<") {
		return false
	}
	for _, p := range htmlStarts {
		if strings.HasPrefix(low, p) {
			// an XML declaration or a comment must be followed by HTML
			if p == "<?xml" || p == "<!--" {
				return strings.Contains(low, "<html") || strings.Contains(low, "<table")
			}
			return true
		}
	}
	return false
}

// htmlReader decodes the page to UTF-8: a byte-order mark wins, then the
// charset a <meta> tag names (golang.org/x/net/html/charset's prescan),
// then UTF-8 — not windows-1252, charset's fallback for a page that names
// none, since the banks income reads write UTF-8.
func htmlReader(r io.Reader, head []byte) io.Reader {
	if hasBOM(head) {
		text, _ := decodeBOM(r, head)
		return text
	}
	enc, name, _ := charset.DetermineEncoding(head, "")
	if name == "utf-8" || name == "windows-1252" && !bytes.Contains(bytes.ToLower(head[:min(len(head), 1024)]), []byte("charset")) {
		return r
	}
	return transform.NewReader(r, enc.NewDecoder())
}

// htmlRows streams the rows (<tr>) of every table of a page with a
// tolerant tokenizer: unclosed cells and rows end at the next one, nested
// tables are read as further rows, script and style text is ignored. Line
// is the row's number counting every <tr> of the page from 1.
type htmlRows struct {
	z    *html.Tokenizer
	line int
	// carry holds rowspan values still to repeat in the rows below, by
	// column; fresh holds those started in the current row.
	carry   map[int]*htmlCarry
	fresh   map[int]*htmlCarry
	cells   []string
	out     []string
	inRow   bool
	inCell  bool
	skip    int // depth inside <script>/<style>
	text    strings.Builder
	colspan int
	rowspan int
	done    bool
}

type htmlCarry struct {
	value string
	rows  int // rows still to fill
}

func newHTMLRows(r io.Reader, head []byte) *htmlRows {
	z := html.NewTokenizer(bufio.NewReader(htmlReader(r, head)))
	z.SetMaxBuf(4 << 20)
	return &htmlRows{z: z, carry: map[int]*htmlCarry{}, fresh: map[int]*htmlCarry{}}
}

func (h *htmlRows) Next() (Row, error) {
	for !h.done {
		tt := h.z.Next()
		switch tt {
		case html.ErrorToken:
			h.done = true
			if err := h.z.Err(); err != nil && !errors.Is(err, io.EOF) {
				return Row{}, errs.Dataf("", 0, "row %d: %v", h.line+1, err)
			}
			if h.inRow {
				return h.finishRow()
			}
		case html.TextToken:
			if h.inCell && h.skip == 0 {
				h.text.Write(h.z.Text())
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := h.z.TagName()
			a := atom.Lookup(name)
			switch a {
			case atom.Script, atom.Style:
				if tt == html.StartTagToken {
					h.skip++
				}
			case atom.Br, atom.P, atom.Div:
				if h.inCell {
					h.text.WriteByte(' ')
				}
			case atom.Tr:
				if h.inRow {
					row, err := h.finishRow()
					h.inRow = true
					return row, err
				}
				h.inRow = true
			case atom.Td, atom.Th:
				if !h.inRow {
					h.inRow = true
				}
				h.endCell()
				h.inCell = true
				h.colspan, h.rowspan = 1, 1
				for hasAttr {
					var k, v []byte
					k, v, hasAttr = h.z.TagAttr()
					switch string(k) {
					case "colspan":
						h.colspan = htmlSpan(v)
					case "rowspan":
						h.rowspan = htmlSpan(v)
					}
				}
			case atom.Table:
				if h.inRow {
					h.endCell()
				}
			}
		case html.EndTagToken:
			name, _ := h.z.TagName()
			switch atom.Lookup(name) {
			case atom.Script, atom.Style:
				if h.skip > 0 {
					h.skip--
				}
			case atom.Td, atom.Th:
				h.endCell()
			case atom.Tr, atom.Table:
				if h.inRow {
					return h.finishRow()
				}
			}
		}
	}
	return Row{}, io.EOF
}

func htmlSpan(v []byte) int {
	n, err := strconv.Atoi(strings.TrimSpace(string(v)))
	if err != nil || n < 1 {
		return 1
	}
	return min(n, maxSpan)
}

// place puts the next cell at the first column not taken by a rowspan from
// a row above.
func (h *htmlRows) place(value string, colspan, rowspan int) {
	h.fillCarried()
	if len(h.cells) >= maxSheetColumns {
		return
	}
	col := len(h.cells)
	h.cells = append(h.cells, value)
	if rowspan > 1 {
		h.fresh[col] = &htmlCarry{value: value, rows: rowspan - 1}
	}
	for i := 1; i < colspan && len(h.cells) < maxSheetColumns; i++ {
		if rowspan > 1 {
			h.fresh[len(h.cells)] = &htmlCarry{rows: rowspan - 1}
		}
		h.cells = append(h.cells, "")
	}
}

// fillCarried fills columns held by rowspans of earlier rows: the first
// column of a vertically merged cell repeats its value (as in XLSX).
func (h *htmlRows) fillCarried() {
	for len(h.cells) < maxSheetColumns {
		c, ok := h.carry[len(h.cells)]
		if !ok {
			return
		}
		h.cells = append(h.cells, c.value)
	}
}

func (h *htmlRows) endCell() {
	if !h.inCell {
		return
	}
	h.inCell = false
	v := strings.Join(strings.Fields(strings.ToValidUTF8(h.text.String(), string(utf8.RuneError))), " ")
	h.text.Reset()
	h.place(trimQuoteCell(v), h.colspan, h.rowspan)
}

// finishRow ends the row and checks its cells.
func (h *htmlRows) finishRow() (Row, error) {
	row := h.endRow()
	if err := checkCells(row.Cells, func() string { return fmt.Sprintf("row %d", row.Line) }); err != nil {
		return Row{}, err
	}
	return row, nil
}

func (h *htmlRows) endRow() Row {
	h.endCell()
	h.fillCarried()
	// rowspans from above that reach past the last cell of this row
	maxCol := -1
	for col := range h.carry {
		maxCol = max(maxCol, col)
	}
	for len(h.cells) <= maxCol && len(h.cells) < maxSheetColumns {
		if c, ok := h.carry[len(h.cells)]; ok {
			h.cells = append(h.cells, c.value)
		} else {
			h.cells = append(h.cells, "")
		}
	}
	// this row used one row of every rowspan from above
	for col, c := range h.carry {
		if c.rows--; c.rows <= 0 {
			delete(h.carry, col)
		}
	}
	for col, c := range h.fresh {
		h.carry[col] = c
		delete(h.fresh, col)
	}
	h.line++
	h.inRow = false
	h.out = append(h.out[:0], h.cells...)
	h.cells = h.cells[:0]
	return Row{Line: h.line, Cells: h.out}
}
