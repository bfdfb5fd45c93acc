package importers

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/incomeledger/income/errs"
)

// Issue 12: a malformed amount in a platform file is refused with
// file:line (exit 3), never read as another number.
func TestPlatformRefusesMalformedAmounts(t *testing.T) {
	files := map[string]string{
		"paypal": "Date,Time,TimeZone,Name,Type,Status,Currency,Gross,Fee,Net,Transaction ID\n" +
			"01/02/2025,10:00:00,PST,Client,Website Payment,Completed,USD,10.00,-0.50,9.50,T1\n" +
			"01/03/2025,10:00:00,PST,Client,Website Payment,Completed,USD,AMOUNT,0.00,,T2\n",
		"payoneer": "Transaction Date,Transaction Time,Time Zone,Transaction ID,Description,Credit Amount,Debit Amount,Currency,Status\n" +
			"01/02/2025,10:00:00,UTC,1,Payment from Acme,10.00,,USD,Completed\n" +
			"01/03/2025,10:00:00,UTC,2,Payment from Acme,AMOUNT,,USD,Completed\n",
		"wise": "TransferWise ID,Date,Amount,Currency,Description,Running Balance\n" +
			"TRANSFER-1,02-01-2025,10.00,EUR,Received money from Acme,10.00\n" +
			"TRANSFER-2,03-01-2025,AMOUNT,EUR,Received money from Acme,20.00\n",
		"stripe": "id,Type,Source,Amount,Fee,Net,Currency,Created (UTC)\n" +
			"txn_1,charge,ch_1,10.00,0.59,9.41,usd,2025-01-02 10:00\n" +
			"txn_2,charge,ch_2,AMOUNT,0.59,,usd,2025-01-03 10:00\n",
		"etsy": "Date,Type,Title,Info,Currency,Amount,Fees & Taxes,Net\n" +
			"\"January 2, 2025\",Sale,Payment for Order #1,,USD,$10.00,--,$10.00\n" +
			"\"January 3, 2025\",Sale,Payment for Order #2,,USD,AMOUNT,--,--\n",
		"gumroad-payout": "Type,Date,Purchase ID,Item Name,Buyer Name,Buyer Email,Taxes ($),Shipping ($),Sale Price ($),Gumroad Fees ($),Net Total ($)\n" +
			"Sale,2025-01-02,P1,Item,B,b@example.com,0,0,10.0,1.0,9.0\n" +
			"Sale,2025-01-03,P2,Item,B,b@example.com,0,0,10.0,1.0,AMOUNT\n",
	}
	for _, bad := range []string{"--5", "(-5)", "-$-5", "($-5)", "1,,,5", "1,2,3", "12,34.56"} {
		for name, text := range files {
			t.Run(name+"/"+bad, func(t *testing.T) {
				cell := bad
				if strings.ContainsAny(bad, ",") {
					cell = `"` + bad + `"`
				}
				_, entries, err := importText(t, name, strings.Replace(text, "AMOUNT", cell, 1))
				var de *errs.DataError
				if !errors.As(err, &de) || de.Line != 3 || errs.ExitCode(err) != errs.ExitInvalid || !strings.HasPrefix(err.Error(), "t.csv:3: ") {
					t.Fatalf("err = %v (entries %d); want a data error at t.csv:3", err, len(entries))
				}
				if !errors.Is(err, ErrNotNumber) {
					t.Errorf("err = %v, want ErrNotNumber", err)
				}
			})
		}
	}
}

// Issue 12: a download cut mid-row (the last row has fewer cells than the
// header) is refused at that row's line, in every platform format.
func TestPlatformRefusesTruncatedLastRow(t *testing.T) {
	for _, dir := range []string{"paypal", "payoneer", "wise", "stripe", "etsy", "gumroad"} {
		files, _ := filepath.Glob(filepath.Join("..", "testdata", "importers", dir, "*.csv"))
		if len(files) == 0 {
			t.Fatalf("no fixtures in %s", dir)
		}
		for _, path := range files {
			t.Run(dir+"/"+filepath.Base(path), func(t *testing.T) {
				imp, _, err := Default().Identify(path, "")
				if err != nil {
					t.Fatal(err)
				}
				data, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				text := strings.TrimRight(string(data), "\r\n")
				start := strings.LastIndex(text, "\n") + 1
				line := strings.Count(text[:start], "\n") + 1
				cut := cutRow(text[start:])
				_, _, err = importText(t, imp.Name(), text[:start]+cut+"\n")
				var de *errs.DataError
				if !errors.As(err, &de) || de.Line != line || !strings.Contains(err.Error(), "cut off") {
					t.Fatalf("last row cut to %q: err = %v; want a data error at line %d", cut, err, line)
				}
			})
		}
	}
}

// cutRow keeps the first half of a CSV row's cells, cutting at a comma
// outside quotes.
func cutRow(row string) string {
	var commas []int
	quoted := false
	for i, c := range row {
		switch {
		case c == '"':
			quoted = !quoted
		case c == ',' && !quoted:
			commas = append(commas, i)
		}
	}
	return row[:commas[len(commas)/2]]
}

// A file given to a platform importer without its header names the row that
// came closest and what it lacks.
func TestPlatformNoHeaderNamesClosest(t *testing.T) {
	_, _, err := importText(t, "paypal", "Date,Time,Name,Type,Status,Currency,Gross,Transaction ID\n1/2/2025,10:00,A,Website Payment,Completed,USD,1.00,T\n")
	if err == nil || err.Error() != `t.csv: no PayPal header row found (closest: line 1 lacks "Fee", "Net")` || errs.ExitCode(err) != errs.ExitInvalid {
		t.Fatalf("err = %v", err)
	}
}
