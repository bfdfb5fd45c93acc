package cmd

import (
	"context"
	"errors"
	"os"

	"github.com/incomeledger/income/fx"
	"github.com/incomeledger/income/importers"
	"github.com/incomeledger/income/ledger"
)

// importFirst lets `income report --year Y FILE...` do the whole job in one
// command: create the ledger when --home-currency and --country are given
// and there is none, then import every file as `income import` does, with
// rates files loaded as rates.
func importFirst(ctx context.Context, d *Deps, g *globalOptions, files []string, homeCurrency, country string) error {
	c, err := d.Config()
	if err != nil {
		return err
	}
	if _, err := os.Stat(c.DB); errors.Is(err, os.ErrNotExist) {
		if homeCurrency == "" || country == "" {
			return ledger.ErrNoLedger
		}
		if err := runInit(ctx, d, g, &initOptions{HomeCurrency: homeCurrency, Country: country}); err != nil {
			return err
		}
	}
	var data, rates []string
	for _, f := range files {
		if isRatesFile(f) {
			rates = append(rates, f)
		} else {
			data = append(data, f)
		}
	}
	if len(rates) > 0 {
		if err := runRatesImport(ctx, d, g, &ratesImportOptions{Files: rates}); err != nil {
			return err
		}
	}
	if len(data) == 0 {
		return nil
	}
	quiet := *g
	quiet.Output = ""
	detect := func(in *importers.Input) (importers.Importer, error) { return d.Importers.IdentifyInput(in, "") }
	_, err = importFiles(ctx, d, &quiet, data, detect, false, false)
	return err
}

// isRatesFile says whether path opens with a rates CSV header, so that
// `report FILE...` can load it as rates.
func isRatesFile(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 512)
	n, _ := f.Read(head)
	return fx.IsRatesCSV(head[:n])
}
