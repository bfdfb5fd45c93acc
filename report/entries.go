package report

import (
	"encoding/json"
	"io"
	"slices"
	"strconv"

	"github.com/incomeledger/income/internal/textfmt"
	"github.com/incomeledger/income/ledger"
)

// EntryJSON is one entry as `income entries --format json` prints it.
type EntryJSON struct {
	TransferJSON
	Rate       string `json:"rate"`
	RateDate   string `json:"rate_date"`
	RateSource string `json:"rate_source"`
	RatePolicy string `json:"rate_policy"`
	HomeAmount string `json:"home_amount"`
	// ClassifiedBy is what decided Kind when not the importer ("rule 3",
	// "manual"; see income classify).
	ClassifiedBy string `json:"classified_by,omitempty"`
}

// RateString shows an entry's rate: exact when it is a plain decimal, to 10
// places when it is a quotient (an inverse or cross rate).
func RateString(e ledger.Entry) string {
	if !e.Rate.Valid {
		return ""
	}
	if e.RateDiv.Valid && !e.RateDiv.Decimal.IsZero() {
		return e.Rate.Decimal.DivRound(e.RateDiv.Decimal, 10).String()
	}
	return e.Rate.Decimal.String()
}

// NewEntryJSON flattens an entry for output.
func NewEntryJSON(e ledger.Entry, home ledger.Currency) EntryJSON {
	j := EntryJSON{TransferJSON: NewTransferJSON(e),
		Rate: RateString(e), RateSource: e.RateSource, RatePolicy: e.RatePolicy, ClassifiedBy: e.ClassifiedBy}
	if !e.RateDate.IsZero() {
		j.RateDate = e.RateDate.Format(ledger.DateLayout)
	}
	if e.Home.Valid {
		j.HomeAmount = home.Format(e.Home.Decimal)
	}
	return j
}

// EntriesWriter streams entries as JSON, CSV or a table.
type EntriesWriter struct {
	w      io.Writer
	format string
	home   ledger.Currency
	enc    *json.Encoder
	table  *Table
	n      int
}

var entryHeader = []string{"id", "date", "source", "account", "kind", "amount", "currency", "description", "counterparty",
	"file", "line", "rate", "rate_date", "rate_source", "rate_policy", "home_amount"}

// NewEntriesWriter starts the output.
func NewEntriesWriter(w io.Writer, format string, tty bool, home ledger.Currency) *EntriesWriter {
	ew := &EntriesWriter{w: w, format: format, home: home}
	if format == "json" {
		ew.enc = json.NewEncoder(w)
		io.WriteString(w, `{"entries":[`)
	} else {
		header := entryHeader
		if format == "csv" {
			// CSV carries the provenance of the kind too (income classify)
			header = append(slices.Clip(entryHeader), "classified_by")
		}
		ew.table = NewTable(w, format, tty, header...)
	}
	return ew
}

// Write adds one entry.
func (ew *EntriesWriter) Write(e ledger.Entry) error {
	j := NewEntryJSON(e, ew.home)
	if ew.enc != nil {
		if ew.n > 0 {
			io.WriteString(ew.w, ",")
		}
		io.WriteString(ew.w, "\n  ")
		ew.n++
		b, err := json.Marshal(j)
		if err != nil {
			return err
		}
		_, err = ew.w.Write(b)
		return err
	}
	amount, rate, home := j.Amount, j.Rate, j.HomeAmount
	if ew.format != "csv" {
		amount, rate, home = textfmt.Group(amount), textfmt.Group(rate), textfmt.Group(home)
	}
	row := []string{j.ID, j.Date, j.Source, j.Account, j.Kind, amount, j.Currency, j.Description, j.Counterparty,
		j.File, strconv.Itoa(j.Line), rate, j.RateDate, j.RateSource, j.RatePolicy, home}
	if ew.format == "csv" {
		row = append(row, j.ClassifiedBy)
	}
	ew.table.Row(row...)
	return nil
}

// Close ends the output.
func (ew *EntriesWriter) Close() error {
	if ew.enc != nil {
		if ew.n > 0 {
			io.WriteString(ew.w, "\n")
		}
		_, err := io.WriteString(ew.w, "]}\n")
		return err
	}
	return ew.table.Flush()
}
