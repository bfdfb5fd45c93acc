package tax

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"
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
		m = func(d decimal.Decimal) string { return money(d, r.places) }
	}
	qs := func(in []Quarter) []jQuarter {
		var out []jQuarter
		for _, q := range in {
			out = append(out, jQuarter{q.Period, m(q.Base), m(q.Amount)})
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

// money prints d with at least places decimals, and more only when d has them.
func money(d decimal.Decimal, places int32) string {
	s := d.String()
	if _, frac, ok := strings.Cut(s, "."); ok && int32(len(frac)) > places {
		return s
	}
	return d.StringFixed(places)
}

// WriteTable prints a human-readable summary: the regimes side by side, then
// one block each with its lines, total, confidence flags, quarters, deadlines
// and notes, then the country's notes. The trace is in the JSON output.
func WriteTable(w io.Writer, res Result) error {
	ew := &errWriter{w: w}
	amt := func(d decimal.Decimal) string { return groupStr(d.String()) }
	if res.unitsSet {
		amt = func(d decimal.Decimal) string { return groupStr(d.StringFixed(res.display)) }
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
	writeRows(ew, "", rows, 1)

	for _, g := range res.Regimes {
		fmt.Fprintf(ew, "\n== %s: %s\n", g.ID, g.Name)
		rows = rows[:0]
		for _, l := range g.Lines {
			rows = append(rows, []string{l.Key, l.Label, amt(l.Amount), l.Confidence})
		}
		rows = append(rows, []string{"", "total", amt(g.Total), g.Confidence})
		writeRows(ew, "  ", rows, 2)
		if ps := append(append([]Quarter{}, g.Quarters...), g.Months...); len(ps) > 0 {
			fmt.Fprintf(ew, "  Periods (base, amount)\n")
			rows = rows[:0]
			for _, q := range ps {
				rows = append(rows, []string{q.Period, amt(q.Base), amt(q.Amount)})
			}
			writeRows(ew, "    ", rows, 1, 2)
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

// writeRows prints aligned columns separated by two spaces; the columns listed
// in right are right-aligned; trailing blanks are trimmed.
func writeRows(w io.Writer, indent string, rows [][]string, right ...int) {
	var width []int
	for _, r := range rows {
		for i, c := range r {
			if i >= len(width) {
				width = append(width, 0)
			}
			width[i] = max(width[i], utf8.RuneCountInString(c))
		}
	}
	for _, r := range rows {
		var b strings.Builder
		b.WriteString(indent)
		for i, c := range r {
			if i > 0 {
				b.WriteString("  ")
			}
			pad := strings.Repeat(" ", width[i]-utf8.RuneCountInString(c))
			if slices.Contains(right, i) {
				b.WriteString(pad + c)
			} else {
				b.WriteString(c + pad)
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
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

// FXPolicy returns the exchange-rate policy and rate source the country's
// rules name for a date (parameters <cc>.fx.policy and <cc>.fx.source):
// VN daily / vietcombank-transfer-buy, ID weekly-window / kurs-pajak,
// US daily / any (any posted rate applied consistently; override with a rules
// file for yearly-average / irs).
func (r *Rules) FXPolicy(countryCode string, date time.Time) (policy, source string, err error) {
	cc := strings.ToUpper(strings.TrimSpace(countryCode))
	if _, ok := r.countries[cc]; !ok {
		return "", "", fmt.Errorf("tax: no rules for country %q (known: %s)", countryCode, strings.Join(r.Countries(), ", "))
	}
	day := time.Date(date.Year(), date.Month(), date.Day(), 0, 0, 0, 0, time.UTC)
	var vals [2]string
	for i, name := range []string{strings.ToLower(cc) + ".fx.policy", strings.ToLower(cc) + ".fx.source"} {
		p, ok := r.params[name]
		if !ok || p.typ != typeText {
			return "", "", fmt.Errorf("tax: the %s rules have no text parameter %s", cc, name)
		}
		e := p.entryAt(day)
		if e == nil {
			return "", "", fmt.Errorf("tax: %s: no value in force on %s (first from %s)", name, day.Format(dateLayout), p.entries[0].effective.Format(dateLayout))
		}
		vals[i] = e.text
	}
	return vals[0], vals[1], nil
}
