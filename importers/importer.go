// Package importers turns platform and bank exports into ledger entries.
// An importer identifies a file from its content, then extracts its rows
// (beangulp's "identify, then extract"); rows stream through a Sink so that
// no file is ever held in memory whole.
package importers

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/incomeledger/income/errs"
	"github.com/incomeledger/income/ledger"
)

// Row is one record of a table with the 1-based line (or sheet row) it
// starts on.
type Row struct {
	Line  int
	Cells []string
	// Cut is set on the last row of a CSV/TSV file that ends inside it,
	// with no line end: a short Cut row is a download cut mid-row.
	Cut bool
}

// Rows streams a table's records. Next returns io.EOF at the end.
type Rows interface {
	Next() (Row, error)
}

// Sample is the start of a file, decoded into rows, that importers detect
// from.
type Sample struct {
	Rows [][]string
}

// Match is how well a file fits an importer.
type Match struct {
	// Score is 0 for no fit; higher is better. An importer that fits
	// returns OK; Score also ranks near misses for the error message.
	Score   int
	OK      bool
	Missing []string // header cells the importer looked for and did not find
}

// Sink receives what an importer extracts.
type Sink interface {
	// Entry adds one entry. File and Line must be set.
	Entry(e ledger.Entry) error
	// Warn notes something the user should know about a row.
	Warn(line int, format string, args ...any)
	// Skip counts a row that is deliberately not imported (totals, holds),
	// with why (one of the Skip… reasons).
	Skip(line int, reason string)
}

// Importer is one source format.
type Importer interface {
	Name() string
	// Describe says in a line what files it reads and what it detects.
	Describe() string
	Detect(s *Sample) Match
	// Import reads rows (from the file's first row) and emits entries.
	// file is the base name used in entries and errors.
	Import(ctx context.Context, file string, rows Rows, sink Sink) error
}

// Registry holds importers by name, in registration order.
type Registry struct {
	list   []Importer
	byName map[string]Importer
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry { return &Registry{byName: map[string]Importer{}} }

// Register adds imp; a duplicate name is a programming error.
func (r *Registry) Register(imp Importer) {
	if _, dup := r.byName[imp.Name()]; dup {
		panic("importers: duplicate importer " + imp.Name())
	}
	r.list = append(r.list, imp)
	r.byName[imp.Name()] = imp
}

// All lists importers in registration order.
func (r *Registry) All() []Importer { return r.list }

// Get returns the importer named name.
func (r *Registry) Get(name string) (Importer, error) {
	imp, ok := r.byName[name]
	if !ok {
		names := make([]string, 0, len(r.list))
		for _, i := range r.list {
			names = append(names, i.Name())
		}
		return nil, fmt.Errorf("unknown source %q (known: %s)", name, strings.Join(names, ", "))
	}
	return imp, nil
}

// ErrUnknownFormat wraps the error for a file no importer recognises.
var ErrUnknownFormat = errors.New("no importer recognises this file")

// Detect returns the importer that fits s best. When none fits, the error
// names the closest formats and the header cells they missed.
func (r *Registry) Detect(file string, s *Sample) (Importer, error) {
	type cand struct {
		imp Importer
		m   Match
		i   int
	}
	var cands []cand
	for i, imp := range r.list {
		cands = append(cands, cand{imp, imp.Detect(s), i})
	}
	sort.SliceStable(cands, func(a, b int) bool {
		if cands[a].m.OK != cands[b].m.OK {
			return cands[a].m.OK
		}
		return cands[a].m.Score > cands[b].m.Score
	})
	if len(cands) > 0 && cands[0].m.OK {
		return cands[0].imp, nil
	}
	var b strings.Builder
	shown := 0
	for _, c := range cands {
		if c.m.Score == 0 || shown == 3 {
			break
		}
		if shown == 0 {
			b.WriteString("; closest:")
		}
		fmt.Fprintf(&b, "\n  %s: missing %s", c.imp.Name(), quoteList(c.m.Missing))
		shown++
	}
	if shown == 0 {
		b.WriteString(" (no known header found; see `income sources`, or give --source or --profile)")
	}
	return nil, errs.Data(file, 0, fmt.Errorf("%w%s", ErrUnknownFormat, b.String()))
}

func quoteList(xs []string) string {
	q := make([]string, len(xs))
	for i, x := range xs {
		q[i] = fmt.Sprintf("%q", x)
	}
	return strings.Join(q, ", ")
}

// Default returns the built-in importers.
func Default() *Registry {
	r := NewRegistry()
	r.Register(&upworkCSV{})
	r.Register(&gumroadSales{})
	r.Register(&gumroadPayout{})
	r.Register(&paypalCSV{})
	r.Register(&wiseStatement{})
	r.Register(&wiseTransfers{})
	r.Register(&payoneerCSV{})
	r.Register(&stripeBalance{})
	r.Register(&stripePayments{})
	r.Register(&stripePayouts{})
	r.Register(&etsyStatement{})
	r.Register(&etsyOrders{})
	registerBuiltinProfiles(r) // bank profiles (profile_builtin.go)
	return r
}
