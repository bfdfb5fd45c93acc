package report

import (
	"github.com/incomeledger/income/internal/textfmt"
	"github.com/incomeledger/income/ledger"
	"github.com/shopspring/decimal"
)

// Amount shows an exact amount of currency code for JSON and CSV: with at
// least the currency's minor digits and more only where d has them
// ("1240.00", "26338000", "0.125"), never grouped. An unknown code shows d
// as it is.
func Amount(d decimal.Decimal, code string) string {
	if c, ok := ledger.LookupCurrency(code); ok {
		return textfmt.MinDigits(d, c.Minor)
	}
	return d.String()
}
