package tax

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/incomeledger/income/internal/yamlx"
)

// applyParams checks and merges the file's parameters into r: a new name
// needs a type; an entry dated like an existing one replaces it.
func (r *Rules) applyParams(rd reader, docs yamlx.Map[paramDoc]) error {
	for _, kd := range docs {
		name, d := kd.Key, kd.V
		what := "parameter " + name
		if strings.TrimSpace(name) == "" {
			return rd.errf(kd.Line, "parameters: empty name")
		}
		par := r.params[name]
		isNew := par == nil
		if isNew {
			par = &parameter{name: name, src: rd.where(kd.Line)}
		} else {
			par = par.clone()
		}
		if d.Description != nil {
			par.description = d.Description.V
		}
		if d.Unit != nil {
			par.unit = d.Unit.V
		}
		if d.Type != nil {
			t, err := rd.oneOf(d.Type, what+": type", paramTypes...)
			if err != nil {
				return err
			}
			if !isNew && t != par.typ {
				return rd.errf(d.Type.Line, "%s: type: cannot change the type of an existing parameter (%s) to %s", what, par.typ, t)
			}
			par.typ = t
		}
		if d.Within != nil {
			w, err := rd.within(*d.Within, what+": within_year")
			if err != nil {
				return err
			}
			par.within = w
		}
		if par.typ == "" {
			return rd.errf(kd.Line, "%s: type missing (one of %s)", what, strings.Join(paramTypes, ", "))
		}
		for _, ed := range d.Dated {
			e, err := rd.entry(ed, what, par.typ)
			if err != nil {
				return err
			}
			par.put(e)
		}
		if len(par.entries) == 0 {
			return rd.errf(kd.Line, "%s: no dated entry (add a YYYY-MM-DD: key)", what)
		}
		r.params[name] = par
	}
	return nil
}

func (p *parameter) clone() *parameter {
	c := *p
	c.entries = slices.Clone(p.entries)
	return &c
}

// put adds e, replacing an entry of the same date.
func (p *parameter) put(e *entry) {
	for i, old := range p.entries {
		if old.effective.Equal(e.effective) {
			p.entries[i] = e
			return
		}
	}
	p.entries = append(p.entries, e)
	sort.Slice(p.entries, func(i, j int) bool { return p.entries[i].effective.Before(p.entries[j].effective) })
}

func (rd reader) within(ad at[withinDoc], what string) (withinYear, error) {
	d := ad.V
	var w withinYear
	var err error
	if d.Method == nil {
		return w, rd.errf(ad.Line, "%s: method missing", what)
	}
	if w.method, err = rd.oneOf(d.Method, what+": method", withinMethods...); err != nil {
		return w, err
	}
	if w.confidence, err = rd.optConfidence(d.Confidence, what+": confidence", "C"); err != nil {
		return w, err
	}
	w.note = str(d.Note)
	return w, rd.needNote(ad.Line, what, w.confidence, w.note)
}

// entry checks one dated entry: the value its type calls for (a decimal of
// the right range, a word, or a schedule), a reference and a confidence tag.
func (rd reader) entry(ed yamlx.Entry[entryDoc], what, typ string) (*entry, error) {
	what += ": " + ed.Key
	d := ed.V
	t, _ := parseDate(ed.Key)
	e := &entry{effective: t, src: rd.where(ed.Line), reference: str(d.Reference), note: str(d.Note)}
	want := "value"
	switch typ {
	case typeBrackets:
		want = "brackets"
	case typeTiers:
		want = "tiers"
	}
	given := map[string]bool{"value": d.Value != nil, "brackets": d.Brackets != nil, "tiers": d.Tiers != nil}
	for _, k := range []string{"value", "brackets", "tiers"} {
		if given[k] && k != want {
			return nil, rd.errf(ed.Line, "%s: %s given for a parameter of type %s (want %s)", what, k, typ, want)
		}
	}
	var err error
	switch {
	case !given[want]:
		return nil, rd.errf(ed.Line, "%s: %s missing", what, want)
	case typ == typeText:
		e.text, err = rd.nonEmpty(d.Value, what+": value")
	case typ == typeRate:
		e.value, err = rd.share(d.Value, what+": value")
	case typ == typeAmount || typ == typeNumber:
		if e.value, err = rd.dec(d.Value, what+": value"); err == nil && e.value.IsNegative() {
			err = rd.errf(d.Value.Line, "%s: value: %s: must not be negative", what, e.value)
		}
	case typ == typeBrackets:
		e.brackets, err = rd.brackets(*d.Brackets, what+": brackets", ed.Line)
	case typ == typeTiers:
		e.brackets, err = rd.brackets(*d.Tiers, what+": tiers", ed.Line)
	}
	if err != nil {
		return nil, err
	}
	switch {
	case strings.TrimSpace(e.reference) == "":
		return nil, rd.errf(ed.Line, "%s: reference missing (cite the law or source)", what)
	case d.Confidence == nil:
		return nil, rd.errf(ed.Line, "%s: confidence missing (C, S or U)", what)
	}
	if e.confidence, err = rd.confidence(d.Confidence, what+": confidence"); err != nil {
		return nil, err
	}
	return e, rd.needNote(ed.Line, what, e.confidence, e.note)
}

// brackets reads a numbered map 1..n of {lower?, upper?, rate, confidence?};
// only the last bracket has no upper bound.
func (rd reader) brackets(docs yamlx.Map[bracketDoc], what string, line int) ([]bracket, error) {
	if len(docs) == 0 {
		return nil, rd.errf(line, "%s: no brackets", what)
	}
	byNum := map[int]yamlx.Entry[bracketDoc]{}
	for _, kd := range docs {
		i, err := strconv.Atoi(kd.Key)
		if err != nil || i < 1 || i > len(docs) {
			return nil, rd.errf(kd.Line, "%s: key %q: want bracket numbers 1 to %d", what, kd.Key, len(docs))
		}
		byNum[i] = kd
	}
	out := make([]bracket, 0, len(docs))
	prev := decimal.Zero
	for i := 1; i <= len(docs); i++ {
		kd := byNum[i]
		d := kd.V
		w := fmt.Sprintf("%s: %d", what, i)
		b := bracket{lower: prev, open: d.Upper == nil}
		var err error
		if d.Lower != nil {
			lo, err := rd.dec(d.Lower, w+": lower")
			if err != nil {
				return nil, err
			}
			if !lo.Equal(prev) {
				return nil, rd.errf(d.Lower.Line, "%s: lower: %s: must equal the upper bound of the bracket before (%s)", w, lo, prev)
			}
		}
		if d.Rate == nil {
			return nil, rd.errf(kd.Line, "%s: rate missing", w)
		}
		if b.rate, err = rd.share(d.Rate, w+": rate"); err != nil {
			return nil, err
		}
		if b.confidence, err = rd.optConfidence(d.Confidence, w+": confidence", ""); err != nil {
			return nil, err
		}
		if last := i == len(docs); b.open != last {
			if last {
				return nil, rd.errf(kd.Line, "%s: the last bracket has no upper bound", w)
			}
			return nil, rd.errf(kd.Line, "%s: upper missing (only the last bracket is open)", w)
		}
		if !b.open {
			if b.upper, err = rd.dec(d.Upper, w+": upper"); err != nil {
				return nil, err
			}
			if !b.upper.GreaterThan(prev) {
				return nil, rd.errf(kd.Line, "%s: upper %s must be above %s", w, b.upper, prev)
			}
		}
		prev = b.upper
		out = append(out, b)
	}
	return out, nil
}
