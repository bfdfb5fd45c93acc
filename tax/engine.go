package tax

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/incomeledger/income/internal/textfmt"
)

// Result is the tax estimate of one country and year under one or more regimes.
type Result struct {
	Year     int      `json:"year"`
	Country  string   `json:"country"`
	Currency string   `json:"currency"`
	Regimes  []Regime `json:"regimes"`
	Notes    []string `json:"notes"`

	places, display int32 // the currency's minor unit and display digits
	unitsSet        bool  // places and display are known (built by Compute)
}

// Regime is the outcome under one regime: the tax lines, their total, every
// step of the computation, the deadlines and the quarterly (or monthly) figures
// where the regime is declared that way.
type Regime struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// Base names the figure taxed (see Figures): gross, revenue, net or profit.
	Base  string          `json:"base"`
	Total decimal.Decimal `json:"total"`
	// Confidence is the lowest tag of any rule behind the total: C, S or U.
	Confidence string `json:"confidence"`
	// Applicable is false when the figures rule the regime out (the total is
	// then shown for comparison only; Notes say why).
	Applicable bool       `json:"applicable"`
	Lines      []Line     `json:"lines"`
	Trace      []Step     `json:"trace"`
	Deadlines  []Deadline `json:"deadlines"`
	Quarters   []Quarter  `json:"quarters,omitempty"`
	// Months holds monthly payments (id-pp55), same shape as Quarters.
	Months []Quarter `json:"months,omitempty"`
	Notes  []string  `json:"notes"`
}

// Line is one tax of a regime. Confidence is the lowest tag of the rules behind
// it; Verify says what to check when it is S or U.
type Line struct {
	Key        string          `json:"key"`
	Label      string          `json:"label"`
	Amount     decimal.Decimal `json:"amount"`
	Confidence string          `json:"confidence"`
	Verify     []string        `json:"verify,omitempty"`
}

// Step is one step of the computation. Steps that apply a rule name it with its
// effective date, reference and confidence; arithmetic steps leave them empty.
type Step struct {
	Step       string          `json:"step"`
	Amount     decimal.Decimal `json:"amount"`
	Rule       string          `json:"rule"`
	Effective  string          `json:"effective"`
	Reference  string          `json:"reference"`
	Confidence string          `json:"confidence"`
}

// Deadline is a form to file or a payment to make. Due is the date after moving
// off weekends and holidays; Statutory is the date the rule states, when different.
type Deadline struct {
	Form       string `json:"form"`
	Period     string `json:"period"`
	Due        string `json:"due"`
	Statutory  string `json:"statutory,omitempty"`
	Reference  string `json:"reference"`
	Confidence string `json:"confidence"`
}

// Quarter is the figure of one declaration period: the base taxed in it and
// the amount declared or paid for it.
type Quarter struct {
	Period string          `json:"period"`
	Base   decimal.Decimal `json:"base"`
	Amount decimal.Decimal `json:"amount"`
	// Credit is what the periods so far paid beyond the cumulative figure
	// (a refund-heavy quarter owes 0 and carries the rest), zero if none.
	Credit decimal.Decimal `json:"credit"`
}

type methodSpec struct {
	params map[string]string // role -> parameter type
	bases  []string          // roles of extra bases (regime `bases:`)
	run    func(c *calc)
}

// methods are the computations a regime may name; the rules data supplies
// their parameters, bases and deadlines.
var methods = map[string]methodSpec{
	"vn-salary":      vnSalaryMethod,
	"vn-business":    vnBusinessMethod,
	"id-pp55":        idPP55Method,
	"id-nppn":        idNPPNMethod,
	"id-bookkeeping": idBookkeepingMethod,
	"us-schedule-c":  usScheduleCMethod,
	"flat":           flatMethod,
	"progressive":    progressiveMethod,
}

// Compute returns the tax figures of fig under the regimes of a country: all
// of them when regime is "", else only that one. It is pure: it reads no
// clock and no file, only r, facts and fig.
func Compute(r *Rules, countryCode string, facts Facts, fig Figures, regime string) (Result, error) {
	if r == nil {
		return Result{}, fmt.Errorf("tax: no rules")
	}
	cc := strings.ToUpper(strings.TrimSpace(countryCode))
	ctry, ok := r.countries[cc]
	if !ok {
		return Result{}, fmt.Errorf("tax: no rules for country %q (known: %s)", countryCode, strings.Join(r.Countries(), ", "))
	}
	if !strings.EqualFold(fig.Currency, ctry.currency) {
		return Result{}, fmt.Errorf("tax: %s taxes are computed in %s, but the figures are in %q", cc, ctry.currency, fig.Currency)
	}
	if fig.Year < ctry.first || fig.Year > ctry.last {
		return Result{}, fmt.Errorf("tax: no %s rules for %d (the rules cover %d-%d; add a rules file for other years)", cc, fig.Year, ctry.first, ctry.last)
	}
	if err := fig.check(); err != nil {
		return Result{}, err
	}
	facts = facts.normalized()
	if err := facts.validate(); err != nil {
		return Result{}, err
	}
	ids := r.RegimeIDs(cc)
	if regime != "" {
		if !slices.Contains(ids, regime) {
			return Result{}, fmt.Errorf("tax: unknown regime %q for %s (known: %s)", regime, cc, strings.Join(ids, ", "))
		}
		ids = []string{regime}
	}
	display := ctry.display
	if display < 0 {
		display = ctry.minor
	}
	res := Result{Year: fig.Year, Country: cc, Currency: ctry.currency, Regimes: []Regime{}, places: ctry.minor, display: display, unitsSet: true}
	for _, n := range ctry.notes {
		if n.inYear(fig.Year) {
			res.Notes = append(res.Notes, n.String())
		}
	}
	if fig.Withheld.IsPositive() {
		res.Notes = append(res.Notes, fmt.Sprintf("(C) Tax withheld at source of %s %s is not deducted from the totals: claim it as a credit when filing", textfmt.Plain(fig.Withheld), ctry.currency))
	}
	for _, id := range ids {
		reg, err := runRegime(r, ctry, r.regimes[id], facts, fig)
		if err != nil {
			return Result{}, err
		}
		res.Regimes = append(res.Regimes, reg)
	}
	if res.Notes == nil {
		res.Notes = []string{}
	}
	return res, nil
}

func runRegime(r *Rules, ctry *country, def *regimeDef, facts Facts, fig Figures) (Regime, error) {
	c := &calc{
		rules: r, ctry: ctry, def: def, year: fig.Year, facts: facts, fig: fig,
		out:  &Regime{ID: def.id, Name: def.name, Base: def.base, Applicable: true, Lines: []Line{}, Trace: []Step{}, Notes: []string{}},
		cond: map[string]bool{"always": true},
		seen: map[string]bool{},
	}
	for _, n := range def.notes {
		if n.inYear(fig.Year) {
			c.addNote(n.String())
		}
	}
	methods[def.method].run(c)
	if c.err != nil {
		return Regime{}, fmt.Errorf("tax: %s %d: %w", def.id, fig.Year, c.err)
	}
	total := decimal.Zero
	conf := "C"
	for _, l := range c.out.Lines {
		total = total.Add(l.Amount)
		conf = lowest(conf, l.Confidence)
	}
	c.out.Total = total
	c.out.Confidence = conf
	c.cond["owed"] = total.IsPositive()
	c.out.Deadlines = c.deadlines()
	return *c.out, nil
}

// calc is the state of one regime's computation.
type calc struct {
	rules *Rules
	ctry  *country
	def   *regimeDef
	year  int
	facts Facts
	fig   Figures
	out   *Regime
	err   error

	quiet  int      // > 0: steps are not recorded (re-runs for quarters)
	scopes []*scope // collectors of the confidence behind each line
	seen   map[string]bool

	cond       map[string]bool // deadline conditions (`when:`)
	crossMonth int             // month (1-12) a threshold is passed, 0 if never
}

// scope collects the lowest confidence and the verify notes of every rule
// used while it is open.
type scope struct {
	conf   string
	verify []string
	open   bool
}

func (c *calc) fail(format string, args ...any) {
	if c.err == nil {
		c.err = fmt.Errorf(format, args...)
	}
}

func (c *calc) open() *scope {
	s := &scope{conf: "C", open: true}
	c.scopes = append(c.scopes, s)
	return s
}

func (c *calc) close(s *scope) {
	s.open = false
	c.scopes = slices.DeleteFunc(c.scopes, func(x *scope) bool { return x == s })
}

// record notes that a rule with confidence conf was used.
func (c *calc) record(conf, verify string) {
	for _, s := range c.scopes {
		s.conf = lowest(s.conf, conf)
		if verify != "" && !slices.Contains(s.verify, verify) {
			s.verify = append(s.verify, verify)
		}
	}
	if verify != "" {
		c.addNote("(" + conf + ") " + verify)
	}
}

func (c *calc) use(p *parameter, e *entry, conf string) {
	verify := ""
	if conf != "C" {
		verify = fmt.Sprintf("%s (%s): %s", p.name, e.effective.Format(dateLayout), e.note)
	}
	c.record(conf, verify)
}

func (c *calc) addNote(s string) {
	if !c.seen[s] {
		c.seen[s] = true
		c.out.Notes = append(c.out.Notes, s)
	}
}

// note adds a note of the method's own with its confidence.
func (c *calc) note(conf, format string, args ...any) {
	c.addNote("(" + conf + ") " + fmt.Sprintf(format, args...))
}

func (c *calc) line(key, label string, amt decimal.Decimal, s *scope) {
	c.out.Lines = append(c.out.Lines, Line{Key: key, Label: label, Amount: amt, Confidence: s.conf, Verify: s.verify})
}

// step records a step that applies parameter p's entry e.
func (c *calc) step(text string, amt decimal.Decimal, p *parameter, e *entry, conf string) {
	if c.quiet > 0 {
		return
	}
	c.out.Trace = append(c.out.Trace, Step{Step: text, Amount: amt, Rule: p.name, Effective: e.effective.Format(dateLayout), Reference: e.reference, Confidence: conf})
}

// ruleStep records a step that follows a rule not held as a parameter (the
// regime's base, rounding, a within-year policy).
func (c *calc) ruleStep(text string, amt decimal.Decimal, rule, reference, conf string) {
	if c.quiet > 0 {
		return
	}
	c.out.Trace = append(c.out.Trace, Step{Step: text, Amount: amt, Rule: rule, Reference: reference, Confidence: conf})
}

// calcStep records an arithmetic step.
func (c *calc) calcStep(text string, amt decimal.Decimal) {
	if c.quiet > 0 {
		return
	}
	c.out.Trace = append(c.out.Trace, Step{Step: text, Amount: amt})
}

// base returns the year's figure for a base role ("base" or one of `bases:`)
// and traces where it comes from.
func (c *calc) base(role string) decimal.Decimal {
	name := c.baseName(role)
	v := c.fig.base(name, c.facts)
	text := fmt.Sprintf("%s = %s", name, baseLabels[name])
	if name == "profit" && c.facts.Expenses.IsPositive() {
		text += fmt.Sprintf(" (config expenses %s)", c.m(c.facts.Expenses))
	}
	c.ruleStep(text, v, "base."+name, fmt.Sprintf("ledger figures %d; regime %s taxes %s", c.year, c.def.id, name), "")
	return v
}

func (c *calc) baseName(role string) string {
	if role == "base" {
		return c.def.base
	}
	return c.def.bases[role]
}

func (c *calc) yearStart() time.Time { return time.Date(c.year, 1, 1, 0, 0, 0, 0, time.UTC) }
func (c *calc) yearEnd() time.Time   { return time.Date(c.year, 12, 31, 0, 0, 0, 0, time.UTC) }
func monthStart(y, m int) time.Time  { return time.Date(y, time.Month(m), 1, 0, 0, 0, 0, time.UTC) }
func monthEnd(y, m int) time.Time    { return monthStart(y, m).AddDate(0, 1, -1) }

// rounding is the regime's rounding of each tax line (default: the currency's
// minor unit, half away from zero).
func (c *calc) rounding() rounding {
	if c.def.rounding != nil {
		return *c.def.rounding
	}
	return rounding{places: c.ctry.minor, mode: "half-up"}
}

func (ro rounding) apply(d decimal.Decimal) decimal.Decimal {
	switch ro.mode {
	case "down":
		return d.RoundDown(ro.places)
	case "up":
		return d.RoundUp(ro.places)
	}
	return d.Round(ro.places)
}

func (ro rounding) String() string {
	mode := "half away from zero"
	switch ro.mode {
	case "down":
		mode = "down (toward zero)"
	case "up":
		mode = "up (away from zero)"
	}
	return fmt.Sprintf("%d decimal places, %s", ro.places, mode)
}

// round rounds a tax amount per the regime and traces it when it changes.
func (c *calc) round(what string, d decimal.Decimal) decimal.Decimal {
	ro := c.rounding()
	out := ro.apply(d)
	if !out.Equal(d) {
		ref := "regime rounding: " + ro.String()
		if c.def.rounding == nil {
			ref = fmt.Sprintf("default: the %s minor unit, %s", c.ctry.currency, ro.String())
		}
		c.ruleStep(fmt.Sprintf("round %s %s to %s", what, d, c.m(out)), out, "rounding", ref, "")
	}
	return out
}

func (n noteDef) inYear(y int) bool { return inYears(n.from, n.until, y) }

func (n noteDef) String() string { return "(" + n.confidence + ") " + n.text }

var confRank = map[string]int{"C": 3, "S": 2, "U": 1}

// lowest returns the weaker of two confidence tags ("" counts as C).
func lowest(a, b string) string {
	if b == "" {
		return a
	}
	if a == "" || confRank[b] < confRank[a] {
		return b
	}
	return a
}

func pct(r decimal.Decimal) string {
	return r.Shift(2).String() + "%"
}

// m prints a money amount for step texts and notes: thousands separators and
// at least the currency's display digits ("32,008.90"), more when it has them.
func (c *calc) m(d decimal.Decimal) string { return textfmt.AtLeast(d, c.displayPlaces()) }

func (c *calc) displayPlaces() int32 {
	if c.ctry.display >= 0 {
		return c.ctry.display
	}
	return c.ctry.minor
}

func maxZero(d decimal.Decimal) decimal.Decimal {
	if d.IsNegative() {
		return decimal.Zero
	}
	return d
}
