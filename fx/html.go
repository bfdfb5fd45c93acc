package fx

import (
	"bytes"
	"html"
	"strings"
)

// htmlRow is one table row of an HTML page: the line its <tr> (or first
// cell) starts on and the collapsed text of each cell.
type htmlRow struct {
	Line  int
	Cells []string
}

// scanHTML is a small, forgiving reader for the saved rate pages: it
// returns the rows of every table and the page's visible text (tags
// removed, entities decoded, block tags read as spaces). It never fails;
// a malformed page just yields fewer rows.
func scanHTML(b []byte) (rows []htmlRow, text string) {
	var (
		page    strings.Builder
		cur     *htmlRow
		cell    *strings.Builder
		line    = 1
		tagLine int
	)
	closeCell := func() {
		if cell != nil && cur != nil {
			cur.Cells = append(cur.Cells, collapse(html.UnescapeString(cell.String())))
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
	i := 0
	for i < len(b) {
		if b[i] != '<' {
			j := bytes.IndexByte(b[i:], '<')
			if j < 0 {
				j = len(b) - i
			}
			seg := b[i : i+j]
			line += bytes.Count(seg, []byte{'\n'})
			page.Write(seg)
			if cell != nil {
				cell.Write(seg)
			}
			i += j
			continue
		}
		if bytes.HasPrefix(b[i:], []byte("<!--")) {
			end := bytes.Index(b[i+4:], []byte("-->"))
			if end < 0 {
				end = len(b) - i - 4
			} else {
				end += 3
			}
			line += bytes.Count(b[i:i+4+end], []byte{'\n'})
			i += 4 + end
			continue
		}
		end := tagEnd(b, i)
		tagLine = line
		line += bytes.Count(b[i:end], []byte{'\n'})
		name, closing := tagName(b[i+1 : end])
		i = end + 1
		if i > len(b) {
			i = len(b)
		}
		switch name {
		case "script", "style":
			if !closing {
				skip := indexFold(b[i:], "</"+name)
				if skip < 0 {
					skip = len(b) - i
				}
				line += bytes.Count(b[i:i+skip], []byte{'\n'})
				i += skip
			}
		case "tr":
			closeRow()
			if !closing {
				cur = &htmlRow{Line: tagLine}
			}
		case "td", "th":
			closeCell()
			if !closing {
				if cur == nil {
					cur = &htmlRow{Line: tagLine}
				}
				cell = &strings.Builder{}
			}
		case "table", "thead", "tbody", "tfoot":
			closeRow()
		}
		if isBlockTag(name) {
			page.WriteByte(' ')
			if cell != nil {
				cell.WriteByte(' ')
			}
		}
	}
	closeRow()
	return rows, collapse(html.UnescapeString(page.String()))
}

// tagEnd returns the index of the '>' closing the tag that starts at i,
// skipping quoted attribute values, or len(b) if there is none.
func tagEnd(b []byte, i int) int {
	var quote byte
	for j := i + 1; j < len(b); j++ {
		c := b[j]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '>':
			return j
		}
	}
	return len(b)
}

// tagName returns the lower-case name of a tag's inside ("/td class=x").
func tagName(in []byte) (string, bool) {
	closing := false
	if len(in) > 0 && in[0] == '/' {
		closing, in = true, in[1:]
	}
	n := 0
	for n < len(in) {
		c := in[n]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			break
		}
		n++
	}
	return strings.ToLower(string(in[:n])), closing
}

func isBlockTag(name string) bool {
	switch name {
	case "br", "p", "div", "li", "ul", "ol", "tr", "td", "th", "table", "thead", "tbody",
		"h1", "h2", "h3", "h4", "h5", "h6", "section", "header", "footer", "option":
		return true
	}
	return false
}

// indexFold finds sub in b, ignoring ASCII case.
func indexFold(b []byte, sub string) int {
	n, s := len(sub), []byte(sub)
	for i := 0; i+n <= len(b); i++ {
		if bytes.EqualFold(b[i:i+n], s) {
			return i
		}
	}
	return -1
}
