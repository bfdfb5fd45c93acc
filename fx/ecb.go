package fx

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"golang.org/x/text/encoding/charmap"
)

// ECBBaseURL is where the ECB publishes its euro reference rates.
const ECBBaseURL = "https://www.ecb.europa.eu/stats/eurofxref"

// ParseECBXML reads the ECB's eurofxref XML (eurofxref-daily.xml,
// eurofxref-hist-90d.xml, eurofxref-hist.xml): `<Cube time="…">` elements
// holding `<Cube currency="USD" rate="1.0321"/>`, one EUR unit in each
// currency. Rates get source "ecb".
func ParseECBXML(r io.Reader, file string, fn func(Rate) error) error {
	var date time.Time
	n := 0
	err := eachXMLToken(r, file, func(tok xml.Token, line int) error {
		se, ok := tok.(xml.StartElement)
		if !ok || se.Name.Local != "Cube" {
			return nil
		}
		tm, cur, rate := attr(se, "time"), attr(se, "currency"), attr(se, "rate")
		if tm != "" {
			d, err := time.Parse(DateLayout, strings.TrimSpace(tm))
			if err != nil {
				return &ParseError{File: file, Line: line, Elem: fmt.Sprintf("<Cube time=%q>", tm), Msg: "want YYYY-MM-DD"}
			}
			date = d
		}
		if cur == "" && rate == "" {
			return nil
		}
		elem := fmt.Sprintf("<Cube currency=%q rate=%q>", cur, rate)
		if date.IsZero() {
			return &ParseError{File: file, Line: line, Elem: elem, Msg: "rate outside a dated <Cube time=…>"}
		}
		code := normCode(cur)
		if !isCode(code) || code == "EUR" {
			return &ParseError{File: file, Line: line, Elem: elem, Msg: "want an ISO 4217 code other than EUR"}
		}
		v, err := parsePlain(strings.TrimSpace(rate))
		if err != nil || !v.IsPositive() {
			return &ParseError{File: file, Line: line, Elem: elem, Msg: "rate: not a positive number"}
		}
		n++
		rt := Rate{Date: date, Base: "EUR", Quote: code, Rate: v, Source: SourceECB}
		if err := rt.Validate(); err != nil {
			return &ParseError{File: file, Line: line, Elem: elem, Msg: err.Error()}
		}
		return fn(rt)
	})
	if err != nil {
		return err
	}
	if n == 0 {
		return &ParseError{File: file, Msg: "no <Cube currency=… rate=…> elements: not an ECB rates file"}
	}
	return nil
}

func newXMLDecoder(r io.Reader) *xml.Decoder {
	dec := xml.NewDecoder(r)
	dec.CharsetReader = func(label string, in io.Reader) (io.Reader, error) {
		switch strings.ToLower(label) {
		case "utf-8", "utf8", "us-ascii", "ascii":
			return in, nil
		case "iso-8859-1", "latin1", "latin-1":
			return charmap.ISO8859_1.NewDecoder().Reader(in), nil
		case "windows-1252", "cp1252":
			return charmap.Windows1252.NewDecoder().Reader(in), nil
		}
		return nil, fmt.Errorf("unsupported encoding %q", label)
	}
	return dec
}

// eachXMLToken calls fn with each token of the XML in r and the line it
// ends on, until the end or the first error (a read or syntax error as a
// *ParseError naming the line; fn's own error unchanged).
func eachXMLToken(r io.Reader, file string, fn func(tok xml.Token, line int) error) error {
	dec := newXMLDecoder(r)
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		line, _ := dec.InputPos()
		if err != nil {
			return xmlError(file, line, err)
		}
		if err := fn(tok, line); err != nil {
			return err
		}
	}
}

func xmlError(file string, line int, err error) error {
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		return &ParseError{File: file, Line: se.Line, Msg: "XML: " + se.Msg}
	}
	return &ParseError{File: file, Line: line, Err: err}
}

func attr(se xml.StartElement, name string) string {
	for _, a := range se.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// ECB fetches the ECB euro reference rates (EUR base). A range that starts
// within the last 85 days reads eurofxref-hist-90d.xml, an older one the
// zipped full history, no range (zero from) eurofxref-daily.xml.
type ECB struct {
	BaseURL string           // default ECBBaseURL
	Now     func() time.Time // default time.Now
}

// Name implements Source.
func (ECB) Name() string { return SourceECB }

// Fetch implements Source. Rates for a base or quote other than EUR come as
// the EUR legs a lookup crosses exactly (USD/IDR gives EUR/USD and EUR/IDR).
func (s ECB) Fetch(ctx context.Context, c *http.Client, from, to time.Time, base, quote string) ([]Rate, error) {
	now := time.Now
	if s.Now != nil {
		now = s.Now
	}
	file := "eurofxref-hist.zip"
	switch {
	case from.IsZero():
		file = "eurofxref-daily.xml"
	case !Day(from).Before(Day(now()).AddDate(0, 0, -85)):
		file = "eurofxref-hist-90d.xml"
	}
	u := strings.TrimRight(orDefault(s.BaseURL, ECBBaseURL), "/") + "/" + file
	body, err := get(ctx, c, u)
	if err != nil {
		return nil, err
	}
	keep := rangeFilter(from, to, base, quote, "EUR")
	var out []Rate
	collect := func(r Rate) error {
		if keep(r) {
			out = append(out, r)
		}
		return nil
	}
	if strings.HasSuffix(file, ".zip") {
		err = parseZip(body, u, collect)
	} else {
		err = ParseECBXML(bytes.NewReader(body), u, collect)
	}
	return out, err
}
