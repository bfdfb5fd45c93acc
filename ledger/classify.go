package ledger

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
)

// classifySchema (a migration) keeps the user's classification.
//
//   - classify_rules: rules in the order they apply (the first that matches
//     an entry decides its kind).
//   - classify_manual: kinds given to single entries by id; they beat rules
//     and, keyed by id, survive undoing and re-importing the entry's file.
//   - classified: the entries whose kind a rule or the user decided, with
//     the kind their importer gave (restored when no rule applies any more)
//     and what decided (`rule 3`, `manual`).
const classifySchema = `CREATE TABLE classify_rules (
		id INTEGER PRIMARY KEY AUTOINCREMENT, -- never reused: "rule 3" names one rule
		kind TEXT NOT NULL,
		source TEXT NOT NULL DEFAULT '', account TEXT NOT NULL DEFAULT '',
		counterparty TEXT NOT NULL DEFAULT '', description TEXT NOT NULL DEFAULT '',
		sign TEXT NOT NULL DEFAULT '', currency TEXT NOT NULL DEFAULT '',
		min TEXT NOT NULL DEFAULT '', max TEXT NOT NULL DEFAULT '',
		note TEXT NOT NULL DEFAULT '');
	CREATE TABLE classify_manual (id TEXT PRIMARY KEY, kind TEXT NOT NULL);
	CREATE TABLE classified (hid INTEGER PRIMARY KEY, orig_kind TEXT NOT NULL, by TEXT NOT NULL);`

// Rules lists the classification rules in the order they apply.
func (s *Store) Rules(ctx context.Context) ([]Rule, error) { return loadRules(ctx, s.db) }

func loadRules(ctx context.Context, q queryer) ([]Rule, error) {
	rows, err := q.QueryContext(ctx, "SELECT id, kind, source, account, counterparty, description, sign, currency, min, max, note FROM classify_rules ORDER BY id")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Rule
	for rows.Next() {
		var r Rule
		var kind, lo, hi string
		if err := rows.Scan(&r.ID, &kind, &r.Source, &r.Account, &r.Counterparty, &r.Description, &r.Sign, &r.Currency, &lo, &hi, &r.Note); err != nil {
			return nil, err
		}
		r.Kind = Kind(kind)
		if r.Min, err = parseNull(sql.NullString{String: lo, Valid: true}); err != nil {
			return nil, err
		}
		if r.Max, err = parseNull(sql.NullString{String: hi, Valid: true}); err != nil {
			return nil, err
		}
		if err := r.Validate(); err != nil {
			return nil, fmt.Errorf("classification rule %d: %w", r.ID, err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// ClassifyStats says what classifying changed.
type ClassifyStats struct {
	Changed int // entries whose kind changed
	Linked  int // of them, entries linked as transfers: their kind after unlinking changed
}

// AddRules appends rules (replacing every rule first when replace is set)
// and classifies the whole ledger again.
func (s *Store) AddRules(ctx context.Context, rules []Rule, replace bool) ([]Rule, ClassifyStats, error) {
	for i := range rules {
		if err := rules[i].Validate(); err != nil {
			return nil, ClassifyStats{}, err
		}
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, ClassifyStats{}, err
	}
	defer tx.Rollback()
	if replace {
		if _, err := tx.ExecContext(ctx, "DELETE FROM classify_rules"); err != nil {
			return nil, ClassifyStats{}, err
		}
	}
	for i := range rules {
		r := &rules[i]
		res, err := tx.ExecContext(ctx, "INSERT INTO classify_rules(kind, source, account, counterparty, description, sign, currency, min, max, note) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			string(r.Kind), r.Source, r.Account, r.Counterparty, r.Description, r.Sign, r.Currency, nullDecString(r.Min), nullDecString(r.Max), r.Note)
		if err != nil {
			return nil, ClassifyStats{}, err
		}
		if r.ID, err = res.LastInsertId(); err != nil {
			return nil, ClassifyStats{}, err
		}
	}
	st, err := reclassify(ctx, tx, 0)
	if err != nil {
		return nil, st, err
	}
	return rules, st, tx.Commit()
}

// DeleteRule removes rule id; the entries it classified get the next
// matching rule's kind, or their importer's again.
func (s *Store) DeleteRule(ctx context.Context, id int64) (ClassifyStats, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return ClassifyStats{}, err
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, "DELETE FROM classify_rules WHERE id = ?", id)
	if err != nil {
		return ClassifyStats{}, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ClassifyStats{}, fmt.Errorf("classification rule %d: %w", id, ErrNoRule)
	}
	st, err := reclassify(ctx, tx, 0)
	if err != nil {
		return st, err
	}
	return st, tx.Commit()
}

// ErrNoRule is returned for a rule id the ledger does not hold.
var ErrNoRule = errors.New("no such rule")

// ClassifyEntry gives entry id (a full id) kind by hand; an empty kind
// forgets the manual kind, so rules or the importer decide again.
func (s *Store) ClassifyEntry(ctx context.Context, id string, kind Kind) (ClassifyStats, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return ClassifyStats{}, err
	}
	defer tx.Rollback()
	if kind == "" {
		_, err = tx.ExecContext(ctx, "DELETE FROM classify_manual WHERE id = ?", id)
	} else {
		_, err = tx.ExecContext(ctx, "INSERT INTO classify_manual(id, kind) VALUES(?, ?) ON CONFLICT(id) DO UPDATE SET kind = excluded.kind", id, string(kind))
	}
	if err != nil {
		return ClassifyStats{}, err
	}
	st, err := reclassifyWhere(ctx, tx, " WHERE seq = (SELECT seq FROM ids WHERE hid = ?)", hidArg(id))
	if err != nil {
		return st, err
	}
	return st, tx.Commit()
}

// ClassifyBatch applies the rules and manual kinds to the entries of one
// import batch (after the import commits).
func (s *Store) ClassifyBatch(ctx context.Context, batch int64) (ClassifyStats, error) {
	var busy bool
	if err := s.db.QueryRowContext(ctx, "SELECT EXISTS(SELECT 1 FROM classify_rules) OR EXISTS(SELECT 1 FROM classify_manual)").Scan(&busy); err != nil || !busy {
		return ClassifyStats{}, err
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return ClassifyStats{}, err
	}
	defer tx.Rollback()
	st, err := reclassify(ctx, tx, batch)
	if err != nil {
		return st, err
	}
	return st, tx.Commit()
}

// reclassify decides the kind of every entry again (of one batch when
// batch is not 0).
func reclassify(ctx context.Context, tx *sql.Tx, batch int64) (ClassifyStats, error) {
	if batch != 0 {
		return reclassifyWhere(ctx, tx, " WHERE batch = ?", batch)
	}
	return reclassifyWhere(ctx, tx, "")
}

type classRow struct {
	orig, by string
}

type kindChange struct {
	hid, seq   int64
	cur        Kind // the kind now, of the entry or of its link side
	kind       Kind // the new kind of the entry, or of its link side
	linkOut    string
	linkColumn string // "" when the entry is not linked
	class      *classRow
	forget     bool
}

// reclassifyWhere decides again the kind of the entries that where
// selects. An entry linked as a transfer stays one; its link keeps the
// kind it will have when unlinked, which is the one that changes.
// Sums follow kind changes through the entries_kind trigger.
func reclassifyWhere(ctx context.Context, tx *sql.Tx, where string, args ...any) (ClassifyStats, error) {
	var st ClassifyStats
	rules, err := loadRules(ctx, tx)
	if err != nil {
		return st, err
	}
	manual, err := loadStringMap(ctx, tx, "SELECT id, kind FROM classify_manual")
	if err != nil {
		return st, err
	}
	classes := map[int64]classRow{}
	rows, err := tx.QueryContext(ctx, "SELECT hid, orig_kind, by FROM classified")
	if err != nil {
		return st, err
	}
	for rows.Next() {
		var h int64
		var c classRow
		if err := rows.Scan(&h, &c.orig, &c.by); err != nil {
			rows.Close()
			return st, err
		}
		classes[h] = c
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return st, err
	}
	type side struct{ out, column, kind string }
	links := map[string]side{}
	rows, err = tx.QueryContext(ctx, "SELECT out_id, in_id, out_kind, in_kind FROM transfer_links")
	if err != nil {
		return st, err
	}
	for rows.Next() {
		var o, i, ok, ik string
		if err := rows.Scan(&o, &i, &ok, &ik); err != nil {
			rows.Close()
			return st, err
		}
		links[o] = side{o, "out_kind", ok}
		links[i] = side{o, "in_kind", ik}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return st, err
	}

	rows, err = tx.QueryContext(ctx, "SELECT seq, hid, source, account, kind, amount, currency, description, counterparty FROM entries"+where, args...)
	if err != nil {
		return st, err
	}
	var changes []kindChange
	for rows.Next() {
		var e Entry
		var seq, hid int64
		var kind, amount string
		if err := rows.Scan(&seq, &hid, &e.Source, &e.Account, &kind, &amount, &e.Currency, &e.Description, &e.Counterparty); err != nil {
			rows.Close()
			return st, err
		}
		if e.Amount, err = decimal.NewFromString(amount); err != nil {
			rows.Close()
			return st, err
		}
		id := idOf(hid)
		cur := Kind(kind)
		l, linked := links[id]
		if linked {
			cur = Kind(l.kind)
		}
		old, had := classes[hid]
		orig := cur
		if had {
			orig = Kind(old.orig)
		}
		want, by := orig, ""
		if k, ok := manual[id]; ok {
			want, by = Kind(k), ManualClass
		} else {
			for i := range rules {
				if rules[i].Matches(&e) {
					want, by = rules[i].Kind, rules[i].ClassifiedBy()
					break
				}
			}
		}
		needClass := by != "" && (!had || old.by != by)
		if want == cur && !needClass && !(by == "" && had) {
			continue
		}
		c := kindChange{hid: hid, seq: seq, cur: cur, kind: want, forget: by == "" && had}
		if needClass {
			c.class = &classRow{string(orig), by}
		}
		if linked {
			c.linkOut, c.linkColumn = l.out, l.column
		}
		changes = append(changes, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return st, err
	}
	if err := applyKindChanges(ctx, tx, changes, &st); err != nil {
		return st, err
	}
	if st.Changed > 0 {
		if err := bumpGeneration(ctx, tx); err != nil {
			return st, err
		}
	}
	return st, nil
}

// applyKindChanges writes changes a few hundred rows per statement:
// entries' kinds by seq (the entries_kind trigger moves their sums), the
// kinds links keep one by one (rare), and the classified records.
func applyKindChanges(ctx context.Context, tx *sql.Tx, changes []kindChange, st *ClassifyStats) error {
	bySeq := map[Kind][]any{}
	var kinds []Kind
	var forget, class []any
	for _, c := range changes {
		switch {
		case c.kind == c.cur:
		case c.linkColumn != "":
			if _, err := tx.ExecContext(ctx, "UPDATE transfer_links SET "+c.linkColumn+" = ? WHERE out_id = ?", string(c.kind), c.linkOut); err != nil {
				return err
			}
			st.Changed++
			st.Linked++
		default:
			if _, ok := bySeq[c.kind]; !ok {
				kinds = append(kinds, c.kind)
			}
			bySeq[c.kind] = append(bySeq[c.kind], c.seq)
			st.Changed++
		}
		if c.forget {
			forget = append(forget, c.hid)
		}
		if c.class != nil {
			class = append(class, c.hid, c.class.orig, c.class.by)
		}
	}
	for _, k := range kinds {
		if err := execChunks(ctx, tx, bySeq[k], 1, 500, func(n int) string {
			return "UPDATE entries SET kind = " + sqlString(string(k)) + " WHERE seq IN (" + strings.TrimSuffix(strings.Repeat("?,", n), ",") + ")"
		}); err != nil {
			return err
		}
	}
	if err := execChunks(ctx, tx, forget, 1, 500, func(n int) string {
		return "DELETE FROM classified WHERE hid IN (" + strings.TrimSuffix(strings.Repeat("?,", n), ",") + ")"
	}); err != nil {
		return err
	}
	return execChunks(ctx, tx, class, 3, 300, func(n int) string {
		return "INSERT INTO classified(hid, orig_kind, by) VALUES " + strings.TrimSuffix(strings.Repeat("(?,?,?),", n), ",") +
			" ON CONFLICT(hid) DO UPDATE SET by = excluded.by"
	})
}

// execChunks runs the statement q(n) over args, per rows of width values
// at a time.
func execChunks(ctx context.Context, tx *sql.Tx, args []any, width, per int, q func(n int) string) error {
	for len(args) > 0 {
		n := min(per, len(args)/width)
		if _, err := tx.ExecContext(ctx, q(n), args[:n*width]...); err != nil {
			return err
		}
		args = args[n*width:]
	}
	return nil
}

// loadStringMap reads the two text columns of query's rows as keys and
// values.
func loadStringMap(ctx context.Context, q queryer, query string) (map[string]string, error) {
	rows, err := q.QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	m := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, err
		}
		m[k] = v
	}
	return m, rows.Err()
}
