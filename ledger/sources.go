package ledger

import "context"

// Sources lists the sources the ledger holds entries of, in order.
func (s *Store) Sources(ctx context.Context) ([]string, error) {
	return queryColumn[string](ctx, s.db, "SELECT DISTINCT source FROM sums WHERE n > 0 ORDER BY 1")
}
