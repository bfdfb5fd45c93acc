package tax

import (
	"cmp"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"github.com/incomeledger/income/internal/textfmt"
)

// Due is one deadline of an upcoming window: a form to file or a payment to
// make, under one regime, with the amount the regime computes for it.
type Due struct {
	Due       string `json:"due"`                 // YYYY-MM-DD, after any move past holidays
	Statutory string `json:"statutory,omitempty"` // the date before the move
	Days      int    `json:"days"`                // days from the window's first day
	Year      int    `json:"year"`                // the tax year it belongs to
	Regime    string `json:"regime"`
	Form      string `json:"form"`
	Period    string `json:"period"`
	// Amount is the payment the regime computes for the period (a monthly
	// PP 55 payment, an Art. 25 instalment, a 1040-ES quarter); nil for a
	// filing, whose balance depends on what was paid before.
	Amount     *decimal.Decimal `json:"amount,omitempty"`
	Currency   string           `json:"currency"`
	Confidence string           `json:"confidence"`
	Reference  string           `json:"reference"`

	display int32
}

// Upcoming lists the deadlines of the results due from the day `from`
// through `days` days later (both included), in date order (then regime,
// form, period). Regimes the figures rule out (Applicable false) are left
// out: their deadlines do not bind.
func Upcoming(results []Result, from time.Time, days int) []Due {
	first := time.Date(from.Year(), from.Month(), from.Day(), 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 0, days)
	out := []Due{}
	for _, res := range results {
		for _, g := range res.Regimes {
			if !g.Applicable {
				continue
			}
			amounts := map[string]decimal.Decimal{}
			for _, q := range append(append([]Quarter{}, g.Quarters...), g.Months...) {
				amounts[q.Period] = q.Amount
			}
			for _, dl := range g.Deadlines {
				t, err := time.Parse(dateLayout, dl.Due)
				if err != nil || t.Before(first) || t.After(last) {
					continue
				}
				d := Due{Due: dl.Due, Statutory: dl.Statutory, Days: int(t.Sub(first).Hours() / 24), Year: res.Year,
					Regime: g.ID, Form: dl.Form, Period: dl.Period, Currency: res.Currency,
					Confidence: dl.Confidence, Reference: dl.Reference, display: res.display}
				if a, ok := amounts[dl.Period]; ok {
					d.Amount = &a
				}
				out = append(out, d)
			}
		}
	}
	slices.SortStableFunc(out, func(a, b Due) int {
		return cmp.Or(cmp.Compare(a.Due, b.Due), cmp.Compare(a.Regime, b.Regime), cmp.Compare(a.Form, b.Form), cmp.Compare(a.Period, b.Period))
	})
	return out
}

// WriteDue writes the upcoming deadlines as a table (format "table"), CSV
// or JSON, from the window's first day for days days.
func WriteDue(w io.Writer, format string, from time.Time, days int, ds []Due) error {
	switch format {
	case "json":
		e := json.NewEncoder(w)
		e.SetIndent("", "  ")
		return e.Encode(ds)
	case "csv":
		cw := csv.NewWriter(w)
		_ = cw.Write([]string{"due", "statutory", "days", "year", "regime", "form", "period", "amount", "currency", "confidence", "reference"})
		for _, d := range ds {
			_ = cw.Write([]string{d.Due, d.Statutory, fmt.Sprint(d.Days), fmt.Sprint(d.Year), textfmt.CSVCell(d.Regime),
				textfmt.CSVCell(d.Form), textfmt.CSVCell(d.Period), d.amount(false), d.Currency, d.Confidence, textfmt.CSVCell(d.Reference)})
		}
		cw.Flush()
		return cw.Error()
	}
	ew := &errWriter{w: w}
	to := time.Date(from.Year(), from.Month(), from.Day(), 0, 0, 0, 0, time.UTC).AddDate(0, 0, days)
	fmt.Fprintf(ew, "Deadlines from %s to %s (%d days)\n", from.Format(dateLayout), to.Format(dateLayout), days)
	if len(ds) == 0 {
		fmt.Fprintln(ew, "None.")
		return ew.err
	}
	fmt.Fprintln(ew)
	t := textfmt.NewTable(ew, 2, "DUE", "IN", "REGIME", "FORM", "PERIOD", "AMOUNT ("+ds[0].Currency+")", "CONF", "NOTE")
	for _, d := range ds {
		note := ""
		if d.Statutory != "" {
			note = "moved from " + d.Statutory
		}
		t.Row(d.Due, fmt.Sprintf("%dd", d.Days), d.Regime, d.Form, d.Period, d.amount(true), d.Confidence, note)
	}
	if err := t.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(ew, "\nAmounts are the regime's computed payment for the period; a filing shows none (its balance")
	fmt.Fprintln(ew, "depends on what was paid). Check every S and U date and amount (income tax --year Y).")
	return ew.err
}

// amount is the amount as text: grouped to the currency's display digits
// in a table, plain in CSV; "" when there is none.
func (d Due) amount(grouped bool) string {
	if d.Amount == nil {
		return ""
	}
	if grouped {
		return textfmt.Fixed(*d.Amount, d.display)
	}
	return d.Amount.StringFixed(d.display)
}
