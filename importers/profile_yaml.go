package importers

import (
	"errors"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"

	"github.com/incomeledger/income/errs"
	"github.com/incomeledger/income/internal/yamlx"
	"github.com/incomeledger/income/ledger"
	"gopkg.in/yaml.v3"
)

// LoadProfile reads a bank profile YAML file (`income import --profile
// FILE`). Errors name the file, the line and the key; unknown and repeated
// keys are errors, so a misspelt key never silently does nothing.
func LoadProfile(path string) (Importer, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return parseProfile(path, data)
}

// profileFile is a profile's YAML, decoded strictly by yamlx (known keys,
// no key twice, no aliases). Values keep their lines for the one
// validation pass, compile, that builds a Profile.
type profileFile struct {
	Name         *scalar                   `yaml:"name"`
	Detect       *yamlx.Value[detectSpec]  `yaml:"detect"`
	HeaderRow    *scalar                   `yaml:"header_row"`
	Currency     *currencySpec             `yaml:"currency"`
	Date         *yamlx.Value[dateSpec]    `yaml:"date"`
	Amount       *yamlx.Value[amountSpec]  `yaml:"amount"`
	Number       *numberSpec               `yaml:"number"`
	Description  *scalars                  `yaml:"description"`
	ID           *scalar                   `yaml:"id"`
	Counterparty *scalar                   `yaml:"counterparty"`
	Balance      *scalar                   `yaml:"balance"`
	StopAt       *scalars                  `yaml:"stop_at"`
	Skip         *scalars                  `yaml:"skip"`
	Payouts      *scalars                  `yaml:"payouts"`
	Sections     *yamlx.Value[sectionSpec] `yaml:"sections"`
}

type detectSpec struct {
	Header *scalars `yaml:"header"`
}

type dateSpec struct {
	Column   *scalar            `yaml:"column"`
	Format   *scalars           `yaml:"format"`
	FillDown *yamlx.Value[bool] `yaml:"fill_down"`
	Period   *scalar            `yaml:"period"`
}

type amountSpec struct {
	Column     *scalar  `yaml:"column"`
	Sign       *scalar  `yaml:"sign"`
	Credit     *scalar  `yaml:"credit"`
	Debit      *scalar  `yaml:"debit"`
	Direction  *scalar  `yaml:"direction"`
	CreditWord *scalars `yaml:"credit_word"`
	DebitWord  *scalars `yaml:"debit_word"`
}

// scalar is one text value with its line; what it must hold is checked
// by compile, which knows its key.
type scalar struct {
	V    string
	Line int
	ok   bool // a non-null scalar
}

func (s *scalar) UnmarshalYAML(n *yaml.Node) error {
	*s = scalar{V: strings.TrimSpace(n.Value), Line: n.Line, ok: n.Kind == yaml.ScalarNode && n.Tag != "!!null"}
	return nil
}

// scalars is one text value or a list of them.
type scalars struct {
	Items []scalar
	Line  int
	list  bool
	bad   bool // neither a scalar nor a list of scalars
}

func (s *scalars) UnmarshalYAML(n *yaml.Node) error {
	*s = scalars{Line: n.Line}
	switch n.Kind {
	case yaml.SequenceNode:
		s.list = true
		for _, e := range n.Content {
			var v scalar
			_ = v.UnmarshalYAML(e)
			s.Items = append(s.Items, v)
		}
	case yaml.ScalarNode:
		var v scalar
		_ = v.UnmarshalYAML(n)
		s.Items = []scalar{v}
	default:
		s.bad = true
	}
	return nil
}

// currencySpec is a fixed currency code or {column: NAME}.
type currencySpec struct {
	Fixed  *scalar
	Column *scalar `yaml:"column"`
	Line   int
}

func (c *currencySpec) UnmarshalYAML(n *yaml.Node) error {
	c.Line = n.Line
	if n.Kind == yaml.MappingNode {
		var m struct {
			Column *scalar `yaml:"column"`
		}
		if err := yamlx.DecodeNode(n, &m); err != nil {
			return err
		}
		if m.Column == nil {
			return yamlx.Errorf(n, "currency: missing key \"column\"")
		}
		c.Column = m.Column
		return nil
	}
	c.Fixed = &scalar{}
	return c.Fixed.UnmarshalYAML(n)
}

// numberSpec is auto or {decimal, thousands}.
type numberSpec struct {
	Auto      *scalar
	Decimal   *scalar
	Thousands *scalar
	Line      int
}

func (s *numberSpec) UnmarshalYAML(n *yaml.Node) error {
	s.Line = n.Line
	if n.Kind != yaml.MappingNode {
		s.Auto = &scalar{}
		return s.Auto.UnmarshalYAML(n)
	}
	var m struct {
		Decimal   *scalar `yaml:"decimal"`
		Thousands *scalar `yaml:"thousands"`
	}
	if err := yamlx.DecodeNode(n, &m); err != nil {
		return err
	}
	if m.Decimal == nil {
		return yamlx.Errorf(n, "number: missing key \"decimal\"")
	}
	s.Decimal, s.Thousands = m.Decimal, m.Thousands
	if s.Thousands != nil {
		s.Thousands.V = n.Content[indexOfKey(n, "thousands")+1].Value // " " is a separator: untrimmed
	}
	return nil
}

func indexOfKey(n *yaml.Node, key string) int {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return i
		}
	}
	return -1
}

// profileCompiler turns a decoded profileFile into a Profile; its errors
// read "file:line: key: what".
type profileCompiler struct {
	src string
	err error
}

func (pc *profileCompiler) fail(line int, key, format string, args ...any) {
	if pc.err != nil {
		return
	}
	msg := fmt.Sprintf(format, args...)
	if key != "" {
		msg = key + ": " + msg
	}
	pc.err = errs.Data(pc.src, line, errors.New(msg))
}

// text checks that s is a non-empty text value.
func (pc *profileCompiler) text(s *scalar, key string) string {
	switch {
	case !s.ok:
		pc.fail(s.Line, key, "must be a text value")
	case s.V == "":
		pc.fail(s.Line, key, "is empty")
	}
	return s.V
}

// texts checks a value or a non-empty list of values.
func (pc *profileCompiler) texts(s *scalars, key string) []string {
	if s.bad {
		pc.fail(s.Line, key, "must be a text value")
		return nil
	}
	if len(s.Items) == 0 {
		pc.fail(s.Line, key, "is an empty list")
		return nil
	}
	out := make([]string, 0, len(s.Items))
	for i := range s.Items {
		out = append(out, pc.text(&s.Items[i], key))
	}
	return out
}

func (pc *profileCompiler) col(s *scalar, key string) colRef {
	v := pc.text(s, key)
	if strings.HasPrefix(v, "#") {
		i, err := strconv.Atoi(v[1:])
		if err != nil || i < 1 || i > maxSheetColumns {
			pc.fail(s.Line, key, "%q is not a column number (#1, #2, …)", v)
		}
		return colRef{pos: i}
	}
	return colRef{name: v}
}

func (pc *profileCompiler) cols(s *scalars, key string) []colRef {
	pc.texts(s, key)
	var out []colRef
	for i := range s.Items {
		out = append(out, pc.col(&s.Items[i], key))
	}
	return out
}

var (
	profileName      = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)
	profilePlausible = regexp.MustCompile(`(?m)^\s*#\s*confidence:\s*plausible`)
)

// parseProfile reads a profile's YAML; src names it in errors.
func parseProfile(src string, data []byte) (*Profile, error) {
	root, err := yamlx.Parse(src, data)
	if err != nil {
		if errors.Is(err, yamlx.ErrEmpty) {
			return nil, errs.Dataf(src, 0, "empty profile")
		}
		return nil, err
	}
	if root.Kind != yaml.MappingNode {
		return nil, errs.Dataf(src, root.Line, "a profile must be a mapping of keys (name, detect, …)")
	}
	var f profileFile
	if err := yamlx.DecodeNode(root, &f); err != nil {
		var le *yamlx.LineError
		if errors.As(err, &le) {
			return nil, errs.Data(src, le.Line, le.Err)
		}
		return nil, errs.Data(src, 0, err)
	}
	pc := &profileCompiler{src: src}
	p := pc.compile(&f, root.Line)
	if pc.err != nil {
		return nil, pc.err
	}
	p.plausible = profilePlausible.Match(data)
	return p, nil
}

// compile validates f and builds its Profile (nil on the first error,
// left in pc.err).
func (pc *profileCompiler) compile(f *profileFile, rootLine int) *Profile {
	for _, req := range []struct {
		key string
		set bool
	}{{"name", f.Name != nil}, {"detect", f.Detect != nil}, {"currency", f.Currency != nil}, {"date", f.Date != nil}, {"amount", f.Amount != nil}} {
		if !req.set {
			pc.fail(rootLine, "", "missing key %q", req.key)
			return nil
		}
	}
	p := &Profile{src: pc.src, numberAuto: true}
	p.name = pc.text(f.Name, "name")
	if pc.err == nil && !profileName.MatchString(p.name) {
		pc.fail(f.Name.Line, "name", "%q: use letters, digits, '-', '_' or '.'", p.name)
	}
	if f.Detect.V.Header == nil {
		pc.fail(f.Detect.Line, "detect", "missing key \"header\"")
		return nil
	}
	p.detect = pc.texts(f.Detect.V.Header, "detect.header")
	if n := f.HeaderRow; n != nil {
		if v := pc.text(n, "header_row"); pc.err == nil && v != "auto" {
			i, err := strconv.Atoi(v)
			if err != nil || i < 1 {
				pc.fail(n.Line, "header_row", "%q: use auto or a row number from 1", v)
			}
			p.headerRow = i
		}
	}
	if c := f.Currency; c.Column != nil {
		p.currencyCol = pc.col(c.Column, "currency.column")
	} else {
		v := pc.text(c.Fixed, "currency")
		p.currency = strings.ToUpper(v)
		if _, ok := ledger.LookupCurrency(p.currency); pc.err == nil && !ok {
			pc.fail(c.Line, "currency", "unknown currency %q (an ISO 4217 code such as VND, IDR, USD)", v)
		}
	}
	pc.date(p, f.Date)
	pc.amount(p, f.Amount)
	pc.number(p, f.Number)
	if f.Description != nil {
		p.description = pc.cols(f.Description, "description")
	}
	for _, c := range []struct {
		s   *scalar
		key string
		dst *colRef
	}{{f.ID, "id", &p.id}, {f.Counterparty, "counterparty", &p.counterparty}, {f.Balance, "balance", &p.balance}} {
		if c.s != nil {
			*c.dst = pc.col(c.s, c.key)
		}
	}
	for _, l := range []struct {
		s   *scalars
		key string
		dst *[]string
	}{{f.StopAt, "stop_at", &p.stopAt}, {f.Skip, "skip", &p.skip}} {
		if l.s != nil {
			for _, v := range pc.texts(l.s, l.key) {
				*l.dst = append(*l.dst, Norm(v))
			}
		}
	}
	payouts := ledger.PayoutWords()
	if n := f.Payouts; n != nil {
		if n.list && len(n.Items) == 0 {
			payouts = nil
		} else {
			payouts = pc.texts(n, "payouts")
		}
	}
	for _, w := range payouts {
		if ws := bankWords(w); len(ws) > 0 {
			p.payouts = append(p.payouts, ws)
		}
	}
	if f.Sections != nil {
		pc.sections(p, f.Sections)
	}
	if pc.err != nil {
		return nil
	}
	return p
}

func (pc *profileCompiler) date(p *Profile, v *yamlx.Value[dateSpec]) {
	d := v.V
	if d.Column == nil || d.Format == nil {
		pc.fail(v.Line, "date", "needs column and format")
		return
	}
	p.dateCol = pc.col(d.Column, "date.column")
	p.dateFormats = pc.texts(d.Format, "date.format")
	for _, l := range p.dateFormats {
		if pc.err == nil && !goodLayout(l) {
			pc.fail(d.Format.Line, "date.format", "%q is not a Go date layout with a day and a month (write 2 January 2006 the way the file does, e.g. 02/01/2006)", l)
		}
	}
	if d.FillDown != nil {
		p.fillDown = d.FillDown.V
	}
	if d.Period != nil {
		p.periodLabel = pc.text(d.Period, "date.period")
	}
	for _, l := range p.dateFormats {
		if pc.err == nil && yearless(l) && p.periodLabel == "" {
			pc.fail(d.Format.Line, "date.format", "%q has no year: add date.period, the preamble label of the statement period", l)
		}
	}
}

func (pc *profileCompiler) number(p *Profile, n *numberSpec) {
	if n == nil {
		return
	}
	if n.Auto != nil {
		if n.Auto.V != "auto" {
			pc.fail(n.Line, "number", "%q: use auto or {decimal, thousands}", n.Auto.V)
		}
		return
	}
	dec := pc.text(n.Decimal, "number.decimal")
	if pc.err == nil && dec != "." && dec != "," {
		pc.fail(n.Decimal.Line, "number.decimal", "%q: use \".\" or \",\"", dec)
		return
	}
	if pc.err != nil {
		return
	}
	p.numberAuto, p.numberDec = false, dec[0]
	if t := n.Thousands; t != nil {
		if !t.ok {
			pc.fail(t.Line, "number.thousands", "must be a text value")
			return
		}
		p.numberTho = t.V
		switch p.numberTho {
		case ",", ".", " ", "", "'":
		default:
			pc.fail(t.Line, "number.thousands", "%q: use \",\", \".\", \" \", \"'\" or \"\"", p.numberTho)
		}
		if p.numberTho == dec {
			pc.fail(t.Line, "number.thousands", "is the same as number.decimal")
		}
	}
}

func (pc *profileCompiler) amount(p *Profile, v *yamlx.Value[amountSpec]) {
	a := v.V
	const shapes = "use one of {column, sign} | {credit, debit} | {column, direction, credit_word, debit_word}"
	signed := a.Column != nil || a.Sign != nil
	split := a.Credit != nil || a.Debit != nil
	direction := a.Direction != nil || a.CreditWord != nil || a.DebitWord != nil
	switch {
	case split:
		if a.Credit == nil || a.Debit == nil || signed || direction {
			pc.fail(v.Line, "amount", shapes)
			return
		}
		p.mode = amountSplit
		p.creditCol = pc.col(a.Credit, "amount.credit")
		p.debitCol = pc.col(a.Debit, "amount.debit")
	case direction:
		if a.Column == nil || a.Direction == nil || a.CreditWord == nil || a.DebitWord == nil || a.Sign != nil {
			pc.fail(v.Line, "amount", shapes)
			return
		}
		p.mode = amountDirection
		p.amountCol = pc.col(a.Column, "amount.column")
		p.directionCol = pc.col(a.Direction, "amount.direction")
		for _, w := range pc.texts(a.CreditWord, "amount.credit_word") {
			p.creditWords = append(p.creditWords, Norm(w))
		}
		for _, w := range pc.texts(a.DebitWord, "amount.debit_word") {
			p.debitWords = append(p.debitWords, Norm(w))
		}
		for _, c := range p.creditWords {
			for i, d := range p.debitWords {
				if c == d && pc.err == nil {
					pc.fail(a.DebitWord.Line, "amount.debit_word", "%q is also a credit_word", a.DebitWord.Items[i].V)
				}
			}
		}
	default:
		if a.Column == nil {
			pc.fail(v.Line, "amount", shapes)
			return
		}
		p.mode = amountSigned
		p.amountCol = pc.col(a.Column, "amount.column")
		if s := a.Sign; s != nil {
			switch v := pc.text(s, "amount.sign"); v {
			case "normal":
			case "inverted":
				p.inverted = true
			default:
				if pc.err == nil {
					pc.fail(s.Line, "amount.sign", "%q: use normal (money out is negative) or inverted (money out is positive)", v)
				}
			}
		}
	}
}
