package report_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/incomeledger/income/ledger"
	"github.com/incomeledger/income/report"
	"golang.org/x/text/unicode/norm"
)

// TestTablesGolden: the report and the entries as a terminal shows them
// (aligned, numbers right-aligned and grouped) and piped (tab-separated,
// no title line).
func TestTablesGolden(t *testing.T) {
	fx := newFixture(t, "VND")
	var b strings.Builder
	for _, tty := range []bool{true, false} {
		b.WriteString("== report, tty=" + map[bool]string{true: "true", false: "false"}[tty] + "\n")
		if err := fx.report.WriteTable(&b, tty); err != nil {
			t.Fatal(err)
		}
		b.WriteString("== entries, tty=" + map[bool]string{true: "true", false: "false"}[tty] + "\n")
		ew := report.NewEntriesWriter(&b, "table", tty, fx.home)
		for _, e := range fx.entries {
			if err := ew.Write(e); err != nil {
				t.Fatal(err)
			}
		}
		if err := ew.Close(); err != nil {
			t.Fatal(err)
		}
	}
	checkGolden(t, "tables.golden", b.String())
}

// hostileTerminal is what a file may carry to attack a terminal: colour,
// an OSC 52 clipboard write, a C1 CSI, a bidi override, and bytes that are
// not UTF-8.
const hostileTerminal = "\x1b[31mRED\x1b[0m \x1b]52;c;cm0gLXJmIH4=\x07 \u009b2J \u202egnp.exe \xff\xfe end"

// TestTablesEscapeControlCharacters (issue 12, "Terminal and text"): no
// control character from an entry reaches the output of a table, on a
// terminal, piped or as CSV, and invalid UTF-8 shows as U+FFFD.
func TestTablesEscapeControlCharacters(t *testing.T) {
	e := ledger.Entry{ID: "e1", Date: day("2025-03-01"), Source: "upwork", Account: "upwork", Kind: ledger.Income,
		Amount: dec("1240"), Currency: "USD", Description: hostileTerminal, Counterparty: "Acme\x1b[2J", File: "x.csv", Line: 2}
	home, _ := ledger.LookupCurrency("VND")
	for _, format := range []string{"table-tty", "table", "csv"} {
		var b strings.Builder
		ew := report.NewEntriesWriter(&b, strings.TrimSuffix(format, "-tty"), format == "table-tty", home)
		if err := ew.Write(e); err != nil {
			t.Fatal(err)
		}
		if err := ew.Close(); err != nil {
			t.Fatal(err)
		}
		got := b.String()
		for _, r := range got {
			if r < 0x20 && r != '\n' && r != '\t' || r == 0x7f || r >= 0x80 && r <= 0x9f || r == '\u202e' {
				t.Errorf("%s: control character %U reached the output: %q", format, r, got)
			}
		}
		if !utf8.ValidString(got) {
			t.Errorf("%s: output is not UTF-8: %q", format, got)
		}
		for _, want := range []string{`\x1b[31mRED\x1b[0m`, `\x1b]52;c;cm0gLXJmIH4=\x07`, `\u009b2J`, `\u202egnp.exe`, "\uFFFD end", `Acme\x1b[2J`} {
			if !strings.Contains(got, want) {
				t.Errorf("%s: %q not shown escaped in %q", format, want, got)
			}
		}
	}
}

// TestTableDisplayWidth: a decomposed (NFD) Vietnamese name takes as many
// columns as it shows, so the columns after it line up.
func TestTableDisplayWidth(t *testing.T) {
	var b strings.Builder
	tb := report.NewTable(&b, "table", true, "counterparty", "amount")
	tb.Row(norm.NFD.String("Công ty Hương Việt"), "26,338,000")
	tb.Row("Acme", "5.00")
	if err := tb.Flush(); err != nil {
		t.Fatal(err)
	}
	want := "COUNTERPARTY            AMOUNT\n" +
		"Công ty Hương Việt  26,338,000\n" +
		"Acme                      5.00\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

// TestCSVHeaderCase: CSV headers are the lower-case keys, whatever case
// the caller gave; a table header is upper case.
func TestCSVHeaderCase(t *testing.T) {
	var c, x strings.Builder
	for _, w := range []*strings.Builder{&c, &x} {
		format := "csv"
		if w == &x {
			format = "table"
		}
		tb := report.NewTable(w, format, false, "FILE", "rows", "Home_Amount")
		if err := tb.Flush(); err != nil {
			t.Fatal(err)
		}
	}
	if c.String() != "file,rows,home_amount\n" || x.String() != "FILE\tROWS\tHOME_AMOUNT\n" {
		t.Errorf("csv %q, table %q", c.String(), x.String())
	}
}

// TestLedgerBooksEscapeControlCharacters: the hledger and beancount books
// carry no control character from a file either.
func TestLedgerBooksEscapeControlCharacters(t *testing.T) {
	home, _ := ledger.LookupCurrency("VND")
	e := ledger.Entry{ID: "e1", Date: day("2025-03-01"), Source: "upwork", Account: "upwork", Kind: ledger.Income,
		Amount: dec("1240"), Currency: "VND", Description: hostileTerminal, Counterparty: "Acme\x1b[2J", File: "x\x1b.csv", Line: 2}
	for _, format := range []string{"hledger", "beancount"} {
		var b strings.Builder
		w, err := report.NewLedgerWriter(&b, format, home)
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Write(e); err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		got := b.String()
		if strings.ContainsAny(got, "\x1b\x07\u009b\u202e") || !utf8.ValidString(got) {
			t.Errorf("%s: a control character or invalid UTF-8 reached the book:\n%q", format, got)
		}
		if !strings.Contains(got, `x1b[31mRED`) || !strings.Contains(got, "1240 VND") {
			t.Errorf("%s: %q", format, got)
		}
	}
}
