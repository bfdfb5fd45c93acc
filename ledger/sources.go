package ledger

import "context"

// Sources lists the sources the ledger holds entries of, in order.
func (s *Store) Sources(ctx context.Context) ([]string, error) {
	return s.distinct(ctx, "SELECT DISTINCT source FROM sums WHERE n > 0 ORDER BY 1")
}

// RateSources lists the sources of the ledger's exchange rates, in order.
func (s *Store) RateSources(ctx context.Context) ([]string, error) {
	return s.distinct(ctx, "SELECT DISTINCT source FROM rates ORDER BY 1")
}

// distinct returns the one text column of query's rows.
func (s *Store) distinct(ctx context.Context, query string) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
