// Package ledger holds the domain of income: exact money, entries and their
// kinds, where each entry came from, and the SQLite store that keeps them.
package ledger

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
)

// Currency is an ISO 4217 currency with its minor unit.
type Currency struct {
	Code  string
	Minor int32 // digits after the decimal point (ISO 4217 minor unit)
	// Display is how many digits reports show; it differs from Minor only
	// where conventions.md says so (IDR is kept to 2 but shown with 0).
	Display int32
}

// currencies covers every currency the ECB publishes (current and past)
// plus those our users are paid or taxed in. Minor units are ISO 4217's.
var currencies = map[string]int32{
	// ECB reference set
	"EUR": 2, "USD": 2, "JPY": 0, "BGN": 2, "CZK": 2, "DKK": 2, "GBP": 2, "HUF": 2,
	"PLN": 2, "RON": 2, "SEK": 2, "CHF": 2, "ISK": 0, "NOK": 2, "TRY": 2, "AUD": 2,
	"BRL": 2, "CAD": 2, "CNY": 2, "HKD": 2, "IDR": 2, "ILS": 2, "INR": 2, "KRW": 0,
	"MXN": 2, "MYR": 2, "NZD": 2, "PHP": 2, "SGD": 2, "THB": 2, "ZAR": 2,
	// currencies the ECB published in the past
	"HRK": 2, "RUB": 2, "CYP": 2, "EEK": 2, "LTL": 2, "LVL": 2, "MTL": 2, "SIT": 2,
	"SKK": 2, "ROL": 2, "TRL": 0,
	// our users' home and payout currencies
	"VND": 0, "NGN": 2, "PKR": 2, "BDT": 2, "KES": 2, "EGP": 2, "LKR": 2, "NPR": 2,
	"AED": 2, "SAR": 2, "QAR": 2, "UAH": 2, "ARS": 2, "CLP": 0, "COP": 2, "PEN": 2,
	"TWD": 2, "GHS": 2, "UGX": 0, "TZS": 2, "MAD": 2, "XOF": 0, "XAF": 0, "KWD": 3,
	"BHD": 3, "OMR": 3, "JOD": 3, "TND": 3, "KZT": 2, "GEL": 2, "RSD": 2, "MMK": 2,
	"KHR": 2, "LAK": 2, "MNT": 2, "UZS": 2, "AMD": 2, "AZN": 2, "BYN": 2, "MDL": 2,
	"ALL": 2, "MKD": 2, "BAM": 2, "DOP": 2, "GTQ": 2, "CRC": 2, "UYU": 2, "BOB": 2,
	"PYG": 0, "JMD": 2, "TTD": 2, "ETB": 2, "RWF": 0, "ZMW": 2, "MUR": 2, "DZD": 2,
	// the rest of ISO 4217's active codes that publishers' tables list
	"BND": 2, "FJD": 2, "PGK": 2, "SBD": 2, "TOP": 2, "WST": 2, "VUV": 0, "XPF": 0,
	"BWP": 2, "NAD": 2, "SZL": 2, "LSL": 2, "MZN": 2, "AOA": 2, "SCR": 2, "MVR": 2,
	"BTN": 2, "AFN": 2, "IRR": 2, "IQD": 3, "LYD": 3, "SYP": 2, "LBP": 2, "YER": 2,
	"SDG": 2, "SOS": 2, "DJF": 0, "KMF": 0, "GNF": 0, "MGA": 2, "BIF": 0, "CDF": 2,
	"HTG": 2, "NIO": 2, "HNL": 2, "BZD": 2, "BSD": 2, "BBD": 2, "BMD": 2, "KYD": 2,
	"XCD": 2, "AWG": 2, "ANG": 2, "SRD": 2, "GYD": 2, "VES": 2, "CUP": 2, "MOP": 2,
	"KGS": 2, "TJS": 2, "TMT": 2, "MWK": 2, "SLE": 2, "LRD": 2, "GMD": 2, "CVE": 2,
	"STN": 2, "ERN": 2, "SSP": 2, "MRU": 2, "KPW": 2, "ZWG": 2,
}

// displayOverride lists currencies that reports show with fewer digits than
// they are kept to (conventions.md: IDR 2, shown as 0).
var displayOverride = map[string]int32{"IDR": 0}

// LookupCurrency returns the currency for an ISO 4217 code (case-insensitive).
func LookupCurrency(code string) (Currency, bool) {
	code = strings.ToUpper(strings.TrimSpace(code))
	m, ok := currencies[code]
	if !ok {
		return Currency{}, false
	}
	d, ok := displayOverride[code]
	if !ok {
		d = m
	}
	return Currency{Code: code, Minor: m, Display: d}, true
}

// Currencies lists every known currency code.
func Currencies() []string {
	out := make([]string, 0, len(currencies))
	for c := range currencies {
		out = append(out, c)
	}
	return out
}

// Round rounds d to the currency's minor unit, half away from zero.
func (c Currency) Round(d decimal.Decimal) decimal.Decimal {
	return d.Round(c.Minor)
}

// Format prints d with exactly the currency's minor digits ("1240.00", "31510880").
func (c Currency) Format(d decimal.Decimal) string {
	return d.StringFixed(c.Minor)
}

// Money is an exact amount in one currency.
type Money struct {
	Amount   decimal.Decimal
	Currency string
}

func (m Money) String() string { return m.Amount.String() + " " + m.Currency }

// ErrUnknownCurrency reports a code that is not ISO 4217 (or not in our table).
var ErrUnknownCurrency = fmt.Errorf("unknown currency")
