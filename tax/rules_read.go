package tax

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/incomeledger/income/errs"
	"github.com/incomeledger/income/internal/yamlx"
)

// dateLayout is the layout of every date in rule files and in the output.
const dateLayout = "2006-01-02"

// reader checks and converts the decoded values of one rules file; its
// errors are errs.DataErrors naming the file and line ("rules.yaml:12:
// parameter x: ...").
type reader struct{ file string }

func (rd reader) errf(line int, format string, args ...any) error {
	return errs.Dataf(rd.file, line, format, args...)
}

func (rd reader) where(line int) pos { return pos{rd.file, line} }

// str is the text of v ("" when not given).
func str(v *val) string {
	if v == nil {
		return ""
	}
	return v.V
}

func (rd reader) nonEmpty(v *val, what string) (string, error) {
	if v == nil || strings.TrimSpace(v.V) == "" {
		line := 0
		if v != nil {
			line = v.Line
		}
		return "", rd.errf(line, "%s: must not be empty", what)
	}
	return v.V, nil
}

// oneOf reads a non-empty word that must be one of choices.
func (rd reader) oneOf(v *val, what string, choices ...string) (string, error) {
	s, err := rd.nonEmpty(v, what)
	if err == nil && !slices.Contains(choices, s) {
		err = rd.errf(v.Line, "%s: %q: want one of %s", what, s, strings.Join(choices, ", "))
	}
	return s, err
}

// dec reads a decimal from the value's text, never through float64.
func (rd reader) dec(v *val, what string) (decimal.Decimal, error) {
	return readAs(rd, v, what, parseDecimal, "not a number")
}

// readAs reads the value's non-empty text with parse; text parse refuses
// is an error at the value's line: `what: "text": bad`.
func readAs[T any](rd reader, v *val, what string, parse func(string) (T, error), bad string) (T, error) {
	var zero T
	s, err := rd.nonEmpty(v, what)
	if err != nil {
		return zero, err
	}
	x, err := parse(s)
	if err != nil {
		return zero, rd.errf(v.Line, "%s: %q: %s", what, s, bad)
	}
	return x, nil
}

// share reads a rate: a decimal from 0 to 1 (5% is 0.05).
func (rd reader) share(v *val, what string) (decimal.Decimal, error) {
	d, err := rd.dec(v, what)
	if err == nil && (d.IsNegative() || d.GreaterThan(decimal.NewFromInt(1))) {
		err = rd.errf(v.Line, "%s: %s: want a share between 0 and 1 (5%% is 0.05)", what, d)
	}
	return d, err
}

// integer reads a whole number from lo to hi.
func (rd reader) integer(v *val, what string, lo, hi int) (int, error) {
	i, err := readAs(rd, v, what, strconv.Atoi, "not a whole number")
	if err != nil {
		return 0, err
	}
	if i < lo || i > hi {
		return 0, rd.errf(v.Line, "%s: want %d to %d", what, lo, hi)
	}
	return i, nil
}

func (rd reader) date(v *val, what string) (time.Time, error) {
	return readAs(rd, v, what, parseDate, "not a date (want YYYY-MM-DD)")
}

// optDate reads a date that may be left out (zero time).
func (rd reader) optDate(v *val, what string) (time.Time, error) {
	if v == nil {
		return time.Time{}, nil
	}
	return rd.date(v, what)
}

func (rd reader) confidence(v *val, what string) (string, error) {
	s, err := rd.nonEmpty(v, what)
	if err == nil && !validConfidence(s) {
		err = rd.errf(v.Line, "%s: %q: want C, S or U", what, s)
	}
	return s, err
}

// optConfidence reads a confidence that may be left out (def).
func (rd reader) optConfidence(v *val, what, def string) (string, error) {
	if v == nil {
		return def, nil
	}
	return rd.confidence(v, what)
}

// needNote refuses an S or U tag without a note saying what to verify.
func (rd reader) needNote(line int, what, conf, note string) error {
	if conf != "C" && strings.TrimSpace(note) == "" {
		return rd.errf(line, "%s: confidence %s needs a note saying what to verify", what, conf)
	}
	return nil
}

func (rd reader) notes(docs []at[noteDoc], what string) ([]noteDef, error) {
	out := make([]noteDef, 0, len(docs))
	for _, ad := range docs {
		d := ad.V
		if d.Text == nil || d.Confidence == nil {
			return nil, rd.errf(ad.Line, "%s: a note needs text and confidence", what)
		}
		nd := noteDef{}
		var err error
		if nd.text, err = rd.nonEmpty(d.Text, what+": text"); err != nil {
			return nil, err
		}
		if nd.confidence, err = rd.confidence(d.Confidence, what+": confidence"); err != nil {
			return nil, err
		}
		if nd.from, err = rd.optDate(d.From, what+": from"); err != nil {
			return nil, err
		}
		if nd.until, err = rd.optDate(d.Until, what+": until"); err != nil {
			return nil, err
		}
		out = append(out, nd)
	}
	return out, nil
}

func (r *Rules) applyCountries(rd reader, docs yamlx.Map[countryDoc]) error {
	for _, kd := range docs {
		code := strings.ToUpper(kd.Key)
		what := "country " + code
		if len(code) != 2 {
			return rd.errf(kd.Line, "%s: want an ISO 3166 alpha-2 code", what)
		}
		c := r.countries[code]
		if c == nil {
			c = &country{code: code, display: -1}
		} else {
			cp := *c
			c = &cp
		}
		c.src = rd.where(kd.Line)
		if err := rd.country(kd.V, what, c); err != nil {
			return err
		}
		r.countries[code] = c
	}
	return nil
}

func (rd reader) country(d countryDoc, what string, c *country) error {
	var err error
	if d.Name != nil {
		c.name = d.Name.V
	}
	if d.Currency != nil {
		if c.currency, err = rd.nonEmpty(d.Currency, what+": currency"); err != nil {
			return err
		}
		c.currency = strings.ToUpper(c.currency)
	}
	for _, f := range []struct {
		v   *val
		key string
		dst *int32
	}{{d.MinorUnit, "minor_unit", &c.minor}, {d.DisplayPlaces, "display_places", &c.display}} {
		if f.v != nil {
			i, err := rd.integer(f.v, what+": "+f.key, 0, 4)
			if err != nil {
				return err
			}
			*f.dst = int32(i)
		}
	}
	if d.Years != nil {
		for _, f := range []struct {
			v   *val
			key string
			dst *int
		}{{d.Years.First, "first", &c.first}, {d.Years.Last, "last", &c.last}} {
			if f.v != nil {
				if *f.dst, err = rd.integer(f.v, what+": years: "+f.key, 1900, 9999); err != nil {
					return err
				}
			}
		}
	}
	if d.DueDates != nil {
		if err := rd.dueDates(*d.DueDates, what+": due_dates", &c.due); err != nil {
			return err
		}
	}
	if d.Notes != nil {
		c.notes, err = rd.notes(*d.Notes, what+": notes")
	}
	return err
}

// citation sets the reference, confidence and note of what to those the
// file gives (ref, conf, note; nil: left as they are).
func (rd reader) citation(ref, conf, note *val, what string, toRef, toConf, toNote *string) error {
	if ref != nil {
		*toRef = ref.V
	}
	if conf != nil {
		c, err := rd.confidence(conf, what+": confidence")
		if err != nil {
			return err
		}
		*toConf = c
	}
	if note != nil {
		*toNote = note.V
	}
	return nil
}

func (rd reader) dueDates(d dueDoc, what string, due *dueDates) error {
	var err error
	if d.Roll != nil {
		if due.roll, err = rd.oneOf(d.Roll, what+": roll", "none", "next-working-day"); err != nil {
			return err
		}
	}
	if err := rd.citation(d.Reference, d.Confidence, d.Note, what, &due.reference, &due.confidence, &due.note); err != nil {
		return err
	}
	h := d.Holidays
	if h == nil {
		return nil
	}
	w := what + ": holidays"
	if err := rd.citation(h.Reference, h.Confidence, h.Note, w, &due.holRef, &due.holConf, &due.holNote); err != nil {
		return err
	}
	if h.Dates != nil {
		due.holidays = map[string]bool{}
		for i := range *h.Dates {
			t, err := rd.date(&(*h.Dates)[i], w+": dates")
			if err != nil {
				return err
			}
			due.holidays[t.Format(dateLayout)] = true
		}
	}
	return nil
}

// parseDecimal accepts plain decimal numbers only ("1200", "-0.5", "0.9235"):
// no exponents, no thousands separators, no signs other than a leading minus.
func parseDecimal(s string) (decimal.Decimal, error) {
	s = strings.TrimSpace(s)
	body := strings.TrimPrefix(s, "-")
	if body == "" || len(body) > 40 {
		return decimal.Decimal{}, errors.New("not a number")
	}
	dot := false
	digits := 0
	for _, r := range body {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '.' && !dot:
			dot = true
		default:
			return decimal.Decimal{}, errors.New("not a number")
		}
	}
	if digits == 0 {
		return decimal.Decimal{}, errors.New("not a number")
	}
	return decimal.NewFromString(s)
}

func parseDate(s string) (time.Time, error) {
	if len(s) != len(dateLayout) {
		return time.Time{}, errors.New("bad date")
	}
	return time.Parse(dateLayout, s)
}

func isDateKey(s string) bool {
	_, err := parseDate(s)
	return err == nil
}

func validConfidence(s string) bool { return s == "C" || s == "S" || s == "U" }
