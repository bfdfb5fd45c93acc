package fx

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// FrankfurterURL is the public Frankfurter API (it can be self-hosted).
const FrankfurterURL = "https://api.frankfurter.dev"

const noteBlended = "Frankfurter provider not recorded in the file: may be its blended rate, which no tax rule names"

// frankfurterBases are the native bases of providers; asking a provider in
// its own base avoids Frankfurter's rounded rebasing (a lookup crosses
// exactly instead).
var frankfurterBases = map[string]string{
	"ECB": "EUR", "BI": "IDR", "FRED": "USD", "BOC": "CAD", "BOE": "GBP", "RBA": "AUD",
	"SNB": "CHF", "BOJ": "JPY", "MAS": "SGD", "HKMA": "HKD", "NBP": "PLN", "CNB": "CZK",
	"BOT": "THB", "BSP": "PHP", "BNM": "MYR", "FBIL": "INR",
}

type frankRecord struct {
	Date     string      `json:"date"`
	Base     string      `json:"base"`
	Quote    string      `json:"quote"`
	Rate     json.Number `json:"rate"`
	Provider string      `json:"provider"`
}

type frankV1 struct {
	Amount    json.Number                `json:"amount"`
	Base      string                     `json:"base"`
	Date      string                     `json:"date"`
	StartDate string                     `json:"start_date"`
	Rates     map[string]json.RawMessage `json:"rates"`
}

// ParseFrankfurterJSON reads a Frankfurter response: v2 `/v2/rates` (a JSON
// array, or NDJSON, of `{"date","base","quote","rate"[,"provider"]}`) or v1
// (`{"amount":1.0,"base":"EUR","date":…,"rates":{"USD":1.0426}}`, or a time
// series with `"rates":{"2025-01-02":{"USD":1.0321}}`). v1 serves only the
// ECB, so its rates get source frankfurter-ecb; a v2 record gets
// frankfurter-<provider>, and one without a provider source "frankfurter"
// with a Note, as it may be the blended rate.
func ParseFrankfurterJSON(r io.Reader, file string, fn func(Rate) error) error {
	return parseFrankfurter(r, file, "", fn)
}

func parseFrankfurter(r io.Reader, file, provider string, fn func(Rate) error) error {
	data, err := io.ReadAll(io.LimitReader(r, maxBody))
	if err != nil {
		return &ParseError{File: file, Err: err}
	}
	trim := bytes.TrimSpace(data)
	var out []Rate
	switch {
	case len(trim) > 0 && trim[0] == '[':
		var recs []frankRecord
		if err := decodeNumbers(data, &recs); err != nil {
			return jsonError(file, data, err)
		}
		for i, rec := range recs {
			rt, err := rec.rate(provider)
			if err != nil {
				return &ParseError{File: file, Elem: fmt.Sprintf("[%d]", i), Msg: err.Error()}
			}
			out = append(out, rt)
		}
	case len(trim) > 0 && trim[0] == '{':
		var probe map[string]json.RawMessage
		first := trim
		if i := bytes.IndexByte(trim, '\n'); i >= 0 {
			first = trim[:i]
		}
		if json.Unmarshal(first, &probe) == nil && probe["quote"] != nil {
			if out, err = parseFrankNDJSON(data, file, provider); err != nil {
				return err
			}
			break
		}
		var v1 frankV1
		if err := decodeNumbers(data, &v1); err != nil {
			return jsonError(file, data, err)
		}
		if out, err = v1.rates(file); err != nil {
			return err
		}
	default:
		return &ParseError{File: file, Msg: "not a Frankfurter JSON response"}
	}
	sortRates(out)
	for _, rt := range out {
		if err := fn(rt); err != nil {
			return err
		}
	}
	return nil
}

func decodeNumbers(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	return dec.Decode(v)
}

func parseFrankNDJSON(data []byte, file, provider string) ([]Rate, error) {
	var out []Rate
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for line := 1; sc.Scan(); line++ {
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 {
			continue
		}
		var rec frankRecord
		if err := decodeNumbers(b, &rec); err != nil {
			return nil, &ParseError{File: file, Line: line, Msg: "JSON", Err: err}
		}
		rt, err := rec.rate(provider)
		if err != nil {
			return nil, &ParseError{File: file, Line: line, Msg: err.Error()}
		}
		out = append(out, rt)
	}
	if err := sc.Err(); err != nil {
		return nil, &ParseError{File: file, Err: err}
	}
	return out, nil
}

func (rec frankRecord) rate(provider string) (Rate, error) {
	d, err := time.Parse(DateLayout, rec.Date)
	if err != nil {
		return Rate{}, fmt.Errorf("date %q: want YYYY-MM-DD", rec.Date)
	}
	v, err := jsonDecimal(rec.Rate)
	if err != nil {
		return Rate{}, fmt.Errorf("rate %q: not a positive number", rec.Rate)
	}
	rt := Rate{Date: d, Base: normCode(rec.Base), Quote: normCode(rec.Quote), Rate: v}
	if p := rec.Provider; p != "" {
		provider = p
	}
	if provider != "" {
		rt.Source = "frankfurter-" + strings.ToLower(provider)
	} else {
		rt.Source, rt.Note = "frankfurter", noteBlended
	}
	if err := rt.Validate(); err != nil {
		return Rate{}, err
	}
	return rt, nil
}

// jsonDecimal reads a JSON number exactly; exponents are allowed (6.173e-05)
// within the range a rate can have.
func jsonDecimal(n json.Number) (decimal.Decimal, error) {
	if len(n) > maxNumberLen {
		return decimal.Decimal{}, errNotNumber
	}
	v, err := decimal.NewFromString(string(n))
	if err != nil || !v.IsPositive() || v.Exponent() < -maxNumberLen || v.Exponent() > maxNumberLen {
		return decimal.Decimal{}, errNotNumber
	}
	return v, nil
}

func (v1 frankV1) rates(file string) ([]Rate, error) {
	base := normCode(v1.Base)
	if !isCode(base) {
		return nil, &ParseError{File: file, Elem: "base", Msg: fmt.Sprintf("%q: want an ISO 4217 code", v1.Base)}
	}
	var div decimal.Decimal
	if v1.Amount != "" {
		a, err := jsonDecimal(v1.Amount)
		if err != nil {
			return nil, &ParseError{File: file, Elem: "amount", Msg: fmt.Sprintf("%q: not a positive number", v1.Amount)}
		}
		if !a.Equal(one) {
			div = a
		}
	}
	var out []Rate
	add := func(date time.Time, quotes map[string]json.Number) error {
		for q, n := range quotes {
			v, err := jsonDecimal(n)
			if err != nil {
				return &ParseError{File: file, Elem: fmt.Sprintf("rates %s %s", date.Format(DateLayout), q), Msg: fmt.Sprintf("%q: not a positive number", n)}
			}
			rt := Rate{Date: date, Base: base, Quote: normCode(q), Rate: v, Div: div, Source: "frankfurter-ecb"}
			if err := rt.Validate(); err != nil {
				return &ParseError{File: file, Elem: "rates " + q, Msg: err.Error()}
			}
			out = append(out, rt)
		}
		return nil
	}
	if v1.Date != "" && v1.StartDate == "" {
		d, err := time.Parse(DateLayout, v1.Date)
		if err != nil {
			return nil, &ParseError{File: file, Elem: "date", Msg: fmt.Sprintf("%q: want YYYY-MM-DD", v1.Date)}
		}
		quotes := map[string]json.Number{}
		for q, raw := range v1.Rates {
			var n json.Number
			if err := decodeNumbers(raw, &n); err != nil {
				return nil, &ParseError{File: file, Elem: "rates " + q, Msg: "not a number"}
			}
			quotes[q] = n
		}
		return out, add(d, quotes)
	}
	if v1.Rates == nil {
		return nil, &ParseError{File: file, Msg: `no "rates": not a Frankfurter response`}
	}
	for ds, raw := range v1.Rates {
		d, err := time.Parse(DateLayout, ds)
		if err != nil {
			return nil, &ParseError{File: file, Elem: "rates", Msg: fmt.Sprintf("key %q: want YYYY-MM-DD", ds)}
		}
		var quotes map[string]json.Number
		if err := decodeNumbers(raw, &quotes); err != nil {
			return nil, &ParseError{File: file, Elem: "rates " + ds, Msg: "want an object of rates"}
		}
		if err := add(d, quotes); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Frankfurter fetches one named provider's rates from the Frankfurter v2
// API (`/v2/rates?providers=ECB`), never its blended default. It asks in
// the provider's own base where known, so rates come as published.
type Frankfurter struct {
	BaseURL  string // default FrankfurterURL
	Provider string // e.g. ECB, BI
}

// Name implements Source.
func (s Frankfurter) Name() string { return "frankfurter-" + strings.ToLower(s.Provider) }

// Fetch implements Source.
func (s Frankfurter) Fetch(ctx context.Context, c *http.Client, from, to time.Time, base, quote string) ([]Rate, error) {
	if s.Provider == "" {
		return nil, fmt.Errorf("frankfurter: no provider named (the blended default is not a rate any tax rule names)")
	}
	prov := strings.ToUpper(s.Provider)
	q := url.Values{"providers": {prov}}
	native := frankfurterBases[prov]
	if !from.IsZero() {
		q.Set("from", Day(from).Format(DateLayout))
		if to.IsZero() {
			to = from
		}
		q.Set("to", Day(to).Format(DateLayout))
	}
	var quotes []string
	for _, c := range []string{normCode(base), normCode(quote)} {
		if c != "" && c != native {
			quotes = append(quotes, c)
		}
	}
	switch {
	case native != "":
		q.Set("base", native)
		if len(quotes) > 0 {
			q.Set("quotes", strings.Join(quotes, ","))
		}
	case base != "":
		q.Set("base", normCode(base))
		if quote != "" {
			q.Set("quotes", normCode(quote))
		}
	}
	u := strings.TrimRight(orDefault(s.BaseURL, FrankfurterURL), "/") + "/v2/rates?" + q.Encode()
	body, err := get(ctx, c, u)
	if err != nil {
		return nil, err
	}
	keep := rangeFilter(from, to, base, quote, native)
	var out []Rate
	err = parseFrankfurter(bytes.NewReader(body), u, prov, func(r Rate) error {
		if keep(r) {
			out = append(out, r)
		}
		return nil
	})
	return out, err
}
