package importers

import (
	"strings"
	"testing"

	"github.com/incomeledger/income/errs"
)

const sectionsProfile = `name: multi
detect: {header: ["Date", "Amount"]}
currency: VND
date: {column: Date, format: "02/01/2006"}
amount: {column: Amount}
number: {decimal: ".", thousands: ","}
stop_at: ["Total"]
sections:
  account: ["Account number", "Số tài khoản"]
  currency: ["Currency"]
`

// TestProfileSections: each account section is its own account in the
// currency its preamble states; a section without a currency line takes
// the profile's.
func TestProfileSections(t *testing.T) {
	p := mustProfile(t, sectionsProfile)
	csv := "Statement\n" +
		"Account number:,,0011 001 234\n" +
		"Currency:,,usd\n" +
		"Date,Amount\n" +
		"01/02/2026,100.50\n" +
		"Total,100.50\n" +
		"Số tài khoản: 998877\n" + // value in the label cell, no currency line
		"Date,Amount\n" +
		"02/02/2026,\"-1,000\"\n" +
		"Account number:,,555\n" + // a new section without a totals line
		"Currency:,,EUR\n" +
		"Date,Amount\n" +
		"03/02/2026,7\n"
	_, es, err := importWith(t, p, writeTemp(t, "s.csv", csv))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range es {
		got = append(got, e.Account+" "+e.Amount.String()+" "+e.Currency)
	}
	want := []string{"bank:multi:0011001234 100.5 USD", "bank:multi:998877 -1000 VND", "bank:multi:555 7 EUR"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("got %q\nwant %q", got, want)
	}
}

func TestProfileSectionErrors(t *testing.T) {
	p := mustProfile(t, sectionsProfile)
	for _, tt := range []struct{ name, csv, want string }{
		{"no account line", "Date,Amount\n01/02/2026,1\n", `x.csv:1: profile multi: the header row has no account line ("account number") above it since the last section`},
		{"second section without account", "Account number: 1\nDate,Amount\n01/02/2026,1\nTotal,1\nDate,Amount\n02/02/2026,2\n", `x.csv:5: profile multi: the header row has no account line ("account number") above it since the last section`},
		{"no number", "Account number:,,n/a\nDate,Amount\n", `x.csv:1: the account line gives no account number: "n/a"`},
		{"bad currency", "Account number: 1\nCurrency: dollars\nDate,Amount\n", `x.csv:2: the currency line gives "dollars", not an ISO 4217 currency code`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := importWith(t, p, writeTemp(t, "x.csv", tt.csv))
			if err == nil || err.Error() != tt.want || errs.ExitCode(err) != 3 {
				t.Fatalf("err %v\nwant %s", err, tt.want)
			}
		})
	}
	// the profile's own errors
	for _, tt := range []struct{ name, yaml, want string }{
		{"no account key", strings.Replace(sectionsProfile, "  account: [\"Account number\", \"Số tài khoản\"]\n", "", 1), `t.yaml:9: sections: missing key "account"`},
		{"currency column and line", strings.Replace(sectionsProfile, "currency: VND", "currency: {column: Cur}", 1), `t.yaml:10: sections.currency: the profile reads the currency from a column; a section's currency line would contradict it`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseProfile("t.yaml", []byte(tt.yaml))
			if err == nil || err.Error() != tt.want {
				t.Fatalf("err %v\nwant %s", err, tt.want)
			}
		})
	}
}
