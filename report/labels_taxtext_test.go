package report

import (
	"bytes"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/incomeledger/income/ledger"
	"github.com/incomeledger/income/tax"
	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
)

// TestTaxTextExamples: what the catalog makes of texts the engine writes.
func TestTaxTextExamples(t *testing.T) {
	for _, c := range []struct{ lang, in, want string }{
		{"vi", "revenue 40,113,910 is not above the threshold 100,000,000: no PIT", "doanh thu 40,113,910 không vượt ngưỡng 100,000,000: không phải nộp thuế TNCN"},
		{"id", "revenue 40,113,910 is not above the threshold 100,000,000: no PIT", "omzet 40,113,910 tidak melebihi ambang 100,000,000: tidak ada PPh"},
		{"vi", "PIT (monthly bounds x 12) bracket 5 (above 1,200,000,000): 114,000,000 x 35%", "thuế TNCN (mức bậc tháng x 12) bậc 5 (trên 1,200,000,000): 114,000,000 x 35%"},
		{"id", "PPh Art. 17 bracket 1 (0-60,000,000): 60,000,000 x 5%", "PPh Pasal 17 lapisan 1 (0-60,000,000): 60,000,000 x 5%"},
		{"vi", "PIT = revenue 1,500,000,000 x 1.5% (services)", "thuế TNCN = doanh thu 1,500,000,000 x 1.5% (dịch vụ)"},
		{"vi", "(C) No PIT: income 0 is not above the year's deductions of 132,000,000", "(C) Không phải nộp thuế TNCN: thu nhập 0 không vượt tổng giảm trừ cả năm 132,000,000"},
		{"id", "PTKP, married: 4,500,000", "PTKP, kawin: 4,500,000"},
		{"id", "2024-02: 500,000,000 above the exempt slice x 0.5%, rounded to 0 places", "2024-02: 500,000,000 di atas bagian yang dibebaskan x 0.5%, dibulatkan ke 0 desimal"},
		{"vi", "(C) Not available: turnover 6,000,000,000 is not below 4,800,000,000, so bookkeeping is required; the figure is shown for comparison only", "(C) Không áp dụng: doanh thu 6,000,000,000 không thấp hơn 4,800,000,000, nên bắt buộc ghi sổ kế toán; số liệu chỉ để so sánh"},
		{"en", "PTKP, married: 4,500,000", "PTKP, married: 4,500,000"},
		{"id", "1 unclassified entries are not counted: see 'income entries --year 2025 --kind unclassified'", "1 transaksi yang belum diklasifikasi tidak dihitung: lihat 'income entries --year 2025 --kind unclassified'"},
		{"vi", `credit 0a1b (2025-03-22, vcb, 25,300,000 VND, "UPWORK, ESCROW") looks like a payout but matches no transfer: it is not counted as income; 'income transfers link OUT 0a1b' links it to its transfer`,
			`khoản nhận 0a1b (2025-03-22, vcb, 25,300,000 VND, "UPWORK, ESCROW") trông như tiền rút từ nền tảng nhưng không khớp với giao dịch chuyển nào: không được tính là thu nhập; 'income transfers link OUT 0a1b' nối nó với giao dịch chuyển`},
	} {
		got, ok := taxText(c.lang, c.in)
		if got != c.want || !ok {
			t.Errorf("%s %q\n got %q (complete %v)\nwant %q", c.lang, c.in, got, ok, c.want)
		}
	}
	// Text no template knows stays as it is, and says so.
	if got, ok := taxText("vi", "=HYPERLINK(\"http://x\",\"y\")"); ok || got != "=HYPERLINK(\"http://x\",\"y\")" {
		t.Errorf("unknown text: %q, %v", got, ok)
	}
}

// TestTaxTextCoverage runs the tax engine over years, figures and facts for
// Vietnam, Indonesia and the US and checks that every regime name, line label and
// trace step, and every note the engine itself writes, reads in vi and id.
// Notes that carry a rule's verification text from the rules data (they
// start with the rule's name, e.g. "(S) vn.biz.vat_threshold (…)") are left
// in English and listed with -v.
func TestTaxTextCoverage(t *testing.T) {
	rules, err := tax.DefaultRules()
	if err != nil {
		t.Fatal(err)
	}
	texts := map[string]bool{}
	data := map[string]bool{}
	local := []string{"0", "50000000", "200000000", "765000000", "1500000000", "6000000000", "refund-heavy"}
	for _, c := range []struct {
		country, cur string
		gross        []string
	}{{"VN", "VND", local}, {"ID", "IDR", local}, {"US", "USD", []string{"0", "1000", "20000", "90000", "150000", "300000", "800000"}}} {
		for _, year := range []int{2024, 2025, 2026} {
			for _, gross := range c.gross {
				for _, facts := range []tax.Facts{{}, {Dependants: 2, Married: true, Expenses: decimal.NewFromInt(10000000)},
					{BusinessMethod: "income", Activity: "goods", PekerjaanBebas: true, VATReduction: "eligible", ExportShare: decimal.NewFromInt(50)},
					{VATReduction: "excluded", Activity: "digital_content"}} {
					if facts.Activity == "digital_content" && year < 2026 {
						continue // the group exists from 2026
					}
					res, err := tax.Compute(rules, c.country, facts, yearOf(year, c.cur, gross), "")
					if err != nil {
						t.Fatalf("%s %d %s %+v: %v", c.country, year, gross, facts, err)
					}
					note := func(n string) {
						if fromRulesData(n) {
							data[n] = true
						} else {
							texts[n] = true
						}
					}
					for _, n := range res.Notes {
						note(n)
					}
					for _, rg := range res.Regimes {
						texts[rg.Name] = true
						for _, l := range rg.Lines {
							texts[l.Label] = true
						}
						for _, s := range rg.Trace {
							texts[s.Step] = true
						}
						for _, n := range rg.Notes {
							note(n)
						}
					}
				}
			}
		}
	}
	if len(texts) < 100 {
		t.Fatalf("only %d texts: the scenarios no longer exercise the engine", len(texts))
	}
	var missing []string
	for s := range texts {
		for _, lang := range []string{"vi", "id"} {
			if _, ok := taxText(lang, s); !ok {
				missing = append(missing, lang+": "+s)
			}
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("%d of %d tax texts have no translation in report/labels_taxtext.go:\n%s", len(missing), 2*len(texts), strings.Join(missing, "\n"))
	}
	var left []string
	for s := range data {
		left = append(left, s)
	}
	sort.Strings(left)
	t.Logf("%d texts translated; %d notes from the rules data stay in English:\n%s", len(texts), len(left), strings.Join(left, "\n"))
}

// ruleNoteRE is a rule's verification note from the rules data: it starts
// with the rule's name ("(S) vn.biz.vat_threshold (2026-01-01): …").
var ruleNoteRE = regexp.MustCompile(`^\([CSU]\) (vn|id|us)\.[a-z0-9_.]+ \(`)

func fromRulesData(note string) bool { return ruleNoteRE.MatchString(note) }

// TestTaxSheetInLanguage: the Tax sheet of a Vietnamese workbook shows the
// engine's names, labels, steps and notes through the catalog.
func TestTaxSheetInLanguage(t *testing.T) {
	rules, err := tax.DefaultRules()
	if err != nil {
		t.Fatal(err)
	}
	res, err := tax.Compute(rules, "VN", tax.Facts{}, yearOf(2025, "VND", "1500000000"), "vn-business")
	if err != nil {
		t.Fatal(err)
	}
	sec := &TaxSection{Country: res.Country, Notes: res.Notes}
	var english []string
	for _, rg := range res.Regimes {
		r := TaxRegime{ID: rg.ID, Name: rg.Name, Total: rg.Total, Notes: rg.Notes}
		english = append(english, rg.Name)
		for _, l := range rg.Lines {
			r.Lines = append(r.Lines, TaxLine{Key: l.Key, Label: l.Label, Amount: l.Amount})
			english = append(english, l.Label)
		}
		for _, s := range rg.Trace {
			r.Trace = append(r.Trace, TaxStep{Step: s.Step, Amount: s.Amount})
			english = append(english, s.Step)
		}
		sec.Regimes = append(sec.Regimes, r)
	}
	home, _ := ledger.LookupCurrency("VND")
	var buf bytes.Buffer
	w := Workbook{Report: Build(2025, home, nil), Home: home, Lang: "vi", Tax: sec,
		Entries: func(func(ledger.Entry) error) error { return nil }}
	if err := w.Write(&buf); err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	rows, err := x.GetRows("Thuế")
	if err != nil {
		t.Fatal(err)
	}
	shown := map[string]bool{}
	for _, r := range rows {
		if len(r) > 3 {
			shown[r[3]] = true
		}
	}
	for _, s := range english {
		want, _ := taxText("vi", s)
		if shown[s] || !shown[want] {
			t.Errorf("Tax sheet: %q not shown as %q", s, want)
		}
	}
	if !shown["Việt Nam: thu nhập kinh doanh của cá nhân (thuế TNCN và thuế GTGT, tự khai)"] {
		t.Errorf("regime name not in Vietnamese: %v", shown)
	}
}

// yearOf is a year of figures earned evenly over the months (the last month
// takes the rest) with no fees; "refund-heavy" is 1.2 billion earned in the
// first half and 0.5 billion refunded in the second.
func yearOf(year int, currency, gross string) tax.Figures {
	f := tax.Figures{Year: year, Currency: currency}
	if gross == "refund-heavy" {
		for i := range f.Months {
			p := tax.Period{Gross: decimal.NewFromInt(200000000)}
			if i >= 6 {
				p = tax.Period{Refunds: decimal.NewFromInt(500000000 / 6)}
			}
			p.Net = p.Gross.Sub(p.Refunds)
			f.Months[i] = p
			f.Gross, f.Refunds, f.Net = f.Gross.Add(p.Gross), f.Refunds.Add(p.Refunds), f.Net.Add(p.Net)
		}
		return f
	}
	g := decimal.RequireFromString(gross)
	f.Gross, f.Net = g, g
	m := g.Div(decimal.NewFromInt(12)).Truncate(0)
	for i := range f.Months {
		if i == 11 {
			m = g.Sub(m.Mul(decimal.NewFromInt(11)))
		}
		f.Months[i] = tax.Period{Gross: m, Net: m}
	}
	return f
}
