package app

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/incomeledger/income/importers"
)

// The report's figures are the hand-checked ones of report.txtar, and
// changing the config's fx source clears the stored conversions, so that
// a rate of another source is used at the next report.
func TestBuildReportAndRuleChange(t *testing.T) {
	l := openTest(t)
	ctx := context.Background()
	if _, err := l.ImportFiles(ctx, samples, ImportOptions{Pick: detect(importers.Default()), Now: time.Now}); err != nil {
		t.Fatal(err)
	}
	if _, err := l.BuildReport(ctx, 2025, false); err == nil {
		t.Fatal("a report without rates: no error")
	}
	if _, err := l.ImportRates(ctx, "../testdata/sample/rates/usd-vnd.csv"); err != nil {
		t.Fatal(err)
	}
	r, err := l.BuildReport(ctx, 2025, false)
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Totals.Gross.String(); got != "45775021" {
		t.Errorf("gross %s, want 45775021", got)
	}
	if got := r.Totals.Net.String(); got != "35972812" {
		t.Errorf("net %s, want 35972812", got)
	}
	if r.Transfers.Matched != 0 || len(r.Warnings) != 1 {
		t.Errorf("transfers %+v, warnings %q", r.Transfers, r.Warnings)
	}

	// the same rates under another source name: only that source counts
	// once the config names it, and the conversions are made again
	other := filepath.Join(t.TempDir(), "other.csv")
	writeFile(t, other, "date,base,quote,rate,source\n2025-01-15,USD,VND,1,test-source\n2025-01-20,USD,VND,1,test-source\n")
	if _, err := l.ImportRates(ctx, other); err != nil {
		t.Fatal(err)
	}
	l.Config.FX.Source = "test-source"
	l.Config.FX.Policy = "daily"
	r, err = l.BuildReport(ctx, 2025, true)
	if err != nil {
		t.Fatal(err)
	}
	// January's Upwork earnings (1,240 USD) at rate 1: the conversions
	// made at the real rates are gone
	if got := r.Months[0].Gross.String(); got != "1240" {
		t.Errorf("January gross %s after the source change, want 1240", got)
	}
}
