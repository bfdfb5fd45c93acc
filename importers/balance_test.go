package importers

import (
	"fmt"
	"strings"
	"testing"

	"github.com/incomeledger/income/ledger"
	"github.com/shopspring/decimal"
)

// warnSink records warnings for tests.
type warnSink struct{ warnings []string }

func (w *warnSink) Entry(e ledger.Entry) error   { return nil }
func (w *warnSink) Skip(line int, reason string) {}
func (w *warnSink) Warn(line int, format string, args ...any) {
	w.warnings = append(w.warnings, fmt.Sprintf("%d: %s", line, fmt.Sprintf(format, args...)))
}

func TestBalanceCheck(t *testing.T) {
	d := decimal.RequireFromString
	type row struct {
		op      string // add, move, reset
		line    int
		account string
		amount  string
		balance string
	}
	tests := []struct {
		name        string
		newestFirst bool
		rows        []row
		want        []string
	}{
		{name: "oldest first fits", rows: []row{
			{"add", 2, "wise:USD", "100", "100"}, {"add", 3, "wise:USD", "-30.5", "69.5"}, {"add", 4, "wise:USD", "0.50", "70.00"},
		}},
		{name: "oldest first gap", rows: []row{
			{"add", 2, "p:USD", "100", "100"}, {"add", 3, "p:USD", "10", "120"}, {"add", 4, "p:USD", "10", "130"}, {"add", 5, "p:USD", "1", "200"},
		}, want: []string{"3: running balance of p:USD is 120 in the file, but the balance at line 2 and the imported amounts give 110 (1 more row differs)"}},
		{name: "newest first fits", newestFirst: true, rows: []row{
			{"add", 2, "wise:USD", "0.50", "70.00"}, {"add", 3, "wise:USD", "-30.5", "69.5"}, {"add", 4, "wise:USD", "100", "100"},
		}},
		{name: "newest first gap names the row whose balance does not follow", newestFirst: true, rows: []row{
			{"add", 2, "wise:USD", "0.50", "70.00"}, {"add", 3, "wise:USD", "-30.5", "69.6"}, {"add", 4, "wise:USD", "100", "100"},
		}, want: []string{"2: running balance of wise:USD is 70 in the file, but the balance at line 3 and the imported amounts give 70.1 (1 more row differs)"}},
		{name: "rows without a balance carry their amount", rows: []row{
			{"add", 2, "a", "5", "5"}, {"move", 3, "a", "2", ""}, {"add", 4, "a", "1", "8"},
		}},
		{name: "newest first rows without a balance", newestFirst: true, rows: []row{
			{"add", 2, "a", "1", "8"}, {"move", 3, "a", "2", ""}, {"add", 4, "a", "5", "5"},
		}},
		{name: "reset skips one row's check", rows: []row{
			{"add", 2, "a", "5", "5"}, {"reset", 3, "a", "", "1000"}, {"add", 4, "a", "1", "1001"},
		}},
		{name: "newest first reset still checks the newer row", newestFirst: true, rows: []row{
			{"add", 2, "a", "1", "1001"}, {"reset", 3, "a", "", "999"}, {"add", 4, "a", "5", "5"},
		}, want: []string{"2: running balance of a is 1001 in the file, but the balance at line 3 and the imported amounts give 1000"}},
		{name: "accounts are separate", rows: []row{
			{"add", 2, "x:USD", "5", "5"}, {"add", 3, "x:EUR", "7", "7"}, {"add", 4, "x:USD", "1", "6"}, {"add", 5, "x:EUR", "1", "9"},
		}, want: []string{"5: running balance of x:EUR is 9 in the file, but the balance at line 3 and the imported amounts give 8"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := NewBalanceCheck(tt.newestFirst)
			for _, r := range tt.rows {
				switch r.op {
				case "add":
					b.Add(r.line, r.account, d(r.amount), d(r.balance))
				case "move":
					b.Move(r.line, r.account, d(r.amount))
				case "reset":
					b.Reset(r.line, r.account, d(r.balance))
				}
			}
			w := &warnSink{}
			b.Finish(w)
			if strings.Join(w.warnings, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(w.warnings, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}
