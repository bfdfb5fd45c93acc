package fx

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// KursPajakURL is the Kurs Pajak page of Indonesia's Fiscal Policy Agency.
const KursPajakURL = "https://fiskal.kemenkeu.go.id/informasi-publik/kurs-pajak"

// kursPajakUnits lists currencies the KMK quotes per more than one unit.
var kursPajakUnits = map[string]int64{"JPY": 100}

var (
	kpCodeRe     = regexp.MustCompile(`\(([A-Z]{3})\)`)
	kpBareCodeRe = regexp.MustCompile(`^[A-Z]{3}$`)
	kpDate       = `(\d{1,2})\s+([A-Za-z]+)\.?\s+(\d{4})`
	kpValidityRe = regexp.MustCompile(`(?i)(?:tanggal\s+)?berlaku\s*(?:tanggal)?\s*:?\s*` + kpDate +
		`\s*(?:-|–|—|s\.?\s*d\.?|sampai(?:\s+dengan)?|hingga)\s*` + kpDate)
	kpKMKRe = regexp.MustCompile(`(?i)\bKMK\b(?:\s+(?:Nomor|No\.?))?\s*:?\s*([0-9]+/[A-Za-z0-9./-]*[0-9]{4})`)
)

var idMonths = map[string]time.Month{
	"januari": 1, "jan": 1, "january": 1,
	"februari": 2, "feb": 2, "pebruari": 2, "february": 2,
	"maret": 3, "mar": 3, "march": 3,
	"april": 4, "apr": 4,
	"mei": 5, "may": 5,
	"juni": 6, "jun": 6, "june": 6,
	"juli": 7, "jul": 7, "july": 7,
	"agustus": 8, "agu": 8, "agt": 8, "aug": 8, "august": 8,
	"september": 9, "sep": 9, "sept": 9,
	"oktober": 10, "okt": 10, "oct": 10, "october": 10,
	"november": 11, "nov": 11, "nopember": 11,
	"desember": 12, "des": 12, "dec": 12, "december": 12,
}

func idDate(day, month, year string) (time.Time, bool) {
	m, ok := idMonths[strings.ToLower(month)]
	if !ok {
		return time.Time{}, false
	}
	d, err1 := strconv.Atoi(day)
	y, err2 := strconv.Atoi(year)
	if err1 != nil || err2 != nil || d < 1 || d > 31 {
		return time.Time{}, false
	}
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return time.Time{}, false // 31 Februari
	}
	return t, true
}

// ParseKursPajakHTML reads a saved Kurs Pajak page: the validity line
// (`Tanggal berlaku: 8 Januari 2025 - 14 Januari 2025`), the KMK number
// (`KMK Nomor 1/MK/EF.2/2025`) and the table whose rows name a currency as
// `Dolar Amerika Serikat (USD)` followed by its value in the Indonesian
// format (`16.157,00`). Each rate is IDR per one unit, dated the window's
// first day with Until its last; JPY, quoted per 100 yen, keeps the
// published figure in Rate and 100 in Div. Source "kurs-pajak", Ref the KMK.
func ParseKursPajakHTML(r io.Reader, file string, fn func(Rate) error) error {
	data, err := io.ReadAll(io.LimitReader(r, maxBody))
	if err != nil {
		return &ParseError{File: file, Err: err}
	}
	rows, text := scanHTML(data)
	m := kpValidityRe.FindStringSubmatch(text)
	if m == nil {
		return &ParseError{File: file, Msg: "no validity period (Tanggal berlaku: D Bulan YYYY - D Bulan YYYY): not a Kurs Pajak page, or one that needs a browser to render"}
	}
	start, ok1 := idDate(m[1], m[2], m[3])
	end, ok2 := idDate(m[4], m[5], m[6])
	if !ok1 || !ok2 || end.Before(start) || end.Sub(start) > 31*24*time.Hour {
		return &ParseError{File: file, Elem: m[0], Msg: "validity period: not a date range"}
	}
	ref := ""
	if k := kpKMKRe.FindStringSubmatch(text); k != nil {
		ref = "KMK " + k[1]
	}
	seen := map[string]bool{}
	for _, row := range rows {
		ci, code := -1, ""
		for i, c := range row.Cells {
			if sm := kpCodeRe.FindStringSubmatch(c); sm != nil {
				ci, code = i, sm[1]
				break
			}
			if kpBareCodeRe.MatchString(c) {
				ci, code = i, c
				break
			}
		}
		if ci < 0 || ci+1 >= len(row.Cells) || code == "IDR" {
			continue
		}
		s := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(row.Cells[ci+1]), "Rp"))
		v, err := parseGrouped(s, '.', ',')
		if err != nil || !v.IsPositive() {
			return &ParseError{File: file, Line: row.Line, Elem: code, Msg: fmt.Sprintf("value %q: not an Indonesian number like 16.123,45", row.Cells[ci+1])}
		}
		if seen[code] {
			continue
		}
		seen[code] = true
		rt := Rate{Date: start, Until: end, Base: code, Quote: "IDR", Rate: v, Source: SourceKursPajak, Ref: ref}
		if u, ok := kursPajakUnits[code]; ok {
			rt.Div = decimalInt(u)
		}
		if err := rt.Validate(); err != nil {
			return &ParseError{File: file, Line: row.Line, Elem: code, Msg: err.Error()}
		}
		if err := fn(rt); err != nil {
			return err
		}
	}
	if len(seen) == 0 {
		return &ParseError{File: file, Msg: "no rates: no table row names a currency as (USD) followed by a value"}
	}
	return nil
}

// KursPajak fetches the weekly Kurs Pajak pages covering a range, one page
// per Wednesday-to-Tuesday window (`?date=YYYY-MM-DD`).
type KursPajak struct {
	URL string // default KursPajakURL
	Now func() time.Time
}

// Name implements Source.
func (KursPajak) Name() string { return SourceKursPajak }

// Fetch implements Source.
func (s KursPajak) Fetch(ctx context.Context, c *http.Client, from, to time.Time, base, quote string) ([]Rate, error) {
	if from.IsZero() {
		now := time.Now
		if s.Now != nil {
			now = s.Now
		}
		from = now()
	}
	if to.IsZero() {
		to = from
	}
	keep := rangeFilter(from, to, base, quote, "IDR")
	var out []Rate
	seen := map[string]bool{}
	collect := func(r Rate) error {
		k := r.Date.Format(DateLayout) + r.Base
		if keep(r) && !seen[k] {
			seen[k] = true
			out = append(out, r)
		}
		return nil
	}
	for d := windowStart(Day(from)); !d.After(Day(to)); d = d.AddDate(0, 0, 7) {
		u := orDefault(s.URL, KursPajakURL) + "?date=" + url.QueryEscape(d.Format(DateLayout))
		if err := getParse(ctx, c, u, ParseKursPajakHTML, collect); err != nil {
			return out, err
		}
	}
	return out, nil
}

// windowStart returns the Wednesday on or before d.
func windowStart(d time.Time) time.Time {
	back := (int(d.Weekday()) - int(time.Wednesday) + 7) % 7
	return d.AddDate(0, 0, -back)
}
