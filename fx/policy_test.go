package fx

import (
	"errors"
	"math/rand"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

func day(s string) time.Time {
	t, err := time.Parse(DateLayout, s)
	if err != nil {
		panic(err)
	}
	return t
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func fixtureRates(t testing.TB, files ...string) []Rate {
	t.Helper()
	var out []Rate
	for _, f := range files {
		rs, err := parseAll(readTestdata(t, f), f)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, rs...)
	}
	return out
}

// want describes the rate a lookup should return; empty fields are not
// checked. ratio is Rate.Ratio(); convert is "amount->places=result".
type want struct {
	date, source, policy, ratio string
	amount                      string
	places                      int32
	result                      string
	err                         string // the whole error text
}

func checkFind(t *testing.T, l Lookup, date, from, to string, w want) {
	t.Helper()
	r, err := l.Find(day(date), from, to)
	if w.err != "" {
		if err == nil {
			t.Fatalf("Find(%s, %s, %s) = %+v, want error %q", date, from, to, r, w.err)
		}
		if err.Error() != w.err {
			t.Errorf("error\n got %s\nwant %s", err, w.err)
		}
		if !errors.Is(err, ErrMissing) {
			t.Errorf("error does not wrap ErrMissing")
		}
		return
	}
	if err != nil {
		t.Fatalf("Find(%s, %s, %s): %v", date, from, to, err)
	}
	if r.Base != from || r.Quote != to {
		t.Errorf("pair = %s/%s, want %s/%s", r.Base, r.Quote, from, to)
	}
	if w.date != "" && r.Date.Format(DateLayout) != w.date {
		t.Errorf("date = %s, want %s", r.Date.Format(DateLayout), w.date)
	}
	if w.source != "" && r.Source != w.source {
		t.Errorf("source = %q, want %q", r.Source, w.source)
	}
	if w.policy != "" && r.Policy != w.policy {
		t.Errorf("policy = %q, want %q", r.Policy, w.policy)
	}
	if w.ratio != "" && r.Ratio() != w.ratio {
		t.Errorf("ratio = %s, want %s", r.Ratio(), w.ratio)
	}
	if w.amount != "" {
		got := r.Convert(dec(w.amount), w.places)
		if !got.Equal(dec(w.result)) || got.Exponent() != -w.places {
			t.Errorf("Convert(%s, %d) = %s, want %s", w.amount, w.places, got, w.result)
		}
	}
}

func TestDailyPolicy(t *testing.T) {
	ecb, err := NewPolicy(PolicyDaily, SourceECB, fixtureRates(t, "ecb/eurofxref-hist.csv", "vietcombank/exchangerates-2025-01-06.json"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, date, from, to string
		want                 want
	}{
		{"publication day", "2025-01-06", "EUR", "USD", want{date: "2025-01-06", source: "ecb", policy: "daily", ratio: "1.0426"}},
		{"saturday takes friday", "2025-01-04", "EUR", "USD", want{date: "2025-01-03", ratio: "1.0299"}},
		{"sunday takes friday", "2025-01-05", "EUR", "USD", want{date: "2025-01-03", ratio: "1.0299"}},
		{"new year holiday takes 31 december", "2025-01-01", "EUR", "USD", want{date: "2024-12-31", ratio: "1.0389"}},
		{"christmas takes the 24th", "2024-12-26", "EUR", "USD", want{date: "2024-12-24"}},
		{"after the last rate", "2025-02-01", "EUR", "USD", want{date: "2025-01-10"}},
		{"before the first rate", "2024-12-15", "EUR", "USD", want{err: "no exchange rate for EUR/USD on or before 2024-12-15 (policy daily, source ecb)"}},
		{"inverse is exact", "2025-01-06", "USD", "EUR", want{ratio: "1/1.0426", amount: "1042.60", places: 2, result: "1000.00"}},
		{"cross through EUR", "2025-01-06", "USD", "IDR", want{ratio: "16883.77/1.0426", source: "ecb", policy: "daily", amount: "100", places: 2, result: "1619390.95"}},
		{"cross to the unit", "2025-01-06", "USD", "IDR", want{amount: "12345", places: 0, result: "199913812"}},
		{"cross, other way", "2025-01-06", "IDR", "USD", want{ratio: "1.0426/16883.77", amount: "1619390.95", places: 2, result: "100.00"}},
		{"source restriction leaves out vietcombank", "2025-01-06", "USD", "VND", want{err: "no exchange rate for USD/VND on or before 2025-01-06 (policy daily, source ecb)"}},
		{"identity", "2025-01-06", "VND", "VND", want{source: "identity", ratio: "1", amount: "123", places: 0, result: "123"}},
		{"codes are normalised", "2025-01-06", "EUR", "USD", want{ratio: "1.0426"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkFind(t, ecb, tt.date, tt.from, tt.to, tt.want) })
	}

	// The cross records both legs.
	r, _ := ecb.Find(day("2025-01-06"), "usd", "idr")
	if r.Legs == nil || r.Legs[0].Ratio() != "1/1.0426" || r.Legs[1].Ratio() != "16883.77" {
		t.Errorf("legs = %+v", r.Legs)
	}
	// A time of day or zone does not move the date.
	r, _ = ecb.Find(time.Date(2025, 1, 6, 23, 59, 0, 0, time.FixedZone("ICT", 7*3600)), "EUR", "USD")
	if r.Date.Format(DateLayout) != "2025-01-06" {
		t.Errorf("date with a time = %s", r.Date.Format(DateLayout))
	}
}

func TestDailyMaxAge(t *testing.T) {
	l, _ := NewPolicy(PolicyDaily, SourceECB, fixtureRates(t, "ecb/eurofxref-hist.csv"))
	l.(*Table).MaxAge = 14
	checkFind(t, l, "2025-01-24", "EUR", "USD", want{date: "2025-01-10"})
	checkFind(t, l, "2025-01-25", "EUR", "USD", want{err: "no exchange rate for EUR/USD on or before 2025-01-25 (policy daily, source ecb): latest is from 2025-01-10, more than 14 days earlier"})
}

func TestNewTableCompat(t *testing.T) {
	rates := []Rate{
		{Date: day("2025-01-06"), Base: "USD", Quote: "VND", Rate: dec("25412"), Source: "a"},
		{Date: day("2025-01-07"), Base: "USD", Quote: "VND", Rate: dec("25500"), Source: "b"},
	}
	tb := NewTable(rates)
	checkFind(t, tb, "2025-01-08", "USD", "VND", want{ratio: "25500", source: "b", policy: "daily"})
	tb.Source = "a"
	checkFind(t, tb, "2025-01-08", "USD", "VND", want{ratio: "25412", source: "a"})
	checkFind(t, tb, "2025-01-08", "VND", "USD", want{ratio: "1/25412", amount: "25412000", places: 2, result: "1000.00"})
}

func TestWeeklyWindowPolicy(t *testing.T) {
	one, _ := NewPolicy(PolicyWeekly, SourceKursPajak, fixtureRates(t, "kurspajak/2025-01-08.html"))
	both, _ := NewPolicy(PolicyWeekly, SourceKursPajak, fixtureRates(t, "kurspajak/2025-01-08.html", "kurspajak/2025-01-15.html"))
	tests := []struct {
		name string
		l    Lookup
		date string
		from string
		want want
	}{
		{"first day of the window (Wednesday)", one, "2025-01-08", "USD", want{date: "2025-01-08", ratio: "16157", source: "kurs-pajak", policy: "weekly-window"}},
		{"Tuesday ending the window", one, "2025-01-14", "USD", want{date: "2025-01-08", ratio: "16157"}},
		{"weekend inside the window", one, "2025-01-11", "USD", want{date: "2025-01-08"}},
		{"day after the window, next KMK missing", one, "2025-01-15", "USD", want{err: "no exchange rate for USD/IDR in a window covering 2025-01-15 (policy weekly-window, source kurs-pajak)"}},
		{"day before the first window", one, "2025-01-07", "USD", want{err: "no exchange rate for USD/IDR in a window covering 2025-01-07 (policy weekly-window, source kurs-pajak)"}},
		{"next window's first day", both, "2025-01-15", "USD", want{date: "2025-01-15", ratio: "16289"}},
		{"previous window's last day", both, "2025-01-14", "USD", want{date: "2025-01-08", ratio: "16157"}},
		{"JPY per 100 normalised", one, "2025-01-10", "JPY", want{ratio: "10274.28/100", amount: "1000", places: 2, result: "102742.80"}},
		{"JPY one yen", one, "2025-01-10", "JPY", want{amount: "1", places: 4, result: "102.7428"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkFind(t, tt.l, tt.date, tt.from, "IDR", tt.want) })
	}
	checkFind(t, one, "2025-01-10", "IDR", "USD", want{ratio: "1/16157", amount: "16157000", places: 2, result: "1000.00"})
	r, _ := one.Find(day("2025-01-10"), "USD", "IDR")
	if r.Ref != "KMK 1/MK/EF.2/2025" || r.Until.Format(DateLayout) != "2025-01-14" {
		t.Errorf("ref %q until %s", r.Ref, r.Until.Format(DateLayout))
	}

	// A rate without Until (a plain CSV) is valid Wednesday to Tuesday.
	csvRates := []Rate{{Date: day("2025-01-08"), Base: "USD", Quote: "IDR", Rate: dec("16157"), Source: "kurs-pajak"}}
	l, _ := NewPolicy(PolicyWeekly, "", csvRates)
	checkFind(t, l, "2025-01-14", "USD", "IDR", want{ratio: "16157"})
	checkFind(t, l, "2025-01-15", "USD", "IDR", want{err: "no exchange rate for USD/IDR in a window covering 2025-01-15 (policy weekly-window)"})
}

func TestYearlyAveragePolicy(t *testing.T) {
	l, err := NewPolicy(PolicyYearly, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, date, from, to string
		want                 want
	}{
		{"last day of 2024", "2024-12-31", "EUR", "USD", want{date: "2024-01-01", ratio: "1/0.924", source: "irs-yearly-average", policy: "yearly-average", amount: "924", places: 2, result: "1000.00"}},
		{"first day of 2024", "2024-01-01", "EUR", "USD", want{ratio: "1/0.924", amount: "1000", places: 2, result: "1082.25"}},
		{"first day of 2023", "2023-01-01", "JPY", "USD", want{date: "2023-01-01", ratio: "1/140.511"}},
		{"2024 figure of a copy", "2024-05-01", "GBP", "USD", want{date: "2024-01-01", ratio: "1/0.783"}},
		{"no sourced 2024 figure for the krona", "2024-05-01", "SEK", "USD", want{err: "no exchange rate for SEK/USD for the year 2024 (policy yearly-average)"}},
		{"no sourced 2025 column", "2025-01-01", "EUR", "USD", want{err: "no exchange rate for EUR/USD for the year 2025 (policy yearly-average)"}},
		{"inverse", "2024-06-30", "USD", "EUR", want{ratio: "0.924", amount: "1000", places: 2, result: "924.00"}},
		{"year before the table", "2021-06-30", "EUR", "USD", want{err: "no exchange rate for EUR/USD for the year 2021 (policy yearly-average)"}},
		{"year after the table", "2026-03-01", "EUR", "USD", want{err: "no exchange rate for EUR/USD for the year 2026 (policy yearly-average)"}},
		{"no IRS rate for the rupiah", "2024-06-30", "IDR", "USD", want{err: "no exchange rate for IDR/USD for the year 2024 (policy yearly-average)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkFind(t, l, tt.date, tt.from, tt.to, tt.want) })
	}
	if r, _ := l.Find(day("2023-03-01"), "EUR", "USD"); r.Note != "" || !strings.Contains(r.Ref, "revoScope") {
		t.Errorf("2023 figure: note %q, ref %q; want no note and the copy it was read from", r.Note, r.Ref)
	}

	// A given yearly rate wins over the embedded one; daily rates are not
	// yearly averages.
	given := []Rate{
		{Date: day("2024-01-01"), Until: day("2024-12-31"), Base: "EUR", Quote: "USD", Rate: one, Div: dec("0.925"), Source: SourceIRS},
		{Date: day("2024-01-01"), Base: "GBP", Quote: "USD", Rate: dec("1.27"), Source: "ecb"},
	}
	l, _ = NewPolicy(PolicyYearly, "", given)
	checkFind(t, l, "2024-06-30", "EUR", "USD", want{ratio: "1/0.925"})
	checkFind(t, l, "2024-06-30", "GBP", "USD", want{ratio: "1/0.783"})
}

func TestRealisedPolicy(t *testing.T) {
	r1, err := NewRealised(day("2025-01-20"), "USD", dec("-1000.00"), "VND", dec("25300000"), "wise:1")
	if err != nil {
		t.Fatal(err)
	}
	r2, _ := NewRealised(day("2025-02-10"), "USD", dec("2000"), "VND", dec("50800000"), "wise:2")
	rates := append(fixtureRates(t, "vietcombank/exchangerates-2025-01-06.json"), r1, r2)
	l, err := NewPolicy(PolicyRealised, SourceVCBTransferBuy, rates)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, date, from, to string
		want                 want
	}{
		{"earned before a payout takes the payout's rate", "2025-01-06", "USD", "VND", want{date: "2025-01-20", source: "realised", policy: "realised", ratio: "25300000/1000", amount: "100", places: 0, result: "2530000"}},
		{"the payout day", "2025-01-20", "USD", "VND", want{date: "2025-01-20"}},
		{"the day after takes the next payout", "2025-01-21", "USD", "VND", want{date: "2025-02-10", ratio: "50800000/2000"}},
		{"inverse", "2025-01-06", "VND", "USD", want{ratio: "1000/25300000", amount: "2530000", places: 2, result: "100.00"}},
		{"after the last payout falls back to daily", "2025-03-01", "USD", "VND", want{date: "2025-01-06", source: "vietcombank-transfer-buy", policy: "daily", ratio: "25180"}},
		{"no realised EUR rate falls back", "2025-01-06", "EUR", "VND", want{source: "vietcombank-transfer-buy", ratio: "25864.66"}},
		{"nothing at all", "2024-12-01", "EUR", "VND", want{err: "no exchange rate for EUR/VND on or before 2024-12-01 (policy daily, source vietcombank-transfer-buy)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkFind(t, l, tt.date, tt.from, tt.to, tt.want) })
	}
	// Other policies leave realised rates alone unless asked by source.
	d, _ := NewPolicy(PolicyDaily, "", []Rate{r1})
	checkFind(t, d, "2025-03-01", "USD", "VND", want{err: "no exchange rate for USD/VND on or before 2025-03-01 (policy daily)"})
	if _, err := NewRealised(day("2025-01-20"), "USD", decimal.Zero, "VND", dec("1"), ""); err == nil {
		t.Error("a zero amount makes a rate")
	}
}

func TestNewPolicyNames(t *testing.T) {
	for _, p := range Policies() {
		if _, err := NewPolicy(p, "", nil); err != nil {
			t.Errorf("%s: %v", p, err)
		}
	}
	_, err := NewPolicy("monthly", "", nil)
	if err == nil || err.Error() != `rate policy "monthly": want one of daily, weekly-window, yearly-average, realised` {
		t.Errorf("error = %v", err)
	}
}

// ruleRates is a small hand-made set: ECB on Monday 2025-01-06, Vietcombank
// the same day, and the Kurs Pajak week from Wednesday 2025-01-08.
func ruleRates() []Rate {
	ecb := func(q, v string) Rate {
		return Rate{Date: day("2025-01-06"), Base: "EUR", Quote: q, Rate: dec(v), Source: SourceECB}
	}
	return []Rate{
		ecb("USD", "1.0426"), ecb("IDR", "16883.77"), ecb("PLN", "4.2695"), ecb("BRL", "6.3925"),
		{Date: day("2025-01-06"), Base: "USD", Quote: "VND", Rate: dec("25180"), Source: SourceVCBTransferBuy},
		{Date: day("2025-01-06"), Base: "USD", Quote: "VND", Rate: dec("25150"), Source: SourceVCBCashBuy},
		{Date: day("2025-01-06"), Base: "EUR", Quote: "VND", Rate: dec("25864.66"), Source: SourceVCBTransferBuy},
		{Date: day("2025-01-08"), Until: day("2025-01-14"), Base: "USD", Quote: "IDR", Rate: dec("16157"), Source: SourceKursPajak},
		{Date: day("2025-01-08"), Until: day("2025-01-14"), Base: "JPY", Quote: "IDR", Rate: dec("10274.28"), Div: dec("100"), Source: SourceKursPajak},
	}
}

func TestCountryRules(t *testing.T) {
	lookup := func(country, policy string) Lookup {
		r, err := RuleFor(country)
		if err != nil {
			t.Fatal(err)
		}
		if policy != "" {
			r.Policy = policy
		}
		l, err := r.Lookup(ruleRates())
		if err != nil {
			t.Fatal(err)
		}
		return l
	}
	vn, id, us := lookup("vn", ""), lookup("ID", ""), lookup("US", "")
	tests := []struct {
		name string
		l    Lookup
		date string
		from string
		to   string
		want want
	}{
		{"VN: the transfer buying rate, not cash", vn, "2025-01-06", "USD", "VND", want{ratio: "25180", source: "vietcombank-transfer-buy", amount: "1240.00", places: 0, result: "31223200"}},
		{"VN: weekend", vn, "2025-01-11", "EUR", "VND", want{date: "2025-01-06", ratio: "25864.66"}},
		{"VN: PLN crossed through USD", vn, "2025-01-06", "PLN", "VND", want{source: "ecb+vietcombank-transfer-buy", policy: "daily", amount: "1000", places: 0, result: "6148886"}},
		{"VN: stale", vn, "2025-02-01", "USD", "VND", want{err: "no exchange rate for USD/VND on or before 2025-02-01 (policy daily, source vietcombank-transfer-buy): latest is from 2025-01-06, more than 14 days earlier"}},
		{"ID: Kurs Pajak", id, "2025-01-14", "USD", "IDR", want{ratio: "16157", source: "kurs-pajak", policy: "weekly-window"}},
		{"ID: BRL to USD at spot, then Kurs Pajak", id, "2025-01-08", "BRL", "IDR", want{date: "2025-01-06", source: "ecb+kurs-pajak", policy: "daily+weekly-window", amount: "1000", places: 2, result: "2635164.36"}},
		{"ID: not the ECB's own IDR", id, "2025-01-06", "USD", "IDR", want{err: "no exchange rate for USD/IDR in a window covering 2025-01-06 (policy weekly-window, source kurs-pajak)"}},
		{"US: IRS yearly average without any imported rate", us, "2024-07-04", "EUR", "USD", want{ratio: "1/0.924", source: "irs-yearly-average"}},
		{"US: no IRS figure for VND", us, "2024-07-04", "VND", "USD", want{err: "no exchange rate for VND/USD for the year 2024 (policy yearly-average, source irs-yearly-average)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkFind(t, tt.l, tt.date, tt.from, tt.to, tt.want) })
	}

	// Realised for VN falls back to the Vietcombank rule.
	r, _ := NewRealised(day("2025-01-09"), "USD", dec("1000"), "VND", dec("25250000"), "")
	rule, _ := RuleFor("VN")
	rule.Policy = PolicyRealised
	l, err := rule.Lookup(append(ruleRates(), r))
	if err != nil {
		t.Fatal(err)
	}
	checkFind(t, l, "2025-01-07", "USD", "VND", want{source: "realised", ratio: "25250000/1000"})
	checkFind(t, l, "2025-01-10", "USD", "VND", want{source: "vietcombank-transfer-buy", ratio: "25180"})

	if _, err := RuleFor("FR"); err == nil || !strings.Contains(err.Error(), `country "FR"`) {
		t.Errorf("RuleFor(FR) error = %v", err)
	}
}

func TestConvertRounding(t *testing.T) {
	tests := []struct {
		rate, div, amount string
		places            int32
		want              string
	}{
		{"1", "", "2.5", 0, "3"},
		{"1", "", "-2.5", 0, "-3"},
		{"1", "", "0.125", 2, "0.13"},
		{"1", "", "-0.125", 2, "-0.13"},
		{"1", "8", "1", 2, "0.13"}, // 0.125 exactly: half away from zero
		{"1", "8", "-1", 2, "-0.13"},
		{"1", "3", "1", 2, "0.33"},
		{"2", "3", "1", 2, "0.67"},
		{"2", "3", "-1", 2, "-0.67"},
		{"25412", "", "1240.00", 0, "31510880"},
		{"25412", "", "0.01", 0, "254"},
		{"25412", "", "-0.01", 0, "-254"},
		{"1", "2", "-0.5", 1, "-0.3"},
		{"1", "0.924", "0", 2, "0.00"},
		{"3", "2", "1", -2, "0"},     // rounds to hundreds
		{"3", "2", "100", -2, "200"}, // 150 → 200
	}
	for _, tt := range tests {
		r := Rate{Rate: dec(tt.rate)}
		if tt.div != "" {
			r.Div = dec(tt.div)
		}
		got := r.Convert(dec(tt.amount), tt.places)
		if !got.Equal(dec(tt.want)) {
			t.Errorf("%s×%s/%s at %d = %s, want %s", tt.amount, tt.rate, tt.div, tt.places, got, tt.want)
		}
	}
	// DivRound itself rounds half away from zero.
	for _, c := range []struct{ a, b, want string }{{"1", "8", "0.13"}, {"-1", "8", "-0.13"}, {"1", "-8", "-0.13"}, {"5", "2", "2.50"}} {
		if got := dec(c.a).DivRound(dec(c.b), 2); !got.Equal(dec(c.want)) {
			t.Errorf("DivRound(%s, %s) = %s, want %s", c.a, c.b, got, c.want)
		}
	}
	if v := (Rate{Rate: dec("16883.77"), Div: dec("1.0426")}).Value(6); v.String() != "16193.909457" {
		t.Errorf("Value = %s", v)
	}
}

func TestInverseCrossExact(t *testing.T) {
	a := Rate{Base: "EUR", Quote: "USD", Rate: dec("1.0426"), Date: day("2025-01-06"), Source: "ecb"}
	b := Rate{Base: "EUR", Quote: "IDR", Rate: dec("16883.77"), Date: day("2025-01-03"), Source: "ecb"}
	c := cross(a.Inverse(), b)
	if c.Ratio() != "16883.77/1.0426" || c.Base != "USD" || c.Quote != "IDR" || c.Date.Format(DateLayout) != "2025-01-03" {
		t.Errorf("cross = %+v", c)
	}
	back := c.Inverse()
	if back.Ratio() != "1.0426/16883.77" || back.Base != "IDR" {
		t.Errorf("inverse = %+v", back)
	}
	// Round trip to the unit: 100 USD → IDR → USD.
	idr := c.Convert(dec("100"), 2)
	if usd := back.Convert(idr, 2); !usd.Equal(dec("100")) {
		t.Errorf("round trip = %s", usd)
	}
	if a.Inverse().Inverse().Ratio() != "1.0426" {
		t.Errorf("double inverse = %s", a.Inverse().Inverse().Ratio())
	}
}

// BenchmarkFind looks up ten years of daily rates: direct, inverse and
// cross.
func BenchmarkFind(b *testing.B) {
	var rates []Rate
	start := day("2015-01-01")
	for d := start; d.Year() < 2025; d = d.AddDate(0, 0, 1) {
		if d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
			continue
		}
		n := int64(d.Sub(start).Hours() / 24)
		rates = append(rates,
			Rate{Date: d, Base: "EUR", Quote: "USD", Rate: decimal.New(10000+n%900, -4), Source: SourceECB},
			Rate{Date: d, Base: "EUR", Quote: "IDR", Rate: decimal.New(1500000+n, -2), Source: SourceECB},
			Rate{Date: d, Base: "USD", Quote: "VND", Rate: decimal.New(21000+n, 0), Source: SourceVCBTransferBuy},
		)
	}
	tb := NewTable(rates)
	rnd := rand.New(rand.NewSource(1))
	dates := make([]time.Time, 1024)
	for i := range dates {
		dates[i] = start.AddDate(0, 0, rnd.Intn(3650))
	}
	for _, c := range []struct{ name, from, to string }{{"direct", "EUR", "USD"}, {"inverse", "VND", "USD"}, {"cross", "USD", "IDR"}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if _, err := tb.Find(dates[i%len(dates)], c.from, c.to); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// Rate stays comparable with == (other packages may rely on it).
var _ = Rate{} == Rate{}
