package ledger

import (
	"context"
	"strings"
)

// indexSchema (migration 3) makes imports cost the same per row however big
// the ledger grows. The two indexes that made a million-row import slow are
// replaced:
//
//   - ids replaces the unique index on entries.hid. An entry id is a hash,
//     so a unique index took every insert to a random page of a large
//     B-tree. Imports now look ids up (only when the ledger already has
//     entries) and add the file's ids in sorted order at commit.
//   - sums replaces the covering index that reports aggregated. It holds the
//     yearly report's groups, kept exact by the writers of entries: imports
//     add their rows at commit, conversions add and clear home amounts, and
//     the entries_kind trigger moves an entry whose kind a transfer link
//     changes. Groups are months, so a report reads a few hundred rows.
//
// There is no date index either: Store.Entries sorts (date, seq) when it
// lists, which is rare next to imports. Nor an index of entries waiting for
// a conversion: the sums count them (see Store.ConvertPending).
const indexSchema = `CREATE TABLE ids (hid INTEGER PRIMARY KEY, seq INTEGER NOT NULL);
	INSERT INTO ids(hid, seq) SELECT hid, seq FROM entries;
	CREATE TABLE entries3 (
		seq INTEGER PRIMARY KEY,
		hid INTEGER NOT NULL, -- the entry id (MakeID) as an integer; ids(hid) is unique
		date TEXT NOT NULL,
		source TEXT NOT NULL, account TEXT NOT NULL, kind TEXT NOT NULL,
		amount TEXT NOT NULL, amount_units INTEGER, currency TEXT NOT NULL,
		description TEXT NOT NULL DEFAULT '', counterparty TEXT NOT NULL DEFAULT '', ref TEXT NOT NULL DEFAULT '',
		line INTEGER NOT NULL, batch INTEGER NOT NULL, -- batches(id); no FK check per row
		conv INTEGER, -- conversions(id)
		home_units INTEGER);
	INSERT INTO entries3 SELECT seq, hid, date, source, account, kind, amount, amount_units, currency,
		description, counterparty, ref, line, batch, conv, home_units FROM entries;
	DROP TABLE entries;
	ALTER TABLE entries3 RENAME TO entries;
	CREATE INDEX entries_moves ON entries(kind, hid, date, source, account, amount, currency,
		description, counterparty, ref, line, batch) WHERE kind IN ('transfer', 'unclassified');
	CREATE TABLE sums (
		month TEXT NOT NULL, source TEXT NOT NULL, kind TEXT NOT NULL, currency TEXT NOT NULL,
		n INTEGER NOT NULL, -- entries
		n_amount INTEGER NOT NULL, amount_units INTEGER NOT NULL, -- those exact in minor units, and their sum
		n_home INTEGER NOT NULL, home_units INTEGER NOT NULL, -- those converted, and their sum
		PRIMARY KEY (month, source, kind, currency)) WITHOUT ROWID;
	INSERT INTO sums SELECT substr(date, 1, 7), source, kind, currency, count(*),
		count(amount_units), coalesce(sum(amount_units), 0), count(home_units), coalesce(sum(home_units), 0)
		FROM entries GROUP BY 1, 2, 3, 4;
	CREATE TRIGGER entries_kind AFTER UPDATE OF kind ON entries WHEN old.kind IS NOT new.kind BEGIN
		INSERT INTO sums VALUES (substr(old.date, 1, 7), old.source, old.kind, old.currency, -1,
			-(old.amount_units IS NOT NULL), -coalesce(old.amount_units, 0),
			-(old.home_units IS NOT NULL), -coalesce(old.home_units, 0))
		` + sumsUpsert + `;
		INSERT INTO sums VALUES (substr(new.date, 1, 7), new.source, new.kind, new.currency, 1,
			new.amount_units IS NOT NULL, coalesce(new.amount_units, 0),
			new.home_units IS NOT NULL, coalesce(new.home_units, 0))
		` + sumsUpsert + `;
	END;`

// sumsUpsert adds a group's delta. A sum that leaves int64 (SQLite makes
// it a REAL) becomes sumOverflow for good: Store.Sums then sums that group
// exactly from its entries.
const sumsUpsert = `ON CONFLICT(month, source, kind, currency) DO UPDATE SET n = n + excluded.n,
	n_amount = n_amount + excluded.n_amount,
	amount_units = CASE WHEN typeof(amount_units + excluded.amount_units) = 'integer'
		THEN amount_units + excluded.amount_units ELSE ` + sumOverflowSQL + ` END,
	n_home = n_home + excluded.n_home,
	home_units = CASE WHEN typeof(home_units + excluded.home_units) = 'integer'
		THEN home_units + excluded.home_units ELSE ` + sumOverflowSQL + ` END`

// sumOverflow marks a sum that does not fit an int64: a REAL that INTEGER
// affinity never turns back into an integer.
const (
	sumOverflow    = 1e300
	sumOverflowSQL = "1e300"
)

// sumKey is one group of the sums table.
type sumKey struct{ month, source, kind, currency string }

// sumDelta is what a change adds to a group (negative to take away). A
// sum that left int64 sets its over flag: it is then written as a REAL,
// which marks the group's sum as one to compute exactly (see Store.Sums).
type sumDelta struct {
	n, nAmount, amount, nHome, home int64
	amountOver, homeOver            bool
}

// sumDeltas collects changes to the sums table, written in one go.
type sumDeltas map[sumKey]*sumDelta

// add counts one entry; au and hu are its amount and home units (nil when
// absent); sign is +1 to add it, -1 to take it away.
func (d sumDeltas) add(date, source, kind, currency string, au, hu any, sign int64) {
	v := d.group(date, source, kind, currency)
	v.n += sign
	if u, ok := au.(int64); ok {
		v.nAmount += sign
		v.amount, ok = addInt64(v.amount, sign*u)
		v.amountOver = v.amountOver || !ok
	}
	if u, ok := hu.(int64); ok {
		v.nHome += sign
		v.home, ok = addInt64(v.home, sign*u)
		v.homeOver = v.homeOver || !ok
	}
}

// addHome counts a conversion of an entry already counted.
func (d sumDeltas) addHome(date, source, kind, currency string, hu int64) {
	v := d.group(date, source, kind, currency)
	v.nHome++
	var ok bool
	v.home, ok = addInt64(v.home, hu)
	v.homeOver = v.homeOver || !ok
}

// sumArg is a delta's sum as written: the integer, or sumOverflow.
func sumArg(v int64, over bool) any {
	if over {
		return sumOverflow
	}
	return v
}

func (d sumDeltas) group(date, source, kind, currency string) *sumDelta {
	k := sumKey{monthOf(date), source, kind, currency}
	v, ok := d[k]
	if !ok {
		v = &sumDelta{}
		d[k] = v
	}
	return v
}

func monthOf(date string) string {
	if len(date) < 7 {
		return date
	}
	return date[:7]
}

// write applies the deltas inside the caller's transaction and empties d.
func (d sumDeltas) write(ctx context.Context, tx execer) error {
	if len(d) == 0 {
		return nil
	}
	keys := make([]sumKey, 0, len(d))
	for k := range d {
		keys = append(keys, k)
	}
	const per = 100
	for len(keys) > 0 {
		n := min(per, len(keys))
		args := make([]any, 0, n*9)
		for _, k := range keys[:n] {
			v := d[k]
			args = append(args, k.month, k.source, k.kind, k.currency, v.n, v.nAmount, sumArg(v.amount, v.amountOver), v.nHome, sumArg(v.home, v.homeOver))
		}
		q := "INSERT INTO sums VALUES " + strings.TrimSuffix(strings.Repeat("(?,?,?,?,?,?,?,?,?),", n), ",") + " " + sumsUpsert
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return err
		}
		keys = keys[n:]
	}
	clear(d)
	return nil
}
