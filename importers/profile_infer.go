package importers

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/incomeledger/income/ledger"
	"github.com/shopspring/decimal"
)

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
