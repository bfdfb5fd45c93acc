package tax

import (
	"fmt"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

// edge is a bracket bound with the cumulative tax at it (computed by hand
// from tax-rules.md, not by the engine) and the rates below and above it.
type edge struct{ at, cum, below, above string }

// TestBracketEdges checks every bracket edge of every schedule and year, at
// the edge and one unit (VND 1, IDR 1, USD 0.01) either side, on the schedule
// as loaded from the embedded data.
func TestBracketEdges(t *testing.T) {
	r := mustRules(t)
	vn7 := []edge{ // annual bounds = monthly x 12
		{"60000000", "3000000", "0.05", "0.10"},
		{"120000000", "9000000", "0.10", "0.15"},
		{"216000000", "23400000", "0.15", "0.20"},
		{"384000000", "57000000", "0.20", "0.25"},
		{"624000000", "117000000", "0.25", "0.30"},
		{"960000000", "217800000", "0.30", "0.35"},
	}
	vn5 := []edge{
		{"120000000", "6000000", "0.05", "0.10"},
		{"360000000", "30000000", "0.10", "0.20"},
		{"720000000", "102000000", "0.20", "0.30"},
		{"1200000000", "246000000", "0.30", "0.35"},
	}
	id := []edge{
		{"60000000", "3000000", "0.05", "0.15"},
		{"250000000", "31500000", "0.15", "0.25"},
		{"500000000", "94000000", "0.25", "0.30"},
		{"5000000000", "1444000000", "0.30", "0.35"},
	}
	us := map[int][]edge{
		2024: {
			{"11600", "1160", "0.10", "0.12"},
			{"47150", "5426", "0.12", "0.22"},
			{"100525", "17168.50", "0.22", "0.24"},
			{"191950", "39110.50", "0.24", "0.32"},
			{"243725", "55678.50", "0.32", "0.35"},
			{"609350", "183647.25", "0.35", "0.37"},
		},
		2025: {
			{"11925", "1192.50", "0.10", "0.12"},
			{"48475", "5578.50", "0.12", "0.22"},
			{"103350", "17651", "0.22", "0.24"},
			{"197300", "40199", "0.24", "0.32"},
			{"250525", "57231", "0.32", "0.35"},
			{"626350", "188769.75", "0.35", "0.37"},
		},
		2026: {
			{"12400", "1240", "0.10", "0.12"},
			{"50400", "5800", "0.12", "0.22"},
			{"105700", "17966", "0.22", "0.24"},
			{"201775", "41024", "0.24", "0.32"},
			{"256225", "58448", "0.32", "0.35"},
			{"640600", "192979.25", "0.35", "0.37"},
		},
	}
	type schedule struct {
		param string
		year  int
		scale int64
		unit  string
		edges []edge
	}
	var tests []schedule
	for _, y := range []int{2024, 2025, 2026} {
		vn := vn7
		if y == 2026 {
			vn = vn5
		}
		tests = append(tests,
			schedule{"vn.pit.brackets", y, 12, "1", vn},
			schedule{"id.pph17.brackets", y, 1, "1", id},
			schedule{"us.income.brackets.single", y, 1, "0.01", us[y]},
		)
	}
	for _, s := range tests {
		e := r.params[s.param].entryAt(time.Date(s.year, 12, 31, 0, 0, 0, 0, time.UTC))
		bs := scaled(e.brackets, s.scale)
		if len(bs) != len(s.edges)+1 {
			t.Errorf("%s %d: %d brackets, want %d", s.param, s.year, len(bs), len(s.edges)+1)
		}
		u := d(s.unit)
		for _, ed := range s.edges {
			at, cum := d(ed.at), d(ed.cum)
			cases := []struct {
				x, want decimal.Decimal
			}{
				{at.Sub(u), cum.Sub(u.Mul(d(ed.below)))},
				{at, cum},
				{at.Add(u), cum.Add(u.Mul(d(ed.above)))},
			}
			for _, c := range cases {
				t.Run(fmt.Sprintf("%s/%d/%s", s.param, s.year, c.x), func(t *testing.T) {
					got, _ := progressive(bs, c.x)
					if !got.Equal(c.want) {
						t.Errorf("tax(%s) = %s, want %s", c.x, got, c.want)
					}
				})
			}
		}
	}
}

// TestBracketEdgesThroughRegimes runs the same edges through Compute, where the
// regimes' deductions and rounding apply.
func TestBracketEdgesThroughRegimes(t *testing.T) {
	r := mustRules(t)
	t.Run("vn-salary", func(t *testing.T) {
		for _, y := range []int{2024, 2025, 2026} {
			ded, edges := d("132000000"), []string{"60000000", "120000000", "216000000", "384000000", "624000000", "960000000"}
			if y == 2026 {
				ded, edges = d("186000000"), []string{"120000000", "360000000", "720000000", "1200000000"}
			}
			e := r.params["vn.pit.brackets"].entryAt(time.Date(y, 12, 31, 0, 0, 0, 0, time.UTC))
			for _, ed := range edges {
				for _, delta := range []int64{-1, 0, 1} {
					x := d(ed).Add(decimal.NewFromInt(delta))
					exact, _ := progressive(scaled(e.brackets, 12), x)
					g := compute(t, r, "VN", Facts{}, even(y, "VND", x.Add(ded).String()), "vn-salary")
					if want := exact.Round(0); !g.Total.Equal(want) {
						t.Errorf("%d assessable %s: total %s, want %s", y, x, g.Total, want)
					}
				}
			}
		}
	})
	t.Run("id-bookkeeping", func(t *testing.T) {
		// PKP is rounded down to whole thousands: one rupiah below an edge
		// drops 1,000 below it, one above stays at it.
		tests := []struct{ pkp, want string }{
			{"59999999", "2999950"}, {"60000000", "3000000"}, {"60000001", "3000000"},
			{"249999999", "31499850"}, {"250000000", "31500000"}, {"250000001", "31500000"},
			{"499999999", "93999750"}, {"500000000", "94000000"}, {"500000001", "94000000"},
			{"4999999999", "1443999700"}, {"5000000000", "1444000000"}, {"5000000001", "1444000000"},
		}
		for _, y := range []int{2024, 2025, 2026} {
			for _, tt := range tests {
				g := compute(t, r, "ID", Facts{}, even(y, "IDR", d(tt.pkp).Add(d("54000000")).String()), "id-bookkeeping")
				if !g.Total.Equal(d(tt.want)) {
					t.Errorf("%d PKP before rounding %s: total %s, want %s", y, tt.pkp, g.Total, tt.want)
				}
			}
		}
	})
	t.Run("us brackets via a user progressive regime", func(t *testing.T) {
		f := writeFile(t, "us-schedule.yaml", `
parameters:
  test.zero:
    description: nothing
    unit: USD
    type: amount
    2024-01-01: {value: "0", reference: test, confidence: C}
regimes:
  us-rate-schedule:
    country: US
    name: Rate schedule only
    method: progressive
    base: profit
    params: {brackets: us.income.brackets.single, allowance: test.zero}
`)
		r := mustRules(t, f)
		for y, edges := range map[int][]string{
			2024: {"11600", "47150", "100525", "191950", "243725", "609350"},
			2025: {"11925", "48475", "103350", "197300", "250525", "626350"},
			2026: {"12400", "50400", "105700", "201775", "256225", "640600"},
		} {
			e := r.params["us.income.brackets.single"].entryAt(time.Date(y, 12, 31, 0, 0, 0, 0, time.UTC))
			for _, ed := range edges {
				for _, delta := range []string{"-0.01", "0", "0.01"} {
					x := d(ed).Add(d(delta))
					exact, _ := progressive(e.brackets, x)
					fig := even(y, "USD", "0")
					fig.Months[0].Gross, fig.Months[0].Net, fig.Gross, fig.Net = x, x, x, x
					g := compute(t, r, "US", Facts{}, fig, "us-rate-schedule")
					if want := exact.Round(2); !g.Total.Equal(want) {
						t.Errorf("%d taxable %s: total %s, want %s", y, x, g.Total, want)
					}
				}
			}
		}
	})
}

// TestThresholdEdges checks the thresholds at, and one unit either side of,
// each edge.
func TestThresholdEdges(t *testing.T) {
	r := mustRules(t)
	tests := []struct {
		name    string
		country string
		year    int
		facts   Facts
		gross   string
		regime  string
		lines   map[string]string
	}{
		// Circular 40: at or below 100M nothing; above, the whole revenue.
		{"vn-business 2024 100M-1", "VN", 2024, Facts{}, "99999999", "vn-business", map[string]string{"pit": "0", "vat": "0"}},
		{"vn-business 2024 100M", "VN", 2024, Facts{}, "100000000", "vn-business", map[string]string{"pit": "0", "vat": "0"}},
		{"vn-business 2024 100M+1", "VN", 2024, Facts{}, "100000001", "vn-business", map[string]string{"pit": "2000000", "vat": "5000000"}},
		// 2025: the VAT threshold is 100M to June and 200M from July: 150M for the year.
		{"vn-business 2025 100M+1", "VN", 2025, Facts{}, "100000001", "vn-business", map[string]string{"pit": "2000000", "vat": "0"}},
		{"vn-business 2025 VAT 150M", "VN", 2025, Facts{}, "150000000", "vn-business", map[string]string{"pit": "3000000", "vat": "0"}},
		{"vn-business 2025 VAT 150M+1", "VN", 2025, Facts{}, "150000001", "vn-business", map[string]string{"pit": "3000000", "vat": "7500000"}},
		// 2026: 1 billion, PIT on the excess, VAT on the whole revenue.
		{"vn-business 2026 1B-1", "VN", 2026, Facts{}, "999999999", "vn-business", map[string]string{"pit": "0", "vat": "0"}},
		{"vn-business 2026 1B", "VN", 2026, Facts{}, "1000000000", "vn-business", map[string]string{"pit": "0", "vat": "0"}},
		{"vn-business 2026 1B+1", "VN", 2026, Facts{}, "1000000001", "vn-business", map[string]string{"pit": "0", "vat": "50000000"}},
		{"vn-business 2026 1B+50", "VN", 2026, Facts{}, "1000000050", "vn-business", map[string]string{"pit": "1", "vat": "50000003"}},
		// 3 billion: the revenue method's ceiling and the income method's first tier.
		{"vn-business 2026 3B-1", "VN", 2026, Facts{}, "2999999999", "vn-business", map[string]string{"pit": "40000000", "vat": "150000000"}},
		{"vn-business 2026 3B", "VN", 2026, Facts{}, "3000000000", "vn-business", map[string]string{"pit": "40000000", "vat": "150000000"}},
		{"vn-business 2026 3B+1 income method forced", "VN", 2026, Facts{}, "3000000001", "vn-business", map[string]string{"pit": "510000000", "vat": "150000000"}},
		{"vn-business 2026 3B income method chosen", "VN", 2026, Facts{BusinessMethod: "income"}, "3000000000", "vn-business", map[string]string{"pit": "450000000", "vat": "150000000"}},
		// PP 55: 500M exempt.
		{"id-pp55 500M-1", "ID", 2025, Facts{}, "499999999", "id-pp55", map[string]string{"pph": "0"}},
		{"id-pp55 500M", "ID", 2025, Facts{}, "500000000", "id-pp55", map[string]string{"pph": "0"}},
		// each payment rounded down to whole rupiah: 199 x 0.5% = 0.995 pays 0, 200 pays 1
		{"id-pp55 500M+1", "ID", 2025, Facts{}, "500000001", "id-pp55", map[string]string{"pph": "0"}},
		{"id-pp55 500M+199", "ID", 2025, Facts{}, "500000199", "id-pp55", map[string]string{"pph": "0"}},
		{"id-pp55 500M+200", "ID", 2025, Facts{}, "500000200", "id-pp55", map[string]string{"pph": "1"}},
		{"id-pp55 500M+201001", "ID", 2025, Facts{}, "500201001", "id-pp55", map[string]string{"pph": "1005"}},
		// SE tax: $400 of net earnings (profit x 0.9235, rounded to cents).
		{"us SE 399.99", "US", 2025, Facts{}, "433.12", "us-schedule-c", map[string]string{"se_tax": "0", "income_tax": "0", "additional_medicare": "0"}},
		{"us SE 400.00", "US", 2025, Facts{}, "433.13", "us-schedule-c", map[string]string{"se_tax": "61.20", "income_tax": "0", "additional_medicare": "0"}},
		{"us SE 400.01", "US", 2025, Facts{}, "433.15", "us-schedule-c", map[string]string{"se_tax": "61.20", "income_tax": "0", "additional_medicare": "0"}},
		// Above the wage base, Additional Medicare Tax, QBI phase-out (computed independently).
		{"us QBI phase-in 2025", "US", 2025, Facts{}, "250000", "us-schedule-c", map[string]string{"se_tax": "28531.78", "income_tax": "39461.47", "additional_medicare": "277.88"}},
		{"us above the phase-in 2025", "US", 2025, Facts{}, "300000", "us-schedule-c", map[string]string{"se_tax": "29870.85", "income_tax": "63807.35", "additional_medicare": "693.45"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cur := map[string]string{"VN": "VND", "ID": "IDR", "US": "USD"}[tt.country]
			fig := even(tt.year, cur, "0")
			g := d(tt.gross)
			fig.Months[0].Gross, fig.Months[0].Net, fig.Gross, fig.Net = g, g, g, g
			got := compute(t, r, tt.country, tt.facts, fig, tt.regime)
			for k, want := range tt.lines {
				if a := lineAmounts(got)[k]; !d(a).Equal(d(want)) {
					t.Errorf("%s = %s, want %s", k, a, want)
				}
			}
		})
	}
}

func TestNPPNTurnoverLimit(t *testing.T) {
	r := mustRules(t)
	for _, tt := range []struct {
		gross      string
		applicable bool
	}{{"4799999999", true}, {"4800000000", false}, {"4800000001", false}} {
		g := compute(t, r, "ID", Facts{}, even(2025, "IDR", tt.gross), "id-nppn")
		if g.Applicable != tt.applicable {
			t.Errorf("turnover %s: applicable = %v, want %v", tt.gross, g.Applicable, tt.applicable)
		}
	}
}
