package fx

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

// recorder serves recorded responses from testdata/fx by request path
// (and query, when routes has "path?query") and records each request.
type recorder struct {
	t      *testing.T
	routes map[string]string // "path" or "path?query" → testdata file, or "!500"
	mu     sync.Mutex
	got    []string
	agents []string
}

func serve(t *testing.T, routes map[string]string) (*httptest.Server, *recorder) {
	rec := &recorder{t: t, routes: routes}
	srv := httptest.NewServer(rec)
	t.Cleanup(srv.Close)
	return srv, rec
}

func (r *recorder) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	key := req.URL.Path
	if req.URL.RawQuery != "" {
		key += "?" + req.URL.RawQuery
	}
	r.mu.Lock()
	r.got = append(r.got, key)
	r.agents = append(r.agents, req.UserAgent())
	r.mu.Unlock()
	file, ok := r.routes[key]
	if !ok {
		file, ok = r.routes[req.URL.Path]
	}
	switch {
	case !ok:
		http.NotFound(w, req)
	case strings.HasPrefix(file, "!"):
		http.Error(w, "boom", http.StatusInternalServerError)
	case strings.HasPrefix(file, "="):
		w.Write([]byte(file[1:]))
	default:
		w.Write(readTestdata(r.t, file))
	}
}

func (r *recorder) requests() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.got...)
}

func fetch(t *testing.T, s Source, from, to, base, quote string) []Rate {
	t.Helper()
	var f, u time.Time
	if from != "" {
		f = day(from)
	}
	if to != "" {
		u = day(to)
	}
	rs, err := s.Fetch(context.Background(), nil, f, u, base, quote)
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

func summary(rs []Rate) string {
	var lines []string
	for _, r := range rs {
		lines = append(lines, r.Date.Format(DateLayout)+" "+r.Base+"/"+r.Quote+" "+r.Ratio()+" "+r.Source)
	}
	return strings.Join(lines, "\n")
}

func sameRequests(t *testing.T, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("requests:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestECBFetch(t *testing.T) {
	srv, rec := serve(t, map[string]string{
		"/eurofxref-daily.xml":    "ecb/eurofxref-daily.xml",
		"/eurofxref-hist-90d.xml": "ecb/eurofxref-hist-90d.xml",
		"/eurofxref-hist.zip":     "ecb/eurofxref-hist.zip",
	})
	now := func() time.Time { return day("2025-01-10") }
	s, err := NewSource("ecb", srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	ecb := s.(ECB)
	ecb.Now = now

	latest := fetch(t, ecb, "", "", "", "")
	if len(latest) != 30 {
		t.Errorf("daily: %d rates, want 30", len(latest))
	}
	got := fetch(t, ecb, "2025-01-02", "2025-01-03", "USD", "IDR")
	want := "2025-01-03 EUR/USD 1.0299 ecb\n2025-01-03 EUR/IDR 16709.72 ecb\n2025-01-02 EUR/USD 1.0321 ecb\n2025-01-02 EUR/IDR 16715.27 ecb"
	if summary(got) != want {
		t.Errorf("90d:\n%s\nwant\n%s", summary(got), want)
	}
	got = fetch(t, ecb, "2024-06-01", "2024-12-17", "EUR", "GBP")
	if len(got) != 2 || got[0].Quote != "GBP" || got[1].Date.Format(DateLayout) != "2024-12-16" {
		t.Errorf("history:\n%s", summary(got))
	}
	sameRequests(t, rec.requests(), []string{"/eurofxref-daily.xml", "/eurofxref-hist-90d.xml", "/eurofxref-hist.zip"})
	for _, a := range rec.agents {
		if !strings.HasPrefix(a, "income/") {
			t.Errorf("User-Agent %q", a)
		}
	}
}

func TestVietcombankFetch(t *testing.T) {
	srv, rec := serve(t, map[string]string{
		vcbXMLPath:                       "vietcombank/pXML.xml",
		vcbJSONPath + "?date=2025-01-04": "vietcombank/exchangerates-2025-01-04.json",
		vcbJSONPath + "?date=2025-01-05": `={"Count":0,"Date":"2025-01-05T00:00:00","Data":[]}`,
		vcbJSONPath + "?date=2025-01-06": "vietcombank/exchangerates-2025-01-06.json",
		vcbJSONPath + "?date=2025-01-07": "!500",
	})
	s, _ := NewSource(SourceVCBTransferBuy, srv.URL)
	if s.Name() != SourceVCBTransferBuy {
		t.Errorf("name = %q", s.Name())
	}
	got := fetch(t, s, "", "", "USD", "")
	if summary(got) != "2025-01-06 USD/VND 25180 vietcombank-transfer-buy" {
		t.Errorf("current:\n%s", summary(got))
	}
	got = fetch(t, s, "2025-01-04", "2025-01-06", "VND", "USD")
	want := "2025-01-04 USD/VND 25160 vietcombank-transfer-buy\n2025-01-06 USD/VND 25180 vietcombank-transfer-buy"
	if summary(got) != want {
		t.Errorf("by date:\n%s\nwant\n%s", summary(got), want)
	}
	all, _ := NewSource("vietcombank", srv.URL)
	got = fetch(t, all, "2025-01-06", "", "KWD", "")
	want = "2025-01-06 KWD/VND 82110.58 vietcombank-transfer-buy\n2025-01-06 KWD/VND 85393.47 vietcombank-sell"
	if summary(got) != want {
		t.Errorf("all kinds:\n%s\nwant\n%s", summary(got), want)
	}
	sameRequests(t, rec.requests(), []string{vcbXMLPath, vcbJSONPath + "?date=2025-01-04", vcbJSONPath + "?date=2025-01-05",
		vcbJSONPath + "?date=2025-01-06", vcbJSONPath + "?date=2025-01-06"})

	_, err := all.Fetch(context.Background(), srv.Client(), day("2025-01-06"), day("2025-01-07"), "", "")
	if !errors.Is(err, ErrFetch) || !strings.Contains(err.Error(), "500 Internal Server Error") {
		t.Errorf("HTTP 500: %v", err)
	}
}

func TestKursPajakFetch(t *testing.T) {
	srv, rec := serve(t, map[string]string{
		"/?date=2025-01-08": "kurspajak/2025-01-08.html",
		"/?date=2025-01-15": "kurspajak/2025-01-15.html",
	})
	s, _ := NewSource(SourceKursPajak, srv.URL+"/")
	// Friday to Thursday spans two windows, each fetched once by its Wednesday.
	got := fetch(t, s, "2025-01-10", "2025-01-16", "JPY", "")
	want := "2025-01-08 JPY/IDR 10274.28/100 kurs-pajak\n2025-01-15 JPY/IDR 10371.02/100 kurs-pajak"
	if summary(got) != want {
		t.Errorf("got\n%s\nwant\n%s", summary(got), want)
	}
	sameRequests(t, rec.requests(), []string{"/?date=2025-01-08", "/?date=2025-01-15"})
	if got[1].Until.Format(DateLayout) != "2025-01-21" || got[1].Ref != "KMK 2/MK/EF.2/2025" {
		t.Errorf("window: %+v", got[1])
	}
	if w := windowStart(day("2025-01-14")); w.Format(DateLayout) != "2025-01-08" {
		t.Errorf("windowStart(Tuesday) = %s", w.Format(DateLayout))
	}
	if w := windowStart(day("2025-01-15")); w.Format(DateLayout) != "2025-01-15" {
		t.Errorf("windowStart(Wednesday) = %s", w.Format(DateLayout))
	}
}

func TestIRSFetch(t *testing.T) {
	srv, _ := serve(t, map[string]string{"/page": "irs/yearly-average.html"})
	s, _ := NewSource(SourceIRS, srv.URL+"/page")
	got := fetch(t, s, "2023-01-01", "2023-12-31", "EUR", "")
	if summary(got) != "2023-01-01 EUR/USD 1/0.924 irs-yearly-average" {
		t.Errorf("got\n%s", summary(got))
	}
	got = fetch(t, s, "", "", "", "")
	if len(got) != 56 {
		t.Errorf("all years: %d rates, want 56", len(got))
	}
}

func TestFrankfurterFetch(t *testing.T) {
	srv, rec := serve(t, map[string]string{
		"/v2/rates?base=EUR&from=2025-01-02&providers=ECB&quotes=USD%2CIDR&to=2025-01-06": "frankfurter/v2-ecb.json",
		"/v2/rates?base=IDR&providers=BI&quotes=USD":                                      "frankfurter/v2-bi.ndjson",
	})
	s, _ := NewSource("frankfurter-ecb", srv.URL)
	got := fetch(t, s, "2025-01-02", "2025-01-06", "USD", "IDR")
	if len(got) != 6 || got[0].Source != "frankfurter-ecb" || got[0].Note != "" {
		t.Errorf("got\n%s", summary(got))
	}
	bi, _ := NewSource("frankfurter-bi", srv.URL)
	got = fetch(t, bi, "", "", "USD", "")
	if summary(got) != "2025-01-06 IDR/USD 0.00006173 frankfurter-bi" {
		t.Errorf("got\n%s", summary(got))
	}
	sameRequests(t, rec.requests(), []string{
		"/v2/rates?base=EUR&from=2025-01-02&providers=ECB&quotes=USD%2CIDR&to=2025-01-06",
		"/v2/rates?base=IDR&providers=BI&quotes=USD",
	})
}

func TestFetchInvalidResponse(t *testing.T) {
	srv, _ := serve(t, map[string]string{"/eurofxref-daily.xml": "=<html>maintenance</html>"})
	_, err := ECB{BaseURL: srv.URL}.Fetch(context.Background(), nil, time.Time{}, time.Time{}, "", "")
	if !errors.Is(err, ErrInvalid) || !strings.HasPrefix(err.Error(), srv.URL+"/eurofxref-daily.xml:") {
		t.Errorf("error = %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = ECB{BaseURL: srv.URL}.Fetch(ctx, nil, time.Time{}, time.Time{}, "", "")
	if !errors.Is(err, ErrFetch) || !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

func TestSourceRegistry(t *testing.T) {
	var names []string
	seen := map[string]bool{}
	for _, s := range Sources() {
		if seen[s.Name()] {
			t.Errorf("duplicate source %q", s.Name())
		}
		seen[s.Name()] = true
		names = append(names, s.Name())
		again, err := SourceByName(s.Name())
		if err != nil || again.Name() != s.Name() {
			t.Errorf("SourceByName(%q) = %v, %v", s.Name(), again, err)
		}
	}
	sort.Strings(names)
	want := "ecb frankfurter-bi frankfurter-ecb irs-yearly-average kurs-pajak vietcombank vietcombank-cash-buy vietcombank-sell vietcombank-transfer-buy"
	if strings.Join(names, " ") != want {
		t.Errorf("sources = %s", strings.Join(names, " "))
	}
	if s, err := SourceByName("Frankfurter-BOC"); err != nil || s.Name() != "frankfurter-boc" {
		t.Errorf("frankfurter-boc: %v %v", s, err)
	}
	for name, msg := range map[string]string{
		"frankfurter": `rate source "frankfurter": name a provider, e.g. frankfurter-ecb (the blended default is not a rate any tax rule names)`,
		"oanda":       `rate source "oanda": want one of ecb, frankfurter-bi, frankfurter-ecb, irs-yearly-average, kurs-pajak, vietcombank, vietcombank-cash-buy, vietcombank-sell, vietcombank-transfer-buy, or frankfurter-<provider>`,
	} {
		if _, err := SourceByName(name); err == nil || err.Error() != msg {
			t.Errorf("SourceByName(%q) error = %v", name, err)
		}
	}
}

func TestRangeFilter(t *testing.T) {
	r := func(d, until, b, q string) Rate {
		x := Rate{Date: day(d), Base: b, Quote: q}
		if until != "" {
			x.Until = day(until)
		}
		return x
	}
	keep := rangeFilter(day("2025-01-10"), day("2025-01-12"), "USD", "IDR", "EUR")
	tests := []struct {
		r    Rate
		want bool
	}{
		{r("2025-01-10", "", "EUR", "USD"), true},
		{r("2025-01-09", "", "EUR", "USD"), false},
		{r("2025-01-13", "", "EUR", "USD"), false},
		{r("2025-01-08", "2025-01-14", "EUR", "IDR"), true}, // window overlaps
		{r("2025-01-10", "", "EUR", "GBP"), false},
		{r("2025-01-10", "", "USD", "IDR"), true},
	}
	for i, tt := range tests {
		if got := keep(tt.r); got != tt.want {
			t.Errorf("%d: keep = %v", i, got)
		}
	}
	if !rangeFilter(time.Time{}, time.Time{}, "EUR", "", "EUR")(r("2025-01-10", "", "EUR", "GBP")) {
		t.Error("base alone keeps every pair with it")
	}
}
