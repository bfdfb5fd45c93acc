package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"

	"github.com/incomeledger/income/internal/textfmt"
	"github.com/incomeledger/income/ledger"
	"github.com/shopspring/decimal"
)

// The JSON view: every amount a string with exactly its currency's digits.
type figuresJSON struct {
	Gross    string `json:"gross"`
	Refunds  string `json:"refunds"`
	Fees     string `json:"fees"`
	Expenses string `json:"expenses"`
	Net      string `json:"net"`
}

type originalJSON struct {
	Currency string `json:"currency"`
	figuresJSON
}

type sourceJSON struct {
	Source  string `json:"source"`
	Entries int    `json:"entries"`
	figuresJSON
	Withheld string         `json:"withheld"`
	Original []originalJSON `json:"original"`
}

type monthJSON struct {
	Month string `json:"month"`
	figuresJSON
}

type totalsJSON struct {
	figuresJSON
	Withheld string `json:"withheld"`
}

type reportJSON struct {
	Year         int            `json:"year"`
	HomeCurrency string         `json:"home_currency"`
	Sources      []sourceJSON   `json:"sources"`
	Months       []monthJSON    `json:"months"`
	Totals       totalsJSON     `json:"totals"`
	Transfers    TransferCounts `json:"transfers"`
	Warnings     []string       `json:"warnings"`
}

func (f Figures) view(code string) figuresJSON {
	return figuresJSON{Amount(f.Gross, code), Amount(f.Refunds, code), Amount(f.Fees, code), Amount(f.Expenses, code), Amount(f.Net, code)}
}

func (r Report) view() reportJSON {
	h := r.HomeCurrency
	v := reportJSON{Year: r.Year, HomeCurrency: h, Sources: []sourceJSON{}, Transfers: r.Transfers, Warnings: r.Warnings,
		Totals: totalsJSON{r.Totals.Figures.view(h), Amount(r.Totals.Withheld, h)}}
	for _, s := range r.Sources {
		sj := sourceJSON{Source: s.Source, Entries: s.Entries, figuresJSON: s.Figures.view(h), Withheld: Amount(s.Withheld, h), Original: []originalJSON{}}
		for _, o := range s.Original {
			sj.Original = append(sj.Original, originalJSON{o.Currency, o.Figures.view(o.Currency)})
		}
		v.Sources = append(v.Sources, sj)
	}
	for _, m := range r.Months {
		v.Months = append(v.Months, monthJSON{m.Month, m.Figures.view(h)})
	}
	if v.Warnings == nil {
		v.Warnings = []string{}
	}
	return v
}

// WriteJSON writes the report as cli.md specifies.
func (r Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r.view())
}

// WriteCSV writes one row per source, month and the total, with the same
// columns: section, name, entries, gross, refunds, fees, expenses, net,
// withheld (home currency).
func (r Report) WriteCSV(w io.Writer) error {
	return r.writeRows(NewTable(w, "csv", false, "section", "name", "entries", "gross", "refunds", "fees", "expenses", "net", "withheld"))
}

func (r Report) writeRows(t *Table) error {
	v := r.view()
	row := func(section, name, entries string, f figuresJSON, withheld string) {
		t.Row(section, name, entries, f.Gross, f.Refunds, f.Fees, f.Expenses, f.Net, withheld)
	}
	total := 0
	for _, s := range v.Sources {
		row("source", s.Source, strconv.Itoa(s.Entries), s.figuresJSON, s.Withheld)
		total += s.Entries
	}
	for _, m := range v.Months {
		row("month", m.Month, "", m.figuresJSON, "")
	}
	row("total", strconv.Itoa(r.Year), strconv.Itoa(total), v.Totals.figuresJSON, v.Totals.Withheld)
	return t.Flush()
}

// WriteTable writes the report for people: sources and the total, then
// months, in the home currency with its display digits, grouped by
// thousands. On a terminal a title line comes first and the transfer counts
// after; piped, there is no title and no counts line, only the two tables
// (tab-separated, a blank line between). The warnings are not in it: the
// command says them on stderr, whatever the format.
func (r Report) WriteTable(w io.Writer, tty bool) error {
	cur, _ := ledger.LookupCurrency(r.HomeCurrency)
	show := func(d decimal.Decimal) string { return textfmt.Fixed(d, cur.Display) }
	if tty {
		fmt.Fprintf(w, "Income %d in %s\n\n", r.Year, r.HomeCurrency)
	}
	t := NewTable(w, "table", tty, "source", "entries", "gross", "refunds", "fees", "net", "expenses", "withheld")
	total := 0
	for _, s := range r.Sources {
		t.Row(s.Source, strconv.Itoa(s.Entries), show(s.Gross), show(s.Refunds), show(s.Fees), show(s.Net), show(s.Expenses), show(s.Withheld))
		total += s.Entries
	}
	t.Row("Total", strconv.Itoa(total), show(r.Totals.Gross), show(r.Totals.Refunds), show(r.Totals.Fees), show(r.Totals.Net), show(r.Totals.Expenses), show(r.Totals.Withheld))
	if err := t.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w)
	t = NewTable(w, "table", tty, "month", "gross", "refunds", "fees", "net", "expenses")
	for _, m := range r.Months {
		t.Row(m.Month, show(m.Gross), show(m.Refunds), show(m.Fees), show(m.Net), show(m.Expenses))
	}
	if err := t.Flush(); err != nil {
		return err
	}
	if tty && r.Transfers != (TransferCounts{}) {
		fmt.Fprintf(w, "\nTransfers: %d matched, %d unmatched out, %d unmatched in\n", r.Transfers.Matched, r.Transfers.UnmatchedOut, r.Transfers.UnmatchedIn)
	}
	return nil
}

// MarshalJSON renders the report with cli.md's keys and fixed digits.
func (r Report) MarshalJSON() ([]byte, error) { return json.Marshal(r.view()) }
