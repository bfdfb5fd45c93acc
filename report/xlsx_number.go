package report

// This file is the one place where the workbook meets float64: a
// spreadsheet number is an IEEE double, and excelize takes column widths
// and cell values as float64. Each conversion here is exact or documented.

import (
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// number is d as the numeric cell value excelize writes. A spreadsheet
// number is an IEEE double, so this is the one place float64 meets money:
// whole amounts go in as int64 (exact); others as the double nearest to d,
// which excelize writes as its shortest decimal form. For up to 15
// significant digits (Excel's own precision) that form is exactly d, so the
// file holds "1240.37", not an approximation; longer numbers are counted
// and reported in Notes.
func (b *book) number(d decimal.Decimal) any {
	if d.NumDigits() <= 15 {
		// Fast path, no allocation: c·10^e with |c| < 10^15 < 2^53, so
		// float64(c) is exact, and so is 10^k for k ≤ 22; one IEEE
		// division of two exact values is correctly rounded, which makes
		// it the double ParseFloat(d.String()) would give.
		c, e := d.CoefficientInt64(), int(d.Exponent())
		for c != 0 && c%10 == 0 && e < 0 {
			c, e = c/10, e+1
		}
		switch {
		case e >= 0 && e <= 3:
			return c * pow10i[e]
		case e < 0 && e >= -22:
			return float64(c) / pow10f[-e]
		}
	}
	if significantDigits(d) > 15 {
		b.imprecise++
	}
	if d.IsInteger() {
		if bi := d.BigInt(); bi.IsInt64() {
			return bi.Int64()
		}
	}
	f, err := strconv.ParseFloat(d.String(), 64)
	if err != nil {
		return d.String()
	}
	return f
}

var pow10i = [...]int64{1, 10, 100, 1000}

var pow10f = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12,
	1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

func significantDigits(d decimal.Decimal) int {
	s := d.Coefficient().String()
	s = strings.TrimLeft(strings.TrimRight(s, "0"), "-")
	return len(s)
}

// dateTime is an instant as a spreadsheet date-time serial (days since
// 1899-12-30 and the fraction of the day), to the second. The day is an
// int64 (exact); the fraction is seconds/86400 as the nearest double, which
// a spreadsheet shows to the second.
func dateTime(t time.Time) float64 {
	return float64(excelDate(t)) + float64(t.Hour()*3600+t.Minute()*60+t.Second())/86400
}

// width is a column width in characters as excelize takes it; every width
// the sheets use is a small whole number, so the conversion is exact.
func width(chars int) float64 { return float64(chars) }
