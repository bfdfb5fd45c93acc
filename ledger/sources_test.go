package ledger

import (
	"context"
	"reflect"
	"testing"
)

// Years and Sources read one column each through queryColumn.
func TestYearsAndSources(t *testing.T) {
	ctx := context.Background()
	s := openTestStore(t)
	if ys, err := s.Years(ctx); err != nil || len(ys) != 0 {
		t.Fatalf("empty ledger: Years = %v, %v; want none", ys, err)
	}
	addBatch(t, s, "a.csv",
		ent("wise|1", "2025-03-01", "wise", Income, "10.00", "USD", "", ""),
		ent("upwork|1", "2024-12-31", "upwork", Income, "5.00", "USD", "", ""),
		ent("upwork|2", "2026-01-01", "upwork", Fee, "-1.00", "USD", "", ""))
	ys, err := s.Years(ctx)
	if err != nil || !reflect.DeepEqual(ys, []int{2024, 2025, 2026}) {
		t.Errorf("Years = %v, %v; want [2024 2025 2026]", ys, err)
	}
	src, err := s.Sources(ctx)
	if err != nil || !reflect.DeepEqual(src, []string{"upwork", "wise"}) {
		t.Errorf("Sources = %v, %v; want [upwork wise]", src, err)
	}
}
