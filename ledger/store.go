package ledger

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	_ "modernc.org/sqlite" // pure-Go SQLite driver
)

// Store is the ledger on disk: one SQLite file.
type Store struct {
	db   *sql.DB
	path string
	busy busyNotice
}

// ErrNoLedger is returned when a command needs a ledger that `income init`
// has not created yet.
var ErrNoLedger = errors.New("no ledger: run `income init --home-currency CODE --country CC` first")

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// DB exposes the database to sibling packages' stores (transfers).
func (s *Store) DB() *sql.DB { return s.db }

// migrations are applied in order; each runs once, recorded in user_version.
var migrations = []string{
	`CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
	CREATE TABLE batches (
		id INTEGER PRIMARY KEY,
		file TEXT NOT NULL, sha256 TEXT NOT NULL, source TEXT NOT NULL,
		imported_at TEXT NOT NULL,
		rows INTEGER NOT NULL DEFAULT 0, added INTEGER NOT NULL DEFAULT 0,
		duplicates INTEGER NOT NULL DEFAULT 0, skipped INTEGER NOT NULL DEFAULT 0);
	CREATE TABLE conversions (
		id INTEGER PRIMARY KEY,
		rate TEXT NOT NULL, div TEXT NOT NULL, rate_date TEXT NOT NULL, source TEXT NOT NULL,
		policy TEXT NOT NULL DEFAULT '',
		UNIQUE (rate, div, rate_date, source, policy));
	CREATE TABLE entries (
		seq INTEGER PRIMARY KEY,
		hid INTEGER NOT NULL UNIQUE, -- the entry id (MakeID) as an integer
		date TEXT NOT NULL,
		source TEXT NOT NULL, account TEXT NOT NULL, kind TEXT NOT NULL,
		amount TEXT NOT NULL, amount_units INTEGER, currency TEXT NOT NULL,
		description TEXT NOT NULL DEFAULT '', counterparty TEXT NOT NULL DEFAULT '', ref TEXT NOT NULL DEFAULT '',
		line INTEGER NOT NULL, batch INTEGER NOT NULL, -- batches(id); no FK check per row
		conv INTEGER, -- conversions(id)
		home_units INTEGER);
	-- the report's aggregation reads only this index, in date order
	CREATE INDEX entries_year ON entries(date, source, kind, currency, amount_units, home_units);
	-- entries still to convert, found without scanning the rest
	CREATE INDEX entries_pending ON entries(seq) WHERE conv IS NULL;
	CREATE TABLE rates (
		date TEXT NOT NULL, base TEXT NOT NULL, quote TEXT NOT NULL,
		rate TEXT NOT NULL, div TEXT NOT NULL DEFAULT '', source TEXT NOT NULL,
		until TEXT NOT NULL DEFAULT '', ref TEXT NOT NULL DEFAULT '', note TEXT NOT NULL DEFAULT '',
		PRIMARY KEY (date, base, quote, source));`,
	// 2: transfer links (issue #4; see transfer_store.go).
	transferSchema,
	// 3: ids and sums instead of the per-row indexes (see sums.go).
	indexSchema,
	// classification rules and manual kinds (issue 14; see classify.go).
	classifySchema,
}

// migrate brings the schema up to date. All pending migrations run in one
// immediate transaction that reads user_version inside it, so several
// processes opening one new ledger at once apply them exactly once (the
// others wait, then find nothing to do).
func (s *Store) migrate(ctx context.Context) error {
	var v int
	if err := s.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return err
	}
	if v == len(migrations) {
		return nil
	}
	tx, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return err
	}
	switch {
	case v == 0:
		if err := checkNoForeignTables(ctx, tx); err != nil {
			return err
		}
	case v > len(migrations):
		return fmt.Errorf("schema version %d is newer than this build of income knows (%d): upgrade income", v, len(migrations))
	case v < len(migrations):
		if err := checkReleasedSchema(ctx, tx); err != nil {
			return err
		}
	}
	for i := v; i < len(migrations); i++ {
		if _, err := tx.ExecContext(ctx, migrations[i]); err != nil {
			return fmt.Errorf("migration %d: %w", i+1, err)
		}
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", len(migrations))); err != nil {
		return err
	}
	return tx.Commit()
}

// ErrDevSchema marks a ledger made by a development build whose tables
// differ from every released schema, so no migration applies.
var ErrDevSchema = errors.New("this ledger was made by a development build of income and cannot be upgraded: move it aside, run `income init` and import your files again (they are the record; nothing is lost)")

// checkReleasedSchema refuses to migrate a ledger whose entries table is
// not the one migration 1 makes (development builds changed it in place).
func checkReleasedSchema(ctx context.Context, q queryer) error {
	var n int
	if err := q.QueryRowContext(ctx, "SELECT count(*) FROM pragma_table_info('entries') WHERE name = 'hid'").Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return ErrDevSchema
	}
	return nil
}

// ErrNotLedger marks a file that is an SQLite database but not a ledger.
var ErrNotLedger = errors.New("not an income ledger")

// checkNoForeignTables refuses to make a ledger inside another program's
// database (schema version 0 but tables already there).
func checkNoForeignTables(ctx context.Context, q queryer) error {
	var n int
	if err := q.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema").Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return fmt.Errorf("%w: the database holds %d other tables or indexes", ErrNotLedger, n)
	}
	return nil
}

// Settings are the ledger's own facts.
type Settings struct {
	HomeCurrency string
	Country      string
	Name         string
}

// Settings reads the ledger's settings.
func (s *Store) Settings(ctx context.Context) (Settings, error) { return readSettings(ctx, s.db) }

func readSettings(ctx context.Context, q queryer) (Settings, error) {
	rows, err := q.QueryContext(ctx, "SELECT key, value FROM meta")
	if err != nil {
		return Settings{}, err
	}
	defer rows.Close()
	var st Settings
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return st, err
		}
		switch k {
		case "home_currency":
			st.HomeCurrency = v
		case "country":
			st.Country = v
		case "name":
			st.Name = v
		}
	}
	return st, rows.Err()
}

// ErrSettingsDiffer is returned by InitSettings when the ledger is already
// set to another home currency or country and force is false.
var ErrSettingsDiffer = errors.New("the ledger has other settings")

// SetSettings writes the ledger's settings. Changing the home currency
// forgets every conversion so that entries are converted again.
func (s *Store) SetSettings(ctx context.Context, st Settings) error {
	_, err := s.InitSettings(ctx, st, true)
	return err
}

// InitSettings reads the settings and writes st in one write transaction,
// so that of several processes setting up one new ledger at once exactly one
// sees it empty. It returns the settings found before. Unless force is set,
// a ledger already set to another home currency or country is left as it
// is, with ErrSettingsDiffer. An empty Name keeps the one stored.
func (s *Store) InitSettings(ctx context.Context, st Settings, force bool) (Settings, error) {
	tx, err := s.begin(ctx)
	if err != nil {
		return Settings{}, err
	}
	defer tx.Rollback()
	old, err := readSettings(ctx, tx)
	if err != nil {
		return old, err
	}
	if old.HomeCurrency != "" && (old.HomeCurrency != st.HomeCurrency || old.Country != st.Country) && !force {
		return old, ErrSettingsDiffer
	}
	if st.Name == "" {
		st.Name = old.Name
	}
	for k, v := range map[string]string{"home_currency": st.HomeCurrency, "country": st.Country, "name": st.Name} {
		if _, err := tx.ExecContext(ctx, "INSERT INTO meta(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", k, v); err != nil {
			return old, err
		}
	}
	if old.HomeCurrency != st.HomeCurrency || old.Country != st.Country {
		if err := forgetConversions(ctx, tx); err != nil {
			return old, err
		}
		if err := bumpGeneration(ctx, tx); err != nil {
			return old, err
		}
	}
	return old, tx.Commit()
}

const clearConversions = "UPDATE entries SET conv = NULL, home_units = NULL WHERE conv IS NOT NULL"

// clearSums forgets the home amounts of the sums with them.
const clearSums = "UPDATE sums SET n_home = 0, home_units = 0"

// ClearConversions forgets every entry's conversion (after new rates, or a
// policy change), so the next report converts again.
func (s *Store) ClearConversions(ctx context.Context) error {
	tx, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := forgetConversions(ctx, tx); err != nil {
		return err
	}
	return tx.Commit()
}

// forgetConversions clears every entry's conversion and the home sums,
// inside the caller's transaction.
func forgetConversions(ctx context.Context, tx execer) error {
	if _, err := tx.ExecContext(ctx, clearConversions); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, clearSums)
	return err
}

// Meta reads one free-form ledger value ("" when unset).
func (s *Store) Meta(ctx context.Context, key string) (string, error) {
	var v string
	err := s.db.QueryRowContext(ctx, "SELECT value FROM meta WHERE key = ?", key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, err
}

// SetMeta writes one free-form ledger value.
func (s *Store) SetMeta(ctx context.Context, key, value string) error {
	_, err := s.db.ExecContext(ctx, "INSERT INTO meta(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", key, value)
	return err
}

// units returns d scaled to the currency's minor unit as an integer, or
// false when d has more digits than that (then sums fall back to decimals).
func units(d decimal.Decimal, minor int32) (int64, bool) {
	scaled := d.Shift(minor)
	if !scaled.IsInteger() || scaled.Abs().GreaterThan(decimal.New(1, 17)) {
		return 0, false
	}
	return scaled.IntPart(), true
}

func dateString(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(DateLayout)
}

// placeholdersWith returns "(?,…,lit),(?,…,lit)" for n rows of m bound
// columns followed by one literal.
func placeholdersWith(n, m int, lit string) string {
	row := "(" + strings.Repeat("?,", m) + lit + ")"
	return strings.TrimSuffix(strings.Repeat(row+",", n), ",")
}
