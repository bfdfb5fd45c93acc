package ledger

import (
	"context"
	"database/sql"
	"errors"
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
	tx, err := s.begin(ctx)
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

	// Links, kinds and the realised rates they give commit together.
	add, err := syncRealised(ctx, tx, links)
	if err != nil {
		return stats, err
	}
	// A pair whose amounts give a rate outside fx's range (absurd digits)
	// keeps its link but records no realised rate.
	add = slices.DeleteFunc(add, func(r Rate) bool { return r.Validate() != nil })
	if err := addRates(ctx, tx, add); err != nil {
		return stats, err
	}
	return stats, tx.Commit()
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
