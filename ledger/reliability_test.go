package ledger

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/incomeledger/income/errs"
	"github.com/incomeledger/income/fx"
	"github.com/shopspring/decimal"
)

// addOne adds e as a one-entry batch and returns Add's or Commit's error.
func addOne(s *Store, e Entry) error {
	ctx := context.Background()
	w, err := s.Begin(ctx, BatchInfo{File: e.File, SHA256: e.Key, Source: "test", ImportedAt: day("2025-06-01")})
	if err != nil {
		return err
	}
	if err := w.Add(e); err != nil {
		w.Rollback()
		return err
	}
	_, err = w.Commit(1, 0)
	return err
}

func countEntries(t *testing.T, s *Store) int {
	t.Helper()
	var n int
	if err := s.db.QueryRow("SELECT count(*) FROM entries").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestEntryDateRange: an entry dated outside 1900–2199 is refused as a
// data error naming file:line, and nothing is added; the edges are kept.
func TestEntryDateRange(t *testing.T) {
	tests := []struct {
		date time.Time
		ok   bool
	}{
		{time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC), false},
		{time.Date(1899, 12, 31, 0, 0, 0, 0, time.UTC), false},
		{time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC), true},
		{time.Date(2199, 12, 31, 0, 0, 0, 0, time.UTC), true},
		{time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC), false},
		{time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC), false},
	}
	for _, tt := range tests {
		t.Run(tt.date.Format(DateLayout), func(t *testing.T) {
			s := openTestStore(t)
			e := ent("k|1", "2025-01-01", "upwork", Income, "10.00", "USD", "x", "")
			e.Date, e.File, e.Line = tt.date, "bad.csv", 7
			err := addOne(s, e)
			if tt.ok {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			var de *errs.DataError
			if !errors.As(err, &de) || !errors.Is(err, errs.ErrInvalid) || errs.ExitCode(err) != errs.ExitInvalid {
				t.Fatalf("err = %v (%T), want a DataError (exit 3)", err, err)
			}
			if want := "bad.csv:7: date "; !strings.HasPrefix(err.Error(), want) || !strings.Contains(err.Error(), "outside the years 1900 to 2199") {
				t.Errorf("err = %q, want %q… outside the years 1900 to 2199", err, want)
			}
			if n := countEntries(t, s); n != 0 {
				t.Errorf("%d entries added", n)
			}
		})
	}
}

// TestRatesRange: AddRates refuses a rate dated outside 1900–2199 or
// outside the range of rates, storing none of the batch.
func TestRatesRange(t *testing.T) {
	good := Rate{Date: day("2025-03-19"), Base: "USD", Quote: "VND", Rate: dec("25000"), Source: "test"}
	for _, bad := range []Rate{
		{Date: day("0002-01-01"), Base: "USD", Quote: "VND", Rate: dec("25000"), Source: "vietcombank-transfer-buy"},
		{Date: day("2025-03-20"), Base: "USD", Quote: "VND", Rate: dec("1e14"), Source: "test"},
		{Date: day("2025-03-20"), Base: "USD", Quote: "VND", Rate: dec("1234567890123456789012345678901234567890"), Source: "test"},
	} {
		s := openTestStore(t)
		_, err := s.AddRates(context.Background(), []Rate{good, bad})
		if !errors.Is(err, errs.ErrInvalid) {
			t.Errorf("AddRates(%s %s) = %v, want invalid data", dateString(bad.Date), bad.Rate, err)
		}
		if rs, _ := s.Rates(context.Background(), "", ""); len(rs) != 0 {
			t.Errorf("stored %d rates of a refused batch", len(rs))
		}
	}
}

// TestAmountRange: amounts at or beyond 10^14 are refused (file:line);
// just below is kept exactly.
func TestAmountRange(t *testing.T) {
	for _, tt := range []struct {
		amount string
		ok     bool
	}{
		{"99999999999999.99", true},
		{"-99999999999999.999", true},
		{"100000000000000.00", false},
		{"600000000000000.00", false},
		{"922337203685478.00", false},
		{"-1e20", false},
	} {
		s := openTestStore(t)
		e := ent("k|1", "2025-01-01", "bank", Unclassified, tt.amount, "USD", "x", "")
		e.File, e.Line = "big.csv", 3
		err := addOne(s, e)
		if tt.ok != (err == nil) {
			t.Errorf("%s: err = %v, want ok=%v", tt.amount, err, tt.ok)
		}
		if !tt.ok && (!strings.HasPrefix(fmt.Sprint(err), "big.csv:3: amount ") || errs.ExitCode(err) != errs.ExitInvalid) {
			t.Errorf("%s: err = %v, want big.csv:3: amount … (exit 3)", tt.amount, err)
		}
	}
}

// TestHomeAmountOverflowRefused: a conversion whose home amount would leave
// the range is an error, never a wrapped figure.
func TestHomeAmountOverflowRefused(t *testing.T) {
	s := openTestStore(t)
	ctx := context.Background()
	addBatch(t, s, "big.csv", ent("k|1", "2025-01-01", "upwork", Income, "99999999999999.99", "USD", "x", ""))
	vnd, _ := LookupCurrency("VND")
	rates := []Rate{{Date: day("2025-01-01"), Base: "USD", Quote: "VND", Rate: dec("25000"), Source: "test"}}
	err := s.ConvertPending(ctx, NewConverter(vnd, fx.NewTable(rates).Find), 0)
	if !errors.Is(err, errs.ErrInvalid) || !strings.Contains(fmt.Sprint(err), "beyond the ledger's range") {
		t.Fatalf("ConvertPending = %v, want the home amount refused", err)
	}
	sums, err := s.Sums(ctx, 2025)
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range sums {
		if g.Home.IsNegative() || g.Unconverted != g.Count {
			t.Errorf("sum %+v: want it unconverted", g)
		}
	}
}

// TestSumsExactProperty: for random entries, many near the range's edge so
// that int64 sums overflow, the totals by currency (own and home) equal the
// exact decimal sums of the entries.
func TestSumsExactProperty(t *testing.T) {
	ctx := context.Background()
	for seed := uint64(1); seed <= 6; seed++ {
		r := rand.New(rand.NewPCG(seed, 99))
		s := openTestStore(t)
		want, wantHome := map[string]decimal.Decimal{}, decimal.Zero
		curs := []string{"USD", "VND", "KWD", "IDR"}
		months := 2
		if seed%2 == 0 { // one group, so that the amounts' int64 sum overflows too
			curs, months = []string{"KWD"}, 1
		}
		var es []Entry
		n := 150 + r.IntN(100)
		for i := range n {
			cur := curs[r.IntN(len(curs))]
			c, _ := LookupCurrency(cur)
			var a decimal.Decimal
			kind := r.IntN(3)
			if months == 1 { // exact in minor units, mostly near the edge
				kind = min(r.IntN(4), 1) ^ 1
			}
			switch kind {
			case 0: // near the edge
				a = decimal.New(99999999999999, 0).Sub(decimal.New(r.Int64N(1000), 0))
			case 1:
				a = decimal.New(r.Int64N(1_000_000_000), -c.Minor)
			default: // finer than the minor unit
				a = decimal.New(r.Int64N(1_000_000_000), -c.Minor-2)
			}
			if r.IntN(2) == 0 && (months == 2 || r.IntN(10) == 0) {
				a = a.Neg()
			}
			e := ent(fmt.Sprintf("p|%d|%d", seed, i), fmt.Sprintf("2025-%02d-01", 1+r.IntN(months)), "bank", Unclassified, "0", cur, "x", "")
			e.Amount = a
			es = append(es, e)
			want[cur] = want[cur].Add(a)
		}
		for i := 0; i < len(es); i += 40 {
			addBatch(t, s, fmt.Sprintf("f%d.csv", i), es[i:min(i+40, len(es))]...)
		}
		// Home amounts: every currency at 1 (identity-like rates keep them
		// in range), so the home total is the sum of the rounded amounts.
		usd, _ := LookupCurrency("USD")
		find := func(date time.Time, from, to string) (Rate, error) {
			return Rate{Date: date, Base: from, Quote: to, Rate: dec("1"), Source: "test"}, nil
		}
		if err := s.ConvertPending(ctx, NewConverter(usd, find), 0); err != nil {
			t.Fatal(err)
		}
		for _, e := range es {
			wantHome = wantHome.Add(e.Amount.Round(usd.Minor))
		}
		sums, err := s.Sums(ctx, 2025)
		if err != nil {
			t.Fatal(err)
		}
		got, gotHome := map[string]decimal.Decimal{}, decimal.Zero
		for _, g := range sums {
			got[g.Currency] = got[g.Currency].Add(g.Amount)
			gotHome = gotHome.Add(g.Home)
		}
		for _, cur := range curs {
			if !got[cur].Equal(want[cur]) {
				t.Errorf("seed %d: %s total = %s, want %s", seed, cur, got[cur], want[cur])
			}
		}
		if !gotHome.Equal(wantHome) {
			t.Errorf("seed %d: home total = %s, want %s", seed, gotHome, wantHome)
		}
	}
}

// TestConcurrentInit: several opens of one new path at once all succeed
// and the schema is made once.
func TestConcurrentInit(t *testing.T) {
	for round := range 3 {
		path := filepath.Join(t.TempDir(), fmt.Sprintf("r%d", round), "ledger.db")
		var wg sync.WaitGroup
		errc := make(chan error, 8)
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				s, err := Open(context.Background(), path, true)
				if err != nil {
					errc <- err
					return
				}
				errc <- s.SetMeta(context.Background(), "x", "y")
				s.Close()
			}()
		}
		wg.Wait()
		close(errc)
		for err := range errc {
			if err != nil {
				t.Errorf("round %d: %v", round, err)
			}
		}
		s, err := Open(context.Background(), path, false)
		if err != nil {
			t.Fatal(err)
		}
		var v int
		if err := s.db.QueryRow("PRAGMA user_version").Scan(&v); err != nil || v != len(migrations) {
			t.Errorf("user_version = %d, %v", v, err)
		}
		s.Close()
	}
}

// TestEmptyOrCorruptLedger: a 0-byte or garbage ledger is an error naming
// the path (exit 1), never a fresh empty ledger; a damaged page is found
// by the quick check.
func TestEmptyOrCorruptLedger(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.db")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Open(ctx, empty, false)
	if !errors.Is(err, ErrCorrupt) || !strings.Contains(fmt.Sprint(err), empty) || errs.ExitCode(err) != 1 {
		t.Errorf("empty: %v, want ErrCorrupt naming %s, exit 1", err, empty)
	}
	if fi, _ := os.Stat(empty); fi.Size() != 0 {
		t.Errorf("the empty file was written to")
	}

	garbage := filepath.Join(dir, "garbage.db")
	if err := os.WriteFile(garbage, []byte(strings.Repeat("not a database\n", 500)), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, create := range []bool{false, true} {
		_, err = Open(ctx, garbage, create)
		if !errors.Is(err, ErrCorrupt) || !strings.Contains(fmt.Sprint(err), garbage) || errs.ExitCode(err) != 1 {
			t.Errorf("garbage (create %v): %v, want ErrCorrupt naming the path", create, err)
		}
	}

	// Another program's database is not taken over.
	other := filepath.Join(dir, "other.db")
	s, err := Open(ctx, other, true)
	if err != nil {
		t.Fatal(err)
	}
	s.db.Exec("PRAGMA user_version = 0")
	s.Close()
	if _, err := Open(ctx, other, false); !errors.Is(err, ErrNotLedger) {
		t.Errorf("foreign tables: %v, want ErrNotLedger", err)
	}

	// A damaged page: the quick check says so; IntegrityCheck lists it.
	damaged := filepath.Join(dir, "damaged.db")
	s, err = Open(ctx, damaged, true)
	if err != nil {
		t.Fatal(err)
	}
	var es []Entry
	for i := range 3000 {
		es = append(es, ent(fmt.Sprintf("d|%d", i), "2025-01-02", "bank", Unclassified, "1.00", "USD", strings.Repeat("text ", 10), ""))
	}
	addBatch(t, s, "d.csv", es...)
	if p, err := s.IntegrityCheck(ctx, true); err != nil || len(p) != 0 {
		t.Fatalf("sound ledger: %v %v", p, err)
	}
	if _, err := s.db.Exec("PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	f, err := os.OpenFile(damaged, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	fi, _ := f.Stat()
	junk := []byte(strings.Repeat("\xff", 4096))
	for off := int64(8192); off+4096 < fi.Size(); off += 8 * 4096 {
		f.WriteAt(junk[:100], off+200)
	}
	f.Close()
	if _, err := OpenWith(ctx, damaged, Options{QuickCheck: true}); !errors.Is(err, ErrCorrupt) || !strings.Contains(fmt.Sprint(err), damaged) {
		t.Errorf("damaged with QuickCheck: %v, want ErrCorrupt naming the path", err)
	}
	if s, err := Open(ctx, damaged, false); err == nil {
		p, err := s.IntegrityCheck(ctx, true)
		if err == nil && len(p) == 0 {
			t.Errorf("IntegrityCheck found nothing wrong in a damaged ledger")
		}
		s.Close()
	}
}

// TestReadOnlyLedgerLeavesWritableSideFiles: opening a 0400 ledger leaves
// no -wal/-shm that would keep it unwritable after chmod 600.
func TestReadOnlyLedgerLeavesWritableSideFiles(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "ledger.db")
	s, err := Open(ctx, path, true)
	if err != nil {
		t.Fatal(err)
	}
	addBatch(t, s, "a.csv", ent("a|1", "2025-01-02", "bank", Unclassified, "1.00", "USD", "x", ""))
	s.Close()
	if err := os.Chmod(path, 0o400); err != nil {
		t.Fatal(err)
	}
	s, err = Open(ctx, path, false)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Sums(ctx, 2025); err != nil {
		t.Fatal(err)
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if fi, err := os.Stat(path + suffix); err == nil && fi.Mode().Perm() != 0o600 {
			t.Errorf("%s left with mode %v while open", suffix, fi.Mode().Perm())
		}
	}

	s.Close()
	for _, suffix := range []string{"-wal", "-shm"} {
		if fi, err := os.Stat(path + suffix); err == nil && fi.Mode().Perm() != 0o600 {
			t.Errorf("%s left with mode %v", suffix, fi.Mode().Perm())
		}
	}
	if err := os.Chmod(path, 0o600); err != nil {
		t.Fatal(err)
	}
	// a -shm that an older build left 0400 is made 0600 before opening
	if err := os.WriteFile(path+"-shm", nil, 0o400); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path+"-shm", 0o400); err != nil {
		t.Fatal(err)
	}
	s, err = Open(ctx, path, false)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if fi, err := os.Stat(path + "-shm"); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("-shm left 0400 at open: %v %v", fi.Mode().Perm(), err)
	}
	if err := addOne(s, ent("a|2", "2025-01-03", "bank", Unclassified, "2.00", "USD", "y", "")); err != nil {
		t.Fatalf("write after chmod 600: %v", err)
	}
}

// TestBusyWaitsAndTells: a write while another connection holds the write
// lock waits for it (no "database is locked") and calls OnBusy once.
func TestBusyWaitsAndTells(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "ledger.db")
	a, err := Open(ctx, path, true)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	var told atomic.Int32
	b, err := OpenWith(ctx, path, Options{OnBusy: func() { told.Add(1) }})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	tx, err := a.begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec("INSERT INTO meta(key, value) VALUES('holder', 'a')"); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := b.AddRates(ctx, []Rate{{Date: day("2025-03-19"), Base: "USD", Quote: "VND", Rate: dec("25000"), Source: "test"}})
		done <- err
	}()
	time.Sleep(BusyNotice + 700*time.Millisecond)
	select {
	case err := <-done:
		t.Fatalf("write did not wait for the lock: %v", err)
	default:
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatalf("waiting write failed: %v", err)
	}
	if n := told.Load(); n != 1 {
		t.Errorf("OnBusy called %d times, want 1", n)
	}
}

// TestInvalidUTF8StoredAsReplacement: text fields with invalid UTF-8 are
// stored with U+FFFD, so every export stays valid UTF-8.
func TestInvalidUTF8StoredAsReplacement(t *testing.T) {
	s := openTestStore(t)
	e := ent("u|1", "2025-01-02", "bank\xff", Unclassified, "1.00", "USD", "caf\xe9 \xc3", "ref\x80")
	e.Counterparty = "A\xfe"
	addBatch(t, s, "bad\xffname.csv", e)
	var got []Entry
	if err := s.Entries(context.Background(), Filter{}, func(e Entry) error { got = append(got, e); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 {
		t.Fatalf("entries = %d", len(got))
	}
	g := got[0]
	for name, v := range map[string]string{"source": g.Source, "account": g.Account, "description": g.Description,
		"counterparty": g.Counterparty, "ref": g.Ref, "file": g.File} {
		if strings.ToValidUTF8(v, "?") != v || !strings.Contains(v, "\uFFFD") {
			t.Errorf("%s = %q, want valid UTF-8 with U+FFFD", name, v)
		}
	}
	if g.Description != "caf\uFFFD \uFFFD" {
		t.Errorf("description = %q", g.Description)
	}
}

// TestConcurrentInitSettings: of several processes setting up one new
// ledger at once, exactly one finds it empty (and so says "Created"), and
// one with other settings is refused without --force whatever the order.
func TestConcurrentInitSettings(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ledger.db")
	want := Settings{HomeCurrency: "VND", Country: "VN"}
	var wg sync.WaitGroup
	type result struct {
		old Settings
		err error
	}
	res := make(chan result, 6)
	for range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := Open(context.Background(), path, true)
			if err != nil {
				res <- result{err: err}
				return
			}
			defer s.Close()
			old, err := s.InitSettings(context.Background(), want, false)
			res <- result{old, err}
		}()
	}
	wg.Wait()
	close(res)
	empty := 0
	for r := range res {
		if r.err != nil {
			t.Fatal(r.err)
		}
		if r.old.HomeCurrency == "" {
			empty++
		}
	}
	if empty != 1 {
		t.Errorf("%d processes found the new ledger empty, want exactly 1", empty)
	}
	s, err := Open(context.Background(), path, false)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	old, err := s.InitSettings(context.Background(), Settings{HomeCurrency: "IDR", Country: "ID"}, false)
	if !errors.Is(err, ErrSettingsDiffer) || old != want {
		t.Errorf("other settings without force: old %+v, err %v", old, err)
	}
	if got, _ := s.Settings(context.Background()); got != want {
		t.Errorf("settings changed to %+v without force", got)
	}
}
