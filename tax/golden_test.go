package tax

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/tax")

const goldenDir = "../testdata/tax"

// scenario is a country's sample year: uneven months with refunds, fees and
// expenses, chosen to cross the thresholds mid-year.
type scenario struct {
	country, currency string
	facts             Facts
	months            func(year int) Figures
}

var scenarios = []scenario{
	{
		country: "VN", currency: "VND",
		facts: Facts{Dependants: 1, Activity: "services", Expenses: d("30000000")},
		months: func(y int) Figures {
			gross := []int64{80, 95, 110, 120, 100, 130, 140, 125, 150, 135, 160, 155} // millions
			return sampleMonths(y, "VND", gross, 1_000_000, map[int]int64{3: 5_000_000, 8: 10_000_000}, 10, 2_000_000)
		},
	},
	{
		country: "ID", currency: "IDR",
		facts: Facts{Dependants: 4, Married: true, Activity: "services", Expenses: d("10000000"), NormaPercent: d("50")},
		months: func(y int) Figures {
			gross := []int64{30, 35, 40, 45, 50, 55, 60, 65, 70, 62, 70, 70}
			return sampleMonths(y, "IDR", gross, 1_000_000, map[int]int64{5: 2_000_000}, 5, 1_000_000)
		},
	},
	{
		country: "US", currency: "USD",
		facts: Facts{Expenses: d("1200")},
		months: func(y int) Figures {
			gross := []int64{6000, 6000, 6000, 6000, 6000, 6000, 9000, 6000, 6000, 6000, 6000, 6000}
			return sampleMonths(y, "USD", gross, 1, map[int]int64{2: 500}, 10, 150)
		},
	},
}

// sampleMonths builds figures: gross x unit per month, refunds by month, fees
// as a percentage of gross, and fixed monthly expenses.
func sampleMonths(y int, cur string, gross []int64, unit int64, refunds map[int]int64, feePct, expenses int64) Figures {
	var ms [12]month
	for i, g := range gross {
		gv := decimal.NewFromInt(g * unit)
		ms[i] = month{
			gross:    gv.String(),
			refunds:  decimal.NewFromInt(refunds[i+1]).String(),
			fees:     gv.Mul(decimal.NewFromInt(feePct)).Shift(-2).String(),
			expenses: decimal.NewFromInt(expenses).String(),
		}
	}
	return figures(y, cur, ms)
}

// TestGoldenTraces compares each regime's full result for each year with
// testdata/tax/<regime>-<year>.golden (regenerate with go test ./tax/ -update).
func TestGoldenTraces(t *testing.T) {
	r := mustRules(t)
	for _, sc := range scenarios {
		for _, id := range r.RegimeIDs(sc.country) {
			for _, y := range []int{2024, 2025, 2026} {
				t.Run(fmt.Sprintf("%s-%d", id, y), func(t *testing.T) {
					res, err := Compute(r, sc.country, sc.facts, sc.months(y), id)
					if err != nil {
						t.Fatal(err)
					}
					got, err := json.MarshalIndent(res, "", "  ")
					if err != nil {
						t.Fatal(err)
					}
					checkGolden(t, fmt.Sprintf("%s-%d.golden", id, y), append(got, '\n'))
				})
			}
		}
	}
}

// TestGoldenTables compares WriteTable's output for every regime of a country.
func TestGoldenTables(t *testing.T) {
	r := mustRules(t)
	for _, sc := range scenarios {
		y := 2025
		if sc.country == "VN" {
			y = 2026
		}
		t.Run(sc.country, func(t *testing.T) {
			res, err := Compute(r, sc.country, sc.facts, sc.months(y), "")
			if err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			if err := WriteTable(&b, res); err != nil {
				t.Fatal(err)
			}
			checkGolden(t, fmt.Sprintf("table-%s-%d.golden", sc.country, y), b.Bytes())
		})
	}
}

func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join(goldenDir, name)
	if *update {
		if err := os.MkdirAll(goldenDir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./tax/ -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s differs (-want +got; go test ./tax/ -update rewrites it):\n%s", path, diff)
	}
}

// The golden JSON reads back into a Result with the same figures.
func TestJSONRoundTrip(t *testing.T) {
	sc := scenarios[2]
	res, err := Compute(mustRules(t), sc.country, sc.facts, sc.months(2025), "")
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	var back Result
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(res, back, decimalEq, cmp.AllowUnexported(Result{}), cmp.FilterPath(func(p cmp.Path) bool {
		sf, ok := p.Last().(cmp.StructField)
		return ok && (sf.Name() == "places" || sf.Name() == "display" || sf.Name() == "unitsSet")
	}, cmp.Ignore())); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
	if !bytes.Contains(b, []byte(`"total":"`)) || !bytes.Contains(b, []byte(`"amount":"`)) {
		t.Errorf("money must be JSON strings: %s", b[:200])
	}
}
