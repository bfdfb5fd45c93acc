package importers

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/incomeledger/income/errs"
	"github.com/incomeledger/income/internal/textfmt"
	"github.com/xuri/excelize/v2"
)

// xlsxMergeLimit is the largest workbook (bytes on disk) whose merged cells
// are resolved. Reading merges makes excelize load a whole worksheet into
// memory, which is fine for bank statements (a few hundred KiB) but not for
// a million-row export; above this size rows still stream, and a merged
// cell's value is seen only in its top-left cell.
const xlsxMergeLimit = 16 << 20

// Limits on a workbook (README "Inputs"): a zip bomb is refused from the
// sizes its directory declares (archive/zip then refuses any part that
// inflates past its declared size) before anything is inflated. Reading a
// huge part is slow and holds its largest cell several times over
// (measured: a 63 MiB shared string took 5.5 s and 284 MB), so the part
// limit bounds time and memory: bank statements are a few hundred KiB;
// larger exports are read as CSV.
const (
	// MaxXLSXBytes is the largest workbook file.
	MaxXLSXBytes = 64 << 20
	// MaxXLSXPart caps the inflated size of any one part (a worksheet,
	// the shared strings).
	MaxXLSXPart = 16 << 20
	// MaxXLSXInflated caps the sum of the inflated sizes of its parts.
	MaxXLSXInflated = 128 << 20
	// MaxXLSXRatio caps inflated/compressed size beyond the first
	// xlsxRatioFree bytes: spreadsheets compress about 5-20 times.
	MaxXLSXRatio  = 100
	xlsxRatioFree = 16 << 20
	// xlsxXMLMemory is how large a worksheet or string table may be to be
	// held in memory (larger ones excelize writes to a temporary file): at
	// MaxXLSXPart no part ever is, so a killed import leaves no file behind.
	xlsxXMLMemory = MaxXLSXPart
)

// checkZipSizes refuses a workbook whose parts declare more inflated bytes
// than the limits allow.
func checkZipSizes(in *Input) error {
	zr, err := zip.NewReader(in.Reader(), in.Size())
	if err != nil {
		return errs.Dataf("", 0, "not a readable XLSX workbook: %s", textfmt.Clip(err.Error(), 200))
	}
	var total uint64
	for _, f := range zr.File {
		total += f.UncompressedSize64
		name := quoteCell(f.Name)
		switch {
		case total > xlsxRatioFree+MaxXLSXRatio*uint64(in.Size()):
			return errs.Dataf("", 0, "the workbook inflates to more than %d MiB from %d KiB (part %s): refused as a zip bomb (income reads at most %d times the file size)",
				total>>20, in.Size()>>10, name, MaxXLSXRatio)
		case f.UncompressedSize64 > MaxXLSXPart:
			return errs.Dataf("", 0, "part %s of the workbook inflates to %d MiB; income reads parts up to %d MiB (save the sheet as CSV)", name, f.UncompressedSize64>>20, MaxXLSXPart>>20)
		case total > MaxXLSXInflated:
			return errs.Dataf("", 0, "the workbook inflates to more than %d MiB; income reads up to %d MiB (save the sheet as CSV)", total>>20, MaxXLSXInflated>>20)
		}
	}
	return nil
}

// maxSheetColumns caps a row's width (Excel's own limit is 16,384).
const maxSheetColumns = 16384

var (
	zipMagic = []byte("PK\x03\x04")
	// oleMagic starts Excel 97-2003 workbooks and encrypted .xlsx files.
	oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
)

// openXLSX reads an Office Open XML workbook, decided from content (a zip
// archive), never from the file name. Every sheet is read in workbook
// order, so an importer finds its header in the first sheet that holds it.
// Cells are read as Excel shows them (number formats applied), except that
// dates stored with the regional short-date format come out as YYYY-MM-DD.
func openXLSX(in *Input, head []byte) (*Table, error) {
	if bytes.HasPrefix(head, oleMagic) {
		return nil, errs.Dataf("", 0, "an Excel 97-2003 (.xls) or password-protected workbook cannot be read; open it in a spreadsheet program and save it as .xlsx or CSV")
	}
	if !bytes.HasPrefix(head, zipMagic) {
		return nil, nil
	}
	return newXLSX(in)
}

func newXLSX(in *Input) (t *Table, err error) {
	defer recoverReader("XLSX workbook", &err)
	if in.Size() > MaxXLSXBytes {
		return nil, errs.Dataf("", 0, "the workbook is %d MiB; income reads workbooks up to %d MiB (save it as CSV)", in.Size()>>20, MaxXLSXBytes>>20)
	}
	if err := checkZipSizes(in); err != nil {
		return nil, err
	}
	f, err := excelize.OpenReader(in.Reader(), excelize.Options{
		ShortDatePattern:  "yyyy-mm-dd",
		UnzipSizeLimit:    MaxXLSXInflated,
		UnzipXMLSizeLimit: xlsxXMLMemory,
	})
	if err != nil {
		return nil, errs.Dataf("", 0, "not a readable XLSX workbook: %s", textfmt.Clip(err.Error(), 200))
	}
	x := &xlsxRows{f: f, sheets: f.GetSheetList(), si: -1}
	if in.Size() <= xlsxMergeLimit {
		x.merges = true
	}
	if p, err := f.GetWorkbookProps(); err == nil && p.Date1904 != nil {
		x.date1904 = *p.Date1904
	}
	return &Table{Rows: x, Closer: x, Kind: "xlsx"}, nil
}

// recoverReader turns a panic inside a third-party reader into an invalid
// data error, so that no input file can crash the program.
func recoverReader(what string, err *error) {
	if r := recover(); r != nil {
		*err = errs.Dataf("", 0, "unreadable %s: %s", what, textfmt.Clip(fmt.Sprint(r), 200))
	}
}

// xlsxRows streams the rows of every sheet with excelize's Rows iterator.
// Line is the row number within its sheet (as Excel shows it); Sheet tells
// which sheet a row is on.
type xlsxRows struct {
	f        *excelize.File
	sheets   []string
	si       int // index of the current sheet in sheets
	rows     *excelize.Rows
	row      int // current row number in the sheet
	merges   bool
	date1904 bool
	// down holds the vertical merged ranges of the current sheet: the value
	// of the top-left cell is repeated in the rows below it.
	down  []mergeDown
	cells []string
}

type mergeDown struct {
	col, top, bottom int // 0-based column, 1-based rows
	value            string
}

// Sheet returns the index and name of the sheet the last row came from.
func (x *xlsxRows) Sheet() (int, string) {
	if x.si < 0 || x.si >= len(x.sheets) {
		return 0, ""
	}
	return x.si, x.sheets[x.si]
}

// ExcelDates reports that date cells without a date format hold Excel
// serial day numbers, and which epoch they count from.
func (x *xlsxRows) ExcelDates() (date1904 bool) { return x.date1904 }

func (x *xlsxRows) Next() (row Row, err error) {
	defer recoverReader("XLSX workbook", &err)
	for {
		if x.rows == nil {
			x.si++
			if x.si >= len(x.sheets) {
				return Row{}, io.EOF
			}
			if err := x.openSheet(x.sheets[x.si]); err != nil {
				return Row{}, err
			}
		}
		if !x.rows.Next() {
			err := x.rows.Error()
			x.rows.Close()
			x.rows = nil
			if err != nil {
				return Row{}, errs.Dataf("", 0, "sheet %s: %s", quoteCell(x.sheets[x.si]), textfmt.Clip(err.Error(), 200))
			}
			continue
		}
		x.row++
		cols, err := x.rows.Columns()
		if err != nil {
			return Row{}, errs.Dataf("", 0, "sheet %s row %d: %s", quoteCell(x.sheets[x.si]), x.row, textfmt.Clip(err.Error(), 200))
		}
		if len(cols) > maxSheetColumns {
			cols = cols[:maxSheetColumns]
		}
		x.cells = x.cells[:0]
		for _, c := range cols {
			x.cells = append(x.cells, validText(trimQuoteCell(c)))
		}
		x.fillMerged()
		if err := checkCells(x.cells, func() string { return fmt.Sprintf("sheet %s row %d", quoteCell(x.sheets[x.si]), x.row) }); err != nil {
			return Row{}, err
		}
		return Row{Line: x.row, Cells: x.cells}, nil
	}
}

func (x *xlsxRows) openSheet(name string) error {
	x.row = 0
	x.down = x.down[:0]
	if x.merges {
		mcs, err := x.f.GetMergeCells(name, true)
		if err != nil {
			return errs.Dataf("", 0, "sheet %s: %s", quoteCell(name), textfmt.Clip(err.Error(), 200))
		}
		for _, mc := range mcs {
			c1, r1, err1 := excelize.CellNameToCoordinates(mc.GetStartAxis())
			_, r2, err2 := excelize.CellNameToCoordinates(mc.GetEndAxis())
			if err1 != nil || err2 != nil || r2 <= r1 || c1 > maxSheetColumns {
				continue
			}
			x.down = append(x.down, mergeDown{col: c1 - 1, top: r1, bottom: r2})
		}
	}
	rows, err := x.f.Rows(name)
	if err != nil {
		return errs.Dataf("", 0, "sheet %s: %s", quoteCell(name), textfmt.Clip(err.Error(), 200))
	}
	x.rows = rows
	return nil
}

// fillMerged repeats the value of a vertically merged cell in every row it
// covers (in its first column), so a date merged over three transactions
// dates all three. Horizontally merged cells keep their value in the
// leftmost column only, which is where headers and data line up.
func (x *xlsxRows) fillMerged() {
	for i := range x.down {
		m := &x.down[i]
		if x.row < m.top || x.row > m.bottom {
			continue
		}
		if x.row == m.top {
			m.value = Cell(x.cells, m.col)
			continue
		}
		if m.value == "" {
			continue
		}
		for len(x.cells) <= m.col {
			x.cells = append(x.cells, "")
		}
		if x.cells[m.col] == "" {
			x.cells[m.col] = m.value
		}
	}
}

func (x *xlsxRows) Close() error {
	if x.rows != nil {
		x.rows.Close()
		x.rows = nil
	}
	return x.f.Close()
}

// trimQuoteCell trims a cell and drops the leading apostrophe that spreadsheets
// and some banks (BCA) put before text that looks like a number or date.
func trimQuoteCell(s string) string {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "'") {
		s = strings.TrimSpace(s[1:])
	}
	return s
}

// excelSerialDate reads an Excel serial day number ("45658", "45658.5")
// written where a date was expected, as a calendar date.
func excelSerialDate(s string, date1904 bool) (time.Time, bool) {
	whole, frac, _ := strings.Cut(s, ".")
	if len(whole) < 4 || len(whole) > 6 {
		return time.Time{}, false
	}
	for _, r := range whole + frac {
		if r < '0' || r > '9' {
			return time.Time{}, false
		}
	}
	days := 0
	for _, r := range whole {
		days = days*10 + int(r-'0')
	}
	if date1904 {
		return time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, days), true
	}
	if days < 61 { // Excel's phantom 1900-02-29
		return time.Time{}, false
	}
	return time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).AddDate(0, 0, days), true
}
