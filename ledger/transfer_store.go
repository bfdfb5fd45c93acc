package ledger

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/incomeledger/income/fx"
	"github.com/shopspring/decimal"
)

// transferSchema is the migration that keeps transfer links. Links are
// stored by entry id, which derives from the de-duplication key, so they
// survive re-imports; there is no foreign key, so a link outlives its
// entries and applies again if they come back.
//
//   - transfer_links: one row per pair; manual = 1 when the user linked it
//     (automatic matching never removes or changes those); out_kind and
//     in_kind are the entries' kinds before linking (a linked entry's kind
//     becomes `transfer`; unlinking restores them).
//   - transfer_unlinked: entries the user unlinked; automatic matching
//     leaves them alone until the user links them.
const transferSchema = `CREATE TABLE transfer_links (
		out_id TEXT PRIMARY KEY,
		in_id TEXT NOT NULL UNIQUE,
		manual INTEGER NOT NULL DEFAULT 0,
		out_kind TEXT NOT NULL,
		in_kind TEXT NOT NULL,
		score INTEGER NOT NULL DEFAULT 0);
	CREATE TABLE transfer_unlinked (id TEXT PRIMARY KEY);
	-- only transfers and unclassified rows (a few in a hundred): matching
	-- reads them without scanning the ledger, and imports pay little for it
	-- (a covering index: every column matching reads, so no table lookups)
	CREATE INDEX entries_moves ON entries(kind, hid, date, source, account, amount, currency,
		description, counterparty, ref, line, batch) WHERE kind IN ('transfer', 'unclassified');
`

// Matched transfers realise exchange rates of source fx.SourceRealised:
// for each (credit date, pair), the sum of the credits over the sum of the
// transfers landing that day.

// Errors of linking, mapped to usage errors by the CLI.
var (
	ErrNoEntry = errors.New("no such entry")
	ErrBadLink = errors.New("cannot link")
)

// TransferLink is a transfer and the credit where it landed.
type TransferLink struct {
	Out, In Entry
	Manual  bool
	Score   int // 0 for manual links
}

// Realised is the exchange rate the pair realised when its currencies
// differ: In.Currency units per Out.Currency unit, exactly |in| / |out|.
func (l TransferLink) Realised() (Rate, bool) {
	if l.Out.Currency == l.In.Currency || l.Out.Amount.IsZero() {
		return Rate{}, false
	}
	return Rate{Date: l.In.Date, Base: l.Out.Currency, Quote: l.In.Currency,
		Rate: l.In.Amount.Abs(), Div: l.Out.Amount.Abs(), Source: fx.SourceRealised}, true
}

// Fee is what was kept on the way when both sides are in one currency:
// |out| − |in|.
func (l TransferLink) Fee() (decimal.Decimal, bool) {
	if l.Out.Currency != l.In.Currency {
		return decimal.Decimal{}, false
	}
	return l.Out.Amount.Abs().Sub(l.In.Amount.Abs()), true
}

// Transfers is the state of matching for a year.
type Transfers struct {
	Matched []TransferLink
	// UnmatchedOut are outgoing transfers with no credit.
	UnmatchedOut []Entry
	// UnmatchedIn are credits that look like payouts (kind transfer, or
	// unclassified naming a payout platform) with no transfer.
	UnmatchedIn []Entry
}

// MatchStats says what a matching run did.
type MatchStats struct {
	Matched int // pairs linked now, manual ones included
	Manual  int
	Added   int // automatic pairs found this run
	Removed int // automatic pairs dropped this run
}

type linkRow struct {
	out, in           string
	manual            bool
	outKind, inKind   Kind
	score             int
	outEntry, inEntry *Entry
}

type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// transferState is everything matching looks at, read in one transaction.
type transferState struct {
	links    []*linkRow
	byID     map[string]*linkRow // either side
	unlinked map[string]bool
	entries  map[string]*Entry // transfer and unclassified entries, and every linked one
	order    []*Entry          // entries in (date, seq) order
}

func loadTransferState(ctx context.Context, q queryer) (*transferState, error) {
	st := &transferState{byID: map[string]*linkRow{}, unlinked: map[string]bool{}, entries: map[string]*Entry{}}
	rows, err := q.QueryContext(ctx, "SELECT out_id, in_id, manual, out_kind, in_kind, score FROM transfer_links ORDER BY out_id")
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		l := &linkRow{}
		var ok, ik string
		if err := rows.Scan(&l.out, &l.in, &l.manual, &ok, &ik, &l.score); err != nil {
			rows.Close()
			return nil, err
		}
		l.outKind, l.inKind = Kind(ok), Kind(ik)
		st.links = append(st.links, l)
		st.byID[l.out], st.byID[l.in] = l, l
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = q.QueryContext(ctx, "SELECT id FROM transfer_unlinked")
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		st.unlinked[id] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	add := func(rows *sql.Rows) error {
		for rows.Next() {
			e, err := scanTransferEntry(rows)
			if err != nil {
				rows.Close()
				return err
			}
			if _, dup := st.entries[e.ID]; !dup {
				st.entries[e.ID] = &e
				st.order = append(st.order, &e)
			}
		}
		rows.Close()
		return rows.Err()
	}
	rows, err = q.QueryContext(ctx, selectTransferEntry+" WHERE kind IN ('transfer', 'unclassified')")
	if err != nil {
		return nil, err
	}
	if err := add(rows); err != nil {
		return nil, err
	}
	// Linked entries are transfers; one of another kind is rare (its kind
	// was changed since), so it is read on its own.
	for _, l := range st.links {
		for _, id := range []string{l.out, l.in} {
			if _, ok := st.entries[id]; ok {
				continue
			}
			rows, err := q.QueryContext(ctx, selectTransferEntry+" WHERE seq = (SELECT seq FROM ids WHERE hid = ?)", hidArg(id))
			if err != nil {
				return nil, err
			}
			if err := add(rows); err != nil {
				return nil, err
			}
		}
	}
	slices.SortFunc(st.order, func(a, b *Entry) int {
		if c := a.Date.Compare(b.Date); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	for _, l := range st.links {
		l.outEntry, l.inEntry = st.entries[l.out], st.entries[l.in]
	}
	return st, nil
}

// selectTransferEntry reads what matching and listing need of an entry.
const selectTransferEntry = `SELECT hid, date, source, account, kind, amount, currency, description, counterparty, ref, line, batch FROM entries`

func scanTransferEntry(rows *sql.Rows) (Entry, error) {
	var e Entry
	var date, kind, amount string
	var hid int64
	if err := rows.Scan(&hid, &date, &e.Source, &e.Account, &kind, &amount, &e.Currency, &e.Description,
		&e.Counterparty, &e.Ref, &e.Line, &e.Batch); err != nil {
		return e, err
	}
	e.ID = idOf(hid)
	var err error
	if e.Date, err = parseDay(date); err != nil {
		return e, err
	}
	e.Kind = Kind(kind)
	e.Amount, err = decimal.NewFromString(amount)
	return e, err
}

// setFiles fills in the file each entry came from.
func setFiles(ctx context.Context, q queryer, es []*Entry) error {
	rows, err := q.QueryContext(ctx, "SELECT id, file FROM batches")
	if err != nil {
		return err
	}
	defer rows.Close()
	files := map[int64]string{}
	for rows.Next() {
		var id int64
		var f string
		if err := rows.Scan(&id, &f); err != nil {
			return err
		}
		files[id] = f
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for _, e := range es {
		e.File = files[e.Batch]
	}
	return nil
}

// origKind is an entry's kind before any link changed it.
func (st *transferState) origKind(e *Entry) Kind {
	if l, ok := st.byID[e.ID]; ok {
		if l.out == e.ID {
			return l.outKind
		}
		return l.inKind
	}
	return e.Kind
}

func (l *linkRow) active() bool { return l.outEntry != nil && l.inEntry != nil }

// MatchTransfers matches the ledger's transfers to their credits again,
// under rules, keeping every manual link and unlink: automatic pairs are
// recomputed from scratch, so the result depends only on the ledger's
// entries, its rates and the user's corrections. Linked credits become
// `transfer` (their former kind is kept for unlinking). The realised rates
// of pairs in two currencies are stored with source "realised".
func (s *Store) MatchTransfers(ctx context.Context, rules TransferRules) (MatchStats, error) {
	var stats MatchStats
	if idle, err := s.nothingToMatch(ctx); err != nil || idle {
		return stats, err
	}
	all, err := s.Rates(ctx, "", "")
	if err != nil {
		return stats, err
	}
	find := matchRates(all, rules.WindowDays)
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return stats, err
	}
	defer tx.Rollback()
	st, err := loadTransferState(ctx, tx)
	if err != nil {
		return stats, err
	}
	var stmts [4]*sql.Stmt
	for i, q := range []string{
		"DELETE FROM transfer_links WHERE out_id = ?",
		"UPDATE transfer_links SET score = ? WHERE out_id = ?",
		"INSERT INTO transfer_links(out_id, in_id, manual, out_kind, in_kind, score) VALUES(?, ?, 0, ?, ?, ?)",
		"UPDATE entries SET kind = ? WHERE seq = (SELECT seq FROM ids WHERE hid = ?)",
	} {
		if stmts[i], err = tx.PrepareContext(ctx, q); err != nil {
			return stats, err
		}
		defer stmts[i].Close()
	}
	delLink, setScore, addLink, setKind := stmts[0], stmts[1], stmts[2], stmts[3]

	manual := map[string]bool{}
	for _, l := range st.links {
		if l.manual {
			manual[l.out], manual[l.in] = true, true
		}
	}
	outs := make([]Entry, 0, len(st.order)/2)
	ins := make([]Entry, 0, len(st.order)/2)
	for _, e := range st.order {
		if manual[e.ID] || st.unlinked[e.ID] {
			continue
		}
		switch k := st.origKind(e); {
		case k == Transfer && e.Amount.IsNegative():
			outs = append(outs, *e)
		case (k == Transfer || k == Unclassified) && e.Amount.IsPositive():
			ins = append(ins, *e)
		}
	}
	found := MatchTransfers(outs, ins, find, rules)

	// Replace the automatic links with what was found: drop the pairs not
	// found again first, so that inserting never collides.
	old := map[[2]string]*linkRow{}
	var links []*linkRow
	for _, l := range st.links {
		if l.manual {
			links = append(links, l)
		} else {
			old[[2]string{l.out, l.in}] = l
		}
	}
	now := map[[2]string]bool{}
	for _, m := range found {
		now[[2]string{m.Out, m.In}] = true
	}
	for _, l := range st.links {
		if !l.manual && !now[[2]string{l.out, l.in}] {
			if _, err := delLink.ExecContext(ctx, l.out); err != nil {
				return stats, err
			}
			stats.Removed++
		}
	}
	for _, m := range found {
		oe, ie := st.entries[m.Out], st.entries[m.In]
		l := &linkRow{out: m.Out, in: m.In, outKind: st.origKind(oe), inKind: st.origKind(ie), score: m.Score, outEntry: oe, inEntry: ie}
		links = append(links, l)
		if prev, ok := old[[2]string{m.Out, m.In}]; ok {
			if prev.score != m.Score {
				if _, err := setScore.ExecContext(ctx, m.Score, m.Out); err != nil {
					return stats, err
				}
			}
			continue
		}
		if _, err := addLink.ExecContext(ctx, l.out, l.in, string(l.outKind), string(l.inKind), l.score); err != nil {
			return stats, err
		}
		stats.Added++
	}

	// Kinds: linked entries are transfers, the others what they were.
	want := map[string]Kind{}
	for _, e := range st.order {
		want[e.ID] = st.origKind(e)
	}
	for _, l := range links {
		if l.active() {
			want[l.out], want[l.in] = Transfer, Transfer
			stats.Matched++
			if l.manual {
				stats.Manual++
			}
		}
	}
	for _, e := range st.order {
		if k := want[e.ID]; k != e.Kind {
			if _, err := setKind.ExecContext(ctx, string(k), hidArg(e.ID)); err != nil {
				return stats, err
			}
		}
	}

	add, err := syncRealised(ctx, tx, links)
	if err != nil {
		return stats, err
	}
	if err := tx.Commit(); err != nil {
		return stats, err
	}
	if len(add) > 0 {
		if _, err := s.AddRates(ctx, add); err != nil {
			return stats, err
		}
	}
	return stats, nil
}

// nothingToMatch says matching can change nothing: no links or unlinks
// are stored, no realised rate, and no credit could receive a transfer (no
// positive transfer or unclassified entry). A first import of a platform's
// history, before any bank statement, ends here without reading it all.
func (s *Store) nothingToMatch(ctx context.Context) (bool, error) {
	var busy bool
	err := s.db.QueryRowContext(ctx, `SELECT EXISTS(SELECT 1 FROM transfer_links) OR EXISTS(SELECT 1 FROM transfer_unlinked)
		OR EXISTS(SELECT 1 FROM rates WHERE source = ?)
		OR EXISTS(SELECT 1 FROM entries WHERE kind IN ('transfer', 'unclassified') AND substr(amount, 1, 1) <> '-' AND amount GLOB '*[1-9]*')`,
		fx.SourceRealised).Scan(&busy)
	return !busy, err
}

// syncRealised deletes the stored realised rates that the links no longer
// give and returns the ones to add or change.
func syncRealised(ctx context.Context, q queryer, links []*linkRow) ([]Rate, error) {
	type key struct{ date, base, quote string }
	want := map[key]*Rate{}
	var keys []key
	for _, l := range links {
		if !l.active() {
			continue
		}
		r, ok := TransferLink{Out: *l.outEntry, In: *l.inEntry}.Realised()
		if !ok {
			continue
		}
		k := key{r.Date.Format(DateLayout), r.Base, r.Quote}
		if w, ok := want[k]; ok {
			w.Rate, w.Div = w.Rate.Add(r.Rate), w.Div.Add(r.Div)
			continue
		}
		want[k] = &r
		keys = append(keys, k)
	}
	rows, err := q.QueryContext(ctx, "SELECT date, base, quote, rate, div FROM rates WHERE source = ?", fx.SourceRealised)
	if err != nil {
		return nil, err
	}
	have := map[key]bool{}
	var stale []key
	for rows.Next() {
		var k key
		var rate, div string
		if err := rows.Scan(&k.date, &k.base, &k.quote, &rate, &div); err != nil {
			rows.Close()
			return nil, err
		}
		w, ok := want[k]
		if ok && rate == w.Rate.String() && div == w.Div.String() {
			have[k] = true
			continue
		}
		if !ok {
			stale = append(stale, k)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, k := range stale {
		if _, err := q.ExecContext(ctx, "DELETE FROM rates WHERE date = ? AND base = ? AND quote = ? AND source = ?", k.date, k.base, k.quote, fx.SourceRealised); err != nil {
			return nil, err
		}
	}
	if len(stale) > 0 {
		if err := forgetConversions(ctx, q); err != nil {
			return nil, err
		}
	}
	var add []Rate
	for _, k := range keys {
		if !have[k] {
			add = append(add, *want[k])
		}
	}
	return add, nil
}

// LinkTransfer links two entries by hand: the negative one is the transfer,
// the positive one its credit. Links either had are dropped. Automatic
// matching never undoes a manual link; it runs again (under rules) after
// the change.
func (s *Store) LinkTransfer(ctx context.Context, rules TransferRules, a, b string) (TransferLink, error) {
	if a == b {
		return TransferLink{}, fmt.Errorf("%s: an entry cannot be linked to itself: %w", a, ErrBadLink)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return TransferLink{}, err
	}
	defer tx.Rollback()
	st, err := loadTransferState(ctx, tx)
	if err != nil {
		return TransferLink{}, err
	}
	ea, err := entryByID(ctx, tx, st, a)
	if err != nil {
		return TransferLink{}, err
	}
	eb, err := entryByID(ctx, tx, st, b)
	if err != nil {
		return TransferLink{}, err
	}
	out, in := ea, eb
	if out.Amount.IsPositive() {
		out, in = in, out
	}
	if !out.Amount.IsNegative() || !in.Amount.IsPositive() {
		return TransferLink{}, fmt.Errorf("%s (%s %s) and %s (%s %s): need one outgoing (negative) and one incoming (positive) entry: %w",
			a, ea.Amount, ea.Currency, b, eb.Amount, eb.Currency, ErrBadLink)
	}
	outKind, inKind := st.origKind(&out), st.origKind(&in)
	for _, id := range []string{out.ID, in.ID} {
		l, ok := st.byID[id]
		if !ok {
			continue
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM transfer_links WHERE out_id = ?", l.out); err != nil {
			return TransferLink{}, err
		}
		// The partner left behind gets its kind back.
		for _, p := range []struct {
			id   string
			kind Kind
		}{{l.out, l.outKind}, {l.in, l.inKind}} {
			if p.id != out.ID && p.id != in.ID {
				if _, err := tx.ExecContext(ctx, "UPDATE entries SET kind = ? WHERE seq = (SELECT seq FROM ids WHERE hid = ?)", string(p.kind), hidArg(p.id)); err != nil {
					return TransferLink{}, err
				}
			}
		}
		delete(st.byID, l.out)
		delete(st.byID, l.in)
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM transfer_unlinked WHERE id IN (?, ?)", out.ID, in.ID); err != nil {
		return TransferLink{}, err
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO transfer_links(out_id, in_id, manual, out_kind, in_kind, score) VALUES(?, ?, 1, ?, ?, 0)",
		out.ID, in.ID, string(outKind), string(inKind)); err != nil {
		return TransferLink{}, err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE entries SET kind = ? WHERE seq IN (SELECT seq FROM ids WHERE hid IN (?, ?))", string(Transfer), hidArg(out.ID), hidArg(in.ID)); err != nil {
		return TransferLink{}, err
	}
	if err := tx.Commit(); err != nil {
		return TransferLink{}, err
	}
	if _, err := s.MatchTransfers(ctx, rules); err != nil {
		return TransferLink{}, err
	}
	out.Kind, in.Kind = Transfer, Transfer
	return TransferLink{Out: out, In: in, Manual: true}, nil
}

// UnlinkTransfer undoes the link of entry id (either side), restores both
// entries' kinds, and marks id so that automatic matching leaves it alone
// (its former partner stays free to match something else). It returns the
// link undone, with found false when id was not linked (it is marked all
// the same). Matching runs again (under rules) after the change.
func (s *Store) UnlinkTransfer(ctx context.Context, rules TransferRules, id string) (link TransferLink, found bool, err error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return link, false, err
	}
	defer tx.Rollback()
	st, err := loadTransferState(ctx, tx)
	if err != nil {
		return link, false, err
	}
	if _, err := entryByID(ctx, tx, st, id); err != nil {
		return link, false, err
	}
	if l, ok := st.byID[id]; ok {
		found = true
		if _, err := tx.ExecContext(ctx, "DELETE FROM transfer_links WHERE out_id = ?", l.out); err != nil {
			return link, false, err
		}
		for _, p := range []struct {
			id   string
			kind Kind
		}{{l.out, l.outKind}, {l.in, l.inKind}} {
			if _, err := tx.ExecContext(ctx, "UPDATE entries SET kind = ? WHERE seq = (SELECT seq FROM ids WHERE hid = ?)", string(p.kind), hidArg(p.id)); err != nil {
				return link, false, err
			}
		}
		if l.active() {
			link = TransferLink{Out: *l.outEntry, In: *l.inEntry, Manual: l.manual, Score: l.score}
			link.Out.Kind, link.In.Kind = l.outKind, l.inKind
		}
	}
	if _, err := tx.ExecContext(ctx, "INSERT OR IGNORE INTO transfer_unlinked(id) VALUES(?)", id); err != nil {
		return link, false, err
	}
	if err := tx.Commit(); err != nil {
		return link, false, err
	}
	if _, err := s.MatchTransfers(ctx, rules); err != nil {
		return link, found, err
	}
	return link, found, nil
}

func entryByID(ctx context.Context, q queryer, st *transferState, id string) (Entry, error) {
	if e, ok := st.entries[id]; ok {
		return *e, nil
	}
	rows, err := q.QueryContext(ctx, selectEntry+" WHERE e.seq = (SELECT seq FROM ids WHERE hid = ?)", hidArg(strings.TrimSpace(id)))
	if err != nil {
		return Entry{}, err
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return Entry{}, err
		}
		return Entry{}, fmt.Errorf("%q: %w", id, ErrNoEntry)
	}
	return scanEntry(rows)
}

// Transfers lists the matched pairs that touch year (either date in it;
// 0 = every year), and the year's unmatched transfers and payout-like
// credits, in date order.
func (s *Store) Transfers(ctx context.Context, year int) (Transfers, error) {
	var t Transfers
	st, err := loadTransferState(ctx, s.db)
	if err != nil {
		return t, err
	}
	if err := setFiles(ctx, s.db, st.order); err != nil {
		return t, err
	}
	in := func(e *Entry) bool { return year == 0 || e.Date.Year() == year }
	linked := map[string]bool{}
	for _, l := range st.links {
		if !l.active() {
			continue
		}
		linked[l.out], linked[l.in] = true, true
		if in(l.outEntry) || in(l.inEntry) {
			t.Matched = append(t.Matched, TransferLink{Out: *l.outEntry, In: *l.inEntry, Manual: l.manual, Score: l.score})
		}
	}
	slices.SortFunc(t.Matched, func(a, b TransferLink) int {
		if c := a.Out.Date.Compare(b.Out.Date); c != 0 {
			return c
		}
		return strings.Compare(a.Out.ID, b.Out.ID)
	})
	for _, e := range st.order {
		if linked[e.ID] || !in(e) {
			continue
		}
		switch {
		case e.Kind == Transfer && e.Amount.IsNegative():
			t.UnmatchedOut = append(t.UnmatchedOut, *e)
		case e.Amount.IsPositive() && (e.Kind == Transfer || e.Kind == Unclassified && PayoutLike(*e)):
			t.UnmatchedIn = append(t.UnmatchedIn, *e)
		}
	}
	return t, nil
}

// hidArg is the stored integer of an entry id for a query; an id that is
// not one of ours matches nothing.
func hidArg(id string) int64 {
	h, err := hidOf(id)
	if err != nil {
		return 0
	}
	return h
}

// matchRates is the rate lookup of transfer matching: fx's daily policy over
// the stored rates but the realised ones (those derive from matches, and
// using them would make the pairs depend on the order of imports), taking
// the earliest rate up to ahead days later when none is on or before the
// date.
func matchRates(rates []Rate, ahead int) FindRate {
	t := fx.NewTable(slices.DeleteFunc(slices.Clone(rates), func(r Rate) bool { return r.Source == fx.SourceRealised }))
	t.Ahead = ahead
	return t.Find
}
