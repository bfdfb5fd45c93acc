package ledger

import (
	"context"
	"database/sql"
	"strconv"
)

// The ledger's generation counts changes that can alter transfer matching:
// imported entries, rates, settings. Matching remembers the generation it
// saw, so a report on an unchanged ledger does not match again.
const (
	metaGeneration = "generation"
	metaMatchedGen = "matched_generation"
)

type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// bumpGeneration marks the ledger changed, inside the caller's transaction.
func bumpGeneration(ctx context.Context, tx execer) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO meta(key, value) VALUES(?, '1')
		ON CONFLICT(key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT)`, metaGeneration)
	return err
}

// MatchTransfersIfChanged runs MatchTransfers unless nothing that matching
// depends on changed since it last ran; ran says whether it did.
func (s *Store) MatchTransfersIfChanged(ctx context.Context, rules TransferRules) (stats MatchStats, ran bool, err error) {
	gen, err := s.Meta(ctx, metaGeneration)
	if err != nil {
		return stats, false, err
	}
	if done, err := s.Meta(ctx, metaMatchedGen); err != nil {
		return stats, false, err
	} else if done != "" && done == gen {
		return stats, false, nil
	}
	if stats, err = s.MatchTransfers(ctx, rules); err != nil {
		return stats, true, err
	}
	// matching may itself store realised rates: remember the generation
	// as it is now, after them
	if gen, err = s.Meta(ctx, metaGeneration); err != nil {
		return stats, true, err
	}
	if gen == "" {
		gen = strconv.Itoa(0)
	}
	return stats, true, s.SetMeta(ctx, metaMatchedGen, gen)
}

// MarkChanged records a change that matching must see (a manual link or
// unlink), so the next MatchTransfersIfChanged runs.
func (s *Store) MarkChanged(ctx context.Context) error { return bumpGeneration(ctx, s.db) }

// Generation is the ledger's change counter as an opaque key ("" before the
// first change): a result cached under it is valid while it is unchanged.
func (s *Store) Generation(ctx context.Context) (string, error) { return s.Meta(ctx, metaGeneration) }
