package report

import "github.com/xuri/excelize/v2"

// rows writes one sheet row by row with a stream writer. It keeps the first
// error: after one, every call does nothing, and flush returns it. So a
// sheet is written as a plain list of rows, checked once at the end.
type rows struct {
	sw  *excelize.StreamWriter
	row int
	err error
}

// stream starts a sheet with its column widths (in characters), the styles
// of whole columns, and the number of rows frozen at the top.
func (b *book) stream(sheet string, widths []int, styles map[int]string, freeze int) *rows {
	sw, err := b.f.NewStreamWriter(sheet)
	r := &rows{sw: sw, err: err}
	if err != nil {
		return r
	}
	// Each call moves its column to the front of the sheet's <cols>, which
	// must be in ascending order: so go from the last column to the first.
	for c := len(widths); c >= 1; c-- {
		r.do(sw.SetColWidth(c, c, width(widths[c-1])))
		if st, ok := styles[c]; ok {
			r.do(sw.SetColStyle(c, c, b.style(st)))
		}
	}
	if freeze > 0 {
		r.do(sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: freeze, TopLeftCell: cellName(1, freeze+1), ActivePane: "bottomLeft"}))
	}
	return r
}

// do keeps err if it is the first error.
func (r *rows) do(err error) {
	if r.err == nil {
		r.err = err
	}
}

// add writes the next row.
func (r *rows) add(cells ...any) {
	if r.err != nil {
		return
	}
	r.row++
	r.err = r.sw.SetRow(cellName(1, r.row), cells)
}

// skip leaves the next row empty.
func (r *rows) skip() { r.row++ }

// table makes rows first..last a defined table (header at first), which
// gives the autofilter.
func (r *rows) table(name string, first, cols int) {
	if r.err != nil {
		return
	}
	last := r.row
	if last <= first {
		last = first + 1
	}
	r.err = r.sw.AddTable(&excelize.Table{Range: cellName(1, first) + ":" + cellName(cols, last), Name: name, StyleName: "TableStyleLight9"})
}

// flush ends the sheet and returns the first error met while writing it.
func (r *rows) flush() error {
	if r.err != nil {
		return r.err
	}
	return r.sw.Flush()
}
