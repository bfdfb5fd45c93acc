// Package yamlx is the one strict YAML reader of income's side files (rules,
// profiles, config fragments). It decodes with gopkg.in/yaml.v3 into typed
// structs and refuses what a hand-edited data file should never carry:
//
//   - a key a struct does not declare (KnownFields, also inside custom
//     unmarshalers, which yaml.v3's Node.Decode does not check);
//   - the same key twice in one mapping;
//   - anchors, aliases and merge keys (<<): the files are plain data;
//   - more than one document.
//
// Every error is an errs.DataError naming the file and the 1-based line of
// the offending key or value. Value[T] keeps the line of a decoded value so a
// later validation pass can name it too.
package yamlx

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/incomeledger/income/errs"
)

// ErrEmpty is matched (errors.Is) by the error for a file with no document.
var ErrEmpty = errors.New("empty document")

// LineError is an error at a line of the document being decoded. Decode turns
// it into an errs.DataError naming the file; custom UnmarshalYAML methods
// return it (through Errorf or DecodeNode) so the line survives yaml.v3.
type LineError struct {
	Line int
	Err  error
}

func (e *LineError) Error() string { return fmt.Sprintf("line %d: %v", e.Line, e.Err) }
func (e *LineError) Unwrap() error { return e.Err }

// Errorf returns a LineError at n's line (0 when n is nil).
func Errorf(n *yaml.Node, format string, args ...any) error {
	line := 0
	if n != nil {
		line = n.Line
	}
	return &LineError{Line: line, Err: fmt.Errorf(format, args...)}
}

// Parse reads the single document of data and checks its structure (one
// document, no anchors, aliases or merge keys, no duplicate keys). It returns
// the document's root node (not the DocumentNode).
func Parse(file string, data []byte) (*yaml.Node, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, errs.Data(file, 0, ErrEmpty)
		}
		return nil, syntaxError(file, err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		line := extra.Line
		if err != nil {
			return nil, syntaxError(file, err)
		}
		return nil, errs.Dataf(file, line, "want one YAML document, found another")
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 {
		return nil, errs.Data(file, 0, ErrEmpty)
	}
	root := doc.Content[0]
	if err := checkTree(root); err != nil {
		return nil, withFile(file, err)
	}
	return root, nil
}

// Decode parses data strictly into v (a pointer). See the package comment.
func Decode(file string, data []byte, v any) error {
	root, err := Parse(file, data)
	if err != nil {
		return err
	}
	return withFile(file, DecodeNode(root, v))
}

// DecodeNode decodes n strictly into v: unknown struct keys are refused at
// their line, and yaml.v3's type errors keep theirs. Errors are LineErrors
// (or what a custom unmarshaler returned). Use it inside UnmarshalYAML.
func DecodeNode(n *yaml.Node, v any) error {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return fmt.Errorf("yamlx: DecodeNode needs a non-nil pointer, got %T", v)
	}
	if err := checkFields(n, rv.Type().Elem()); err != nil {
		return err
	}
	if err := n.Decode(v); err != nil {
		return typeError(n, err)
	}
	return nil
}

// Value is a decoded value with the line it was read from, for validation
// after decoding ("rules.yaml:12: rate 1.5: want 0 to 1").
type Value[T any] struct {
	V    T
	Line int
}

// UnmarshalYAML decodes the value strictly and records its line.
func (v *Value[T]) UnmarshalYAML(n *yaml.Node) error {
	v.Line = n.Line
	return DecodeNode(n, &v.V)
}

// Entry is one key of a Map with its line and decoded value.
type Entry[T any] struct {
	Key  string
	Line int // the key's line
	V    T
}

// Map is a mapping whose keys are data (dates, ids, names), kept in file
// order with their lines; each value is decoded strictly into T.
type Map[T any] []Entry[T]

// UnmarshalYAML decodes every value of the mapping n into T.
func (m *Map[T]) UnmarshalYAML(n *yaml.Node) error {
	ps, err := Pairs(n, "want a mapping")
	if err != nil {
		return err
	}
	out := make(Map[T], 0, len(ps))
	for _, p := range ps {
		e := Entry[T]{Key: p[0].Value, Line: p[0].Line}
		if err := DecodeNode(p[1], &e.V); err != nil {
			return err
		}
		out = append(out, e)
	}
	*m = out
	return nil
}

// Pairs returns the keys and values of a mapping node in file order, for a
// custom UnmarshalYAML whose keys are data (dates, ids). Any other node kind
// is refused with the message what ("parameter: want a mapping").
func Pairs(n *yaml.Node, what string) ([][2]*yaml.Node, error) {
	if n.Kind != yaml.MappingNode {
		return nil, Errorf(n, "%s, got %s", what, KindName(n))
	}
	out := make([][2]*yaml.Node, 0, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		out = append(out, [2]*yaml.Node{n.Content[i], n.Content[i+1]})
	}
	return out, nil
}

// KindName describes a node for messages: a mapping, a list or its text.
func KindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		return strconv.Quote(n.Value)
	case yaml.DocumentNode:
		return "a document"
	}
	return "nothing"
}

// checkTree refuses anchors, aliases, merge keys, non-scalar keys and keys
// given twice in one mapping, anywhere under n.
func checkTree(n *yaml.Node) error {
	if n.Kind == yaml.AliasNode || n.Anchor != "" {
		return Errorf(n, "anchors and aliases (&, *) are not supported")
	}
	if n.Kind == yaml.MappingNode {
		seen := make(map[string]int, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			if k.Kind != yaml.ScalarNode {
				return Errorf(k, "keys must be plain values, got %s", KindName(k))
			}
			if k.Tag == "!!merge" || k.Value == "<<" {
				return Errorf(k, "merge keys (<<) are not supported")
			}
			if first, ok := seen[k.Value]; ok {
				return Errorf(k, "key %q appears twice (first at line %d)", k.Value, first)
			}
			seen[k.Value] = k.Line
		}
	}
	for _, c := range n.Content {
		if err := checkTree(c); err != nil {
			return err
		}
	}
	return nil
}

var (
	nodeType        = reflect.TypeFor[yaml.Node]()
	unmarshalerType = reflect.TypeFor[yaml.Unmarshaler]()
)

// checkFields walks n beside type t and refuses mapping keys that a struct
// does not declare. Types with their own UnmarshalYAML check themselves
// (through DecodeNode); yaml.Node and interfaces take anything.
func checkFields(n *yaml.Node, t reflect.Type) error {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nodeType || t.Kind() == reflect.Interface || reflect.PointerTo(t).Implements(unmarshalerType) {
		return nil
	}
	switch t.Kind() {
	case reflect.Struct:
		if n.Kind != yaml.MappingNode {
			return nil // yaml.v3 reports the kind mismatch with its line
		}
		fields := map[string]reflect.Type{}
		open := structFields(t, fields)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			ft, ok := fields[k.Value]
			if !ok {
				if open {
					continue
				}
				return Errorf(k, "unknown key %q (known: %s)", k.Value, strings.Join(sortedNames(fields), ", "))
			}
			if err := checkFields(v, ft); err != nil {
				return err
			}
		}
	case reflect.Map:
		if n.Kind == yaml.MappingNode {
			for i := 1; i < len(n.Content); i += 2 {
				if err := checkFields(n.Content[i], t.Elem()); err != nil {
					return err
				}
			}
		}
	case reflect.Slice, reflect.Array:
		if n.Kind == yaml.SequenceNode {
			for _, c := range n.Content {
				if err := checkFields(c, t.Elem()); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// structFields adds the YAML keys of t's fields to fields; it reports whether
// an inline map makes the struct accept any key.
func structFields(t reflect.Type, fields map[string]reflect.Type) (open bool) {
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		tag := f.Tag.Get("yaml")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if strings.Contains(","+opts+",", ",inline,") {
			ft := f.Type
			for ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Map {
				open = true
			} else if structFields(ft, fields) {
				open = true
			}
			continue
		}
		if name == "" {
			name = strings.ToLower(f.Name) // yaml.v3's default key
		}
		fields[name] = f.Type
	}
	return open
}

func sortedNames(m map[string]reflect.Type) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

var lineRE = regexp.MustCompile(`^line (\d+): (.*)$`)

// typeError turns yaml.v3's decoding error into a LineError (the first
// problem, at its line); a LineError from a custom unmarshaler passes as is.
func typeError(n *yaml.Node, err error) error {
	var le *LineError
	if errors.As(err, &le) {
		return err
	}
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg := te.Errors[0]
		if m := lineRE.FindStringSubmatch(msg); m != nil {
			line, _ := strconv.Atoi(m[1])
			return &LineError{Line: line, Err: errors.New(m[2])}
		}
		return &LineError{Line: n.Line, Err: errors.New(msg)}
	}
	if errors.Is(err, errs.ErrInvalid) {
		return err
	}
	return &LineError{Line: n.Line, Err: errors.New(strings.TrimPrefix(err.Error(), "yaml: "))}
}

// syntaxError turns a yaml.v3 parse error ("yaml: line 3: did not find …")
// into a DataError at that line.
func syntaxError(file string, err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if m := lineRE.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		return errs.Data(file, line, errors.New(m[2]))
	}
	return errs.Data(file, 0, errors.New(msg))
}

// withFile names file in a LineError; other errors pass unchanged (a
// DataError already names its file).
func withFile(file string, err error) error {
	if err == nil {
		return nil
	}
	var le *LineError
	if errors.As(err, &le) {
		return errs.Data(file, le.Line, le.Err)
	}
	if errors.Is(err, errs.ErrInvalid) {
		return err
	}
	return errs.Data(file, 0, err)
}
