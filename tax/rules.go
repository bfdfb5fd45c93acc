package tax

import (
	"embed"
	"errors"
	"fmt"
	"os"
	"path"
	"sort"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/incomeledger/income/errs"
	"github.com/incomeledger/income/internal/yamlx"
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
	src                  pos
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
	src                          pos
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
	src                         pos
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
	src                                          pos
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
	// yearOffset moves a recurring deadline's periods to a later year (PPh
	// Art. 25 instalments of the next year); roll "none" keeps the due date
	// even on a holiday (Indonesia's annual return), "" follows the country.
	yearOffset int
	roll       string
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

// pos is where a definition was read: a file and line.
type pos struct {
	file string
	line int
}

// errf returns a DataError at p.
func (p pos) errf(format string, args ...any) error {
	return errs.Dataf(p.file, p.line, format, args...)
}

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

// apply reads one rules file strictly (yamlx) and merges it into r: one
// pass checks every value and keeps its line for the error.
func (r *Rules) apply(file string, data []byte) error {
	var doc rulesDoc
	if err := yamlx.Decode(file, data, &doc); err != nil {
		if errors.Is(err, yamlx.ErrEmpty) {
			return errs.Dataf(file, 0, "empty rules file")
		}
		return err
	}
	rd := reader{file: file}
	if err := r.applyCountries(rd, doc.Countries); err != nil {
		return err
	}
	if err := r.applyParams(rd, doc.Parameters); err != nil {
		return err
	}
	return r.applyRegimes(rd, doc.Regimes)
}
