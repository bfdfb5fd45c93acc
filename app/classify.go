package app

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/incomeledger/income/errs"
	"github.com/incomeledger/income/ledger"
	"github.com/shopspring/decimal"
	"gopkg.in/yaml.v3"
)

// RuleYAML is one classification rule as `income classify export` writes
// it and `income classify import` reads it.
type RuleYAML struct {
	Kind         string `yaml:"kind" json:"kind"`
	Source       string `yaml:"source,omitempty" json:"source,omitempty"`
	Account      string `yaml:"account,omitempty" json:"account,omitempty"`
	Counterparty string `yaml:"counterparty,omitempty" json:"counterparty,omitempty"`
	Description  string `yaml:"description,omitempty" json:"description,omitempty"`
	Sign         string `yaml:"sign,omitempty" json:"sign,omitempty"`
	Currency     string `yaml:"currency,omitempty" json:"currency,omitempty"`
	Min          string `yaml:"min,omitempty" json:"min,omitempty"`
	Max          string `yaml:"max,omitempty" json:"max,omitempty"`
	Note         string `yaml:"note,omitempty" json:"note,omitempty"`
}

// RuleToYAML flattens a rule.
func RuleToYAML(r ledger.Rule) RuleYAML {
	y := RuleYAML{Kind: string(r.Kind), Source: r.Source, Account: r.Account, Counterparty: r.Counterparty,
		Description: r.Description, Sign: r.Sign, Currency: r.Currency, Note: r.Note}
	if r.Min.Valid {
		y.Min = r.Min.Decimal.String()
	}
	if r.Max.Valid {
		y.Max = r.Max.Decimal.String()
	}
	return y
}

// Rule reads y into a checked rule.
func (y RuleYAML) Rule() (ledger.Rule, error) {
	r := ledger.Rule{Kind: ledger.Kind(y.Kind), Source: y.Source, Account: y.Account, Counterparty: y.Counterparty,
		Description: y.Description, Sign: y.Sign, Currency: y.Currency, Note: y.Note}
	if _, err := ledger.ParseKind(y.Kind); err != nil {
		return r, fmt.Errorf("kind %q: want one of %s: %w", y.Kind, kindList(), errs.ErrInvalid)
	}
	for _, b := range []struct {
		name, text string
		to         *decimal.NullDecimal
	}{{"min", y.Min, &r.Min}, {"max", y.Max, &r.Max}} {
		if b.text == "" {
			continue
		}
		d, err := decimal.NewFromString(b.text)
		// a bounded number: "1e999999999" would take minutes to print
		if err == nil && (len(b.text) > 40 || d.Exponent() > 20 || d.Exponent() < -20 || d.GreaterThan(maxRuleAmount)) {
			return r, fmt.Errorf("%s %q: want an amount up to 10^15 with at most 20 decimals: %w", b.name, b.text, errs.ErrInvalid)
		}
		if err != nil || d.IsNegative() {
			return r, fmt.Errorf("%s %q: want a non-negative amount like 1000000 or 12.50: %w", b.name, b.text, errs.ErrInvalid)
		}
		*b.to = decimal.NewNullDecimal(d)
	}
	return r, r.Validate()
}

// maxRuleAmount bounds a rule's min and max.
var maxRuleAmount = decimal.New(1, 15)

// kindList names the kinds a rule may give.
func kindList() string {
	var b bytes.Buffer
	for i, k := range ledger.Kinds {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(string(k))
	}
	return b.String()
}

// rulesFile is the YAML document of exported rules.
type rulesFile struct {
	Rules []RuleYAML `yaml:"rules"`
}

// WriteRulesYAML writes rules as a YAML document `classify import` reads.
func WriteRulesYAML(w io.Writer, rules []ledger.Rule) error {
	doc := rulesFile{Rules: []RuleYAML{}}
	for _, r := range rules {
		doc.Rules = append(doc.Rules, RuleToYAML(r))
	}
	io.WriteString(w, "# income classification rules: the first rule that matches an entry decides its kind.\n")
	enc := yaml.NewEncoder(w)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return err
	}
	return enc.Close()
}

// ReadRulesYAML reads a rules document; an error names file and line.
// Unknown keys are errors, as everywhere in income's YAML.
func ReadRulesYAML(file string, data []byte) ([]ledger.Rule, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, errs.Data(file, yamlLine(err), err)
	}
	if len(root.Content) == 0 {
		return nil, errs.Dataf(file, 1, "empty rules file: want a `rules:` list")
	}
	doc := root.Content[0]
	if doc.Kind != yaml.MappingNode {
		return nil, errs.Dataf(file, doc.Line, "want a mapping with a `rules:` list")
	}
	var list *yaml.Node
	for i := 0; i+1 < len(doc.Content); i += 2 {
		k, v := doc.Content[i], doc.Content[i+1]
		if k.Value != "rules" {
			return nil, errs.Dataf(file, k.Line, "unknown key %q: want `rules`", k.Value)
		}
		list = v
	}
	if list == nil || list.Kind != yaml.SequenceNode {
		line := doc.Line
		if list != nil {
			line = list.Line
		}
		return nil, errs.Dataf(file, line, "`rules` must be a list of rules")
	}
	var out []ledger.Rule
	for _, n := range list.Content {
		if n.Kind != yaml.MappingNode {
			return nil, errs.Dataf(file, n.Line, "a rule must be a mapping (kind: …, description: …)")
		}
		if err := checkRuleKeys(file, n); err != nil {
			return nil, err
		}
		var y RuleYAML
		if err := n.Decode(&y); err != nil {
			return nil, errs.Data(file, n.Line, err)
		}
		r, err := y.Rule()
		if err != nil {
			return nil, errs.Dataf(file, n.Line, "%s", BareMessage(err))
		}
		out = append(out, r)
	}
	return out, nil
}

var ruleKeys = map[string]bool{"kind": true, "source": true, "account": true, "counterparty": true, "description": true,
	"sign": true, "currency": true, "min": true, "max": true, "note": true}

func checkRuleKeys(file string, n *yaml.Node) error {
	for i := 0; i < len(n.Content); i += 2 {
		k := n.Content[i]
		if !ruleKeys[k.Value] {
			keys := make([]string, 0, len(ruleKeys))
			for k := range ruleKeys {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			return errs.Dataf(file, k.Line, "unknown key %q in a rule: want one of %v", k.Value, keys)
		}
	}
	return nil
}

// BareMessage is err's text without the "invalid data" its chain ends in
// (a DataError says that by its exit code).
func BareMessage(err error) string {
	m := err.Error()
	for _, suffix := range []string{": " + errs.ErrInvalid.Error(), "\n" + errs.ErrInvalid.Error()} {
		m = strings.TrimSuffix(m, suffix)
	}
	return m
}

// yamlLine reads the line out of a yaml.v3 syntax error ("yaml: line 3:
// …"), else 1.
func yamlLine(err error) int {
	var line int
	if _, e := fmt.Sscanf(err.Error(), "yaml: line %d:", &line); e == nil && line > 0 {
		return line
	}
	return 1
}

// Classified is what a classification change did, with matching after it.
type Classified struct {
	Stats     ledger.ClassifyStats
	Transfers ledger.MatchStats
}

// settle matches transfers again after kinds changed.
func (l *Ledger) settle(ctx context.Context, st ledger.ClassifyStats) (Classified, error) {
	c := Classified{Stats: st}
	if st.Changed == 0 {
		return c, nil
	}
	var err error
	c.Transfers, _, err = l.Store.MatchTransfersIfChanged(ctx, ledger.DefaultTransferRules())
	return c, err
}

// AddRules appends rules (or replaces all of them) and classifies the
// ledger again.
func (l *Ledger) AddRules(ctx context.Context, rules []ledger.Rule, replace bool) ([]ledger.Rule, Classified, error) {
	added, st, err := l.Store.AddRules(ctx, rules, replace)
	if err != nil {
		return nil, Classified{}, err
	}
	c, err := l.settle(ctx, st)
	return added, c, err
}

// DeleteRule removes a rule and classifies the ledger again.
func (l *Ledger) DeleteRule(ctx context.Context, id int64) (Classified, error) {
	st, err := l.Store.DeleteRule(ctx, id)
	if err != nil {
		return Classified{}, err
	}
	return l.settle(ctx, st)
}

// ClassifyEntry gives the entry whose id starts with prefix a kind by hand
// ("" forgets it). It returns the entry as it is afterwards.
func (l *Ledger) ClassifyEntry(ctx context.Context, prefix string, kind ledger.Kind) (ledger.Entry, Classified, error) {
	id, err := l.Store.ResolveID(ctx, prefix)
	if err != nil {
		return ledger.Entry{}, Classified{}, err
	}
	st, err := l.Store.ClassifyEntry(ctx, id, kind)
	if err != nil {
		return ledger.Entry{}, Classified{}, err
	}
	c, err := l.settle(ctx, st)
	if err != nil {
		return ledger.Entry{}, c, err
	}
	e, err := l.Store.Entry(ctx, id)
	return e, c, err
}
