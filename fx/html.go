package fx

import (
	"bytes"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// htmlRow is one table row of an HTML page: the line its <tr> (or first
// cell) starts on and the collapsed text of each cell.
type htmlRow struct {
	Line  int
	Cells []string
}

// scanHTML reads the saved rate pages with golang.org/x/net/html's
// tokenizer: it returns the rows of every table and the page's visible
// text (tags removed, entities decoded, block tags read as spaces, script
// and style left out). It never fails; a malformed page just yields fewer
// rows.
func scanHTML(b []byte) (rows []htmlRow, text string) {
	var (
		page strings.Builder
		cur  *htmlRow
		cell *strings.Builder
		line = 1
		skip int // depth inside <script>/<style>
	)
	closeCell := func() {
		if cell != nil && cur != nil {
			cur.Cells = append(cur.Cells, collapse(cell.String()))
		}
		cell = nil
	}
	closeRow := func() {
		closeCell()
		if cur != nil && len(cur.Cells) > 0 {
			rows = append(rows, *cur)
		}
		cur = nil
	}
	z := html.NewTokenizer(bytes.NewReader(b))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		tagLine := line
		line += bytes.Count(z.Raw(), []byte{'\n'})
		switch tt {
		case html.TextToken:
			if skip > 0 {
				continue
			}
			t := z.Text()
			page.Write(t)
			if cell != nil {
				cell.Write(t)
			}
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			closing := tt == html.EndTagToken
			switch a {
			case atom.Script, atom.Style:
				if tt == html.StartTagToken {
					skip++
				} else if closing && skip > 0 {
					skip--
				}
			case atom.Tr:
				closeRow()
				if !closing {
					cur = &htmlRow{Line: tagLine}
				}
			case atom.Td, atom.Th:
				closeCell()
				if !closing {
					if cur == nil {
						cur = &htmlRow{Line: tagLine}
					}
					cell = &strings.Builder{}
				}
			case atom.Table, atom.Thead, atom.Tbody, atom.Tfoot:
				closeRow()
			}
			if isBlockTag(a) {
				page.WriteByte(' ')
				if cell != nil {
					cell.WriteByte(' ')
				}
			}
		}
	}
	closeRow()
	return rows, collapse(page.String())
}

func isBlockTag(a atom.Atom) bool {
	switch a {
	case atom.Br, atom.P, atom.Div, atom.Li, atom.Ul, atom.Ol, atom.Tr, atom.Td, atom.Th, atom.Table, atom.Thead, atom.Tbody,
		atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Section, atom.Header, atom.Footer, atom.Option:
		return true
	}
	return false
}
