package ledger

// Links made and undone by hand.

import (
	"context"
	"fmt"
)

// LinkTransfer links two entries by hand: the negative one is the transfer,
// the positive one its credit. Links either had are dropped. Automatic
// matching never undoes a manual link; it runs again (under rules) after
// the change.
func (s *Store) LinkTransfer(ctx context.Context, rules TransferRules, a, b string) (TransferLink, error) {
	if a == b {
		return TransferLink{}, fmt.Errorf("%s: an entry cannot be linked to itself: %w", a, ErrBadLink)
	}
	tx, err := s.begin(ctx)
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
	tx, err := s.begin(ctx)
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
	return queryEntry(ctx, q, id)
}
