package fx

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/incomeledger/income/internal/bom"
	"github.com/shopspring/decimal"
)

// ParseCSV reads a rates CSV and calls fn for each rate. Two layouts are
// accepted, told apart by the header:
//
//   - the plain layout of cli.md, `date,base,quote,rate[,source]`, with the
//     optional extra columns div (Rate is rate/div), until (last valid day),
//     ref and note, in any order after the four required ones; a row
//     without a source gets source "file";
//   - the ECB's wide `eurofxref-hist.csv` (`Date,USD,JPY,…,` with EUR as
//     base, `N/A` or empty cells skipped, a trailing empty column), and the
//     daily `eurofxref.csv` (`Date, USD, …` with dates like
//     `06 January 2025`); these rates get source "ecb".
//
// Errors are *ParseError naming file and line; an error returned by fn is
// passed through unchanged.
func ParseCSV(r io.Reader, file string, fn func(Rate) error) error {
	cr := csv.NewReader(bufio.NewReader(r))
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return &ParseError{File: file, Line: 1, Msg: "empty rates file"}
		}
		return csvError(file, 1, err)
	}
	cols := make([]string, len(header))
	for i, h := range header {
		cols[i] = strings.ToLower(strings.TrimSpace(bom.TrimString(h)))
	}
	if len(cols) >= 2 && cols[0] == "date" && cols[1] != "base" && isCode(strings.ToUpper(cols[1])) {
		return parseECBCSV(cr, file, cols, fn)
	}
	idx := map[string]int{}
	for i, c := range cols {
		if _, dup := idx[c]; !dup {
			idx[c] = i
		}
	}
	if len(cols) < 4 || cols[0] != "date" || cols[1] != "base" || cols[2] != "quote" || cols[3] != "rate" {
		return &ParseError{File: file, Line: 1, Msg: fmt.Sprintf("header %q: want date,base,quote,rate[,source] or the ECB's Date,USD,JPY,…", strings.Join(header, ","))}
	}
	col := func(rec []string, name string) string {
		if i, ok := idx[name]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	seen := map[plainKey]plainSeen{}
	return eachRecord(cr, file, func(rec []string, line int) error {
		if len(rec) < 4 {
			return &ParseError{File: file, Line: line, Msg: fmt.Sprintf("want at least 4 fields, got %d", len(rec))}
		}
		rt, err := parsePlainRow(rec, col)
		if err == nil {
			err = rt.Validate()
		}
		if err == nil {
			err = checkSeen(seen, rt, line)
		}
		if err != nil {
			return &ParseError{File: file, Line: line, Msg: err.Error()}
		}
		return fn(rt)
	})
}

// plainKey is what one row of a plain rates file states a rate for.
type plainKey struct {
	date                time.Time
	base, quote, source string
}

type plainSeen struct {
	rate decimal.Decimal // Rate/Div, exact enough to tell two rates apart
	text string
	line int
}

// checkSeen refuses a second, different rate for a (date, pair, source)
// the file already gave: which of the two is right cannot be known, and
// keeping either would be a silent choice. The same rate twice is fine.
func checkSeen(seen map[plainKey]plainSeen, rt Rate, line int) error {
	k := plainKey{rt.Date, rt.Base, rt.Quote, strings.ToLower(rt.Source)}
	v := rt.Rate.DivRound(rt.Divisor(), 24)
	if prev, ok := seen[k]; ok {
		if !prev.rate.Equal(v) {
			return fmt.Errorf("%s %s/%s source %s: rate %s, but line %d gives %s for the same date, pair and source",
				rt.Date.Format(DateLayout), rt.Base, rt.Quote, rt.Source, rt.Ratio(), prev.line, prev.text)
		}
		return nil
	}
	seen[k] = plainSeen{rate: v, text: rt.Ratio(), line: line}
	return nil
}

// eachRecord calls fn with each record cr reads after the header and its
// line, passing over blank lines, until the end or the first error (a CSV
// error as a *ParseError; fn's own error unchanged).
func eachRecord(cr *csv.Reader, file string, fn func(rec []string, line int) error) error {
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return csvError(file, 0, err)
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		line, _ := cr.FieldPos(0)
		if err := fn(rec, line); err != nil {
			return err
		}
	}
}

func parsePlainRow(rec []string, col func([]string, string) string) (Rate, error) {
	d, err := time.Parse(DateLayout, strings.TrimSpace(rec[0]))
	if err != nil {
		return Rate{}, fmt.Errorf("date %q: want YYYY-MM-DD", rec[0])
	}
	v, err := parsePlain(strings.TrimSpace(rec[3]))
	if err != nil || !v.IsPositive() {
		return Rate{}, fmt.Errorf("rate %q: not a positive number", rec[3])
	}
	rt := Rate{Date: d, Base: normCode(rec[1]), Quote: normCode(rec[2]), Rate: v,
		Source: col(rec, "source"), Ref: col(rec, "ref"), Note: col(rec, "note")}
	if !isCode(rt.Base) || !isCode(rt.Quote) {
		return Rate{}, fmt.Errorf("pair %q/%q: want ISO 4217 codes", rec[1], rec[2])
	}
	if rt.Base == rt.Quote {
		return Rate{}, fmt.Errorf("pair %s/%s: same currency", rt.Base, rt.Quote)
	}
	if s := col(rec, "div"); s != "" {
		if rt.Div, err = parsePlain(s); err != nil || !rt.Div.IsPositive() {
			return Rate{}, fmt.Errorf("div %q: not a positive number", s)
		}
	}
	if s := col(rec, "until"); s != "" {
		if rt.Until, err = time.Parse(DateLayout, s); err != nil {
			return Rate{}, fmt.Errorf("until %q: want YYYY-MM-DD", s)
		}
		if rt.Until.Before(rt.Date) {
			return Rate{}, fmt.Errorf("until %s: before date %s", s, rt.Date.Format(DateLayout))
		}
	}
	if rt.Source == "" {
		rt.Source = SourceFile
	}
	if strings.EqualFold(rt.Source, SourceRealised) || strings.EqualFold(rt.Source, SourceIdentity) {
		return Rate{}, fmt.Errorf("source %q is reserved: income records %s rates itself", rt.Source, strings.ToLower(rt.Source))
	}
	return rt, nil
}

var ecbCSVDateLayouts = []string{DateLayout, "02 January 2006", "2 January 2006"}

func parseECBCSV(cr *csv.Reader, file string, cols []string, fn func(Rate) error) error {
	codes := make([]string, len(cols))
	for i, c := range cols[1:] {
		c = strings.ToUpper(c)
		if c == "" {
			continue // the trailing empty column
		}
		if !isCode(c) {
			return &ParseError{File: file, Line: 1, Msg: fmt.Sprintf("column %d %q: want a currency code", i+2, c)}
		}
		codes[i+1] = c
	}
	return eachRecord(cr, file, func(rec []string, line int) error {
		ds := strings.TrimSpace(rec[0])
		var (
			d   time.Time
			err error
		)
		for _, l := range ecbCSVDateLayouts {
			if d, err = time.Parse(l, ds); err == nil {
				break
			}
		}
		if err != nil {
			return &ParseError{File: file, Line: line, Msg: fmt.Sprintf("date %q: want YYYY-MM-DD", rec[0])}
		}
		for i := 1; i < len(rec) && i < len(codes); i++ {
			s := strings.TrimSpace(rec[i])
			if codes[i] == "" || s == "" || strings.EqualFold(s, "N/A") {
				continue
			}
			v, err := parsePlain(s)
			if err != nil || !v.IsPositive() {
				return &ParseError{File: file, Line: line, Msg: fmt.Sprintf("%s %q: not a positive number", codes[i], s)}
			}
			rt := Rate{Date: d, Base: "EUR", Quote: codes[i], Rate: v, Source: SourceECB}
			if err := rt.Validate(); err != nil {
				return &ParseError{File: file, Line: line, Msg: err.Error()}
			}
			if err := fn(rt); err != nil {
				return err
			}
		}
		return nil
	})
}

func csvError(file string, line int, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &ParseError{File: file, Line: pe.Line, Msg: pe.Err.Error()}
	}
	return &ParseError{File: file, Line: line, Err: err}
}

// WriteCSV writes rates in the plain layout ParseCSV reads back:
// `date,base,quote,rate,source`, plus div, until, ref and note columns when
// any rate needs them. A rate whose Rate/Div is a terminating decimal is
// written as that decimal; otherwise rate and div are written apart.
func WriteCSV(w io.Writer, rates []Rate) error {
	type row struct {
		rate, div string
	}
	rows := make([]row, len(rates))
	var needDiv, needUntil, needRef, needNote bool
	for i, r := range rates {
		rows[i].rate = r.Rate.String()
		if !r.Div.IsZero() && !r.Div.Equal(one) {
			if q, ok := exactQuotient(r.Rate, r.Div); ok {
				rows[i].rate = q.String()
			} else {
				rows[i].div = r.Div.String()
				needDiv = true
			}
		}
		needUntil = needUntil || !r.Until.IsZero()
		needRef = needRef || r.Ref != ""
		needNote = needNote || r.Note != ""
	}
	cw := csv.NewWriter(w)
	header := []string{"date", "base", "quote", "rate", "source"}
	if needDiv {
		header = append(header, "div")
	}
	if needUntil {
		header = append(header, "until")
	}
	if needRef {
		header = append(header, "ref")
	}
	if needNote {
		header = append(header, "note")
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	for i, r := range rates {
		rec := []string{r.Date.Format(DateLayout), r.Base, r.Quote, rows[i].rate, r.Source}
		if needDiv {
			rec = append(rec, rows[i].div)
		}
		if needUntil {
			u := ""
			if !r.Until.IsZero() {
				u = r.Until.Format(DateLayout)
			}
			rec = append(rec, u)
		}
		if needRef {
			rec = append(rec, r.Ref)
		}
		if needNote {
			rec = append(rec, r.Note)
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// exactQuotient returns a/b when it is a decimal of at most 40 places.
func exactQuotient(a, b decimal.Decimal) (decimal.Decimal, bool) {
	q := a.DivRound(b, 40)
	if !q.Mul(b).Equal(a) {
		return decimal.Decimal{}, false
	}
	// Drop trailing zeros: 102.63520000… → 102.6352.
	s := strings.TrimRight(strings.TrimRight(q.StringFixed(40), "0"), ".")
	q, err := decimal.NewFromString(s)
	return q, err == nil
}
