package report

import (
	"archive/zip"
	"compress/flate"
	"fmt"
	"io"
	"time"

	"github.com/incomeledger/income/ledger"
	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
)

// Workbook is what `income report --format xlsx` writes: the year's report
// with every figure traceable to the entry rows behind it. The report, the
// entries and the home currency are required; the other sections are
// supplied by other packages and may be nil (their sheet then says "not
// computed").
type Workbook struct {
	Report Report
	Home   ledger.Currency
	Lang   string // en, vi or id ("" is en)
	// Entries streams the year's entries, in date order: the same entries
	// the report was built from. The workbook never holds them all.
	Entries func(fn func(ledger.Entry) error) error
	// Rates are the rates to list; nil lists the rates the entries used.
	Rates     []ledger.Rate
	Transfers *TransfersSection
	Tax       *TaxSection
	Notes     []string
	Generated time.Time
	Version   string
}

// TransfersSection is the outcome of transfer matching for the year.
type TransfersSection struct {
	Matched      []TransferPair
	UnmatchedOut []ledger.Entry
	UnmatchedIn  []ledger.Entry
}

// TransferPair is one movement of the user's own money: the withdrawal or
// payout and the credit it became.
type TransferPair struct {
	Out, In ledger.Entry
}

// TaxSection is the tax computation of the year under each regime of the
// country.
type TaxSection struct {
	Country string
	Regimes []TaxRegime
	Notes   []string
}

// TaxRegime is one regime's result, in the home currency.
type TaxRegime struct {
	ID, Name   string
	Total      decimal.Decimal
	Confidence string // lowest tag of the rules behind the total: C, S or U
	Lines      []TaxLine
	Trace      []TaxStep
	Deadlines  []TaxDeadline
	Notes      []string
}

// TaxLine is one tax of a regime.
type TaxLine struct {
	Key, Label string
	Amount     decimal.Decimal
	Confidence string
}

// TaxStep is one step of a regime's computation.
type TaxStep struct {
	Step                                   string
	Amount                                 decimal.Decimal
	Rule, Effective, Reference, Confidence string
}

// TaxDeadline is a form to file or a payment to make; Due is YYYY-MM-DD.
type TaxDeadline struct {
	Form, Period, Due, Reference, Confidence string
}

// Columns of the Entries sheet (1-based). The Summary's formulas refer to
// them by letter.
const (
	eDate = iota + 1
	eSource
	eAccount
	eKind
	eDescription
	eCounterparty
	eAmount
	eCurrency
	eRate
	eRateDate
	eRateSource
	eRatePolicy
	eHome
	eFile
	eLine
	eID
	eRef
	eCols = eRef
)

// Table names (not translated: formulas and macros may name them).
const (
	tableEntries   = "IncomeEntries"
	tableTransfers = "IncomeTransfers"
	tableRates     = "IncomeRates"
	tableTax       = "IncomeTax"
)

// book is one workbook being written.
type book struct {
	w        Workbook
	lang     string
	f        *excelize.File
	sheets   struct{ summary, entries, transfers, rates, tax, notes string }
	styles   map[string]int
	moneyIDs map[moneyKey]int
	tally    tally
	// imprecise counts numbers with more than 15 significant digits.
	imprecise int
	layout    summaryLayout
}

// Write writes the workbook as XLSX. Entries are streamed to the sheet,
// so a year of any size is written in bounded memory (beyond the zip).
func (w Workbook) Write(out io.Writer) error {
	if w.Entries == nil || w.Home.Code == "" {
		return fmt.Errorf("workbook: the entries and the home currency are required")
	}
	lang := w.Lang
	if lang == "" {
		lang = "en"
	}
	if _, err := ParseLang(lang); err != nil {
		return err
	}
	b := &book{w: w, lang: lang, f: excelize.NewFile(), styles: map[string]int{}, moneyIDs: map[moneyKey]int{}}
	defer b.f.Close()
	// Deflate at its fastest level: the sheets are repetitive XML, so the
	// file is barely larger and a year of 100,000 entries is written in a
	// fraction of the time of the default level.
	b.f.SetZipWriter(func(w io.Writer) excelize.ZipWriter {
		zw := zip.NewWriter(w)
		zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
			return flate.NewWriter(out, flate.BestSpeed)
		})
		return zw
	})
	b.tally.init()
	if err := b.write(); err != nil {
		return err
	}
	_, err := b.f.WriteTo(out)
	return err
}

func (b *book) l(key string, args ...any) string { return label(b.lang, key, args...) }

func (b *book) write() error {
	f := b.f
	s := &b.sheets
	s.summary, s.entries, s.transfers = b.l("sheet.summary"), b.l("sheet.entries"), b.l("sheet.transfers")
	s.rates, s.tax, s.notes = b.l("sheet.rates"), b.l("sheet.tax"), b.l("sheet.notes")
	if err := f.SetSheetName("Sheet1", s.summary); err != nil {
		return err
	}
	for _, n := range []string{s.entries, s.transfers, s.rates, s.tax, s.notes} {
		if _, err := f.NewSheet(n); err != nil {
			return err
		}
	}
	var gen string
	if !b.w.Generated.IsZero() {
		gen = b.w.Generated.UTC().Format(time.RFC3339)
	}
	if err := f.SetDocProps(&excelize.DocProperties{
		Creator: "income", Title: b.l("summary.title", b.w.Report.Year, b.w.Home.Code),
		Created: gen, Modified: gen, Language: b.lang, Version: b.w.Version,
	}); err != nil {
		return err
	}
	// Excel recalculates on opening; the cached values written with each
	// formula serve readers that do not.
	full := true
	if err := f.SetCalcProps(&excelize.CalcPropsOptions{FullCalcOnLoad: &full}); err != nil {
		return err
	}
	b.layout = newSummaryLayout(b.w.Report)
	// The chart goes in before the Summary's stream writer takes the sheet.
	if err := b.addChart(); err != nil {
		return err
	}
	if err := b.pageSetup(); err != nil {
		return err
	}
	for _, step := range []func() error{b.writeEntries, b.writeSummary, b.writeTransfers, b.writeRates, b.writeTax, b.writeNotes} {
		if err := step(); err != nil {
			return err
		}
	}
	f.SetActiveSheet(0)
	return nil
}
