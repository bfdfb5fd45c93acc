package app

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/incomeledger/income/ledger"
	"github.com/incomeledger/income/report"
)

// BuildReport matches transfers, converts what is pending and builds the
// year's model. A missing exchange rate is an error (a
// *ledger.MissingRatesError) unless allowMissing.
func (l *Ledger) BuildReport(ctx context.Context, year int, allowMissing bool) (report.Report, error) {
	// Transfers first: a match may store a realised rate, which converts
	// entries anew.
	transfers, warnings, err := l.transferSummary(ctx, year)
	if err != nil {
		return report.Report{}, err
	}
	if _, err := l.ConvertPending(ctx, year, allowMissing); err != nil {
		return report.Report{}, err
	}
	sums, err := l.Store.Sums(ctx, year)
	if err != nil {
		return report.Report{}, err
	}
	r := report.Build(year, l.Home, sums)
	r.Transfers = transfers
	r.Warnings = append(r.Warnings, warnings...)
	return r, nil
}

// MatchTransfers matches transfers again when the ledger changed since the
// last matching, and says whether it ran.
func (l *Ledger) MatchTransfers(ctx context.Context) (ledger.MatchStats, bool, error) {
	return l.Store.MatchTransfersIfChanged(ctx, ledger.DefaultTransferRules())
}

// Transfers matches what changed and lists the year's transfers (0: all).
func (l *Ledger) Transfers(ctx context.Context, year int) (ledger.Transfers, error) {
	if _, _, err := l.MatchTransfers(ctx); err != nil {
		return ledger.Transfers{}, err
	}
	return l.Store.Transfers(ctx, year)
}

// maxTransferWarnings caps the report's warnings about unmatched credits.
const maxTransferWarnings = 10

// transferSummaryKey is the ledger meta key caching a year's summary; the
// cache is valid while the ledger's private generation key is unchanged.
func transferSummaryKey(year int) string { return fmt.Sprintf("transfer_summary_%d", year) }

// transferSummary matches transfers (rates loaded since the last import may
// pair more) and returns the year's counts and warnings for the report.
func (l *Ledger) transferSummary(ctx context.Context, year int) (counts report.TransferCounts, warnings []string, err error) {
	s := l.Store
	if _, _, err := l.MatchTransfers(ctx); err != nil {
		return report.TransferCounts{}, nil, err
	}
	// The summary only changes with the ledger's generation: keep it, so a
	// report on an unchanged ledger does not list every transfer again.
	gen, err := s.Generation(ctx)
	if err != nil {
		return report.TransferCounts{}, nil, err
	}
	type summary struct {
		Generation string                `json:"generation"`
		Counts     report.TransferCounts `json:"counts"`
		Warnings   []string              `json:"warnings"`
	}
	key := transferSummaryKey(year)
	if raw, err := s.Meta(ctx, key); err == nil && raw != "" {
		var c summary
		if json.Unmarshal([]byte(raw), &c) == nil && c.Generation == gen {
			return c.Counts, c.Warnings, nil
		}
	}
	defer func() {
		if err == nil {
			if raw, jerr := json.Marshal(summary{gen, counts, warnings}); jerr == nil {
				err = s.SetMeta(ctx, key, string(raw))
			}
		}
	}()
	t, err := s.TransferSummary(ctx, year, maxTransferWarnings)
	if err != nil {
		return report.TransferCounts{}, nil, err
	}
	counts = report.TransferCounts{Matched: t.Matched, UnmatchedOut: t.UnmatchedOut, UnmatchedIn: t.UnmatchedIn}
	for _, e := range t.FirstIn {
		warnings = append(warnings, fmt.Sprintf("credit %s (%s, %s, %s %s, %q) looks like a payout but matches no transfer: it is not counted as income; 'income transfers link OUT %s' links it to its transfer",
			e.ID, e.Date.Format(ledger.DateLayout), e.Account, report.NewEntryJSON(e, l.Home).Amount, e.Currency, e.Description, e.ID))
	}
	if more := t.UnmatchedIn - len(t.FirstIn); more > 0 {
		warnings = append(warnings, fmt.Sprintf("%d more credits look like payouts but match no transfer: see 'income transfers --year %d'",
			more, year))
	}
	return counts, warnings, nil
}

// WorkbookOptions are the workbook's settings beyond the report.
type WorkbookOptions struct {
	Lang      string // "" follows the ledger's country
	Generated time.Time
	Version   string
}

// Workbook assembles the year's workbook: the report, the entries streamed
// from the ledger, the year's transfers and the tax under each regime of
// the country (a note says why when tax cannot be computed).
func (l *Ledger) Workbook(ctx context.Context, r report.Report, o WorkbookOptions) (report.Workbook, error) {
	lang := o.Lang
	if lang == "" {
		lang = report.LangFor(l.Settings.Country)
	}
	w := report.Workbook{Report: r, Home: l.Home, Lang: lang, Generated: o.Generated, Version: o.Version,
		Entries: func(fn func(ledger.Entry) error) error {
			return l.Store.Entries(ctx, ledger.Filter{Year: r.Year}, fn)
		}}
	t, err := l.Store.Transfers(ctx, r.Year)
	if err != nil {
		return w, err
	}
	w.Transfers = transfersSection(t)
	if res, err := l.TaxFor(r, "", nil); err == nil {
		w.Tax = taxSection(res)
	} else {
		w.Notes = append(w.Notes, "Tax not computed: "+err.Error())
	}
	return w, nil
}
