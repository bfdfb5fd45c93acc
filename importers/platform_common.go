package importers

// Helpers shared by the payment-platform importers (PayPal, Wise, Payoneer,
// Stripe, Etsy): deciding a file's number style and date order from its
// content, running the balance check in the file's own row order, and
// recognising a payout from another platform.

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/incomeledger/income/errs"
	"github.com/incomeledger/income/ledger"
	"github.com/shopspring/decimal"
)

// platNumberShape says which decimal separator a money cell implies, if any:
// "1,653.75" and "84.00" are dot-decimal, "4.626,81" and "49,37" comma-
// decimal; "1,234" (a separator before exactly three digits) groups
// thousands, so it implies the other style. A cell without separators
// implies nothing.
func platNumberShape(s string) (NumberStyle, bool) {
	dot, comma := strings.LastIndexByte(s, '.'), strings.LastIndexByte(s, ',')
	switch {
	case dot < 0 && comma < 0:
		return DotDecimal, false
	case dot >= 0 && comma >= 0:
		if dot > comma {
			return DotDecimal, true
		}
		return CommaDecimal, true
	}
	sep, at := byte('.'), dot
	if comma >= 0 {
		sep, at = ',', comma
	}
	digits := 0
	for i := at + 1; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
		digits++
	}
	intPart := strings.TrimLeftFunc(s[:at], func(r rune) bool { return !unicode.IsDigit(r) })
	grouping := strings.Count(s, string(sep)) > 1 ||
		(digits == 3 && intPart != "" && !strings.HasPrefix(intPart, "0"))
	if (sep == '.') != grouping {
		return DotDecimal, true
	}
	return CommaDecimal, true
}

// platNumbers parses a file's money cells in the number style its first
// cell with a separator shows, and rejects a later cell that shows the other
// style (a file is never read one row one way and the next the other way).
type platNumbers struct {
	style NumberStyle
	known bool
	fixed bool // the format has one style: style, whatever the cells look like
	line  int
	cell  string
}

// parse reads cell; "" and "--" are zero.
func (n *platNumbers) parse(line int, cell string) (decimal.Decimal, error) {
	cell = strings.TrimSpace(cell)
	if cell == "" || cell == "--" || cell == "-" {
		return decimal.Zero, nil
	}
	if n.fixed {
		return ParseAmount(cell, n.style)
	}
	if st, ok := platNumberShape(cell); ok {
		switch {
		case !n.known:
			n.style, n.known, n.line, n.cell = st, true, line, cell
		case st != n.style:
			return decimal.Decimal{}, fmt.Errorf("amount %q is written in a different number style from %q at line %d: %w", cell, n.cell, n.line, ErrNotNumber)
		}
	}
	return ParseAmount(cell, n.style)
}

// platOrder is the order of day and month in dates like 03/04/2025.
type platOrder int

const (
	platOrderUnknown platOrder = iota
	platDMY
	platMDY
)

func (o platOrder) String() string {
	switch o {
	case platDMY:
		return "day/month/year"
	case platMDY:
		return "month/day/year"
	}
	return "unknown"
}

// platSlash splits "29/12/2015" (time after a space ignored) into its three
// numbers.
func platSlash(s string) (a, b, y int, ok bool) {
	s = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "'"))
	if i := strings.IndexAny(s, " T"); i >= 0 {
		s = s[:i]
	}
	parts := strings.Split(s, "/")
	if len(parts) != 3 {
		return 0, 0, 0, false
	}
	var n [3]int
	for i, p := range parts {
		if p == "" || len(p) > 4 {
			return 0, 0, 0, false
		}
		v, err := strconv.Atoi(p)
		if err != nil || v < 0 {
			return 0, 0, 0, false
		}
		n[i] = v
	}
	if len(parts[2]) != 4 && len(parts[2]) != 2 {
		return 0, 0, 0, false
	}
	if len(parts[2]) == 2 {
		n[2] += 2000
	}
	return n[0], n[1], n[2], true
}

// platSlashOrder is the order a slash date shows by itself: 29/12/2015 is
// day first, 9/25/2018 month first, 03/04/2025 either.
func platSlashOrder(s string) platOrder {
	a, b, _, ok := platSlash(s)
	switch {
	case !ok:
		return platOrderUnknown
	case a > 12 && b >= 1 && b <= 12:
		return platDMY
	case b > 12 && a >= 1 && a <= 12:
		return platMDY
	}
	return platOrderUnknown
}

// platNeedsOrder says whether reading s needs the file's date order: a
// slash date whose first two numbers could each be the month and differ.
func platNeedsOrder(s string) bool {
	a, b, _, ok := platSlash(s)
	return ok && a >= 1 && a <= 12 && b >= 1 && b <= 12 && a != b
}

// platMaxWaiting bounds how many rows wait for the file's date order.
const platMaxWaiting = 50000

// platDates reads a file's dates. Slash dates are read in the one order
// that fits every row of the file: rows whose date fits both orders wait (in
// memory, at most platMaxWaiting rows) until a row shows the order; if none
// does, the fallback decides, with a warning unless the format documents it.
// Other shapes (2006-01-02, 02.01.2006, 02-01-2006 day first, month names)
// need no order.
type platDates struct {
	order      platOrder
	decidedAt  int // line whose date decided the order; 0 = fallback
	decidedBy  string
	fallback   platOrder
	why        string // why fallback is the right guess
	documented bool   // the format's documentation names the fallback order
	waiting    []func() error
	firstWait  int
	// decide, when set, gives the fallback from what the file says
	// besides its dates (a time zone, a currency); ok false: it cannot.
	decide func() (order platOrder, why string, ok bool)
	file   string // names the file in errors
}

// do runs emit (which parses the row's date with parse) now, or after the
// file has shown its date order. Rows keep their file order.
func (d *platDates) do(sink Sink, line int, date string, emit func() error) error {
	if o := platSlashOrder(date); o != platOrderUnknown {
		switch {
		case d.order == platOrderUnknown:
			d.order, d.decidedAt, d.decidedBy = o, line, date
			if err := d.flush(); err != nil {
				return err
			}
		case o != d.order:
			return errs.Data(d.file, line, fmt.Errorf("date %q is %s, but the file's dates are %s (%s): %w", date, o, d.order, d.source(), ErrBadDate))
		}
	}
	if d.order == platOrderUnknown && (len(d.waiting) > 0 || platNeedsOrder(date)) {
		if len(d.waiting) == 0 {
			d.firstWait = line
		}
		d.waiting = append(d.waiting, emit)
		if len(d.waiting) >= platMaxWaiting {
			return d.finish(sink)
		}
		return nil
	}
	return emit()
}

func (d *platDates) source() string {
	if d.decidedAt > 0 {
		return fmt.Sprintf("line %d has %q", d.decidedAt, d.decidedBy)
	}
	return "assumed: " + d.why
}

// finish runs the rows still waiting, reading their dates in the fallback
// order.
func (d *platDates) finish(sink Sink) error {
	if len(d.waiting) == 0 {
		return nil
	}
	d.order = d.fallback
	documented := d.documented
	if d.decide != nil {
		if o, why, ok := d.decide(); ok {
			d.order, d.why, documented = o, why, true
		}
	}
	if !documented {
		sink.Warn(d.firstWait, "every date from here on fits both day/month/year and month/day/year; read as %s because %s: check the dates", d.order, d.why)
	}
	return d.flush()
}

func (d *platDates) flush() error {
	w := d.waiting
	d.waiting = nil
	for _, emit := range w {
		if err := emit(); err != nil {
			return err
		}
	}
	return nil
}

// parse reads one date cell (any time after the date is ignored).
func (d *platDates) parse(s string) (time.Time, error) {
	v := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "'"))
	if a, b, y, ok := platSlash(v); ok {
		day, month := a, b
		switch d.order {
		case platMDY:
			day, month = b, a
		case platOrderUnknown:
			if a != b {
				return time.Time{}, fmt.Errorf("date %q: day/month order unknown: %w", s, ErrBadDate)
			}
		}
		return platYMD(s, y, month, day)
	}
	// 02.01.2006 and 02-01-2006 are day first wherever they are written.
	for _, sep := range []string{".", "-"} {
		f := strings.Fields(v)
		if len(f) == 0 {
			break
		}
		p := strings.Split(strings.TrimSuffix(f[0], sep), sep)
		if len(p) == 3 && len(p[0]) <= 2 && (len(p[2]) == 4 || (sep == "." && len(p[2]) == 2)) {
			day, e1 := strconv.Atoi(p[0])
			month, e2 := strconv.Atoi(p[1])
			y, e3 := strconv.Atoi(p[2])
			if e1 == nil && e2 == nil && e3 == nil {
				if len(p[2]) == 2 {
					y += 2000
				}
				return platYMD(s, y, month, day)
			}
		}
	}
	return ParseDate(v, "2006-01-02", "January 2, 2006", "Jan 2, 2006", "2 January, 2006", "2 Jan, 2006", "2. January 2006",
		"January 2 2006", "2 January 2006", "2 Jan 2006", "Jan 2 2006")
}

func platYMD(orig string, y, m, d int) (time.Time, error) {
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if m < 1 || m > 12 || d < 1 || t.Day() != d || y < 1900 {
		return time.Time{}, fmt.Errorf("date %q: %w", orig, ErrBadDate)
	}
	return t, nil
}

// platBalance runs the balance check in both row orders and, at the end,
// keeps the one the file's own dates show (first row older than the last:
// oldest first); when all dates are equal, the order that fits better.
type platBalance struct {
	fwd, back   *BalanceCheck
	first, last string // sortable date-time stamps of the first and last rows
}

func newPlatBalance() *platBalance {
	return &platBalance{fwd: NewBalanceCheck(false), back: NewBalanceCheck(true)}
}

// stamp notes a row's date and time (in that order) for the row order.
func (p *platBalance) stamp(date time.Time, clock string) {
	s := date.Format(ledger.DateLayout) + " " + strings.TrimSpace(clock)
	if p.first == "" {
		p.first = s
	}
	p.last = s
}

func (p *platBalance) add(line int, account string, amount, balance decimal.Decimal) {
	p.fwd.Add(line, account, amount, balance)
	p.back.Add(line, account, amount, balance)
}

func (p *platBalance) move(line int, account string, amount decimal.Decimal) {
	p.fwd.Move(line, account, amount)
	p.back.Move(line, account, amount)
}

func (p *platBalance) reset(line int, account string, balance decimal.Decimal) {
	p.fwd.Reset(line, account, balance)
	p.back.Reset(line, account, balance)
}

func (p *platBalance) finish(sink Sink) { p.chosen().Finish(sink) }

// chosen is the check of the row order the file's dates show.
func (p *platBalance) chosen() *BalanceCheck {
	switch {
	case p.first > p.last:
		return p.back
	case p.first == p.last && p.back.Mismatches() < p.fwd.Mismatches():
		return p.back
	}
	return p.fwd
}

// mismatches counts the rows whose balance the amounts do not reproduce,
// in the row order the file's dates show.
func (p *platBalance) mismatches() int { return p.chosen().Mismatches() }

// platPayoutFrom returns the payout platform (other than self) that a payer
// name or description names, or "" (the list is ledger.PayoutPlatforms).
func platPayoutFrom(self string, texts ...string) string {
	for _, t := range texts {
		if p, ok := ledger.PayoutPlatformExcept(self, Norm(t)); ok {
			return p
		}
	}
	return ""
}

// platHasAny says whether s contains any of subs.
func platHasAny(s string, subs ...string) bool {
	for _, x := range subs {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
}

// platHasWord says whether s has any of words as a whole word.
func platHasWord(s string, words ...string) bool {
	f := strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	for _, w := range f {
		for _, x := range words {
			if w == x {
				return true
			}
		}
	}
	return false
}

// platEmit sends one part of a row, skipping zero amounts; it reports
// whether an entry was sent.
func platEmit(sink Sink, e ledger.Entry) (bool, error) {
	if e.Amount.IsZero() {
		return false, nil
	}
	return true, sink.Entry(e)
}

// platFirst returns the first of xs that is not blank.
func platFirst(xs ...string) string {
	for _, x := range xs {
		if strings.TrimSpace(x) != "" {
			return x
		}
	}
	return ""
}

// platMask shows the last four characters of a bank account: "…6491".
func platMask(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	r := []rune(s)
	if len(r) > 4 {
		r = r[len(r)-4:]
	}
	return "…" + string(r)
}

// platCurrency upper-cases a currency code cell.
func platCurrency(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }
