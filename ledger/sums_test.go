package ledger

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/incomeledger/income/fx"
)

// checkSums fails unless the sums table equals the entries grouped afresh
// and the ids table maps every entry's id to its row, one to one.
func checkSums(t *testing.T, s *Store, when string) {
	t.Helper()
	ctx := context.Background()
	read := func(q string) map[string]string {
		rows, err := s.db.QueryContext(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		out := map[string]string{}
		for rows.Next() {
			var k, v string
			if err := rows.Scan(&k, &v); err != nil {
				t.Fatal(err)
			}
			out[k] = v
		}
		return out
	}
	got := read(`SELECT month || ' ' || source || ' ' || kind || ' ' || currency,
		n || ' ' || n_amount || ' ' || amount_units || ' ' || n_home || ' ' || home_units FROM sums WHERE n <> 0`)
	want := read(`SELECT substr(date, 1, 7) || ' ' || source || ' ' || kind || ' ' || currency,
		count(*) || ' ' || count(amount_units) || ' ' || coalesce(sum(amount_units), 0) || ' ' || count(home_units) || ' ' || coalesce(sum(home_units), 0)
		FROM entries GROUP BY 1`)
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("%s: sums\n got %v\nwant %v", when, got, want)
	}
	var entries, ids, joined int
	if err := s.db.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM entries), (SELECT count(*) FROM ids),
		(SELECT count(*) FROM entries e JOIN ids i ON i.seq = e.seq AND i.hid = e.hid)`).Scan(&entries, &ids, &joined); err != nil {
		t.Fatal(err)
	}
	if entries != ids || ids != joined {
		t.Errorf("%s: %d entries, %d ids, %d agreeing", when, entries, ids, joined)
	}
}

func addBatch(t *testing.T, s *Store, file string, es ...Entry) BatchResult {
	t.Helper()
	ctx := context.Background()
	w, err := s.Begin(ctx, BatchInfo{File: file, SHA256: file, Source: "test", ImportedAt: day("2025-06-01")})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range es {
		if err := w.Add(e); err != nil {
			t.Fatal(err)
		}
	}
	res, err := w.Commit(len(es), 0)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// The sums and ids tables follow every way entries change: imports with
// duplicates inside the file (across the writer's id chunks) and against
// the ledger, conversions made and forgotten, and transfer links.
func TestSumsAndIDsStayExact(t *testing.T) {
	defer func(n int) { idChunk = n }(idChunk)
	idChunk = 3 // many chunks: the commit merges them
	ctx := context.Background()
	s := openTestStore(t)

	var a []Entry
	for i := range 10 {
		e := ent(fmt.Sprintf("upwork|%d|hourly#1", i), fmt.Sprintf("2025-0%d-1%d", 1+i%3, i), "upwork", Income, "100.25", "USD", "Hourly", "")
		if i == 4 { // an amount finer than cents: not summable in units
			e.Amount = dec("0.125")
		}
		a = append(a, e)
	}
	a = append(a, ent("upwork|w1|withdrawal#1", "2025-03-20", "upwork", Transfer, "-1000.00", "USD", "Withdrawal", "W1"))
	a = append(a, a[2], a[7]) // the file repeats two ids, far apart
	if res := addBatch(t, s, "a.csv", a...); res.Added != 11 || res.Duplicates != 2 {
		t.Fatalf("a.csv: %+v, want 11 added, 2 duplicates", res)
	}
	checkSums(t, s, "first import")
	if res := addBatch(t, s, "a.csv", a...); res.Added != 0 || res.Duplicates != 13 {
		t.Fatalf("a.csv again: %+v, want 0 added, 13 duplicates", res)
	}
	b := []Entry{a[0], ent("upwork|10|hourly#1", "2025-04-01", "upwork", Income, "50", "USD", "Hourly", ""), a[5]}
	if res := addBatch(t, s, "b.csv", b...); res.Added != 1 || res.Duplicates != 2 {
		t.Fatalf("b.csv: %+v, want 1 added, 2 duplicates", res)
	}
	checkSums(t, s, "overlapping import")

	rates := []Rate{{Date: day("2025-01-01"), Base: "USD", Quote: "VND", Rate: dec("25000.5"), Source: "test"}}
	if _, err := s.AddRates(ctx, rates); err != nil {
		t.Fatal(err)
	}
	vnd, _ := LookupCurrency("VND")
	if err := s.ConvertPending(ctx, NewConverter(vnd, fx.NewTable(rates).Find), 0); err != nil {
		t.Fatal(err)
	}
	checkSums(t, s, "converted")
	sums, err := s.Sums(ctx, 2025)
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range sums {
		if g.Unconverted != 0 {
			t.Errorf("group %+v has unconverted entries", g)
		}
	}

	// a credit that the withdrawal matches: it becomes a transfer, and back
	in := ent("vcb|FT1", "2025-03-24", "vietcombank", Unclassified, "24990000", "VND", "UPWORK ESCROW INC TT", "FT1")
	addBatch(t, s, "vcb.csv", in)
	if _, err := s.MatchTransfers(ctx, DefaultTransferRules()); err != nil {
		t.Fatal(err)
	}
	if k := kindOf(t, s, in.ID); k != Transfer {
		t.Fatalf("credit kind %s, want transfer", k)
	}
	checkSums(t, s, "linked")
	if _, _, err := s.UnlinkTransfer(ctx, DefaultTransferRules(), in.ID); err != nil {
		t.Fatal(err)
	}
	if k := kindOf(t, s, in.ID); k != Unclassified {
		t.Fatalf("credit kind %s after unlinking, want unclassified", k)
	}
	checkSums(t, s, "unlinked")

	if err := s.ClearConversions(ctx); err != nil {
		t.Fatal(err)
	}
	checkSums(t, s, "conversions forgotten")

	// the inexact group is summed exactly all the same
	sums, err = s.Sums(ctx, 2025)
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range sums {
		if g.Source == "upwork" && g.Kind == Income && g.Month == 2 {
			// entries 1, 4 and 7 are in February: 100.25 + 0.125 + 100.25
			if !g.Amount.Equal(dec("200.625")) || g.Count != 3 {
				t.Errorf("February income %s over %d entries, want 200.625 over 3", g.Amount, g.Count)
			}
		}
	}
}

// A ledger made before migration 3 gets its ids and sums from its entries.
func TestMigrationToIDsAndSums(t *testing.T) {
	ctx := context.Background()
	path := t.TempDir() + "/old.db"
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range migrations[:2] {
		if _, err := db.ExecContext(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	e1, e2 := ent("k1", "2025-01-05", "upwork", Income, "10.50", "USD", "a", ""), ent("k2", "2025-01-09", "upwork", Fee, "-1.05", "USD", "b", "")
	for i, e := range []Entry{e1, e2} {
		hid, _ := hidOf(e.ID)
		if _, err := db.ExecContext(ctx, `INSERT INTO entries(hid, date, source, account, kind, amount, amount_units, currency, line, batch, home_units)
			VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)`, hid, dateString(e.Date), e.Source, e.Account, string(e.Kind), e.Amount.String(),
			e.Amount.Shift(2).IntPart(), e.Currency, i+2, e.Amount.Mul(dec("25000")).Shift(homeScale).IntPart()); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.ExecContext(ctx, "INSERT INTO batches(id, file, sha256, source, imported_at) VALUES(1, 'old.csv', '', 'upwork', ?)", time.Now().Format(time.RFC3339)); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, "PRAGMA user_version = 2"); err != nil {
		t.Fatal(err)
	}
	db.Close()

	s, err := Open(ctx, path, false)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	checkSums(t, s, "migrated")
	got, err := s.Entry(ctx, e2.ID)
	if err != nil || got.Line != 3 || !got.Amount.Equal(dec("-1.05")) {
		t.Fatalf("entry after migration: %+v, %v", got, err)
	}
	sums, err := s.Sums(ctx, 2025)
	if err != nil {
		t.Fatal(err)
	}
	if len(sums) != 2 || !sums[0].Home.Equal(dec("-26250")) || !sums[1].Home.Equal(dec("262500")) {
		t.Fatalf("sums after migration: %+v", sums)
	}
	// importing the same entries again adds nothing
	if res := addBatch(t, s, "old.csv", e1, e2); res.Added != 0 || res.Duplicates != 2 {
		t.Fatalf("re-import after migration: %+v", res)
	}
}

// Chunks whose rows share source, account and currency are written with
// those as literals; the rows read back the same either way.
func TestWriterSharedAndMixedChunks(t *testing.T) {
	ctx := context.Background()
	s := openTestStore(t)
	var es []Entry
	for i := range 2*flushSize + 50 {
		account := "o'brien bank" // a quote in a literal
		if i >= flushSize && i%2 == 0 {
			account = "other"
		}
		e := ent(fmt.Sprintf("k%d", i), "2025-05-01", account, Income, fmt.Sprintf("%d.%02d", i, i%100), "EUR", fmt.Sprintf("row %d", i), "")
		e.Line, e.Source = i+2, "testbank"
		es = append(es, e)
	}
	if res := addBatch(t, s, "mixed.csv", es...); res.Added != len(es) {
		t.Fatalf("added %d of %d", res.Added, len(es))
	}
	checkSums(t, s, "shared and mixed chunks")
	i := 0
	err := s.Entries(ctx, Filter{Year: 2025}, func(e Entry) error {
		w := es[i]
		if e.ID != w.ID || e.Account != w.Account || e.Source != w.Source || e.Currency != "EUR" || !e.Amount.Equal(w.Amount) ||
			e.Line != w.Line || e.Description != w.Description || e.File != "mixed.csv" {
			t.Errorf("entry %d: %+v, want %+v", i, e, w)
		}
		i++
		return nil
	})
	if err != nil || i != len(es) {
		t.Fatalf("listed %d entries, %v", i, err)
	}
}

// A long file into a ledger with entries switches from looking ids up to
// a filter of the ledger's ids; duplicates are found either way.
func TestWriterFilterFindsDuplicates(t *testing.T) {
	defer func(n int) { filterAfter = n }(filterAfter)
	filterAfter = 10
	s := openTestStore(t)
	var old, mixed []Entry
	for i := range 600 {
		e := ent(fmt.Sprintf("k%d", i), "2025-05-01", "wise", Income, "1.00", "EUR", "", "")
		if i < 300 {
			old = append(old, e)
		} else {
			mixed = append(mixed, e)
		}
	}
	for i := 0; i < 300; i += 2 { // the duplicates come after the switch
		mixed = append(mixed, old[i])
	}
	addBatch(t, s, "old.csv", old...)
	if res := addBatch(t, s, "mixed.csv", mixed...); res.Added != 300 || res.Duplicates != 150 {
		t.Fatalf("mixed.csv: %+v, want 300 added, 150 duplicates", res)
	}
	checkSums(t, s, "after the filter")
}

func TestIDFilter(t *testing.T) {
	f := newIDFilter(100_000)
	r := rand.New(rand.NewPCG(1, 2))
	for range 100_000 {
		f.add(int64(r.Uint64()))
	}
	r = rand.New(rand.NewPCG(1, 2))
	for range 100_000 {
		if h := int64(r.Uint64()); !f.has(h) {
			t.Fatalf("added id %x not found", h)
		}
	}
	wrong := 0
	for range 100_000 {
		if f.has(int64(r.Uint64())) {
			wrong++
		}
	}
	if wrong > 500 { // expected about 0.2%
		t.Fatalf("%d of 100000 other ids pass the filter", wrong)
	}
}

// A ledger from a development build (its entries keyed by a text id) is
// refused with a clear message, not a failed migration.
func TestDevSchemaIsRefused(t *testing.T) {
	ctx := context.Background()
	path := t.TempDir() + "/dev.db"
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, `CREATE TABLE entries (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE);
		PRAGMA user_version = 2`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, err := Open(ctx, path, false); !errors.Is(err, ErrDevSchema) {
		t.Fatalf("opening a development ledger: %v, want ErrDevSchema", err)
	}
}

// A hash set on the writer during the import replaces the batch's at commit.
func TestWriterRecordsLateHash(t *testing.T) {
	ctx := context.Background()
	s := openTestStore(t)
	w, err := s.Begin(ctx, BatchInfo{File: "late.csv", Source: "test", ImportedAt: day("2025-06-01")})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Add(ent("k1", "2025-01-01", "upwork", Income, "1.00", "USD", "", "")); err != nil {
		t.Fatal(err)
	}
	w.SHA256 = "5e1f"
	if _, err := w.Commit(1, 0); err != nil {
		t.Fatal(err)
	}
	var sum string
	if err := s.db.QueryRowContext(ctx, "SELECT sha256 FROM batches WHERE file = 'late.csv'").Scan(&sum); err != nil || sum != "5e1f" {
		t.Fatalf("batch hash %q, %v", sum, err)
	}
}
