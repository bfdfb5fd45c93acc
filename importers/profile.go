package importers

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/incomeledger/income/ledger"
	"github.com/shopspring/decimal"
	"gopkg.in/yaml.v3"
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

// bankPayoutWords name the platforms whose payouts arrive on a bank account
// as the user's own money (a transfer, matched later with the platform's
// withdrawal). A profile's `payouts:` key replaces the list.
var bankPayoutWords = []string{"UPWORK", "PAYPAL", "PAYONEER", "WISE", "TRANSFERWISE", "GUMROAD", "STRIPE", "ETSY"}

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
	best := Match{Missing: append([]string(nil), p.detect...)}
	for _, row := range s.Rows {
		keys := headerKeys(row)
		var missing []string
		for _, d := range p.detect {
			if headerIndex(keys, d) < 0 {
				missing = append(missing, d)
			}
		}
		score := len(p.detect) - len(missing)
		if score > best.Score {
			best = Match{Score: score, Missing: missing}
		}
		if len(missing) == 0 {
			best.OK = true
			return best
		}
	}
	return best
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
	amountCells                                 []int // cells that hold money
	sameDirection                               bool  // the direction word is inside the amount cell
	section                                     int   // 1 for the first header row, 2 for the next…
	width                                       int   // cells up to the header's last named one
	line                                        int   // the header row's line
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
			return fmt.Errorf("%s: %w: %w", file, err, ledger.ErrInvalid)
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
	if r.cols == nil {
		return r.seekHeader(row.Line, cells)
	}
	if isBlank(cells) {
		return nil
	}
	first := Norm(leadCell(cells, r.cols.date))
	if hasAnyPrefix(first, r.p.stopAt) {
		r.sink.Skip(row.Line)
		r.cols = nil // a later header row (another account section) starts again
		return nil
	}
	if hasAnyPrefix(first, r.p.skip) {
		r.sink.Skip(row.Line)
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

// decide fixes the file's date format and number style from the held rows,
// then emits them.
func (r *profileRun) decide() error {
	r.decided = true
	p := r.p
	var money []pendingRow
	for _, pr := range r.pending {
		if hasMoney(pr.cells, pr.cols) {
			money = append(money, pr)
		}
	}
	// Date format: the first listed format that fits every date of the file.
	r.dateFormat = p.dateFormats[0]
	{
		bestN, best, bestFail := -1, "", pendingRow{}
		chosen := false
		for _, f := range p.dateFormats {
			n, fail, failed := 0, pendingRow{}, false
			for _, pr := range money {
				v := Cell(pr.cells, pr.cols.date)
				if v == "" {
					continue
				}
				if r.dateFits(v, f) {
					n++
				} else if !failed {
					fail, failed = pr, true
				}
			}
			if !failed {
				r.dateFormat, chosen = f, true
				break
			}
			if n > bestN {
				bestN, best, bestFail = n, f, fail
			}
		}
		if !chosen {
			v := Cell(bestFail.cells, bestFail.cols.date)
			if len(p.dateFormats) == 1 {
				return r.rowErr(bestFail, fmt.Errorf("date %s does not fit date.format %s: %w", quoteCell(v), layoutText(best), ErrBadDate))
			}
			return r.rowErr(bestFail, fmt.Errorf("date %s does not fit %s, the date.format that fits most rows of the file: %w", quoteCell(v), layoutText(best), ErrBadDate))
		}
	}
	// Number style.
	if p.numberAuto {
		style, err := r.decideNumbers(money)
		if err != nil {
			return err
		}
		r.style = style
	} else if p.numberDec == ',' {
		r.style = CommaDecimal
	}
	// Row order, for the running-balance check: newest first when the
	// file's first dated row is later than its last.
	var first, last time.Time
	for _, pr := range money {
		v := Cell(pr.cells, pr.cols.date)
		if v == "" {
			continue
		}
		t, err := r.parseDate(v)
		if err != nil {
			continue
		}
		if first.IsZero() {
			first = t
		}
		last = t
	}
	r.newestFirst = last.Before(first)
	if p.balance.set() {
		r.bal = NewBalanceCheck(r.newestFirst)
	}
	pending := r.pending
	r.pending = nil
	for _, pr := range pending {
		if err := r.emit(pr); err != nil {
			return err
		}
	}
	return nil
}

// dateFits says whether v reads as a date with layout. ISO dates (what an
// XLSX date cell gives) and Excel serial numbers fit every layout.
func (r *profileRun) dateFits(v, layout string) bool {
	if _, ok := r.isoOrSerial(v); ok {
		return true
	}
	_, err := ParseDate(v, layout)
	return err == nil
}

var isoDate = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}([ T].*)?$`)

func (r *profileRun) isoOrSerial(v string) (time.Time, bool) {
	if isoDate.MatchString(v) {
		if t, err := ParseDate(v, "2006-01-02", "2006-01-02T15:04:05"); err == nil {
			return t, true
		}
		if len(v) >= 10 {
			if t, err := time.Parse("2006-01-02", v[:10]); err == nil {
				return t, true
			}
		}
	}
	if r.excel {
		return excelSerialDate(v, r.date1904)
	}
	return time.Time{}, false
}

func layoutText(l string) string { return strconv.Quote(l) }

// goodLayout says whether l is a Go date layout that writes a day and a
// month (and reads back what it writes).
func goodLayout(l string) bool {
	ref := time.Date(2025, 11, 23, 0, 0, 0, 0, time.UTC)
	t, err := time.Parse(l, ref.Format(l))
	if err != nil || t.Day() != 23 || t.Month() != 11 {
		return false
	}
	return yearless(l) || t.Year() == 2025
}

func yearless(layout string) bool { return !strings.Contains(layout, "06") }

// parseDate reads a date cell with the file's format; a layout without a
// year takes it from the statement period (so "28/12" and "03/01" in a
// period 15/12/2025 - 14/01/2026 are 2025-12-28 and 2026-01-03).
func (r *profileRun) parseDate(v string) (time.Time, error) {
	if t, ok := r.isoOrSerial(v); ok {
		return t, nil
	}
	t, err := ParseDate(v, r.dateFormat)
	if err != nil {
		return time.Time{}, fmt.Errorf("%w (date.format %s)", err, layoutText(r.dateFormat))
	}
	if !yearless(r.dateFormat) {
		return t, nil
	}
	if r.period == nil {
		why := fmt.Sprintf("no %q line above the header", r.p.periodLabel)
		if r.p.periodLabel == "" {
			why = "no date.period in the profile"
		} else if r.periodErr != "" {
			why = r.periodErr
		}
		return time.Time{}, fmt.Errorf("date %s has no year and the statement period is unknown (%s): %w", quoteCell(v), why, ErrBadDate)
	}
	for y := r.period.start.Year(); y <= r.period.end.Year(); y++ {
		d := time.Date(y, t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
		if d.Day() != t.Day() {
			continue // 29/02 in a common year
		}
		if !d.Before(r.period.start) && !d.After(r.period.end) {
			return d, nil
		}
	}
	return time.Time{}, fmt.Errorf("date %s is outside the statement period %s to %s: %w", quoteCell(v),
		r.period.start.Format(ledger.DateLayout), r.period.end.Format(ledger.DateLayout), ErrBadDate)
}

// numberVote says what one number cell shows of the file's style: dec is
// the decimal separator when the cell proves it ('.' or ','), amb the
// separator of a cell like "1,234" or "1.234" that fits both styles.
func numberVote(s string) (dec, amb byte) {
	var b []byte
	digits := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			digits = true
			b = append(b, c)
		case c == '.' || c == ',':
			b = append(b, c)
		}
	}
	if !digits {
		return 0, 0
	}
	b = bytes.Trim(b, ".,")
	dots, commas := bytes.Count(b, []byte{'.'}), bytes.Count(b, []byte{','})
	switch {
	case dots == 0 && commas == 0:
		return 0, 0
	case dots > 0 && commas > 0:
		return b[bytes.LastIndexAny(b, ".,")], 0
	}
	sep := byte('.')
	n := dots
	if commas > 0 {
		sep, n = ',', commas
	}
	other := byte(',')
	if sep == ',' {
		other = '.'
	}
	if n > 1 {
		return other, 0
	}
	i := bytes.IndexByte(b, sep)
	whole, frac := b[:i], b[i+1:]
	if len(frac) != 3 || string(whole) == "0" {
		return sep, 0
	}
	return 0, sep
}

// decideNumbers picks the number style that every amount and balance cell
// of the file fits.
func (r *profileRun) decideNumbers(money []pendingRow) (NumberStyle, error) {
	type seen struct {
		pr pendingRow
		v  string
	}
	var dot, comma, ambDot, ambComma *seen
	for _, pr := range money {
		cells := append(append([]int(nil), pr.cols.amountCells...), pr.cols.balance)
		for _, i := range cells {
			v := Cell(pr.cells, i)
			dec, amb := numberVote(v)
			s := &seen{pr, v}
			switch {
			case dec == '.' && dot == nil:
				dot = s
			case dec == ',' && comma == nil:
				comma = s
			case amb == '.' && ambDot == nil:
				ambDot = s
			case amb == ',' && ambComma == nil:
				ambComma = s
			}
		}
	}
	switch {
	case dot != nil && comma != nil:
		return 0, r.rowErr(comma.pr, fmt.Errorf("amount %s has a decimal comma but %s (line %d) a decimal point; set number: {decimal, thousands} in the profile: %w",
			quoteCell(comma.v), quoteCell(dot.v), dot.pr.line, ErrNotNumber))
	case dot != nil:
		return DotDecimal, nil
	case comma != nil:
		return CommaDecimal, nil
	case ambDot != nil && ambComma != nil:
		return 0, r.rowErr(ambDot.pr, fmt.Errorf("cannot tell the number style: %s and %s (line %d) read differently as 1,234.56 or 1.234,56; set number: {decimal, thousands} in the profile: %w",
			quoteCell(ambDot.v), quoteCell(ambComma.v), ambComma.pr.line, ErrNotNumber))
	case ambDot != nil:
		// "1.234" with no cell showing a decimal: three decimals are not
		// money in any currency the file is likely to hold (VND, IDR), so
		// the dot groups thousands.
		return CommaDecimal, nil
	}
	return DotDecimal, nil
}

// parseMoney reads an amount cell with the file's number style, refusing
// a cell that shows the other style.
func (r *profileRun) parseMoney(v string) (decimal.Decimal, error) {
	want := byte('.')
	if r.style == CommaDecimal {
		want = ','
	}
	if dec, _ := numberVote(v); dec != 0 && dec != want {
		return decimal.Decimal{}, fmt.Errorf("amount %s does not fit the file's number style (decimal %q): %w", quoteCell(v), string(want), ErrNotNumber)
	}
	if !r.p.numberAuto && r.p.numberTho != "" {
		other := ","
		if want == ',' {
			other = "."
		}
		if r.p.numberTho != other && strings.Contains(v, other) {
			return decimal.Decimal{}, fmt.Errorf("amount %s does not fit number {decimal: %q, thousands: %q}: %w", quoteCell(v), string(want), r.p.numberTho, ErrNotNumber)
		}
	}
	return ParseAmount(v, r.style)
}

func (r *profileRun) rowErr(pr pendingRow, err error) error {
	if pr.sheet > 0 {
		err = fmt.Errorf("sheet %s: %w", quoteCell(pr.sheetName), err)
	}
	return RowError(r.file, pr.line, err)
}

func (r *profileRun) wrapSheet(err error) error {
	if r.sheet > 0 {
		return fmt.Errorf("sheet %s: %w", quoteCell(r.sheetName), err)
	}
	return err
}

// matchWord says whether the direction cell v is word: equal to it, or
// (when the word sits inside the amount cell) ending or starting with it.
func matchWord(v string, words []string, inside bool) (string, bool) {
	n := Norm(v)
	for _, w := range words {
		if n == w {
			return w, true
		}
		if inside && (strings.HasSuffix(n, " "+w) || strings.HasPrefix(n, w+" ") || strings.HasSuffix(n, w)) {
			return w, true
		}
	}
	return "", false
}

// amount returns a row's signed amount (money out negative) and whether the
// row holds one.
func (r *profileRun) amount(pr pendingRow) (decimal.Decimal, bool, error) {
	p, c := r.p, pr.cols
	switch p.mode {
	case amountSplit:
		cr, dr := Cell(pr.cells, c.credit), Cell(pr.cells, c.debit)
		if !hasDigit(cr) && !hasDigit(dr) {
			return decimal.Decimal{}, false, nil
		}
		amt := decimal.Zero
		if hasDigit(cr) {
			v, err := r.parseMoney(cr)
			if err != nil {
				return amt, true, err
			}
			amt = amt.Add(v.Abs())
		}
		if hasDigit(dr) {
			v, err := r.parseMoney(dr)
			if err != nil {
				return amt, true, err
			}
			amt = amt.Sub(v.Abs())
		}
		return amt, true, nil
	case amountDirection:
		v := Cell(pr.cells, c.amount)
		if !hasDigit(v) {
			return decimal.Decimal{}, false, nil
		}
		dir := Cell(pr.cells, c.direction)
		sign := 0
		word := ""
		if w, ok := matchWord(dir, p.creditWords, c.sameDirection); ok {
			sign, word = 1, w
		} else if w, ok := matchWord(dir, p.debitWords, c.sameDirection); ok {
			sign, word = -1, w
		}
		if sign == 0 {
			return decimal.Decimal{}, true, fmt.Errorf("direction %s is neither a credit (%s) nor a debit (%s)", quoteCell(dir),
				strings.Join(p.creditWords, ", "), strings.Join(p.debitWords, ", "))
		}
		if c.sameDirection {
			v = stripWord(v, word)
		}
		amt, err := r.parseMoney(v)
		if err != nil {
			return amt, true, err
		}
		if sign < 0 {
			return amt.Abs().Neg(), true, nil
		}
		return amt.Abs(), true, nil
	default:
		v := Cell(pr.cells, c.amount)
		if !hasDigit(v) {
			return decimal.Decimal{}, false, nil
		}
		amt, err := r.parseMoney(v)
		if err != nil {
			return amt, true, err
		}
		if p.inverted {
			amt = amt.Neg()
		}
		return amt, true, nil
	}
}

// stripWord removes a direction word (folded) from the start or end of an
// amount cell: "287,490.00 DB" → "287,490.00".
func stripWord(v, word string) string {
	t := strings.TrimSpace(v)
	n := Norm(t)
	switch {
	case strings.HasSuffix(n, word) && len(n) >= len(word):
		// Norm keeps ASCII lengths; direction words are short ASCII codes
		if len(t) >= len(word) && Norm(t[len(t)-len(word):]) == word {
			return strings.TrimSpace(t[:len(t)-len(word)])
		}
	case strings.HasPrefix(n, word):
		if len(t) >= len(word) && Norm(t[:len(word)]) == word {
			return strings.TrimSpace(t[len(word):])
		}
	}
	return t
}

// emit turns one data row into an entry.
func (r *profileRun) emit(pr pendingRow) error {
	p, c := r.p, pr.cols
	r.rows++
	if r.rows%1024 == 0 {
		if err := r.ctx.Err(); err != nil {
			return err
		}
	}
	amt, ok, err := r.amount(pr)
	if err != nil {
		return r.rowErr(pr, err)
	}
	account := "bank:" + p.name
	balKey := account
	if c.section > 1 {
		balKey = fmt.Sprintf("%s (section %d)", account, c.section)
	}
	var bal decimal.Decimal
	hasBal := false
	if c.balance >= 0 && hasDigit(Cell(pr.cells, c.balance)) {
		b, err := r.parseMoney(Cell(pr.cells, c.balance))
		if err != nil && ok {
			return r.rowErr(pr, fmt.Errorf("balance: %w", err))
		}
		bal, hasBal = b, err == nil
	}
	if !ok || amt.IsZero() {
		// no money moved: a sub-header, an opening balance line
		r.sink.Skip(pr.line)
		if hasBal && r.bal != nil {
			r.bal.Reset(pr.line, balKey, bal)
		}
		return nil
	}
	dv := Cell(pr.cells, c.date)
	var date time.Time
	if dv == "" {
		if !p.fillDown || r.prevDate.IsZero() {
			r.sink.Skip(pr.line)
			r.sink.Warn(pr.line, "amount %s without a date: not imported (a total row?)", amt)
			if hasBal && r.bal != nil {
				r.bal.Reset(pr.line, balKey, bal)
			}
			return nil
		}
		date = r.prevDate
	} else {
		if date, err = r.parseDate(dv); err != nil {
			return r.rowErr(pr, err)
		}
	}
	r.prevDate = date
	cur := p.currency
	if c.cur >= 0 {
		cur = bankCurrency(Cell(pr.cells, c.cur))
		if cur == "" {
			return r.rowErr(pr, fmt.Errorf("no currency in column %q", p.currencyCol))
		}
	}
	var desc []string
	for _, i := range c.description {
		if v := Cell(pr.cells, i); v != "" {
			desc = append(desc, v)
		}
	}
	description := strings.Join(desc, " / ")
	counterparty := Cell(pr.cells, c.counterparty)
	id := Cell(pr.cells, c.id)
	kind := ledger.Unclassified
	if amt.IsPositive() && r.isPayout(description, counterparty) {
		kind = ledger.Transfer
	}
	var key string
	if id != "" {
		key = r.occ.Key(fmt.Sprintf("%s|ref|%s|%s", account, id, amt))
	} else {
		balText := ""
		if hasBal {
			balText = bal.String()
		}
		key = r.occ.Key(fmt.Sprintf("%s|%s|%s|%s|%s|%s", account, date.Format(ledger.DateLayout), amt, balText, Norm(description), Norm(counterparty)))
	}
	r.entries++
	if kind == ledger.Unclassified {
		if r.unclassified == 0 {
			r.firstUnclass = pr.line
		}
		r.unclassified++
	}
	if r.bal != nil {
		if hasBal {
			r.bal.Add(pr.line, balKey, amt, bal)
		} else {
			r.bal.Move(pr.line, balKey, amt)
		}
	}
	return r.sink.Entry(ledger.Entry{
		Key: key, Date: date, Source: p.name, Account: account, Kind: kind,
		Amount: amt, Currency: cur, Description: description, Counterparty: counterparty,
		Ref: id, File: r.file, Line: pr.line,
	})
}

// isPayout says whether a credit's text names a platform payout.
func (r *profileRun) isPayout(texts ...string) bool {
	for _, t := range texts {
		words := bankWords(t)
		for _, pw := range r.p.payouts {
			if containsRun(words, pw) {
				return true
			}
		}
	}
	return false
}

// bankWords splits text into folded runs of letters and runs of digits, so
// "50000000.00PAYPAL *ACME" gives …, "00", "paypal", "acme".
func bankWords(s string) []string {
	var out []string
	var cur []rune
	kind := 0
	flush := func() {
		if len(cur) > 0 {
			out = append(out, string(cur))
			cur = cur[:0]
		}
	}
	for _, r := range Norm(s) {
		k := 0
		switch {
		case unicode.IsLetter(r):
			k = 1
		case unicode.IsDigit(r):
			k = 2
		}
		if k != kind {
			flush()
			kind = k
		}
		if k != 0 {
			cur = append(cur, r)
		}
	}
	flush()
	return out
}

func containsRun(words, run []string) bool {
	if len(run) == 0 {
		return false
	}
	for i := 0; i+len(run) <= len(words); i++ {
		match := true
		for j := range run {
			if words[i+j] != run[j] {
				match = false
				break
			}
		}
		if match {
			return true
		}
	}
	return false
}

var bankCurrencyAlias = map[string]string{"vnd": "VND", "vnđ": "VND", "vnd.": "VND", "dong": "VND", "đong": "VND", "rp": "IDR", "rp.": "IDR"}

// bankCurrency reads a currency cell: an ISO code, or VNĐ/ĐỒNG/Rp.
func bankCurrency(s string) string {
	s = strings.TrimSpace(s)
	if a, ok := bankCurrencyAlias[Norm(s)]; ok {
		return a
	}
	if a, ok := bankCurrencyAlias[strings.ToLower(s)]; ok {
		return a
	}
	return strings.ToUpper(s)
}

func (r *profileRun) finish() error {
	if !r.decided {
		if err := r.decide(); err != nil {
			return err
		}
	}
	p := r.p
	if r.found == 0 {
		msg := fmt.Sprintf("no row holds every header cell of profile %s (%s)", p.name, quoteList(p.detect))
		if p.headerRow > 0 {
			if r.headerRowMissing != nil {
				msg = fmt.Sprintf("profile %s: header row %d (header_row) has no %s", p.name, p.headerRow, quoteList(r.headerRowMissing))
			} else {
				msg = fmt.Sprintf("profile %s: the file has no row %d (header_row)", p.name, p.headerRow)
			}
		}
		return fmt.Errorf("%s: %s: %w", r.file, msg, ledger.ErrInvalid)
	}
	if r.bal != nil {
		r.bal.Finish(r.sink)
	}
	if r.unclassified > 0 {
		r.sink.Warn(r.firstUnclass, "%d of %d bank rows imported as unclassified (first here): only credits naming a platform (%s) are taken as payouts (transfers); payments from local clients and other movements must be classified by the user",
			r.unclassified, r.entries, payoutList(p.payouts))
	}
	return nil
}

func payoutList(ps [][]string) string {
	var out []string
	for _, p := range ps {
		out = append(out, strings.ToUpper(strings.Join(p, " ")))
	}
	return strings.Join(out, ", ")
}

// LoadProfile reads a bank profile YAML file (`income import --profile
// FILE`). Errors name the file, the line and the key; unknown keys are
// errors, so a misspelt key never silently does nothing.
func LoadProfile(path string) (Importer, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return parseProfile(path, data)
}

// profileKeys are the keys a profile may use, per mapping.
var profileKeys = map[string][]string{
	"":         {"name", "detect", "header_row", "currency", "date", "amount", "number", "description", "id", "stop_at", "counterparty", "balance", "skip", "payouts"},
	"detect":   {"header"},
	"currency": {"column"},
	"date":     {"column", "format", "fill_down", "period"},
	"amount":   {"column", "sign", "credit", "debit", "direction", "credit_word", "debit_word"},
	"number":   {"decimal", "thousands"},
}

type profileParser struct{ src string }

func (pp *profileParser) errf(n *yaml.Node, key, format string, args ...any) error {
	line := 0
	if n != nil {
		line = n.Line
	}
	where := pp.src
	if line > 0 {
		where = fmt.Sprintf("%s:%d", pp.src, line)
	}
	if key != "" {
		where += ": " + key
	}
	return fmt.Errorf("%s: %s: %w", where, fmt.Sprintf(format, args...), ledger.ErrInvalid)
}

func deref(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

// fields checks a mapping's keys against profileKeys[section].
func (pp *profileParser) fields(n *yaml.Node, section string) (map[string]*yaml.Node, []string, error) {
	n = deref(n)
	if n == nil || n.Kind != yaml.MappingNode {
		if section == "" {
			return nil, nil, pp.errf(n, "", "a profile must be a mapping of keys (name, detect, …)")
		}
		return nil, nil, pp.errf(n, section, "must be a mapping of keys")
	}
	known := profileKeys[section]
	out := map[string]*yaml.Node{}
	var order []string
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		name := k.Value
		ok := false
		for _, kn := range known {
			if kn == name {
				ok = true
			}
		}
		full := name
		if section != "" {
			full = section + "." + name
		}
		if !ok {
			return nil, nil, pp.errf(k, "", "unknown key %q (known: %s)", full, strings.Join(known, ", "))
		}
		out[name] = deref(v)
		order = append(order, name)
	}
	return out, order, nil
}

func (pp *profileParser) str(n *yaml.Node, key string) (string, error) {
	if n == nil || n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		return "", pp.errf(n, key, "must be a text value")
	}
	v := strings.TrimSpace(n.Value)
	if v == "" {
		return "", pp.errf(n, key, "is empty")
	}
	return v, nil
}

func (pp *profileParser) strs(n *yaml.Node, key string) ([]string, error) {
	if n != nil && n.Kind == yaml.SequenceNode {
		var out []string
		for _, e := range n.Content {
			s, err := pp.str(deref(e), key)
			if err != nil {
				return nil, err
			}
			out = append(out, s)
		}
		if len(out) == 0 {
			return nil, pp.errf(n, key, "is an empty list")
		}
		return out, nil
	}
	s, err := pp.str(n, key)
	if err != nil {
		return nil, err
	}
	return []string{s}, nil
}

func (pp *profileParser) col(n *yaml.Node, key string) (colRef, error) {
	s, err := pp.str(n, key)
	if err != nil {
		return colRef{}, err
	}
	if strings.HasPrefix(s, "#") {
		i, err := strconv.Atoi(s[1:])
		if err != nil || i < 1 || i > maxSheetColumns {
			return colRef{}, pp.errf(n, key, "%q is not a column number (#1, #2, …)", s)
		}
		return colRef{pos: i}, nil
	}
	return colRef{name: s}, nil
}

func (pp *profileParser) cols(n *yaml.Node, key string) ([]colRef, error) {
	names, err := pp.strs(n, key)
	if err != nil {
		return nil, err
	}
	var out []colRef
	for i, s := range names {
		e := n
		if n.Kind == yaml.SequenceNode {
			e = n.Content[i]
		}
		c, err := pp.col(&yaml.Node{Kind: yaml.ScalarNode, Value: s, Line: e.Line}, key)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

var profileName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)

// parseProfile reads a profile's YAML; src names it in errors.
func parseProfile(src string, data []byte) (*Profile, error) {
	pp := &profileParser{src: src}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: %v: %w", src, strings.TrimPrefix(err.Error(), "yaml: "), ledger.ErrInvalid)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil, pp.errf(nil, "", "empty profile")
	}
	root := doc.Content[0]
	f, _, err := pp.fields(root, "")
	if err != nil {
		return nil, err
	}
	for _, req := range []string{"name", "detect", "currency", "date", "amount"} {
		if f[req] == nil {
			return nil, pp.errf(root, "", "missing key %q", req)
		}
	}
	p := &Profile{src: src, numberAuto: true}
	p.plausible = regexp.MustCompile(`(?m)^\s*#\s*confidence:\s*plausible`).Match(data)

	if p.name, err = pp.str(f["name"], "name"); err != nil {
		return nil, err
	}
	if !profileName.MatchString(p.name) {
		return nil, pp.errf(f["name"], "name", "%q: use letters, digits, '-', '_' or '.'", p.name)
	}

	d, _, err := pp.fields(f["detect"], "detect")
	if err != nil {
		return nil, err
	}
	if d["header"] == nil {
		return nil, pp.errf(f["detect"], "detect", "missing key \"header\"")
	}
	if p.detect, err = pp.strs(d["header"], "detect.header"); err != nil {
		return nil, err
	}

	if n := f["header_row"]; n != nil {
		v, err := pp.str(n, "header_row")
		if err != nil {
			return nil, err
		}
		if v != "auto" {
			i, err := strconv.Atoi(v)
			if err != nil || i < 1 {
				return nil, pp.errf(n, "header_row", "%q: use auto or a row number from 1", v)
			}
			p.headerRow = i
		}
	}

	if n := f["currency"]; n.Kind == yaml.MappingNode {
		c, _, err := pp.fields(n, "currency")
		if err != nil {
			return nil, err
		}
		if c["column"] == nil {
			return nil, pp.errf(n, "currency", "missing key \"column\"")
		}
		if p.currencyCol, err = pp.col(c["column"], "currency.column"); err != nil {
			return nil, err
		}
	} else {
		v, err := pp.str(n, "currency")
		if err != nil {
			return nil, err
		}
		p.currency = strings.ToUpper(v)
		if _, ok := ledger.LookupCurrency(p.currency); !ok {
			return nil, pp.errf(n, "currency", "unknown currency %q (an ISO 4217 code such as VND, IDR, USD)", v)
		}
	}

	dt, _, err := pp.fields(f["date"], "date")
	if err != nil {
		return nil, err
	}
	if dt["column"] == nil || dt["format"] == nil {
		return nil, pp.errf(f["date"], "date", "needs column and format")
	}
	if p.dateCol, err = pp.col(dt["column"], "date.column"); err != nil {
		return nil, err
	}
	if p.dateFormats, err = pp.strs(dt["format"], "date.format"); err != nil {
		return nil, err
	}
	for _, l := range p.dateFormats {
		if !goodLayout(l) {
			return nil, pp.errf(dt["format"], "date.format", "%q is not a Go date layout with a day and a month (write 2 January 2006 the way the file does, e.g. 02/01/2006)", l)
		}
	}
	if n := dt["fill_down"]; n != nil {
		if err := n.Decode(&p.fillDown); err != nil {
			return nil, pp.errf(n, "date.fill_down", "must be true or false")
		}
	}
	if n := dt["period"]; n != nil {
		if p.periodLabel, err = pp.str(n, "date.period"); err != nil {
			return nil, err
		}
	}
	for _, l := range p.dateFormats {
		if yearless(l) && p.periodLabel == "" {
			return nil, pp.errf(dt["format"], "date.format", "%q has no year: add date.period, the preamble label of the statement period", l)
		}
	}

	if err := pp.amount(p, f["amount"]); err != nil {
		return nil, err
	}

	if n := f["number"]; n != nil {
		if n.Kind == yaml.ScalarNode {
			if n.Value != "auto" {
				return nil, pp.errf(n, "number", "%q: use auto or {decimal, thousands}", n.Value)
			}
		} else {
			nm, _, err := pp.fields(n, "number")
			if err != nil {
				return nil, err
			}
			if nm["decimal"] == nil {
				return nil, pp.errf(n, "number", "missing key \"decimal\"")
			}
			dec, err := pp.str(nm["decimal"], "number.decimal")
			if err != nil {
				return nil, err
			}
			if dec != "." && dec != "," {
				return nil, pp.errf(nm["decimal"], "number.decimal", "%q: use \".\" or \",\"", dec)
			}
			p.numberAuto, p.numberDec = false, dec[0]
			if t := nm["thousands"]; t != nil {
				if t.Kind != yaml.ScalarNode {
					return nil, pp.errf(t, "number.thousands", "must be a text value")
				}
				p.numberTho = t.Value
				switch p.numberTho {
				case ",", ".", " ", "", "'":
				default:
					return nil, pp.errf(t, "number.thousands", "%q: use \",\", \".\", \" \", \"'\" or \"\"", p.numberTho)
				}
				if p.numberTho == dec {
					return nil, pp.errf(t, "number.thousands", "is the same as number.decimal")
				}
			}
		}
	}

	if n := f["description"]; n != nil {
		if p.description, err = pp.cols(n, "description"); err != nil {
			return nil, err
		}
	}
	for key, dst := range map[string]*colRef{"id": &p.id, "counterparty": &p.counterparty, "balance": &p.balance} {
		if n := f[key]; n != nil {
			if *dst, err = pp.col(n, key); err != nil {
				return nil, err
			}
		}
	}
	for key, dst := range map[string]*[]string{"stop_at": &p.stopAt, "skip": &p.skip} {
		if n := f[key]; n != nil {
			vs, err := pp.strs(n, key)
			if err != nil {
				return nil, err
			}
			for _, v := range vs {
				*dst = append(*dst, Norm(v))
			}
		}
	}
	payouts := bankPayoutWords
	if n := f["payouts"]; n != nil {
		if n.Kind == yaml.SequenceNode && len(n.Content) == 0 {
			payouts = nil
		} else if payouts, err = pp.strs(n, "payouts"); err != nil {
			return nil, err
		}
	}
	for _, w := range payouts {
		if ws := bankWords(w); len(ws) > 0 {
			p.payouts = append(p.payouts, ws)
		}
	}
	return p, nil
}

func (pp *profileParser) amount(p *Profile, n *yaml.Node) error {
	a, _, err := pp.fields(n, "amount")
	if err != nil {
		return err
	}
	has := func(keys ...string) bool {
		for _, k := range keys {
			if a[k] == nil {
				return false
			}
		}
		return true
	}
	only := func(keys ...string) bool {
		for k := range a {
			found := false
			for _, kk := range keys {
				if k == kk {
					found = true
				}
			}
			if !found {
				return false
			}
		}
		return true
	}
	const shapes = "use one of {column, sign} | {credit, debit} | {column, direction, credit_word, debit_word}"
	switch {
	case a["credit"] != nil || a["debit"] != nil:
		if !has("credit", "debit") || !only("credit", "debit") {
			return pp.errf(n, "amount", shapes)
		}
		p.mode = amountSplit
		if p.creditCol, err = pp.col(a["credit"], "amount.credit"); err != nil {
			return err
		}
		if p.debitCol, err = pp.col(a["debit"], "amount.debit"); err != nil {
			return err
		}
	case a["direction"] != nil || a["credit_word"] != nil || a["debit_word"] != nil:
		if !has("column", "direction", "credit_word", "debit_word") || !only("column", "direction", "credit_word", "debit_word") {
			return pp.errf(n, "amount", shapes)
		}
		p.mode = amountDirection
		if p.amountCol, err = pp.col(a["column"], "amount.column"); err != nil {
			return err
		}
		if p.directionCol, err = pp.col(a["direction"], "amount.direction"); err != nil {
			return err
		}
		cw, err := pp.strs(a["credit_word"], "amount.credit_word")
		if err != nil {
			return err
		}
		dw, err := pp.strs(a["debit_word"], "amount.debit_word")
		if err != nil {
			return err
		}
		for _, w := range cw {
			p.creditWords = append(p.creditWords, Norm(w))
		}
		for _, w := range dw {
			p.debitWords = append(p.debitWords, Norm(w))
		}
		for _, c := range p.creditWords {
			for _, d := range p.debitWords {
				if c == d {
					return pp.errf(a["debit_word"], "amount.debit_word", "%q is also a credit_word", d)
				}
			}
		}
	default:
		if !has("column") || !only("column", "sign") {
			return pp.errf(n, "amount", shapes)
		}
		p.mode = amountSigned
		if p.amountCol, err = pp.col(a["column"], "amount.column"); err != nil {
			return err
		}
		if s := a["sign"]; s != nil {
			v, err := pp.str(s, "amount.sign")
			if err != nil {
				return err
			}
			switch v {
			case "normal":
			case "inverted":
				p.inverted = true
			default:
				return pp.errf(s, "amount.sign", "%q: use normal (money out is negative) or inverted (money out is positive)", v)
			}
		}
	}
	return nil
}
