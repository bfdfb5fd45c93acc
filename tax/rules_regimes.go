package tax

import (
	"strconv"
	"strings"
	"time"

	"github.com/incomeledger/income/internal/yamlx"
)

// applyRegimes merges the file's regimes into r: a new id is added in file
// order; for an existing one only the fields given change (params and bases
// role by role; notes and deadlines as whole lists).
func (r *Rules) applyRegimes(rd reader, docs yamlx.Map[regimeDoc]) error {
	for _, kd := range docs {
		id := kd.Key
		what := "regime " + id
		if !validID(id) {
			return rd.errf(kd.Line, "%s: ids are lowercase letters, digits and '-'", what)
		}
		def := r.regimes[id]
		if def == nil {
			def = &regimeDef{id: id, params: map[string]string{}, bases: map[string]string{}}
			r.order = append(r.order, id)
		} else {
			c := *def
			c.params = cloneMap(def.params)
			c.bases = cloneMap(def.bases)
			def = &c
		}
		def.src = rd.where(kd.Line) // errors name the file that changed it last
		if err := rd.regime(kd.V, what, def); err != nil {
			return err
		}
		r.regimes[id] = def
	}
	return nil
}

func (rd reader) regime(d regimeDoc, what string, def *regimeDef) error {
	var err error
	for _, f := range []struct {
		v        *val
		key      string
		dst      *string
		nonEmpty bool
	}{
		{d.Country, "country", &def.country, true},
		{d.Name, "name", &def.name, true},
		{d.Method, "method", &def.method, true},
		{d.Description, "description", &def.description, false},
		{d.Base, "base", &def.base, true},
	} {
		switch {
		case f.v == nil:
		case f.nonEmpty:
			if *f.dst, err = rd.nonEmpty(f.v, what+": "+f.key); err != nil {
				return err
			}
		default:
			*f.dst = f.v.V
		}
	}
	def.country = strings.ToUpper(def.country)
	for _, m := range []struct {
		docs yamlx.Map[val]
		key  string
		dst  map[string]string
	}{{d.Bases, "bases", def.bases}, {d.Params, "params", def.params}} {
		for _, kd := range m.docs {
			if m.dst[kd.Key], err = rd.nonEmpty(&kd.V, what+": "+m.key+": "+kd.Key); err != nil {
				return err
			}
		}
	}
	if d.Line != nil {
		if d.Line.Key != nil {
			if def.lineKey, err = rd.nonEmpty(d.Line.Key, what+": line: key"); err != nil {
				return err
			}
		}
		if d.Line.Label != nil {
			if def.lineLabel, err = rd.nonEmpty(d.Line.Label, what+": line: label"); err != nil {
				return err
			}
		}
	}
	if d.Rounding != nil {
		if def.rounding, err = rd.rounding(*d.Rounding, what+": rounding"); err != nil {
			return err
		}
	}
	if d.Notes != nil {
		if def.notes, err = rd.notes(*d.Notes, what+": notes"); err != nil {
			return err
		}
	}
	if d.Deadlines != nil {
		def.deadlines, err = rd.deadlines(*d.Deadlines, what+": deadlines")
	}
	return err
}

func cloneMap(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

func validID(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

func (rd reader) rounding(ad at[roundingDoc], what string) (*rounding, error) {
	d := ad.V
	if d.Places == nil {
		return nil, rd.errf(ad.Line, "%s: places missing", what)
	}
	places, err := rd.integer(d.Places, what+": places", -9, 8)
	if err != nil {
		return nil, err
	}
	ro := &rounding{places: int32(places), mode: "half-up"}
	if d.Mode != nil {
		ro.mode, err = rd.oneOf(d.Mode, what+": mode", roundingModes...)
	}
	return ro, err
}

func (rd reader) deadlines(docs []at[deadlineDoc], what string) ([]deadlineDef, error) {
	out := make([]deadlineDef, 0, len(docs))
	for _, dd := range docs {
		d, err := rd.deadline(dd, what)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

func (rd reader) deadline(ad at[deadlineDoc], what string) (deadlineDef, error) {
	dd, line := ad.V, ad.Line
	d := deadlineDef{when: "always", confidence: "C", reference: str(dd.Reference), note: str(dd.Note)}
	var err error
	if dd.Form == nil {
		return d, rd.errf(line, "%s: form missing", what)
	}
	if d.form, err = rd.nonEmpty(dd.Form, what+": form"); err != nil {
		return d, err
	}
	if dd.Every != nil {
		if d.every, err = rd.oneOf(dd.Every, what+": every", everyValues...); err != nil {
			return d, err
		}
	}
	if dd.MonthsAfter != nil {
		if d.monthsAfter, err = rd.integer(dd.MonthsAfter, what+": months_after", 0, 24); err != nil {
			return d, err
		}
	}
	if dd.Day != nil {
		if s, err := rd.nonEmpty(dd.Day, what+": day"); err != nil {
			return d, err
		} else if s != "last" {
			if d.day, err = strconv.Atoi(s); err != nil || d.day < 1 || d.day > 31 {
				return d, rd.errf(dd.Day.Line, "%s: day: %q: want 1 to 31 or last", what, s)
			}
		}
	}
	if dd.Periods != nil {
		if d.periods, err = rd.periods(*dd.Periods, what+": periods", line); err != nil {
			return d, err
		}
	}
	if dd.When != nil {
		if d.when, err = rd.oneOf(dd.When, what+": when", whenValues...); err != nil {
			return d, err
		}
	}
	if d.from, err = rd.optDate(dd.From, what+": from"); err != nil {
		return d, err
	}
	if d.until, err = rd.optDate(dd.Until, what+": until"); err != nil {
		return d, err
	}
	if d.confidence, err = rd.optConfidence(dd.Confidence, what+": confidence", "C"); err != nil {
		return d, err
	}
	if dd.YearOffset != nil {
		if d.yearOffset, err = rd.integer(dd.YearOffset, what+": year_offset", 0, 2); err != nil {
			return d, err
		}
	}
	if dd.Roll != nil {
		if d.roll, err = rd.oneOf(dd.Roll, what+": roll", "none", "country"); err != nil {
			return d, err
		}
	}
	switch {
	case (d.every == "") == (len(d.periods) == 0):
		return d, rd.errf(line, "%s: %s: give either every (with months_after and day) or periods", what, d.form)
	case d.yearOffset != 0 && d.every == "":
		return d, rd.errf(line, "%s: %s: year_offset applies to every: month, quarter or year (periods give their own)", what, d.form)
	case d.every == "" && d.when == "from_crossing":
		return d, rd.errf(line, "%s: %s: when: from_crossing needs every: month or quarter", what, d.form)
	}
	return d, nil
}

func (rd reader) periods(docs []at[periodDoc], what string, line int) ([]periodDue, error) {
	if len(docs) == 0 {
		return nil, rd.errf(line, "%s: empty", what)
	}
	out := make([]periodDue, 0, len(docs))
	for _, ad := range docs {
		pd := ad.V
		p := periodDue{label: str(pd.Period)}
		if pd.Due == nil {
			return nil, rd.errf(ad.Line, "%s: due missing", what)
		}
		s, err := rd.nonEmpty(pd.Due, what+": due")
		if err != nil {
			return nil, err
		}
		t, perr := time.Parse("01-02", s)
		if perr != nil || len(s) != 5 {
			return nil, rd.errf(pd.Due.Line, "%s: due: %q: want MM-DD", what, s)
		}
		p.month, p.day = int(t.Month()), t.Day()
		if pd.YearOffset != nil {
			if p.yearOffset, err = rd.integer(pd.YearOffset, what+": year_offset", 0, 2); err != nil {
				return nil, err
			}
		}
		if pd.Months != nil {
			ms := *pd.Months
			if len(ms) != 2 {
				return nil, rd.errf(ad.Line, "%s: months: want [first, last] months", what)
			}
			if p.firstMonth, err = rd.integer(&ms[0], what+": months", 1, 12); err != nil {
				return nil, err
			}
			if p.lastMonth, err = rd.integer(&ms[1], what+": months", 1, 12); err != nil {
				return nil, err
			}
			if p.firstMonth > p.lastMonth {
				return nil, rd.errf(ms[0].Line, "%s: months: want first <= last", what)
			}
		}
		out = append(out, p)
	}
	return out, nil
}
