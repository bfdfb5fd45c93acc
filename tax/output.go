package tax

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/shopspring/decimal"

	"github.com/incomeledger/income/internal/textfmt"
)

// MarshalJSON writes every amount as a string with at least the currency's
// minor digits ("12080.30", "119700000", "760000.00"); trace amounts that
// carry more digits before rounding keep them all ("4238.865").
func (r Result) MarshalJSON() ([]byte, error) {
	type jLine struct {
		Key        string   `json:"key"`
		Label      string   `json:"label"`
		Amount     string   `json:"amount"`
		Confidence string   `json:"confidence"`
		Verify     []string `json:"verify,omitempty"`
	}
	type jStep struct {
		Step       string `json:"step"`
		Amount     string `json:"amount"`
		Rule       string `json:"rule"`
		Effective  string `json:"effective"`
		Reference  string `json:"reference"`
		Confidence string `json:"confidence"`
	}
	type jQuarter struct {
		Period string `json:"period"`
		Base   string `json:"base"`
		Amount string `json:"amount"`
		Credit string `json:"credit,omitempty"`
	}
	type jRegime struct {
		ID         string     `json:"id"`
		Name       string     `json:"name"`
		Base       string     `json:"base"`
		Total      string     `json:"total"`
		Confidence string     `json:"confidence"`
		Applicable bool       `json:"applicable"`
		Lines      []jLine    `json:"lines"`
		Trace      []jStep    `json:"trace"`
		Deadlines  []Deadline `json:"deadlines"`
		Quarters   []jQuarter `json:"quarters,omitempty"`
		Months     []jQuarter `json:"months,omitempty"`
		Notes      []string   `json:"notes"`
	}
	type jResult struct {
		Year     int       `json:"year"`
		Country  string    `json:"country"`
		Currency string    `json:"currency"`
		Regimes  []jRegime `json:"regimes"`
		Notes    []string  `json:"notes"`
	}
	m := func(d decimal.Decimal) string { return d.String() }
	if r.unitsSet {
		m = func(d decimal.Decimal) string { return textfmt.MinDigits(d, r.places) }
	}
	qs := func(in []Quarter) []jQuarter {
		var out []jQuarter
		for _, q := range in {
			jq := jQuarter{Period: q.Period, Base: m(q.Base), Amount: m(q.Amount)}
			if q.Credit.IsPositive() {
				jq.Credit = m(q.Credit)
			}
			out = append(out, jq)
		}
		return out
	}
	out := jResult{Year: r.Year, Country: r.Country, Currency: r.Currency, Regimes: []jRegime{}, Notes: nonNil(r.Notes)}
	for _, g := range r.Regimes {
		jr := jRegime{ID: g.ID, Name: g.Name, Base: g.Base, Total: m(g.Total), Confidence: g.Confidence, Applicable: g.Applicable,
			Lines: []jLine{}, Trace: []jStep{}, Deadlines: g.Deadlines, Quarters: qs(g.Quarters), Months: qs(g.Months), Notes: nonNil(g.Notes)}
		if jr.Deadlines == nil {
			jr.Deadlines = []Deadline{}
		}
		for _, l := range g.Lines {
			jr.Lines = append(jr.Lines, jLine{l.Key, l.Label, m(l.Amount), l.Confidence, l.Verify})
		}
		for _, s := range g.Trace {
			jr.Trace = append(jr.Trace, jStep{s.Step, m(s.Amount), s.Rule, s.Effective, s.Reference, s.Confidence})
		}
		out.Regimes = append(out.Regimes, jr)
	}
	return json.Marshal(out)
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// WriteTable prints a human-readable summary: the regimes side by side, then
// one block each with its lines, total, confidence flags, quarters, deadlines
// and notes, then the country's notes. The trace is in the JSON output.
func WriteTable(w io.Writer, res Result) error {
	ew := &errWriter{w: w}
	amt := textfmt.Plain
	if res.unitsSet {
		amt = func(d decimal.Decimal) string { return textfmt.Fixed(d, res.display) }
	}
	fmt.Fprintf(ew, "Tax estimates for %s, tax year %d, in %s\n", res.Country, res.Year, res.Currency)
	fmt.Fprintf(ew, "Confidence: C confirmed; S secondary source; U unconfirmed. Check every S and U figure (see the notes).\n\n")

	rows := [][]string{{"REGIME", "TOTAL", "CONF", "APPLIES", "TAXES"}}
	for _, g := range res.Regimes {
		applies := "yes"
		if !g.Applicable {
			applies = "no"
		}
		rows = append(rows, []string{g.ID, amt(g.Total), g.Confidence, applies, g.Base})
	}
	writeRows(ew, "", rows)

	for _, g := range res.Regimes {
		fmt.Fprintf(ew, "\n== %s: %s\n", g.ID, g.Name)
		rows = rows[:0]
		for _, l := range g.Lines {
			rows = append(rows, []string{l.Key, l.Label, amt(l.Amount), l.Confidence})
		}
		rows = append(rows, []string{"", "total", amt(g.Total), g.Confidence})
		writeRows(ew, "  ", rows)
		if ps := append(append([]Quarter{}, g.Quarters...), g.Months...); len(ps) > 0 {
			fmt.Fprintf(ew, "  Periods (base, amount)\n")
			rows = rows[:0]
			for _, q := range ps {
				row := []string{q.Period, amt(q.Base), amt(q.Amount)}
				if q.Credit.IsPositive() {
					row = append(row, "(credit "+amt(q.Credit)+" carried)")
				}
				rows = append(rows, row)
			}
			writeRows(ew, "    ", rows)
		}
		if len(g.Deadlines) > 0 {
			fmt.Fprintf(ew, "  Deadlines\n")
			rows = rows[:0]
			for _, d := range g.Deadlines {
				extra := ""
				if d.Statutory != "" {
					extra = "(moved from " + d.Statutory + ")"
				}
				rows = append(rows, []string{d.Form, d.Period, d.Due, d.Confidence, extra})
			}
			writeRows(ew, "    ", rows)
		}
		if len(g.Notes) > 0 {
			fmt.Fprintf(ew, "  Notes\n")
			for _, n := range g.Notes {
				fmt.Fprintf(ew, "    %s\n", n)
			}
		}
	}
	if len(res.Notes) > 0 {
		fmt.Fprintf(ew, "\nNotes\n")
		for _, n := range res.Notes {
			fmt.Fprintf(ew, "  %s\n", n)
		}
	}
	return ew.err
}

// writeRows prints rows through the one table writer (textfmt.Table: two
// spaces between columns, number columns right-aligned, no trailing blanks),
// each line after indent.
func writeRows(w io.Writer, indent string, rows [][]string) {
	if len(rows) == 0 {
		return
	}
	t := textfmt.NewTable(w, 2, indented(indent, rows[0])...)
	for _, r := range rows[1:] {
		t.Row(indented(indent, r)...)
	}
	_ = t.Flush() // w is an errWriter: it keeps the first error
}

// indented puts indent before the first cell (a text column in every tax
// table, so the indent does not change its alignment).
func indented(indent string, row []string) []string {
	if indent == "" || len(row) == 0 {
		return row
	}
	out := append([]string{indent + row[0]}, row[1:]...)
	return out
}

type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}
