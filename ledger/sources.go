package ledger

import "context"

// Sources lists the sources the ledger holds entries of, in order.
func (s *Store) Sources(ctx context.Context) ([]string, error) {
	return queryColumn[string](ctx, s.db, "SELECT DISTINCT source FROM sums WHERE n > 0 ORDER BY 1")
}

// RateSources lists the sources of the ledger's exchange rates, in order.
func (s *Store) RateSources(ctx context.Context) ([]string, error) {
	return queryColumn[string](ctx, s.db, "SELECT DISTINCT source FROM rates ORDER BY 1")
}
