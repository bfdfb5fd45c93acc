package fx

import (
	"bytes"
	"context"
	_ "embed"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"gopkg.in/yaml.v3"
)

// IRSURL is the IRS page of yearly average exchange rates.
const IRSURL = "https://www.irs.gov/individuals/international-taxpayers/yearly-average-currency-exchange-rates"

//go:embed data/irs-yearly-average.yaml
var irsYAML []byte

type irsFile struct {
	Years map[int]struct {
		Source string `yaml:"source"`
	} `yaml:"years"`
	Rates map[string]struct {
		Country  string         `yaml:"country"`
		Currency string         `yaml:"currency"`
		Values   map[int]string `yaml:"values"`
	} `yaml:"rates"`
}

const irsFileName = "data/irs-yearly-average.yaml"

var irsEmbedded = sync.OnceValues(func() ([]Rate, error) {
	dec := yaml.NewDecoder(bytes.NewReader(irsYAML))
	dec.KnownFields(true)
	var f irsFile
	if err := dec.Decode(&f); err != nil {
		return nil, &ParseError{File: irsFileName, Err: err}
	}
	var out []Rate
	for code, row := range f.Rates {
		for y, s := range row.Values {
			v, err := parsePlain(s)
			if err != nil || !v.IsPositive() || !isCode(code) {
				return nil, &ParseError{File: irsFileName, Elem: fmt.Sprintf("%s %d", code, y), Msg: fmt.Sprintf("%q: not a positive number", s)}
			}
			src := strings.Join(strings.Fields(f.Years[y].Source), " ")
			if src == "" {
				return nil, &ParseError{File: irsFileName, Elem: fmt.Sprintf("%s %d", code, y), Msg: fmt.Sprintf("no source for the year %d under years", y)}
			}
			r := irsRate(code, y, src)
			r.Div = v
			out = append(out, r)
		}
	}
	sortRates(out)
	return out, nil
})

func irsRate(code string, year int, ref string) Rate {
	return Rate{
		Date:   time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC),
		Until:  time.Date(year, 12, 31, 0, 0, 0, 0, time.UTC),
		Base:   code,
		Quote:  "USD",
		Rate:   one,
		Source: SourceIRS,
		Ref:    ref,
	}
}

// IRSYearly returns the embedded IRS yearly average rates (2022 onwards):
// Base the foreign currency, Quote USD, Rate 1 and Div the IRS figure
// (units per dollar), valid 1 January to 31 December, source
// irs-yearly-average, Ref the published copy the figure was read from.
// Only figures read from a copy of the IRS table are embedded; see
// data/irs-yearly-average.yaml for the years and currencies covered.
func IRSYearly() []Rate {
	rs, err := irsEmbedded()
	if err != nil {
		panic(err) // the embedded file is checked by tests
	}
	return append([]Rate(nil), rs...)
}

// irsCountries maps the IRS table's country names (lower case, letters and
// spaces only) to currency codes.
var irsCountries = map[string]string{
	"afghanistan": "AFN", "algeria": "DZD", "argentina": "ARS", "australia": "AUD", "bahrain": "BHD",
	"brazil": "BRL", "canada": "CAD", "cayman islands": "KYD", "chile": "CLP", "china": "CNY",
	"colombia": "COP", "czech republic": "CZK", "denmark": "DKK", "egypt": "EGP",
	"euro zone": "EUR", "eurozone": "EUR", "hong kong": "HKD", "hungary": "HUF", "iceland": "ISK",
	"india": "INR", "indonesia": "IDR", "iran": "IRR", "iraq": "IQD", "israel": "ILS",
	"japan": "JPY", "jordan": "JOD", "kenya": "KES", "korea": "KRW", "korea south": "KRW",
	"south korea": "KRW", "kuwait": "KWD", "lebanon": "LBP", "malaysia": "MYR", "mexico": "MXN",
	"morocco": "MAD", "new zealand": "NZD", "nigeria": "NGN", "norway": "NOK", "pakistan": "PKR",
	"peru": "PEN", "philippines": "PHP", "poland": "PLN", "qatar": "QAR", "russia": "RUB",
	"saudi arabia": "SAR", "singapore": "SGD", "south africa": "ZAR", "sri lanka": "LKR",
	"sweden": "SEK", "switzerland": "CHF", "taiwan": "TWD", "thailand": "THB", "tunisia": "TND",
	"turkey": "TRY", "turkiye": "TRY", "united arab emirates": "AED", "united kingdom": "GBP",
	"venezuela": "VES", "vietnam": "VND", "viet nam": "VND",
}

var nonLetters = regexp.MustCompile(`[^a-z]+`)

func irsCountryCode(country string) (string, bool) {
	k := strings.TrimSpace(nonLetters.ReplaceAllString(strings.ToLower(country), " "))
	c, ok := irsCountries[k]
	return c, ok
}

var yearRe = regexp.MustCompile(`^(19|20)\d\d\b`)

// ParseIRSHTML reads a saved copy of the IRS yearly average page: a table
// whose header row holds `Country`, `Currency` and year columns, and whose
// rows give foreign units per 1 USD (`1,364.153`). Each figure x becomes
// the rate 1/x from the currency to USD for that year (as IRSYearly).
// Rows for countries it does not know are skipped.
func ParseIRSHTML(r io.Reader, file string, fn func(Rate) error) error {
	data, err := io.ReadAll(io.LimitReader(r, maxBody))
	if err != nil {
		return &ParseError{File: file, Err: err}
	}
	rows, _ := scanHTML(data)
	n := 0
	var (
		countryCol = -1
		years      []irsYearCol
	)
	for _, row := range rows {
		if hc, ys := irsHeader(row.Cells); hc >= 0 {
			countryCol, years = hc, ys
			continue
		}
		if countryCol < 0 || countryCol >= len(row.Cells) {
			continue
		}
		code, ok := irsCountryCode(row.Cells[countryCol])
		if !ok {
			continue
		}
		for _, yc := range years {
			col, y := yc.col, yc.year
			if col >= len(row.Cells) {
				continue
			}
			s := strings.TrimSpace(row.Cells[col])
			if s == "" || s == "-" || strings.EqualFold(s, "n/a") {
				continue
			}
			v, err := parseGrouped(s, ',', '.')
			if err != nil || !v.IsPositive() {
				return &ParseError{File: file, Line: row.Line, Elem: fmt.Sprintf("%s %d", row.Cells[countryCol], y), Msg: fmt.Sprintf("%q: not a number", s)}
			}
			rt := irsRate(code, y, IRSURL)
			rt.Div = v
			if err := rt.Validate(); err != nil {
				return &ParseError{File: file, Line: row.Line, Elem: fmt.Sprintf("%s %d", row.Cells[countryCol], y), Msg: err.Error()}
			}
			n++
			if err := fn(rt); err != nil {
				return err
			}
		}
	}
	if n == 0 {
		return &ParseError{File: file, Msg: "no rates: no table with Country, Currency and year columns"}
	}
	return nil
}

type irsYearCol struct{ col, year int }

// irsHeader returns the country column and the year columns of a header
// row, or -1.
func irsHeader(cells []string) (int, []irsYearCol) {
	country, currency := -1, -1
	var years []irsYearCol
	for i, c := range cells {
		lc := strings.ToLower(c)
		switch {
		case lc == "country":
			country = i
		case lc == "currency":
			currency = i
		case yearRe.MatchString(c):
			y, _ := strconv.Atoi(c[:4])
			years = append(years, irsYearCol{i, y})
		}
	}
	if country < 0 || currency < 0 || len(years) == 0 {
		return -1, nil
	}
	return country, years
}

// IRS fetches the IRS yearly average page and keeps the years that overlap
// the range.
type IRS struct {
	URL string // default IRSURL
}

// Name implements Source.
func (IRS) Name() string { return SourceIRS }

// Fetch implements Source.
func (s IRS) Fetch(ctx context.Context, c *http.Client, from, to time.Time, base, quote string) ([]Rate, error) {
	u := orDefault(s.URL, IRSURL)
	body, err := get(ctx, c, u)
	if err != nil {
		return nil, err
	}
	keep := rangeFilter(from, to, base, quote, "USD")
	var out []Rate
	err = ParseIRSHTML(bytes.NewReader(body), u, func(r Rate) error {
		if keep(r) {
			out = append(out, r)
		}
		return nil
	})
	sortRates(out)
	return out, err
}

// sortRates orders rates by date, base, quote and source.
func sortRates(rs []Rate) {
	sort.SliceStable(rs, func(i, j int) bool {
		a, b := rs[i], rs[j]
		if !a.Date.Equal(b.Date) {
			return a.Date.Before(b.Date)
		}
		if a.Base != b.Base {
			return a.Base < b.Base
		}
		if a.Quote != b.Quote {
			return a.Quote < b.Quote
		}
		return a.Source < b.Source
	})
}

// IRSYears returns the years the embedded IRS table has figures for, in
// order.
func IRSYears() []int {
	seen := map[int]bool{}
	var ys []int
	for _, r := range IRSYearly() {
		if y := r.Date.Year(); !seen[y] {
			seen[y] = true
			ys = append(ys, y)
		}
	}
	sort.Ints(ys)
	return ys
}

// YearlyAdvice says how to go on when the yearly-average policy finds no
// rate to USD for a year from the currencies: the IRS publishes a year's
// averages only early in the next year, and the embedded table holds only
// figures read from a published copy. It names the two ways on: convert at
// daily rates (config fx.policy daily with a source, and rates for it), or
// import the IRS figures once published.
func YearlyAdvice(year int, currencies ...string) string {
	ys := IRSYears()
	have := false
	for _, y := range ys {
		have = have || y == year
	}
	codes := make([]string, len(currencies))
	for i, c := range currencies {
		codes[i] = normCode(c)
	}
	var what string
	switch {
	case have:
		what = fmt.Sprintf("the embedded IRS yearly averages for %d have no %s figure", year, strings.Join(codes, ", "))
	case len(ys) > 0:
		what = fmt.Sprintf("no IRS yearly averages for %d are embedded (embedded: %d-%d; the IRS publishes a year's averages early in the next year)", year, ys[0], ys[len(ys)-1])
	default:
		what = fmt.Sprintf("no IRS yearly averages for %d are embedded", year)
	}
	return what + ". Either convert at daily rates: put `fx: {policy: daily, source: ecb}` in the config and run " +
		fmt.Sprintf("`income rates fetch --source ecb --from %d-01-01 --to %d-12-31`", year, year) +
		"; or import the IRS figures once published: `income rates import PAGE.html` (the saved IRS page) or a CSV with source irs-yearly-average"
}
