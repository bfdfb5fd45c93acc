package fx

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
	"time"
)

// Source is a rate publisher that can be fetched over HTTP.
type Source interface {
	// Name is the name `income rates fetch --source` takes.
	Name() string
	// Fetch returns the rates valid on some day of [from, to] (a zero from
	// asks for the latest rates, a zero to means up to today) for the pair
	// base/quote in either direction, plus the legs through the source's
	// own base currency that a cross needs. Empty base and quote ask for
	// every currency.
	Fetch(ctx context.Context, c *http.Client, from, to time.Time, base, quote string) ([]Rate, error)
}

// Sources lists the built-in sources with their public addresses.
func Sources() []Source {
	out := make([]Source, 0, len(sourceNames))
	for _, n := range sourceNames {
		s, err := NewSource(n, "")
		if err != nil {
			panic(err) // sourceNames and NewSource disagree
		}
		out = append(out, s)
	}
	return out
}

var sourceNames = []string{
	SourceECB,
	"vietcombank", SourceVCBTransferBuy, SourceVCBCashBuy, SourceVCBSell,
	SourceKursPajak,
	SourceIRS,
	"frankfurter-ecb", "frankfurter-bi",
}

// SourceByName returns the built-in source of that name, at its public
// address. Any "frankfurter-<provider>" is accepted.
func SourceByName(name string) (Source, error) { return NewSource(name, "") }

// NewSource returns the named source fetching from baseURL instead of the
// publisher's address when baseURL is not empty (tests, mirrors, a
// self-hosted Frankfurter). For Vietcombank baseURL replaces the host part
// of both the XML and the JSON address.
func NewSource(name, baseURL string) (Source, error) {
	n := strings.ToLower(strings.TrimSpace(name))
	switch n {
	case SourceECB:
		return ECB{BaseURL: baseURL}, nil
	case "vietcombank", SourceVCBTransferBuy, SourceVCBCashBuy, SourceVCBSell:
		s := Vietcombank{XMLURL: VCBXMLURL, JSONURL: VCBJSONURL, Interval: 200 * time.Millisecond, name: n}
		if baseURL != "" {
			b := strings.TrimRight(baseURL, "/")
			s.XMLURL, s.JSONURL, s.Interval = b+vcbXMLPath, b+vcbJSONPath, 0
		}
		if n != "vietcombank" {
			s.Kinds = []string{n}
		}
		return s, nil
	case SourceKursPajak:
		return KursPajak{URL: baseURL}, nil
	case SourceIRS:
		return IRS{URL: baseURL}, nil
	}
	if p, ok := strings.CutPrefix(n, "frankfurter-"); ok && p != "" && isProviderKey(p) {
		return Frankfurter{BaseURL: baseURL, Provider: strings.ToUpper(p)}, nil
	}
	if n == "frankfurter" {
		return nil, fmt.Errorf("rate source %q: name a provider, e.g. frankfurter-ecb (the blended default is not a rate any tax rule names)", name)
	}
	names := append([]string(nil), sourceNames...)
	sort.Strings(names)
	return nil, fmt.Errorf("rate source %q: want one of %s, or frankfurter-<provider>", name, strings.Join(names, ", "))
}

func isProviderKey(p string) bool {
	for i := 0; i < len(p); i++ {
		if c := p[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return len(p) <= 16
}

const (
	userAgent = "income/1 (+https://github.com/incomeledger/income)"
	maxBody   = 64 << 20
)

// get fetches u and returns its body; any failure wraps ErrFetch.
func get(ctx context.Context, c *http.Client, u string) ([]byte, error) {
	if c == nil {
		c = http.DefaultClient
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrFetch, err)
	}
	req.Header.Set("User-Agent", userAgent)
	resp, err := c.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrFetch, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%w: GET %s: %s", ErrFetch, u, resp.Status)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	if err != nil {
		return nil, fmt.Errorf("%w: GET %s: %w", ErrFetch, u, err)
	}
	if len(body) > maxBody {
		return nil, fmt.Errorf("%w: GET %s: response larger than %d bytes", ErrFetch, u, maxBody)
	}
	return body, nil
}

// getParse fetches u and reads its body, named u, with parse, calling fn
// for each rate.
func getParse(ctx context.Context, c *http.Client, u string, parse func(io.Reader, string, func(Rate) error) error, fn func(Rate) error) error {
	body, err := get(ctx, c, u)
	if err != nil {
		return err
	}
	return parse(bytes.NewReader(body), u, fn)
}

// rangeFilter keeps a rate valid on some day of [from, to] (zero bounds
// are open) whose currencies are each one asked for (base, quote) or the
// source's pivot, and at least one asked for. No base and quote keeps all.
func rangeFilter(from, to time.Time, base, quote, pivot string) func(Rate) bool {
	base, quote, pivot = normCode(base), normCode(quote), normCode(pivot)
	want := func(c string) bool { return c != "" && (c == base || c == quote) }
	return func(r Rate) bool {
		end := r.Date
		if !r.Until.IsZero() {
			end = r.Until
		}
		if !from.IsZero() && end.Before(Day(from)) || !to.IsZero() && r.Date.After(Day(to)) {
			return false
		}
		switch {
		case base == "" && quote == "":
			return true
		case base == "" || quote == "":
			return want(r.Base) || want(r.Quote)
		}
		ok := func(c string) bool { return want(c) || c == pivot }
		return ok(r.Base) && ok(r.Quote) && (want(r.Base) || want(r.Quote))
	}
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// sleep waits d or until ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
