package errs

import (
	"context"
	"errors"
	"fmt"
	"testing"
)

func TestDataErrorMessage(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"file and line", Dataf("upwork.csv", 17, "amount %q: not a number", "12,3x"), `upwork.csv:17: amount "12,3x": not a number`},
		{"file only", Data("rates.csv", 0, errors.New("empty file")), "rates.csv: empty file"},
		{"neither", Invalidf("no rate for %s", "USD/VND"), "no rate for USD/VND"},
		{"marked", Invalid(errors.New("bad rule")), "bad rule"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.err.Error(); got != tt.want {
				t.Errorf("Error() = %q, want %q", got, tt.want)
			}
			if !errors.Is(tt.err, ErrInvalid) {
				t.Errorf("%v does not match ErrInvalid", tt.err)
			}
		})
	}
}

func TestDataErrorUnwrapsCause(t *testing.T) {
	cause := errors.New("cause")
	err := fmt.Errorf("import: %w", Data("a.csv", 3, cause))
	if !errors.Is(err, cause) {
		t.Fatal("cause lost")
	}
	var de *DataError
	if !errors.As(err, &de) || de.File != "a.csv" || de.Line != 3 {
		t.Fatalf("errors.As = %+v", de)
	}
}

func TestExitCode(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want int
	}{
		{"nil", nil, 0},
		{"plain", errors.New("disk full"), 1},
		{"usage", Usagef("--year is required"), 2},
		{"wrapped usage", fmt.Errorf("report: %w", Usagef("bad")), 2},
		{"data", Dataf("f", 1, "x"), 3},
		{"wrapped data", fmt.Errorf("import: %w", Dataf("f", 1, "x")), 3},
		{"canceled", fmt.Errorf("import: %w", context.Canceled), 130},
		{"canceled beats data", errors.Join(Dataf("f", 1, "x"), context.Canceled), 130},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ExitCode(tt.err); got != tt.want {
				t.Errorf("ExitCode(%v) = %d, want %d", tt.err, got, tt.want)
			}
		})
	}
	if Invalid(nil) != nil {
		t.Error("Invalid(nil) != nil")
	}
}
