package tax

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// validate checks what single files cannot: that regimes name existing
// countries, methods, figures and parameters of the right type.
func (r *Rules) validate() error {
	for _, code := range r.Countries() {
		c := r.countries[code]
		switch {
		case len(c.currency) != 3:
			return c.src.errf("country %s: currency missing (ISO 4217 code)", code)
		case c.first == 0 || c.last == 0 || c.first > c.last:
			return c.src.errf("country %s: years: want first <= last", code)
		}
	}
	for _, name := range sortedKeys(r.params) {
		p := r.params[name]
		for _, e := range p.entries {
			if (p.typ == typeBrackets || p.typ == typeTiers) != (e.brackets != nil) {
				return e.src.errf("parameter %s: entry does not match type %s", name, p.typ)
			}
		}
	}
	for _, id := range r.order {
		d := r.regimes[id]
		fail := func(format string, args ...any) error {
			return d.src.errf("regime %s: %s", id, fmt.Sprintf(format, args...))
		}
		if _, ok := r.countries[d.country]; !ok {
			return fail("country %q is not defined", d.country)
		}
		if d.name == "" {
			return fail("name missing")
		}
		m, ok := methods[d.method]
		if !ok {
			return fail("method %q is unknown (known: %s)", d.method, strings.Join(sortedKeys(methods), ", "))
		}
		if !slices.Contains(baseNames, d.base) {
			return fail("base %q: want one of %s", d.base, strings.Join(baseNames, ", "))
		}
		for role, b := range d.bases {
			if !slices.Contains(m.bases, role) {
				return fail("bases: role %q is not used by method %s", role, d.method)
			}
			if !slices.Contains(baseNames, b) {
				return fail("bases: %s: %q: want one of %s", role, b, strings.Join(baseNames, ", "))
			}
		}
		for _, role := range m.bases {
			if _, ok := d.bases[role]; !ok {
				return fail("bases: %s missing (method %s needs it)", role, d.method)
			}
		}
		for role := range d.params {
			if _, ok := m.params[role]; !ok {
				return fail("params: role %q is not used by method %s (roles: %s)", role, d.method, strings.Join(sortedKeys(m.params), ", "))
			}
		}
		for _, role := range sortedKeys(m.params) {
			name, ok := d.params[role]
			if !ok {
				return fail("params: %s missing (method %s needs it)", role, d.method)
			}
			p, ok := r.params[name]
			if !ok {
				return fail("params: %s: parameter %q is not defined", role, name)
			}
			if want := m.params[role]; p.typ != want {
				return fail("params: %s: parameter %s is of type %s, want %s", role, name, p.typ, want)
			}
		}
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
