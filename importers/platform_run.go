package importers

// One driver for the payment-platform importers: each importer declares its
// columns (names per language) and the layouts it reads (the columns a
// header row must have), and keeps only its row rule; runPlatform finds the
// header, binds the columns, reads each row's cells, waits for the file's
// date order where dates need it, and finishes the date and balance checks.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/incomeledger/income/errs"
	"github.com/shopspring/decimal"
)

// platCol is one column a platform importer reads: its names in the
// languages the platform writes them. names[0] names it in messages.
type platCol []string

// platLayout is one header a platform writes: the columns (indexes into the
// importer's column list) a header row must have to be read as it.
type platLayout struct {
	name string
	cols []int
}

// platSpec is a platform importer's declaration.
type platSpec struct {
	what    string    // "PayPal" in "no PayPal header row found"
	cols    []platCol // every column the importer reads
	layouts []platLayout
	// dateCol is the column whose date may need the file's day/month
	// order (with dates set); -1 for none.
	dateCol int
}

// detect scores a sample against each layout; the best fit wins.
func (p *platSpec) detect(s *Sample) Match {
	var best Match
	for i, l := range p.layouts {
		m := DetectHeader(s, p.names(l)...)
		if i == 0 || (m.OK && !best.OK) || (m.OK == best.OK && m.Score > best.Score) {
			best = m
		}
	}
	return best
}

func (p *platSpec) names(l platLayout) [][]string {
	out := make([][]string, len(l.cols))
	for i, c := range l.cols {
		out[i] = p.cols[c]
	}
	return out
}

// layoutOf returns the first layout whose columns h holds, or -1.
func (p *platSpec) layoutOf(h Header) int {
	for i, l := range p.layouts {
		if len(h.Missing(p.names(l)...)) == 0 {
			return i
		}
	}
	return -1
}

// platFile is the state of one file's import that rows share.
type platFile struct {
	spec   *platSpec
	file   string
	sink   Sink
	header Header
	hline  int   // the header row's line
	layout int   // index into spec.layouts
	idx    []int // column → cell index, -1 when absent
	width  int   // cells up to the header's last named one
	nums   platNumbers
	dates  *platDates // nil: dates are read with layouts
	bal    *platBalance
	// layouts read dates when dates is nil.
	dateLayouts []string
	unknowns    []*platUnknown // row types the importer does not know, in order of first sight
}

// platTally counts rows and sums their amounts per currency.
type platTally struct {
	line  int // the first row
	n     int
	total map[string]decimal.Decimal
	curs  []string
}

func (t *platTally) add(line int, amount decimal.Decimal, currency string) {
	if t.n == 0 {
		t.line, t.total = line, map[string]decimal.Decimal{}
	}
	t.n++
	if _, ok := t.total[currency]; !ok {
		t.curs = append(t.curs, currency)
	}
	t.total[currency] = t.total[currency].Add(amount)
}

// String is "2 rows, total 12.5 USD, 3 EUR".
func (t *platTally) String() string {
	totals := make([]string, len(t.curs))
	for i, c := range t.curs {
		totals[i] = strings.TrimSpace(t.total[c].String() + " " + c)
	}
	rows := "1 row"
	if t.n != 1 {
		rows = fmt.Sprintf("%d rows", t.n)
	}
	return rows + ", total " + strings.Join(totals, ", ")
}

// platUnknown tallies the rows of one unknown row type.
type platUnknown struct {
	what string // `unknown PayPal type "X"`
	platTally
}

// unknown counts a row of an unknown type what (imported as unclassified):
// the import's summary names each type once, with its rows and total.
func (f *platFile) unknown(line int, what string, amount decimal.Decimal, currency string) {
	var u *platUnknown
	for _, x := range f.unknowns {
		if x.what == what {
			u = x
			break
		}
	}
	if u == nil {
		u = &platUnknown{what: what}
		f.unknowns = append(f.unknowns, u)
	}
	u.add(line, amount, currency)
}

// reportUnknowns warns once per unknown row type: how many rows, their
// total per currency, and the first row's line.
func (f *platFile) reportUnknowns() {
	for _, u := range f.unknowns {
		f.sink.Warn(u.line, "%s: %s, imported as unclassified (classify them by hand)", u.what, u.String())
	}
}

// platRow is one data row, bound to its file's header.
type platRow struct {
	*platFile
	line  int
	cells []string
}

// get returns the cell of column c ("" when the file has no such column),
// without the quotes a file that puts a space after each comma leaves.
func (r *platRow) get(c int) string {
	v := Cell(r.cells, r.idx[c])
	if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
		v = strings.TrimSpace(v[1 : len(v)-1])
	}
	return v
}

// errorf is a data error at the row's line.
func (r *platRow) errorf(format string, args ...any) error {
	return errs.Dataf(r.file, r.line, format, args...)
}

// amount reads the money cell of column c in the file's number style; an
// empty cell, "-" and "--" are zero.
func (r *platRow) amount(c int) (decimal.Decimal, error) {
	v, err := r.nums.parse(r.line, r.get(c))
	if err != nil {
		return v, r.errorf("%s: %w", r.spec.cols[c][0], err)
	}
	return v, nil
}

// amounts reads the money cells of cols, in order.
func (r *platRow) amounts(cols ...int) ([]decimal.Decimal, error) {
	out := make([]decimal.Decimal, len(cols))
	for i, c := range cols {
		v, err := r.amount(c)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

// optAmount reads column c as amount does, and says whether the cell held
// a number at all (a blank, "...", "…" or "--" cell holds none).
func (r *platRow) optAmount(c int) (decimal.NullDecimal, error) {
	switch strings.TrimSpace(r.get(c)) {
	case "", "--", "...", "…":
		return decimal.NullDecimal{}, nil
	}
	v, err := r.amount(c)
	if err != nil {
		return decimal.NullDecimal{}, err
	}
	return decimal.NewNullDecimal(v), nil
}

// date reads the date cell of column c.
func (r *platRow) date(c int) (time.Time, error) {
	var t time.Time
	var err error
	if r.dates != nil {
		t, err = r.dates.parse(r.get(c))
	} else {
		t, err = ParseDate(r.get(c), r.dateLayouts...)
	}
	if err != nil {
		return t, errs.Data(r.file, r.line, err)
	}
	return t, nil
}

// platHooks is what an importer does with its file: start runs once the
// header is bound (it may set the date fallback), row runs per data row
// (rows keep file order, but may run late, once the file shows its date
// order), and end runs after the last row, before the balance check ends.
type platHooks struct {
	start func(f *platFile)
	see   func(r *platRow) // every data row, in file order, before any waits for the date order
	row   func(r *platRow) error
	end   func() error
}

// runPlatform reads a platform file: rows before the first header row of
// any layout are skipped, blank rows too; a row with fewer cells than the
// header is refused (a download cut short); errors name file:line.
func runPlatform(ctx context.Context, f *platFile, rows Rows, h platHooks) error {
	if f.dates != nil {
		f.dates.file = f.file
	}
	reuse := platRow{platFile: f} // the row of formats whose rows never wait
	var closest platClosest
	for {
		row, err := rows.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return errs.Data(f.file, 0, err)
		}
		if f.header == nil {
			hh := NewHeader(row.Cells)
			if f.layout = f.spec.layoutOf(hh); f.layout < 0 {
				closest.see(f.spec, hh, row.Line)
				continue
			}
			f.bind(hh, row.Cells)
			f.hline = row.Line
			if h.start != nil {
				h.start(f)
			}
			continue
		}
		if isBlank(row.Cells) {
			continue
		}
		if len(row.Cells) < f.width {
			return errs.Dataf(f.file, row.Line, "the row has %d cells but the header has %d: the file looks cut off (download it again)", len(row.Cells), f.width)
		}
		if row.Line%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		waits := f.dates != nil && f.spec.dateCol >= 0
		r := &reuse
		if waits {
			// the row may run after the next is read: keep its own cells
			r = &platRow{platFile: f, line: row.Line, cells: append([]string(nil), row.Cells...)}
		} else {
			r.line, r.cells = row.Line, row.Cells
		}
		if h.see != nil {
			h.see(r)
		}
		if !waits {
			err = h.row(r)
		} else {
			err = f.dates.do(f.sink, row.Line, r.get(f.spec.dateCol), func() error { return h.row(r) })
		}
		if err != nil {
			return err
		}
	}
	if f.header == nil {
		return errs.Dataf(f.file, 0, "no %s header row found%s", f.spec.what, closest)
	}
	if f.dates != nil {
		if err := f.dates.finish(f.sink); err != nil {
			return err
		}
	}
	if h.end != nil {
		if err := h.end(); err != nil {
			return err
		}
	}
	f.reportUnknowns()
	if f.bal != nil {
		f.bal.finish(f.sink)
	}
	return nil
}

// bind indexes the columns of header row cells.
func (f *platFile) bind(h Header, cells []string) {
	f.header = h
	f.idx = make([]int, len(f.spec.cols))
	for i, names := range f.spec.cols {
		f.idx[i] = h.Index(names...)
	}
	for i := len(cells) - 1; i >= 0; i-- {
		if strings.TrimSpace(cells[i]) != "" {
			f.width = i + 1
			break
		}
	}
}

// describeLayouts lists a spec's layouts for Describe.
func (p *platSpec) describeLayouts() string {
	var b strings.Builder
	for i, l := range p.layouts {
		if i > 0 {
			b.WriteString("; ")
		}
		fmt.Fprintf(&b, "%s (header %s)", l.name, strings.Join(flatFirst(p.names(l)), ", "))
	}
	return b.String()
}

// platClosest remembers the row that came nearest to a header of the
// format, for the message when none fits.
type platClosest struct {
	line    int
	missing []string
}

func (c *platClosest) see(spec *platSpec, h Header, line int) {
	for _, l := range spec.layouts {
		m := h.Missing(spec.names(l)...)
		if len(m) < len(l.cols) && (c.line == 0 || len(m) < len(c.missing)) {
			c.line, c.missing = line, m
		}
	}
}

// String is "" or " (closest: line 3 lacks "Fee", "Net")".
func (c platClosest) String() string {
	if c.line == 0 {
		return ""
	}
	return fmt.Sprintf(" (closest: line %d lacks %s)", c.line, quoteList(c.missing))
}
