package report

import (
	"bytes"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/incomeledger/income/tax"
)

func TestWriteTaxCSV(t *testing.T) {
	res := tax.Result{Year: 2025, Country: "VN", Currency: "VND",
		Regimes: []tax.Regime{{
			ID: "vn-business", Total: decimal.RequireFromString("53550000"), Confidence: "S",
			Lines: []tax.Line{
				{Key: "pit", Label: "PIT on revenue", Amount: decimal.RequireFromString("15300000"), Confidence: "C"},
				{Key: "vat", Label: "VAT, direct method", Amount: decimal.RequireFromString("38250000"), Confidence: "S",
					Verify: []string{"exports may be 0%", "check the activity"}},
			},
			Notes: []string{"(S) Export VAT: see the decree", "no tag, kept whole"},
		}},
		Notes: []string{"(C) Tax withheld at source is not deducted"},
	}
	var b bytes.Buffer
	if err := WriteTaxCSV(&b, res); err != nil {
		t.Fatal(err)
	}
	want := `regime,key,label,amount,confidence,note
vn-business,pit,PIT on revenue,15300000,C,
vn-business,vat,"VAT, direct method",38250000,S,exports may be 0%; check the activity
vn-business,total,Total,53550000,S,
vn-business,note,,,S,Export VAT: see the decree
vn-business,note,,,,"no tag, kept whole"
,note,,,C,Tax withheld at source is not deducted
`
	if got := b.String(); got != want {
		t.Errorf("csv\n got:\n%s\nwant:\n%s", got, want)
	}
}
