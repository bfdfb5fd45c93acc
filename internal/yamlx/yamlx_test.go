package yamlx

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/incomeledger/income/errs"
)

type inner struct {
	Rate Value[string] `yaml:"rate"`
	Note string        `yaml:"note"`
}

type doc struct {
	Name  string           `yaml:"name"`
	Count int              `yaml:"count"`
	Items []inner          `yaml:"items"`
	ByKey map[string]inner `yaml:"by_key"`
	Ptr   *inner           `yaml:"ptr"`
	Any   yaml.Node        `yaml:"any"`
	Embed `yaml:",inline"`
}

type Embed struct {
	Extra string `yaml:"extra"`
}

// dated has data keys; it checks its own values through DecodeNode.
type dated map[string]inner

func (d *dated) UnmarshalYAML(n *yaml.Node) error {
	ps, err := Pairs(n, "dated: want a mapping")
	if err != nil {
		return err
	}
	*d = dated{}
	for _, p := range ps {
		if len(p[0].Value) != 10 {
			return Errorf(p[0], "%q: not a date", p[0].Value)
		}
		var in inner
		if err := DecodeNode(p[1], &in); err != nil {
			return err
		}
		(*d)[p[0].Value] = in
	}
	return nil
}

type withDated struct {
	Dated dated              `yaml:"dated"`
	Order Map[Value[string]] `yaml:"order"`
}

func TestDecodeOK(t *testing.T) {
	src := `name: x
count: 3
extra: e
items:
  - rate: "0.05"
    note: n
by_key:
  a: {rate: "1"}
ptr: {rate: "2"}
any: {whatever: [1, 2]}
`
	var d doc
	if err := Decode("f.yaml", []byte(src), &d); err != nil {
		t.Fatal(err)
	}
	if d.Name != "x" || d.Count != 3 || d.Extra != "e" {
		t.Errorf("got %+v", d)
	}
	if got := d.Items[0].Rate; got.V != "0.05" || got.Line != 5 {
		t.Errorf("items[0].rate = %+v, want 0.05 at line 5", got)
	}
	if got := d.ByKey["a"].Rate; got.V != "1" || got.Line != 8 {
		t.Errorf("by_key.a.rate = %+v, want 1 at line 8", got)
	}
	if d.Ptr == nil || d.Ptr.Rate.V != "2" || d.Any.Kind != yaml.MappingNode {
		t.Errorf("ptr/any: %+v %v", d.Ptr, d.Any.Kind)
	}
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name, src string
		into      any
		want      string
	}{
		{"unknown top key", "name: x\nnmae: y\n", &doc{}, `f.yaml:2: unknown key "nmae" (known: any, by_key, count, extra, items, name, ptr)`},
		{"unknown key in list item", "items:\n  - rate: \"1\"\n    nope: 2\n", &doc{}, `f.yaml:3: unknown key "nope" (known: note, rate)`},
		{"unknown key in map value", "by_key:\n  a:\n    rat: \"1\"\n", &doc{}, `f.yaml:3: unknown key "rat" (known: note, rate)`},
		{"unknown key under pointer", "ptr: {rate: \"1\", x: 1}\n", &doc{}, `f.yaml:1: unknown key "x" (known: note, rate)`},
		{"unknown key inside Value", "items:\n  - rate: {a: 1}\n", &doc{}, `f.yaml:2: cannot unmarshal !!map into string`},
		{"unknown key inside custom unmarshaler", "dated:\n  2024-01-01:\n    rate: \"1\"\n    bad: 1\n", &withDated{}, `f.yaml:4: unknown key "bad" (known: note, rate)`},
		{"custom unmarshaler error", "dated:\n  2024-1-1: {rate: \"1\"}\n", &withDated{}, `f.yaml:2: "2024-1-1": not a date`},
		{"duplicate key", "name: x\ncount: 1\nname: y\n", &doc{}, `f.yaml:3: key "name" appears twice (first at line 1)`},
		{"duplicate nested key", "by_key:\n  a: {rate: \"1\"}\n  a: {rate: \"2\"}\n", &doc{}, `f.yaml:3: key "a" appears twice (first at line 2)`},
		{"duplicate key under yaml.Node", "any:\n  k: 1\n  k: 2\n", &doc{}, `f.yaml:3: key "k" appears twice (first at line 2)`},
		{"anchor", "ptr: &a {rate: \"1\"}\n", &doc{}, `f.yaml:1: anchors and aliases (&, *) are not supported`},
		{"merge key", "by_key:\n  a:\n    <<: {rate: \"1\"}\n", &doc{}, `f.yaml:3: merge keys (<<) are not supported`},
		{"type error", "name: x\ncount: many\n", &doc{}, "f.yaml:2: cannot unmarshal !!str `many` into int"},
		{"syntax error", "name: [x\n", &doc{}, `f.yaml:1: did not find expected ',' or ']'`},
		{"two documents", "name: x\n---\nname: y\n", &doc{}, `f.yaml:2: want one YAML document, found another`},
		{"empty", "", &doc{}, `f.yaml: empty document`},
		{"comment only", "# nothing\n", &doc{}, `f.yaml: empty document`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Decode("f.yaml", []byte(tt.src), tt.into)
			if err == nil {
				t.Fatalf("no error, want %q", tt.want)
			}
			if err.Error() != tt.want {
				t.Errorf("error\n got %q\nwant %q", err, tt.want)
			}
			var de *errs.DataError
			if !errors.As(err, &de) || !errors.Is(err, errs.ErrInvalid) || errs.ExitCode(err) != errs.ExitInvalid {
				t.Errorf("%v is not a DataError with exit 3", err)
			}
		})
	}
}

func TestMapKeepsOrderAndLines(t *testing.T) {
	var w withDated
	src := "order:\n  b: \"2\"\n  a: \"1\"\n  c: x\n"
	if err := Decode("f.yaml", []byte(src), &w); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range w.Order {
		got = append(got, fmt.Sprintf("%s@%d=%s@%d", e.Key, e.Line, e.V.V, e.V.Line))
	}
	if want := "b@2=2@2 a@3=1@3 c@4=x@4"; strings.Join(got, " ") != want {
		t.Errorf("got %q, want %q", strings.Join(got, " "), want)
	}
	err := Decode("f.yaml", []byte("order: [1]\n"), &w)
	if err == nil || err.Error() != "f.yaml:1: want a mapping, got a list" {
		t.Errorf("list for a Map: %v", err)
	}
}

func TestEmptyIsMatchable(t *testing.T) {
	err := Decode("f.yaml", nil, &doc{})
	if !errors.Is(err, ErrEmpty) {
		t.Errorf("errors.Is(%v, ErrEmpty) = false", err)
	}
}

func TestDecodeNodeNeedsPointer(t *testing.T) {
	var n yaml.Node
	if err := DecodeNode(&n, doc{}); err == nil {
		t.Error("DecodeNode into a non-pointer: no error")
	}
}

func FuzzDecode(f *testing.F) {
	f.Add("name: x\nitems: [{rate: \"1\"}]\n")
	f.Add("dated: {2024-01-01: {rate: \"1\"}}\n")
	f.Add("a: &x 1\nb: *x\n")
	f.Fuzz(func(t *testing.T, src string) {
		var d doc
		if err := Decode("f.yaml", []byte(src), &d); err != nil && !errors.Is(err, errs.ErrInvalid) {
			t.Fatalf("error %v is not invalid data", err)
		}
		var w withDated
		_ = Decode("f.yaml", []byte(src), &w)
	})
}
