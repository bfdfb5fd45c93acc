package tax

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"gopkg.in/yaml.v3"
)

// dateLayout is the layout of every date in rule files and in the output.
const dateLayout = "2006-01-02"

// reader walks a parsed rules file and builds errors that name the file and
// line ("rules.yaml:12: parameter x: ...").
type reader struct{ file string }

func (rd reader) errf(n *yaml.Node, format string, args ...any) error {
	line := 0
	if n != nil {
		line = n.Line
	}
	return fmt.Errorf("%s:%d: %s", rd.file, line, fmt.Sprintf(format, args...))
}

func (rd reader) where(n *yaml.Node) string {
	return fmt.Sprintf("%s:%d", rd.file, n.Line)
}

// pair is one key and value of a mapping.
type pair struct {
	key string
	k   *yaml.Node
	v   *yaml.Node
}

// mapping returns the pairs of a mapping node in file order. Aliases, merge keys
// and duplicate keys are errors: rule files are plain data.
func (rd reader) mapping(n *yaml.Node, what string) ([]pair, error) {
	if err := rd.plain(n); err != nil {
		return nil, err
	}
	if n.Kind != yaml.MappingNode {
		return nil, rd.errf(n, "%s: want a mapping, got %s", what, kindName(n))
	}
	out := make([]pair, 0, len(n.Content)/2)
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if err := rd.plain(k); err != nil {
			return nil, err
		}
		if k.Kind != yaml.ScalarNode {
			return nil, rd.errf(k, "%s: keys must be plain scalars", what)
		}
		if k.Tag == "!!merge" || k.Value == "<<" {
			return nil, rd.errf(k, "%s: merge keys (<<) are not supported", what)
		}
		if seen[k.Value] {
			return nil, rd.errf(k, "%s: key %q appears twice", what, k.Value)
		}
		seen[k.Value] = true
		if err := rd.plain(v); err != nil {
			return nil, err
		}
		out = append(out, pair{key: k.Value, k: k, v: v})
	}
	return out, nil
}

// onlyKeys checks that every key of ps is one of allowed.
func (rd reader) onlyKeys(ps []pair, what string, allowed ...string) error {
	for _, p := range ps {
		if !slices.Contains(allowed, p.key) {
			return rd.errf(p.k, "%s: unknown key %q (known: %s)", what, p.key, strings.Join(allowed, ", "))
		}
	}
	return nil
}

func (rd reader) plain(n *yaml.Node) error {
	if n == nil {
		return fmt.Errorf("%s: empty document", rd.file)
	}
	if n.Kind == yaml.AliasNode || n.Anchor != "" {
		return rd.errf(n, "anchors and aliases are not supported in rule files")
	}
	return nil
}

func (rd reader) sequence(n *yaml.Node, what string) ([]*yaml.Node, error) {
	if err := rd.plain(n); err != nil {
		return nil, err
	}
	if n.Kind != yaml.SequenceNode {
		return nil, rd.errf(n, "%s: want a list, got %s", what, kindName(n))
	}
	for _, c := range n.Content {
		if err := rd.plain(c); err != nil {
			return nil, err
		}
	}
	return n.Content, nil
}

func (rd reader) str(n *yaml.Node, what string) (string, error) {
	if err := rd.plain(n); err != nil {
		return "", err
	}
	if n.Kind != yaml.ScalarNode {
		return "", rd.errf(n, "%s: want a single value, got %s", what, kindName(n))
	}
	if n.Tag == "!!null" {
		return "", nil
	}
	return n.Value, nil
}

func (rd reader) nonEmpty(n *yaml.Node, what string) (string, error) {
	s, err := rd.str(n, what)
	if err == nil && strings.TrimSpace(s) == "" {
		err = rd.errf(n, "%s: must not be empty", what)
	}
	return s, err
}

// dec reads a decimal from the scalar's text, never through float64.
func (rd reader) dec(n *yaml.Node, what string) (decimal.Decimal, error) {
	s, err := rd.nonEmpty(n, what)
	if err != nil {
		return decimal.Decimal{}, err
	}
	d, err := parseDecimal(s)
	if err != nil {
		return decimal.Decimal{}, rd.errf(n, "%s: %q: not a number", what, s)
	}
	return d, nil
}

func (rd reader) integer(n *yaml.Node, what string) (int, error) {
	s, err := rd.nonEmpty(n, what)
	if err != nil {
		return 0, err
	}
	i, err := strconv.Atoi(s)
	if err != nil {
		return 0, rd.errf(n, "%s: %q: not a whole number", what, s)
	}
	return i, nil
}

func (rd reader) date(n *yaml.Node, what string) (time.Time, error) {
	s, err := rd.nonEmpty(n, what)
	if err != nil {
		return time.Time{}, err
	}
	t, err := parseDate(s)
	if err != nil {
		return time.Time{}, rd.errf(n, "%s: %q: not a date (want YYYY-MM-DD)", what, s)
	}
	return t, nil
}

func (rd reader) confidence(n *yaml.Node, what string) (string, error) {
	s, err := rd.nonEmpty(n, what)
	if err != nil {
		return "", err
	}
	if !validConfidence(s) {
		return "", rd.errf(n, "%s: %q: want C, S or U", what, s)
	}
	return s, nil
}

// parseDecimal accepts plain decimal numbers only ("1200", "-0.5", "0.9235"):
// no exponents, no thousands separators, no signs other than a leading minus.
func parseDecimal(s string) (decimal.Decimal, error) {
	s = strings.TrimSpace(s)
	body := strings.TrimPrefix(s, "-")
	if body == "" || len(body) > 40 {
		return decimal.Decimal{}, fmt.Errorf("not a number")
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
			return decimal.Decimal{}, fmt.Errorf("not a number")
		}
	}
	if digits == 0 {
		return decimal.Decimal{}, fmt.Errorf("not a number")
	}
	return decimal.NewFromString(s)
}

func parseDate(s string) (time.Time, error) {
	if len(s) != len(dateLayout) {
		return time.Time{}, fmt.Errorf("bad date")
	}
	return time.Parse(dateLayout, s)
}

func isDateKey(s string) bool {
	_, err := parseDate(s)
	return err == nil
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		return fmt.Sprintf("%q", n.Value)
	case yaml.DocumentNode:
		return "a document"
	}
	return "nothing"
}
