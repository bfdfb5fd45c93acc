package fx

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestCoverage(t *testing.T) {
	rates := fixtureRates(t, "ecb/eurofxref-hist.csv", "kurspajak/2025-01-08.html")
	// A daily series with a hole of five business days (13–17 January).
	for _, d := range []string{"2025-01-09", "2025-01-10", "2025-01-20", "2025-01-21"} {
		rates = append(rates, Rate{Date: day(d), Base: "USD", Quote: "VND", Rate: dec("25180"), Source: SourceVCBTransferBuy})
	}
	// A Kurs Pajak week missing (15–21 January), and a plain-CSV window.
	rates = append(rates,
		Rate{Date: day("2025-01-22"), Until: day("2025-01-28"), Base: "USD", Quote: "IDR", Rate: dec("16300"), Source: SourceKursPajak},
		Rate{Date: day("2025-01-29"), Base: "USD", Quote: "IDR", Rate: dec("16310"), Source: SourceKursPajak},
	)
	rates = append(rates, IRSYearly()...)

	cov := Coverage(rates)
	byKey := map[string]PairCoverage{}
	for _, c := range cov {
		byKey[c.Base+"/"+c.Quote+" "+c.Source] = c
	}
	tests := []struct {
		key  string
		want PairCoverage
	}{
		{"EUR/USD ecb", PairCoverage{Base: "EUR", Quote: "USD", Source: "ecb", Cadence: "daily",
			First: "2024-12-16", Last: "2025-01-10", Count: 17, Gaps: []Gap{}}},
		{"USD/VND vietcombank-transfer-buy", PairCoverage{Base: "USD", Quote: "VND", Source: "vietcombank-transfer-buy", Cadence: "daily",
			First: "2025-01-09", Last: "2025-01-21", Count: 4,
			Gaps: []Gap{{From: "2025-01-11", To: "2025-01-19", Days: 9, BusinessDays: 5}}}},
		{"USD/IDR kurs-pajak", PairCoverage{Base: "USD", Quote: "IDR", Source: "kurs-pajak", Cadence: "window",
			First: "2025-01-08", Last: "2025-02-04", Count: 3,
			Gaps: []Gap{{From: "2025-01-15", To: "2025-01-21", Days: 7, BusinessDays: 5}}}},
		{"EUR/USD irs-yearly-average", PairCoverage{Base: "EUR", Quote: "USD", Source: "irs-yearly-average", Cadence: "window",
			First: "2022-01-01", Last: "2024-12-31", Count: 3, Gaps: []Gap{}}},
		{"SEK/USD irs-yearly-average", PairCoverage{Base: "SEK", Quote: "USD", Source: "irs-yearly-average", Cadence: "window",
			First: "2022-01-01", Last: "2023-12-31", Count: 2, Gaps: []Gap{}}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, byKey[tt.key]); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.key, diff)
		}
	}
	for i := 1; i < len(cov); i++ {
		a, b := cov[i-1], cov[i]
		if a.Base > b.Base || a.Base == b.Base && (a.Quote > b.Quote || a.Quote == b.Quote && a.Source >= b.Source) {
			t.Errorf("not sorted at %d: %v %v", i, a, b)
		}
	}

	// A missing IRS year is a gap.
	years := []Rate{IRSYearly()[0], IRSYearly()[0]}
	years[1].Date, years[1].Until = years[0].Date.AddDate(2, 0, 0), years[0].Until.AddDate(2, 0, 0)
	c := Coverage(years)[0]
	if len(c.Gaps) != 1 || c.Gaps[0].Days != 365 {
		t.Errorf("yearly gap = %+v", c.Gaps)
	}

	b, err := json.Marshal(byKey["USD/VND vietcombank-transfer-buy"])
	if err != nil {
		t.Fatal(err)
	}
	want := `{"base":"USD","quote":"VND","source":"vietcombank-transfer-buy","cadence":"daily","first":"2025-01-09","last":"2025-01-21","count":4,"gaps":[{"from":"2025-01-11","to":"2025-01-19","days":9,"business_days":5}]}`
	if string(b) != want {
		t.Errorf("JSON\n got %s\nwant %s", b, want)
	}
	if b, _ := json.Marshal(Coverage(nil)); string(b) != "[]" {
		t.Errorf("empty coverage = %s", b)
	}
}

func TestBusinessDays(t *testing.T) {
	tests := []struct {
		from, to string
		want     int
	}{
		{"2025-01-06", "2025-01-06", 1},
		{"2025-01-04", "2025-01-05", 0},
		{"2025-01-04", "2025-01-10", 5},
		{"2024-12-25", "2025-01-01", 6},
		{"2025-01-01", "2025-12-31", 261},
		{"2025-01-07", "2025-01-06", 0},
	}
	for _, tt := range tests {
		if got := businessDays(day(tt.from), day(tt.to)); got != tt.want {
			t.Errorf("businessDays(%s, %s) = %d, want %d", tt.from, tt.to, got, tt.want)
		}
	}
}

func TestIRSYearlyEmbedded(t *testing.T) {
	rs := IRSYearly()
	if len(rs) < 60 {
		t.Fatalf("%d rates", len(rs))
	}
	for _, r := range rs {
		if err := r.Validate(); err != nil {
			t.Errorf("%+v: %v", r, err)
		}
		if r.Quote != "USD" || !r.Rate.Equal(one) || r.Source != SourceIRS || r.Date.YearDay() != 1 || r.Until.Year() != r.Date.Year() || r.Until.YearDay() < 365 {
			t.Errorf("bad shape: %+v", r)
		}
		if !strings.HasPrefix(r.Ref, "irs.gov yearly average table, ") || r.Note != "" {
			t.Errorf("%s %d: ref %q, note %q", r.Base, r.Date.Year(), r.Ref, r.Note)
		}
	}
	if got := fmt.Sprint(IRSYears()); got != "[2022 2023 2024]" {
		t.Errorf("IRSYears() = %s", got)
	}
	// Figures as read from the cited copies (data/irs-yearly-average.yaml).
	emb := map[string]string{}
	for _, r := range rs {
		emb[r.Base+r.Date.Format("2006")] = r.Div.String()
	}
	for k, want := range map[string]string{
		"EUR2022": "0.951", "EUR2023": "0.924", "EUR2024": "0.924", "GBP2024": "0.783", "BRL2024": "5.392",
		"CNY2023": "7.075", "HUF2022": "372.775", "KRW2023": "1306.686", "AFN2022": "90.084", "DZD2023": "135.933",
		"SEK2024": "", "PHP2023": "", "EUR2025": "",
	} {
		if emb[k] != want {
			t.Errorf("%s = %q, want %q", k, emb[k], want)
		}
	}
	// The parser fixture in the IRS page layout carries the same figures.
	page := fixtureRates(t, "irs/yearly-average.html")
	n := 0
	for _, r := range page {
		if v, ok := emb[r.Base+r.Date.Format("2006")]; ok {
			n++
			if v != r.Div.String() {
				t.Errorf("%s %d: embedded %s, page %s", r.Base, r.Date.Year(), v, r.Div)
			}
		}
	}
	if n < 40 {
		t.Errorf("only %d figures compared", n)
	}
	// Callers get a copy.
	rs[0].Base = "XXX"
	if IRSYearly()[0].Base == "XXX" {
		t.Error("IRSYearly shares its slice")
	}
}

func TestYearlyAdvice(t *testing.T) {
	tests := []struct {
		year       int
		currencies []string
		want       string
	}{
		{2026, []string{"EUR"}, "no IRS yearly averages for 2026 are embedded (embedded: 2022-2024; the IRS publishes a year's averages early in the next year). Either convert at daily rates: put `fx: {policy: daily, source: ecb}` in the config and run `income rates fetch --source ecb --from 2026-01-01 --to 2026-12-31`; or import the IRS figures once published: `income rates import PAGE.html` (the saved IRS page) or a CSV with source irs-yearly-average"},
		{2024, []string{"sek", "PHP"}, "the embedded IRS yearly averages for 2024 have no SEK, PHP figure. Either convert at daily rates"},
	}
	for _, tt := range tests {
		if got := YearlyAdvice(tt.year, tt.currencies...); !strings.HasPrefix(got, tt.want) {
			t.Errorf("YearlyAdvice(%d, %v) =\n%s\nwant prefix\n%s", tt.year, tt.currencies, got, tt.want)
		}
	}
}
