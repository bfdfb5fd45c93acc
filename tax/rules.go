package tax

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"gopkg.in/yaml.v3"
)

//go:embed rules/*.yaml
var embedded embed.FS

// Rules is a set of dated parameters, regimes and country facts, read from the
// embedded YAML files and optionally from user rule files (see README.md).
// A Rules value is read-only once built; Compute may share it between goroutines.
type Rules struct {
	countries map[string]*country
	params    map[string]*parameter
	regimes   map[string]*regimeDef
	order     []string // regime ids in the order they were first defined
}

type country struct {
	code, name, currency string
	minor, display       int32
	first, last          int
	due                  dueDates
	notes                []noteDef
	src                  string
}

type dueDates struct {
	roll, reference, confidence, note string
	holidays                          map[string]bool
	holRef, holConf, holNote          string
}

type noteDef struct {
	text, confidence string
	from, until      time.Time // zero: open
}

// Parameter types.
const (
	typeAmount   = "amount"   // money in the country's currency
	typeRate     = "rate"     // a share: 0.05 is 5%
	typeNumber   = "number"   // a plain count
	typeText     = "text"     // a word chosen from what the engine knows
	typeBrackets = "brackets" // marginal progressive schedule
	typeTiers    = "tiers"    // one flat rate chosen by the tier the base falls in
)

var paramTypes = []string{typeAmount, typeRate, typeNumber, typeText, typeBrackets, typeTiers}

type parameter struct {
	name, description, unit, typ string
	within                       withinYear
	entries                      []*entry // sorted by effective date
	src                          string
}

// withinYear says how a yearly figure is taken when the parameter changes
// during the tax year: year_end (default), year_start or prorate (by month).
type withinYear struct{ method, confidence, note string }

var withinMethods = []string{"year_end", "year_start", "prorate"}

type entry struct {
	effective                   time.Time
	value                       decimal.Decimal
	text                        string
	brackets                    []bracket
	reference, confidence, note string
	src                         string
}

type bracket struct {
	lower, upper decimal.Decimal
	open         bool // no upper bound
	rate         decimal.Decimal
	confidence   string
}

type regimeDef struct {
	id, country, name, method, description, base string
	lineKey, lineLabel                           string // generic methods: the line's key and label
	bases                                        map[string]string
	rounding                                     *rounding
	params                                       map[string]string
	notes                                        []noteDef
	deadlines                                    []deadlineDef
	src                                          string
}

type rounding struct {
	places int32
	mode   string // half-up (half away from zero) | down | up
}

var roundingModes = []string{"half-up", "down", "up"}

type deadlineDef struct {
	form                        string
	every                       string // month | quarter | year; or periods
	monthsAfter, day            int    // day 0 = last day of the month
	periods                     []periodDue
	when                        string
	from, until                 time.Time
	reference, confidence, note string
}

type periodDue struct {
	label                 string
	month, day            int
	yearOffset            int
	firstMonth, lastMonth int // 0 when not given
}

var everyValues = []string{"month", "quarter", "year"}

// Conditions a deadline may carry (`when:`).
var whenValues = []string{"always", "owed", "under_threshold", "over_threshold", "from_crossing", "income_method"}

// Figures a regime may tax (`base:`), see Figures.
var baseNames = []string{"gross", "revenue", "net", "profit"}

func newRules() *Rules {
	return &Rules{countries: map[string]*country{}, params: map[string]*parameter{}, regimes: map[string]*regimeDef{}}
}

// DefaultRules returns the rules embedded in the binary.
func DefaultRules() (*Rules, error) {
	r := newRules()
	names, err := embedded.ReadDir("rules")
	if err != nil {
		return nil, err
	}
	for _, n := range names {
		name := path.Join("rules", n.Name())
		data, err := embedded.ReadFile(name)
		if err != nil {
			return nil, err
		}
		if err := r.apply("tax/"+name, data); err != nil {
			return nil, err
		}
	}
	if err := r.validate(); err != nil {
		return nil, err
	}
	return r, nil
}

// LoadRules returns the embedded rules with each file applied in turn: a file
// may change or add countries, parameters (new dated entries replace entries of
// the same date) and regimes (fields given replace the embedded ones; params are
// merged role by role). Errors name the file and line.
func LoadRules(files ...string) (*Rules, error) {
	r, err := DefaultRules()
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("rules file: %w", err)
		}
		if err := r.apply(f, data); err != nil {
			return nil, err
		}
	}
	if err := r.validate(); err != nil {
		return nil, err
	}
	return r, nil
}

// Countries lists the country codes the rules cover.
func (r *Rules) Countries() []string {
	out := make([]string, 0, len(r.countries))
	for c := range r.countries {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}

// RegimeIDs lists the regimes of a country in rule-file order.
func (r *Rules) RegimeIDs(countryCode string) []string {
	cc := strings.ToUpper(countryCode)
	var out []string
	for _, id := range r.order {
		if r.regimes[id].country == cc {
			out = append(out, id)
		}
	}
	return out
}

// apply parses one rules file and merges it into r.
func (r *Rules) apply(file string, data []byte) error {
	rd := reader{file: file}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return fmt.Errorf("%s: empty rules file", file)
		}
		return fmt.Errorf("%s: %v", file, err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return fmt.Errorf("%s: want one YAML document per rules file", file)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 {
		return fmt.Errorf("%s: empty rules file", file)
	}
	top, err := rd.mapping(doc.Content[0], "rules file")
	if err != nil {
		return err
	}
	if err := rd.onlyKeys(top, "rules file", "countries", "parameters", "regimes"); err != nil {
		return err
	}
	for _, p := range top {
		var err error
		switch p.key {
		case "countries":
			err = r.applyCountries(rd, p.v)
		case "parameters":
			err = r.applyParams(rd, p.v)
		case "regimes":
			err = r.applyRegimes(rd, p.v)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (r *Rules) applyCountries(rd reader, n *yaml.Node) error {
	ps, err := rd.mapping(n, "countries")
	if err != nil {
		return err
	}
	for _, p := range ps {
		code := strings.ToUpper(p.key)
		what := "country " + code
		if len(code) != 2 {
			return rd.errf(p.k, "%s: want an ISO 3166 alpha-2 code", what)
		}
		c := r.countries[code]
		if c == nil {
			c = &country{code: code, display: -1}
		}
		c.src = rd.where(p.k)
		fs, err := rd.mapping(p.v, what)
		if err != nil {
			return err
		}
		if err := rd.onlyKeys(fs, what, "name", "currency", "minor_unit", "display_places", "years", "due_dates", "notes"); err != nil {
			return err
		}
		for _, f := range fs {
			w := what + ": " + f.key
			switch f.key {
			case "name":
				c.name, err = rd.str(f.v, w)
			case "currency":
				c.currency, err = rd.nonEmpty(f.v, w)
				c.currency = strings.ToUpper(c.currency)
			case "minor_unit", "display_places":
				var i int
				if i, err = rd.integer(f.v, w); err == nil && (i < 0 || i > 4) {
					err = rd.errf(f.v, "%s: want 0 to 4", w)
				}
				if f.key == "minor_unit" {
					c.minor = int32(i)
				} else {
					c.display = int32(i)
				}
			case "years":
				err = rd.years(f.v, w, c)
			case "due_dates":
				err = rd.dueDates(f.v, w, &c.due)
			case "notes":
				c.notes, err = rd.notes(f.v, w)
			}
			if err != nil {
				return err
			}
		}
		r.countries[code] = c
	}
	return nil
}

func (rd reader) years(n *yaml.Node, what string, c *country) error {
	fs, err := rd.mapping(n, what)
	if err != nil {
		return err
	}
	if err := rd.onlyKeys(fs, what, "first", "last"); err != nil {
		return err
	}
	for _, f := range fs {
		y, err := rd.integer(f.v, what+": "+f.key)
		if err != nil {
			return err
		}
		if y < 1900 || y > 9999 {
			return rd.errf(f.v, "%s: %s: %d: not a plausible year", what, f.key, y)
		}
		if f.key == "first" {
			c.first = y
		} else {
			c.last = y
		}
	}
	return nil
}

func (rd reader) dueDates(n *yaml.Node, what string, d *dueDates) error {
	fs, err := rd.mapping(n, what)
	if err != nil {
		return err
	}
	if err := rd.onlyKeys(fs, what, "roll", "reference", "confidence", "note", "holidays"); err != nil {
		return err
	}
	for _, f := range fs {
		w := what + ": " + f.key
		switch f.key {
		case "roll":
			if d.roll, err = rd.nonEmpty(f.v, w); err == nil && d.roll != "none" && d.roll != "next-working-day" {
				err = rd.errf(f.v, "%s: %q: want none or next-working-day", w, d.roll)
			}
		case "reference":
			d.reference, err = rd.str(f.v, w)
		case "confidence":
			d.confidence, err = rd.confidence(f.v, w)
		case "note":
			d.note, err = rd.str(f.v, w)
		case "holidays":
			err = rd.holidays(f.v, w, d)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (rd reader) holidays(n *yaml.Node, what string, d *dueDates) error {
	fs, err := rd.mapping(n, what)
	if err != nil {
		return err
	}
	if err := rd.onlyKeys(fs, what, "reference", "confidence", "note", "dates"); err != nil {
		return err
	}
	for _, f := range fs {
		w := what + ": " + f.key
		switch f.key {
		case "reference":
			d.holRef, err = rd.str(f.v, w)
		case "confidence":
			d.holConf, err = rd.confidence(f.v, w)
		case "note":
			d.holNote, err = rd.str(f.v, w)
		case "dates":
			var items []*yaml.Node
			if items, err = rd.sequence(f.v, w); err != nil {
				return err
			}
			d.holidays = map[string]bool{}
			for _, it := range items {
				t, err := rd.date(it, w)
				if err != nil {
					return err
				}
				d.holidays[t.Format(dateLayout)] = true
			}
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (rd reader) notes(n *yaml.Node, what string) ([]noteDef, error) {
	items, err := rd.sequence(n, what)
	if err != nil {
		return nil, err
	}
	out := make([]noteDef, 0, len(items))
	for _, it := range items {
		fs, err := rd.mapping(it, what)
		if err != nil {
			return nil, err
		}
		if err := rd.onlyKeys(fs, what, "text", "confidence", "from", "until"); err != nil {
			return nil, err
		}
		var nd noteDef
		for _, f := range fs {
			w := what + ": " + f.key
			switch f.key {
			case "text":
				nd.text, err = rd.nonEmpty(f.v, w)
			case "confidence":
				nd.confidence, err = rd.confidence(f.v, w)
			case "from":
				nd.from, err = rd.date(f.v, w)
			case "until":
				nd.until, err = rd.date(f.v, w)
			}
			if err != nil {
				return nil, err
			}
		}
		if nd.text == "" || nd.confidence == "" {
			return nil, rd.errf(it, "%s: a note needs text and confidence", what)
		}
		out = append(out, nd)
	}
	return out, nil
}

func (r *Rules) applyParams(rd reader, n *yaml.Node) error {
	ps, err := rd.mapping(n, "parameters")
	if err != nil {
		return err
	}
	for _, p := range ps {
		what := "parameter " + p.key
		if strings.TrimSpace(p.key) == "" {
			return rd.errf(p.k, "parameters: empty name")
		}
		fs, err := rd.mapping(p.v, what)
		if err != nil {
			return err
		}
		par := r.params[p.key]
		isNew := par == nil
		if isNew {
			par = &parameter{name: p.key, src: rd.where(p.k)}
		} else {
			par = par.clone()
		}
		// Fields first: the type decides how the dated entries are read.
		var dated []pair
		for _, f := range fs {
			w := what + ": " + f.key
			switch f.key {
			case "description":
				par.description, err = rd.str(f.v, w)
			case "unit":
				par.unit, err = rd.str(f.v, w)
			case "type":
				var t string
				if t, err = rd.nonEmpty(f.v, w); err == nil && !slices.Contains(paramTypes, t) {
					err = rd.errf(f.v, "%s: %q: want one of %s", w, t, strings.Join(paramTypes, ", "))
				}
				if err == nil && !isNew && t != par.typ {
					err = rd.errf(f.v, "%s: cannot change the type of an existing parameter (%s) to %s", w, par.typ, t)
				}
				par.typ = t
			case "within_year":
				err = rd.within(f.v, w, &par.within)
			default:
				if !isDateKey(f.key) {
					err = rd.errf(f.k, "%s: unknown key %q (known: description, unit, type, within_year, or a YYYY-MM-DD date)", what, f.key)
				} else {
					dated = append(dated, f)
				}
			}
			if err != nil {
				return err
			}
		}
		if par.typ == "" {
			return rd.errf(p.k, "%s: type missing (one of %s)", what, strings.Join(paramTypes, ", "))
		}
		for _, f := range dated {
			e, err := rd.entry(f, what, par.typ)
			if err != nil {
				return err
			}
			par.put(e)
		}
		if len(par.entries) == 0 {
			return rd.errf(p.k, "%s: no dated entry (add a YYYY-MM-DD: key)", what)
		}
		r.params[p.key] = par
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

func (rd reader) within(n *yaml.Node, what string, w *withinYear) error {
	fs, err := rd.mapping(n, what)
	if err != nil {
		return err
	}
	if err := rd.onlyKeys(fs, what, "method", "confidence", "note"); err != nil {
		return err
	}
	for _, f := range fs {
		wf := what + ": " + f.key
		switch f.key {
		case "method":
			if w.method, err = rd.nonEmpty(f.v, wf); err == nil && !slices.Contains(withinMethods, w.method) {
				err = rd.errf(f.v, "%s: %q: want one of %s", wf, w.method, strings.Join(withinMethods, ", "))
			}
		case "confidence":
			w.confidence, err = rd.confidence(f.v, wf)
		case "note":
			w.note, err = rd.str(f.v, wf)
		}
		if err != nil {
			return err
		}
	}
	if w.method == "" {
		return rd.errf(n, "%s: method missing", what)
	}
	if w.confidence == "" {
		w.confidence = "C"
	}
	if w.confidence != "C" && strings.TrimSpace(w.note) == "" {
		return rd.errf(n, "%s: confidence %s needs a note saying what to verify", what, w.confidence)
	}
	return nil
}

func (rd reader) entry(f pair, what, typ string) (*entry, error) {
	what += ": " + f.key
	t, _ := parseDate(f.key)
	e := &entry{effective: t, src: rd.where(f.k)}
	fs, err := rd.mapping(f.v, what)
	if err != nil {
		return nil, err
	}
	allowed := []string{"reference", "confidence", "note"}
	switch typ {
	case typeBrackets:
		allowed = append(allowed, "brackets")
	case typeTiers:
		allowed = append(allowed, "tiers")
	default:
		allowed = append(allowed, "value")
	}
	if err := rd.onlyKeys(fs, what, allowed...); err != nil {
		return nil, err
	}
	hasValue := false
	for _, g := range fs {
		w := what + ": " + g.key
		switch g.key {
		case "reference":
			e.reference, err = rd.nonEmpty(g.v, w)
		case "confidence":
			e.confidence, err = rd.confidence(g.v, w)
		case "note":
			e.note, err = rd.str(g.v, w)
		case "value":
			hasValue = true
			if typ == typeText {
				e.text, err = rd.nonEmpty(g.v, w)
			} else {
				e.value, err = rd.dec(g.v, w)
				if err == nil && typ != typeAmount && e.value.IsNegative() {
					err = rd.errf(g.v, "%s: must not be negative", w)
				}
			}
		case "brackets", "tiers":
			hasValue = true
			e.brackets, err = rd.brackets(g.v, w)
		}
		if err != nil {
			return nil, err
		}
	}
	switch {
	case !hasValue:
		return nil, rd.errf(f.k, "%s: %s missing", what, allowed[len(allowed)-1])
	case e.reference == "":
		return nil, rd.errf(f.k, "%s: reference missing (cite the law or source)", what)
	case e.confidence == "":
		return nil, rd.errf(f.k, "%s: confidence missing (C, S or U)", what)
	case e.confidence != "C" && strings.TrimSpace(e.note) == "":
		return nil, rd.errf(f.k, "%s: confidence %s needs a note saying what to verify", what, e.confidence)
	}
	return e, nil
}

// brackets reads a numbered map 1..n of {lower?, upper?, rate, confidence?};
// only the last bracket has no upper bound.
func (rd reader) brackets(n *yaml.Node, what string) ([]bracket, error) {
	fs, err := rd.mapping(n, what)
	if err != nil {
		return nil, err
	}
	if len(fs) == 0 {
		return nil, rd.errf(n, "%s: no brackets", what)
	}
	byNum := map[int]pair{}
	for _, f := range fs {
		i, err := strconv.Atoi(f.key)
		if err != nil || i < 1 || i > len(fs) {
			return nil, rd.errf(f.k, "%s: key %q: want bracket numbers 1 to %d", what, f.key, len(fs))
		}
		byNum[i] = f
	}
	out := make([]bracket, 0, len(fs))
	prev := decimal.Zero
	for i := 1; i <= len(fs); i++ {
		f := byNum[i]
		w := fmt.Sprintf("%s: %d", what, i)
		gs, err := rd.mapping(f.v, w)
		if err != nil {
			return nil, err
		}
		if err := rd.onlyKeys(gs, w, "lower", "upper", "rate", "confidence"); err != nil {
			return nil, err
		}
		b := bracket{lower: prev, open: true}
		hasRate := false
		for _, g := range gs {
			wg := w + ": " + g.key
			switch g.key {
			case "lower":
				var lo decimal.Decimal
				if lo, err = rd.dec(g.v, wg); err == nil && !lo.Equal(prev) {
					err = rd.errf(g.v, "%s: %s: must equal the upper bound of the bracket before (%s)", wg, lo, prev)
				}
			case "upper":
				b.open = false
				b.upper, err = rd.dec(g.v, wg)
			case "rate":
				hasRate = true
				if b.rate, err = rd.dec(g.v, wg); err == nil && (b.rate.IsNegative() || b.rate.GreaterThan(decimal.NewFromInt(1))) {
					err = rd.errf(g.v, "%s: %s: want a share between 0 and 1 (5%% is 0.05)", wg, b.rate)
				}
			case "confidence":
				b.confidence, err = rd.confidence(g.v, wg)
			}
			if err != nil {
				return nil, err
			}
		}
		if !hasRate {
			return nil, rd.errf(f.k, "%s: rate missing", w)
		}
		last := i == len(fs)
		if b.open != last {
			if last {
				return nil, rd.errf(f.k, "%s: the last bracket has no upper bound", w)
			}
			return nil, rd.errf(f.k, "%s: upper missing (only the last bracket is open)", w)
		}
		if !b.open && !b.upper.GreaterThan(prev) {
			return nil, rd.errf(f.k, "%s: upper %s must be above %s", w, b.upper, prev)
		}
		prev = b.upper
		out = append(out, b)
	}
	return out, nil
}

func (r *Rules) applyRegimes(rd reader, n *yaml.Node) error {
	ps, err := rd.mapping(n, "regimes")
	if err != nil {
		return err
	}
	for _, p := range ps {
		id := p.key
		what := "regime " + id
		if !validID(id) {
			return rd.errf(p.k, "%s: ids are lowercase letters, digits and '-'", what)
		}
		fs, err := rd.mapping(p.v, what)
		if err != nil {
			return err
		}
		if err := rd.onlyKeys(fs, what, "country", "name", "method", "description", "base", "bases", "rounding", "params", "notes", "deadlines", "line"); err != nil {
			return err
		}
		def := r.regimes[id]
		if def == nil {
			def = &regimeDef{id: id, src: rd.where(p.k), params: map[string]string{}, bases: map[string]string{}}
			r.order = append(r.order, id)
		} else {
			c := *def
			c.params = cloneMap(def.params)
			c.bases = cloneMap(def.bases)
			c.src = rd.where(p.k) // errors name the file that changed it last
			def = &c
		}
		for _, f := range fs {
			w := what + ": " + f.key
			switch f.key {
			case "country":
				def.country, err = rd.nonEmpty(f.v, w)
				def.country = strings.ToUpper(def.country)
			case "name":
				def.name, err = rd.nonEmpty(f.v, w)
			case "method":
				def.method, err = rd.nonEmpty(f.v, w)
			case "description":
				def.description, err = rd.str(f.v, w)
			case "base":
				def.base, err = rd.nonEmpty(f.v, w)
			case "bases", "params":
				var gs []pair
				if gs, err = rd.mapping(f.v, w); err != nil {
					return err
				}
				dst := def.params
				if f.key == "bases" {
					dst = def.bases
				}
				for _, g := range gs {
					var v string
					if v, err = rd.nonEmpty(g.v, w+": "+g.key); err != nil {
						return err
					}
					dst[g.key] = v
				}
			case "rounding":
				def.rounding, err = rd.rounding(f.v, w)
			case "line":
				var gs []pair
				if gs, err = rd.mapping(f.v, w); err != nil {
					return err
				}
				if err = rd.onlyKeys(gs, w, "key", "label"); err != nil {
					return err
				}
				for _, g := range gs {
					if g.key == "key" {
						def.lineKey, err = rd.nonEmpty(g.v, w+": key")
					} else {
						def.lineLabel, err = rd.nonEmpty(g.v, w+": label")
					}
					if err != nil {
						return err
					}
				}
			case "notes":
				def.notes, err = rd.notes(f.v, w)
			case "deadlines":
				def.deadlines, err = rd.deadlines(f.v, w)
			}
			if err != nil {
				return err
			}
		}
		r.regimes[id] = def
	}
	return nil
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

func (rd reader) rounding(n *yaml.Node, what string) (*rounding, error) {
	fs, err := rd.mapping(n, what)
	if err != nil {
		return nil, err
	}
	if err := rd.onlyKeys(fs, what, "places", "mode"); err != nil {
		return nil, err
	}
	ro := &rounding{places: -1, mode: "half-up"}
	for _, f := range fs {
		w := what + ": " + f.key
		switch f.key {
		case "places":
			var i int
			if i, err = rd.integer(f.v, w); err == nil && (i < -9 || i > 8) {
				err = rd.errf(f.v, "%s: want -9 to 8", w)
			}
			ro.places = int32(i)
		case "mode":
			if ro.mode, err = rd.nonEmpty(f.v, w); err == nil && !slices.Contains(roundingModes, ro.mode) {
				err = rd.errf(f.v, "%s: %q: want one of %s", w, ro.mode, strings.Join(roundingModes, ", "))
			}
		}
		if err != nil {
			return nil, err
		}
	}
	if ro.places == -1 {
		return nil, rd.errf(n, "%s: places missing", what)
	}
	return ro, nil
}

func (rd reader) deadlines(n *yaml.Node, what string) ([]deadlineDef, error) {
	items, err := rd.sequence(n, what)
	if err != nil {
		return nil, err
	}
	out := make([]deadlineDef, 0, len(items))
	for _, it := range items {
		fs, err := rd.mapping(it, what)
		if err != nil {
			return nil, err
		}
		if err := rd.onlyKeys(fs, what, "form", "every", "months_after", "day", "periods", "when", "from", "until", "reference", "confidence", "note"); err != nil {
			return nil, err
		}
		d := deadlineDef{when: "always", confidence: "C"}
		for _, f := range fs {
			w := what + ": " + f.key
			switch f.key {
			case "form":
				d.form, err = rd.nonEmpty(f.v, w)
			case "every":
				if d.every, err = rd.nonEmpty(f.v, w); err == nil && !slices.Contains(everyValues, d.every) {
					err = rd.errf(f.v, "%s: %q: want one of %s", w, d.every, strings.Join(everyValues, ", "))
				}
			case "months_after":
				if d.monthsAfter, err = rd.integer(f.v, w); err == nil && (d.monthsAfter < 0 || d.monthsAfter > 24) {
					err = rd.errf(f.v, "%s: want 0 to 24", w)
				}
			case "day":
				var s string
				if s, err = rd.nonEmpty(f.v, w); err == nil && s != "last" {
					d.day, err = strconv.Atoi(s)
					if err != nil || d.day < 1 || d.day > 31 {
						err = rd.errf(f.v, "%s: %q: want 1 to 31 or last", w, s)
					}
				}
			case "periods":
				d.periods, err = rd.periods(f.v, w)
			case "when":
				if d.when, err = rd.nonEmpty(f.v, w); err == nil && !slices.Contains(whenValues, d.when) {
					err = rd.errf(f.v, "%s: %q: want one of %s", w, d.when, strings.Join(whenValues, ", "))
				}
			case "from":
				d.from, err = rd.date(f.v, w)
			case "until":
				d.until, err = rd.date(f.v, w)
			case "reference":
				d.reference, err = rd.str(f.v, w)
			case "confidence":
				d.confidence, err = rd.confidence(f.v, w)
			case "note":
				d.note, err = rd.str(f.v, w)
			}
			if err != nil {
				return nil, err
			}
		}
		switch {
		case d.form == "":
			return nil, rd.errf(it, "%s: form missing", what)
		case (d.every == "") == (len(d.periods) == 0):
			return nil, rd.errf(it, "%s: %s: give either every (with months_after and day) or periods", what, d.form)
		case d.every == "" && d.when == "from_crossing":
			return nil, rd.errf(it, "%s: %s: when: from_crossing needs every: month or quarter", what, d.form)
		}
		out = append(out, d)
	}
	return out, nil
}

func (rd reader) periods(n *yaml.Node, what string) ([]periodDue, error) {
	items, err := rd.sequence(n, what)
	if err != nil {
		return nil, err
	}
	if len(items) == 0 {
		return nil, rd.errf(n, "%s: empty", what)
	}
	out := make([]periodDue, 0, len(items))
	for _, it := range items {
		fs, err := rd.mapping(it, what)
		if err != nil {
			return nil, err
		}
		if err := rd.onlyKeys(fs, what, "period", "due", "year_offset", "months"); err != nil {
			return nil, err
		}
		var pd periodDue
		hasDue := false
		for _, f := range fs {
			w := what + ": " + f.key
			switch f.key {
			case "period":
				pd.label, err = rd.str(f.v, w)
			case "due":
				hasDue = true
				var s string
				if s, err = rd.nonEmpty(f.v, w); err == nil {
					t, perr := time.Parse("01-02", s)
					if perr != nil || len(s) != 5 {
						err = rd.errf(f.v, "%s: %q: want MM-DD", w, s)
					}
					pd.month, pd.day = int(t.Month()), t.Day()
				}
			case "year_offset":
				if pd.yearOffset, err = rd.integer(f.v, w); err == nil && (pd.yearOffset < 0 || pd.yearOffset > 2) {
					err = rd.errf(f.v, "%s: want 0 to 2", w)
				}
			case "months":
				var ms []*yaml.Node
				if ms, err = rd.sequence(f.v, w); err != nil {
					return nil, err
				}
				if len(ms) != 2 {
					return nil, rd.errf(f.v, "%s: want [first, last] months", w)
				}
				if pd.firstMonth, err = rd.integer(ms[0], w); err != nil {
					return nil, err
				}
				if pd.lastMonth, err = rd.integer(ms[1], w); err != nil {
					return nil, err
				}
				if pd.firstMonth < 1 || pd.lastMonth > 12 || pd.firstMonth > pd.lastMonth {
					err = rd.errf(f.v, "%s: want months between 1 and 12, first <= last", w)
				}
			}
			if err != nil {
				return nil, err
			}
		}
		if !hasDue {
			return nil, rd.errf(it, "%s: due missing", what)
		}
		out = append(out, pd)
	}
	return out, nil
}

// validate checks what single files cannot: that regimes name existing
// countries, methods, figures and parameters of the right type.
func (r *Rules) validate() error {
	for _, code := range r.Countries() {
		c := r.countries[code]
		switch {
		case len(c.currency) != 3:
			return fmt.Errorf("%s: country %s: currency missing (ISO 4217 code)", c.src, code)
		case c.first == 0 || c.last == 0 || c.first > c.last:
			return fmt.Errorf("%s: country %s: years: want first <= last", c.src, code)
		}
	}
	for _, name := range sortedKeys(r.params) {
		p := r.params[name]
		for _, e := range p.entries {
			if (p.typ == typeBrackets || p.typ == typeTiers) != (e.brackets != nil) {
				return fmt.Errorf("%s: parameter %s: entry does not match type %s", e.src, name, p.typ)
			}
		}
	}
	for _, id := range r.order {
		d := r.regimes[id]
		fail := func(format string, args ...any) error {
			return fmt.Errorf("%s: regime %s: %s", d.src, id, fmt.Sprintf(format, args...))
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

func validConfidence(s string) bool { return s == "C" || s == "S" || s == "U" }
