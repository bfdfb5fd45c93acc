package importers

import (
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/incomeledger/income/errs"
	"github.com/incomeledger/income/ledger"
)

// Profile is a bank statement layout described in YAML (cli.md "Bank
// profile"); built-in profiles and `income import --profile FILE` use the
// same format. A profile is an Importer: it detects a file by its header
// cells and reads CSV/TSV, XLSX and HTML-as-.xls alike (OpenTable decides
// the container from content).
//
// Every row is money moving on the user's bank account "bank:<name>". A
// credit whose description or counterparty names a platform payout
// (Upwork, PayPal, …) is a transfer; every other row is unclassified, with
// one warning per file, since payments from local clients must be
// classified by the user.
type Profile struct {
	name      string
	src       string // where the profile came from, for messages
	plausible bool   // "# confidence: plausible" in the YAML

	detect    []string
	headerRow int // 1-based row (line) of the header; 0 = auto

	currency    string // fixed currency, or
	currencyCol colRef // a column holding it

	dateCol     colRef
	dateFormats []string
	fillDown    bool   // a blank date repeats the date of the row above
	periodLabel string // preamble label of the statement period (yearless dates)

	mode                    amountMode
	amountCol               colRef // amountSigned, amountDirection
	inverted                bool   // amountSigned: positive = money out
	creditCol, debitCol     colRef // amountSplit
	directionCol            colRef // amountDirection
	creditWords, debitWords []string

	numberAuto bool
	numberDec  byte // '.' or ','
	numberTho  string

	description  []colRef
	id           colRef
	counterparty colRef
	balance      colRef

	sections *sectionLabels // several account sections (profile_sections.go)

	stopAt  []string // folded prefixes
	skip    []string // folded prefixes
	payouts [][]string
}

var _ Importer = (*Profile)(nil)

// colRef names a column by its header text (matched case- and
// accent-insensitively, also against one half of a bilingual "Nợ/Debit"
// cell) or, written "#N", by its 1-based position.
type colRef struct {
	name string
	pos  int
}

func (c colRef) set() bool { return c.name != "" || c.pos > 0 }

func (c colRef) String() string {
	if c.pos > 0 {
		return "#" + strconv.Itoa(c.pos)
	}
	return c.name
}

type amountMode int

const (
	amountSigned    amountMode = iota // {column, sign}
	amountSplit                       // {credit, debit}
	amountDirection                   // {column, direction, credit_word, debit_word}
)

// profileBufferRows is how many data rows a profile holds before it decides
// the file's number style and date format. Statements are far smaller, so
// in practice the decision sees the whole file; a longer file is decided
// from its first profileBufferRows data rows and the rest stream, each
// checked against that decision (a row that contradicts it is an error,
// never silently read another way).
const profileBufferRows = 200_000

// Name is the profile's name, shown in `income sources`.
func (p *Profile) Name() string { return p.name }

// Describe lists the header cells the profile detects.
func (p *Profile) Describe() string {
	cur := p.currency
	if cur == "" {
		cur = "currency from column " + strconv.Quote(p.currencyCol.String())
	}
	s := fmt.Sprintf("bank statement profile (%s; CSV, TSV, XLSX or HTML .xls): header %s", cur, quoteList(p.detect))
	if p.plausible {
		s += "; layout plausible, not yet checked against a real statement"
	}
	return s
}

// Detect fits a file whose sample has one row holding every detect cell.
func (p *Profile) Detect(s *Sample) Match {
	return bestHeaderRow(s, append([]string(nil), p.detect...), func(row []string) []string {
		keys := headerKeys(row)
		var missing []string
		for _, d := range p.detect {
			if headerIndex(keys, d) < 0 {
				missing = append(missing, d)
			}
		}
		return missing
	})
}

// headerKey folds a header cell: Norm, and no spaces around "/".
func headerKey(s string) string {
	n := Norm(trimQuoteCell(s))
	if strings.Contains(n, "/") {
		n = strings.ReplaceAll(strings.ReplaceAll(n, " /", "/"), "/ ", "/")
	}
	return n
}

func headerKeys(cells []string) []string {
	keys := make([]string, len(cells))
	for i, c := range cells {
		keys[i] = headerKey(c)
	}
	return keys
}

// headerIndex finds the column named name: a cell equal to it first, then
// a bilingual cell ("Số dư/Balance") one of whose halves equals it.
func headerIndex(keys []string, name string) int {
	k := headerKey(name)
	if k == "" {
		return -1
	}
	for i, c := range keys {
		if c == k {
			return i
		}
	}
	for i, c := range keys {
		if !strings.Contains(c, "/") {
			continue
		}
		for _, part := range strings.Split(c, "/") {
			if strings.TrimSpace(part) == k {
				return i
			}
		}
	}
	return -1
}

func (p *Profile) holdsDetect(keys []string) bool {
	for _, d := range p.detect {
		if headerIndex(keys, d) < 0 {
			return false
		}
	}
	return true
}

// columns are a header row's resolved column indexes (-1 = absent).
type columns struct {
	date, amount, credit, debit, direction, cur int
	id, counterparty, balance                   int
	description                                 []int
	amountCells                                 []int  // cells that hold money
	sameDirection                               bool   // the direction word is inside the amount cell
	section                                     int    // 1 for the first header row, 2 for the next…
	width                                       int    // cells up to the header's last named one
	account, currency                           string // stated by the section's preamble (sections)
	line                                        int    // the header row's line
}

// resolve maps the profile's columns onto a header row. A missing date,
// amount or currency column is an error; a missing optional column
// (description, id, counterparty, balance) is a warning and stays empty.
func (r *profileRun) resolve(keys []string, line int) (*columns, error) {
	p := r.p
	var missing []string
	find := func(key string, c colRef, required bool) int {
		if !c.set() {
			return -1
		}
		if c.pos > 0 {
			return c.pos - 1
		}
		i := headerIndex(keys, c.name)
		if i < 0 {
			if required {
				missing = append(missing, fmt.Sprintf("%s %q", key, c.name))
			} else {
				r.sink.Warn(line, "profile %s: %s column %q is not in the header row: left empty", p.name, key, c.name)
			}
		}
		return i
	}
	c := &columns{date: -1, amount: -1, credit: -1, debit: -1, direction: -1, cur: -1, line: line}
	for i, k := range keys {
		if k != "" {
			c.width = i + 1
		}
	}
	c.date = find("date.column", p.dateCol, true)
	c.cur = find("currency.column", p.currencyCol, true)
	switch p.mode {
	case amountSigned:
		c.amount = find("amount.column", p.amountCol, true)
		c.amountCells = []int{c.amount}
	case amountSplit:
		c.credit = find("amount.credit", p.creditCol, true)
		c.debit = find("amount.debit", p.debitCol, true)
		c.amountCells = []int{c.credit, c.debit}
	case amountDirection:
		c.amount = find("amount.column", p.amountCol, true)
		c.direction = find("amount.direction", p.directionCol, true)
		c.amountCells = []int{c.amount}
		c.sameDirection = c.amount == c.direction
	}
	for _, d := range p.description {
		if i := find("description", d, false); i >= 0 {
			c.description = append(c.description, i)
		}
	}
	c.id = find("id", p.id, false)
	c.counterparty = find("counterparty", p.counterparty, false)
	c.balance = find("balance", p.balance, false)
	if len(missing) > 0 {
		return nil, RowError(r.file, line, fmt.Errorf("profile %s: the header row has no %s", p.name, strings.Join(missing, ", ")))
	}
	return c, nil
}

// Import reads a statement with the profile. The data rows are held (up to
// profileBufferRows) until the end of the file so that the number style
// and the date format are decided from the whole file, never row by row;
// then they are emitted in file order.
func (p *Profile) Import(ctx context.Context, file string, rows Rows, sink Sink) error {
	r := &profileRun{p: p, ctx: ctx, file: file, sink: sink, occ: Occurrences{}, sheet: -1}
	inner := rows
	if t, ok := rows.(*Table); ok {
		inner = t.Rows
	}
	if sh, ok := inner.(interface{ Sheet() (int, string) }); ok {
		r.sheets = sh
	}
	if ed, ok := inner.(interface{ ExcelDates() bool }); ok {
		r.excel, r.date1904 = true, ed.ExcelDates()
	}
	for {
		row, err := rows.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			if errors.Is(err, ledger.ErrInvalid) {
				return fmt.Errorf("%s: %w", file, err)
			}
			return errs.Data(file, 0, err)
		}
		if err := r.row(row); err != nil {
			return err
		}
	}
	return r.finish()
}

// profileRun is the state of one import.
type profileRun struct {
	p    *Profile
	ctx  context.Context
	file string
	sink Sink

	sheets           interface{ Sheet() (int, string) }
	excel, date1904  bool
	sheet            int
	sheetName        string
	cols             *columns // nil while looking for a header row
	found            int      // header rows found (sections)
	headerRowMissing []string // header_row N held no detect cells
	period           *statementPeriod
	section          sectionState // the preamble of the section being read
	periodErr        string

	pending     []pendingRow
	decided     bool
	dateFormat  string
	style       NumberStyle
	newestFirst bool

	prevDate     time.Time
	occ          Occurrences
	bal          *BalanceCheck
	rows         int
	entries      int
	unclassified int
	firstUnclass int
}

type pendingRow struct {
	line      int
	cells     []string
	cols      *columns
	sheet     int
	sheetName string
}

type statementPeriod struct{ start, end time.Time }

func (r *profileRun) row(row Row) error {
	if r.sheets != nil {
		if i, name := r.sheets.Sheet(); i != r.sheet {
			if r.cols != nil {
				r.cols = nil // a new sheet ends the data of the last one
			}
			r.sheet, r.sheetName = i, name
		}
	}
	cells := make([]string, len(row.Cells))
	for i, c := range row.Cells {
		cells[i] = trimQuoteCell(c)
	}
	if ok, err := r.noteSection(row.Line, cells); ok || err != nil {
		return err
	}
	if r.cols == nil {
		return r.seekHeader(row.Line, cells)
	}
	if isBlank(cells) {
		return nil
	}
	first := Norm(leadCell(cells, r.cols.date))
	if hasAnyPrefix(first, r.p.stopAt) {
		r.sink.Skip(row.Line, SkipStopAt)
		r.cols = nil // a later header row (another account section) starts again
		return nil
	}
	if hasAnyPrefix(first, r.p.skip) {
		r.sink.Skip(row.Line, SkipProfileRule)
		return nil
	}
	if !hasMoney(cells, r.cols) && r.p.holdsDetect(headerKeys(cells)) {
		return nil // the header repeated on a new page
	}
	pr := pendingRow{line: row.Line, cells: cells, cols: r.cols, sheet: r.sheet, sheetName: r.sheetName}
	if row.Cut && len(cells) < r.cols.width {
		// CSV rows carry every comma: a short last row without a line
		// end is a download cut mid-row, not a row with empty cells
		return r.rowErr(pr, fmt.Errorf("the last row has %d cells, its header row (line %d) %d, and no line end: the file looks cut short (an incomplete download?)", len(cells), r.cols.line, r.cols.width))
	}
	if r.decided {
		return r.emit(pr)
	}
	r.pending = append(r.pending, pr)
	if len(r.pending) >= profileBufferRows {
		return r.decide()
	}
	return nil
}

func (r *profileRun) seekHeader(line int, cells []string) error {
	p := r.p
	if p.headerRow > 0 && line != p.headerRow {
		r.notePreamble(cells)
		return nil
	}
	keys := headerKeys(cells)
	if !p.holdsDetect(keys) {
		if p.headerRow > 0 && r.found == 0 && r.headerRowMissing == nil {
			for _, d := range p.detect {
				if headerIndex(keys, d) < 0 {
					r.headerRowMissing = append(r.headerRowMissing, d)
				}
			}
		}
		r.notePreamble(cells)
		return nil
	}
	cols, err := r.resolve(keys, line)
	if err != nil {
		return r.wrapSheet(err)
	}
	if err := r.startSection(cols); err != nil {
		return r.wrapSheet(err)
	}
	r.found++
	cols.section = r.found
	r.cols = cols
	return nil
}

// notePreamble looks for the statement period (date.period) above the header.
func (r *profileRun) notePreamble(cells []string) {
	label := r.p.periodLabel
	if label == "" || r.period != nil {
		return
	}
	first := bankFirstCell(cells)
	if !strings.HasPrefix(Norm(first), Norm(label)) {
		return
	}
	text := strings.Join(cells, " ")
	var dates []time.Time
	for _, m := range periodDate.FindAllString(text, -1) {
		if t, err := ParseDate(m, "02/01/2006", "2006-01-02", "02-01-2006", "02.01.2006", "2/1/2006"); err == nil {
			dates = append(dates, t)
		}
	}
	if len(dates) < 2 || dates[1].Before(dates[0]) {
		r.periodErr = fmt.Sprintf("the %q line %s does not hold two dates (start - end)", label, quoteCell(text))
		return
	}
	r.period = &statementPeriod{dates[0], dates[1]}
}

var periodDate = regexp.MustCompile(`\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}`)

// leadCell is the cell stop_at and skip look at: the first non-empty cell
// up to the date column (a totals label sits in the number or date column;
// a description further right that happens to start with "Tổng" must not
// end the data).
func leadCell(cells []string, dateCol int) string {
	if dateCol >= 0 && dateCol+1 < len(cells) {
		cells = cells[:dateCol+1]
	}
	return bankFirstCell(cells)
}

func bankFirstCell(cells []string) string {
	for _, c := range cells {
		if c != "" {
			return c
		}
	}
	return ""
}

func hasAnyPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if p != "" && strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// hasMoney says whether any amount cell of a row holds a digit.
func hasMoney(cells []string, c *columns) bool {
	for _, i := range c.amountCells {
		if hasDigit(Cell(cells, i)) {
			return true
		}
	}
	return false
}

func hasDigit(s string) bool {
	for _, r := range s {
		if r >= '0' && r <= '9' {
			return true
		}
	}
	return false
}
