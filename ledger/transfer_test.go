package ledger

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/incomeledger/income/fx"
	"github.com/shopspring/decimal"
)

func day(s string) time.Time {
	t, err := time.Parse(DateLayout, s)
	if err != nil {
		panic(err)
	}
	return t
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// ent builds an entry; its id derives from key as an importer's would.
func ent(key, date, account string, kind Kind, amount, cur, desc, ref string) Entry {
	return Entry{Key: key, ID: MakeID(key), Date: day(date), Source: account, Account: account, Kind: kind,
		Amount: dec(amount), Currency: cur, Description: desc, Ref: ref, File: account + ".csv", Line: 2}
}

func openTestStore(t *testing.T) *Store {
	t.Helper()
	s, err := Open(context.Background(), ":memory:", true)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// importFile adds es as one batch, as `income import` does, then matches.
func importFile(t *testing.T, s *Store, file string, es ...Entry) {
	t.Helper()
	addBatch(t, s, file, es...)
	if _, err := s.MatchTransfers(context.Background(), DefaultTransferRules()); err != nil {
		t.Fatal(err)
	}
}

type pair struct{ out, in string }

func matchedPairs(t *testing.T, s *Store, year int) ([]pair, Transfers) {
	t.Helper()
	tr, err := s.Transfers(context.Background(), year)
	if err != nil {
		t.Fatal(err)
	}
	var ps []pair
	for _, l := range tr.Matched {
		ps = append(ps, pair{l.Out.ID, l.In.ID})
	}
	return ps, tr
}

func kindOf(t *testing.T, s *Store, id string) Kind {
	t.Helper()
	e, err := s.Entry(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return e.Kind
}

// incomeFigures sums every kind but transfers and unclassified entries by
// kind and currency: what the report counts.
func incomeFigures(t *testing.T, s *Store, year int) map[string]string {
	t.Helper()
	sums, err := s.Sums(context.Background(), year)
	if err != nil {
		t.Fatal(err)
	}
	acc := map[string]decimal.Decimal{}
	for _, g := range sums {
		if g.Kind == Transfer || g.Kind == Unclassified {
			continue
		}
		k := string(g.Kind) + " " + g.Currency
		acc[k] = acc[k].Add(g.Amount)
	}
	out := map[string]string{}
	for k, v := range acc {
		out[k] = v.String()
	}
	return out
}

var (
	upworkFile = []Entry{
		ent("upwork|5001|hourly#1", "2025-01-15", "upwork", Income, "1240.00", "USD", "Hourly: Website build", "5001"),
		ent("upwork|5001|service fee#1", "2025-01-15", "upwork", Fee, "-124.00", "USD", "Service Fee: Website build", "5001"),
		ent("upwork|5002|fixed-price#1", "2025-02-03", "upwork", Income, "800.00", "USD", "Fixed-price: Landing page", "5002"),
		ent("upwork|5002|service fee#1", "2025-02-03", "upwork", Fee, "-80.00", "USD", "Service Fee: Landing page", "5002"),
		ent("upwork|712345678|withdrawal#1", "2025-03-20", "upwork", Transfer, "-1000.00", "USD", "Withdrawal: Withdrawal to xxxx-1234", "712345678"),
		ent("upwork|712399999|withdrawal#1", "2025-04-01", "upwork", Transfer, "-600.00", "USD", "Withdrawal: Withdrawal to xxxx-1234", "712399999"),
	}
	wiseFile = []Entry{
		ent("wise|TRANSFER-1001", "2025-03-21", "wise:USD", Transfer, "1000.00", "USD", "Received money from Upwork Escrow Inc with reference 712345678", "TRANSFER-1001"),
		ent("wise|TRANSFER-1002", "2025-04-03", "wise:USD", Unclassified, "600.00", "USD", "Received money from UPWORK ESCROW INC", "TRANSFER-1002"),
		ent("wise|TRANSFER-1003", "2025-04-03", "wise:USD", Unclassified, "300.00", "USD", "Received money from Acme Ltd", "TRANSFER-1003"),
	}
)

func TestTransfersUpworkAndWiseEitherOrder(t *testing.T) {
	want := []pair{{upworkFile[4].ID, wiseFile[0].ID}, {upworkFile[5].ID, wiseFile[1].ID}}
	orders := []struct {
		name  string
		files [][]Entry
	}{
		{"upwork first", [][]Entry{upworkFile, wiseFile}},
		{"wise first", [][]Entry{wiseFile, upworkFile}},
	}
	for _, tt := range orders {
		t.Run(tt.name, func(t *testing.T) {
			s := openTestStore(t)
			importFile(t, s, "first.csv", tt.files[0]...)
			before := incomeFigures(t, s, 2025)
			importFile(t, s, "second.csv", tt.files[1]...)
			after := incomeFigures(t, s, 2025)
			if tt.name == "upwork first" && fmt.Sprint(before) != fmt.Sprint(after) {
				t.Errorf("income figures changed by the Wise import:\nbefore %v\nafter  %v", before, after)
			}
			wantFigures := map[string]string{"income USD": "2040", "fee USD": "-204"}
			if fmt.Sprint(after) != fmt.Sprint(wantFigures) {
				t.Errorf("figures = %v, want %v", after, wantFigures)
			}
			got, tr := matchedPairs(t, s, 2025)
			if !slices.Equal(got, want) {
				t.Fatalf("pairs = %v, want %v", got, want)
			}
			if len(tr.UnmatchedOut) != 0 || len(tr.UnmatchedIn) != 0 {
				t.Errorf("unmatched out %d, in %d; want none", len(tr.UnmatchedOut), len(tr.UnmatchedIn))
			}
			// The unclassified credit that matched is a transfer now; the
			// local client's payment stays as it was.
			if k := kindOf(t, s, wiseFile[1].ID); k != Transfer {
				t.Errorf("matched credit kind = %s, want transfer", k)
			}
			if k := kindOf(t, s, wiseFile[2].ID); k != Unclassified {
				t.Errorf("unrelated credit kind = %s, want unclassified", k)
			}
			// Same currency: no realised rate.
			if rs, _ := s.Rates(context.Background(), "", ""); len(rs) != 0 {
				t.Errorf("rates = %v, want none", rs)
			}
			// Running again changes nothing.
			st, err := s.MatchTransfers(context.Background(), DefaultTransferRules())
			if err != nil {
				t.Fatal(err)
			}
			if st != (MatchStats{Matched: 2}) {
				t.Errorf("second run = %+v", st)
			}
		})
	}
}

func TestTransfersBeforeCreditsAreUnmatched(t *testing.T) {
	s := openTestStore(t)
	importFile(t, s, "upwork.csv", upworkFile...)
	importFile(t, s, "local.csv",
		ent("bank|1", "2025-03-22", "vcb", Unclassified, "1000.00", "USD", "CK tu Nguyen Van A", ""), // not payout-like
		ent("bank|2", "2025-05-02", "vcb", Unclassified, "50.00", "USD", "PAYPAL TRANSFER", ""),      // payout-like, nothing to match
		ent("bank|3", "2025-05-02", "vcb", Unclassified, "70.00", "USD", "OTHERWISE INCOME", ""),     // "WISE" only inside a word
	)
	_, tr := matchedPairs(t, s, 2025)
	// The bank credit of 1000 on another account matches the withdrawal by
	// amount and date even without a platform name.
	if len(tr.Matched) != 1 || tr.Matched[0].In.ID != MakeID("bank|1") {
		t.Fatalf("matched = %+v", tr.Matched)
	}
	if len(tr.UnmatchedOut) != 1 || tr.UnmatchedOut[0].ID != upworkFile[5].ID {
		t.Errorf("unmatched out = %+v", tr.UnmatchedOut)
	}
	if len(tr.UnmatchedIn) != 1 || tr.UnmatchedIn[0].ID != MakeID("bank|2") {
		t.Errorf("unmatched in = %+v", tr.UnmatchedIn)
	}
	if k := kindOf(t, s, MakeID("bank|2")); k != Unclassified {
		t.Errorf("unmatched credit kind = %s", k)
	}
}

func TestTransferUSDToVND(t *testing.T) {
	out := ent("upwork|800001|withdrawal#1", "2025-03-20", "upwork", Transfer, "-1000.00", "USD", "Withdrawal: Withdrawal to xxxx-1234", "800001")
	tests := []struct {
		name    string
		credit  string
		rates   bool
		matched bool
	}{
		{"within the band", "24600000", true, true},
		{"at the band's edge", "23750000", true, true},
		{"just outside the band", "23749999", true, false},
		{"far off", "20000000", true, false},
		{"no rate", "24600000", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openTestStore(t)
			ctx := context.Background()
			if tt.rates {
				if _, err := s.AddRates(ctx, []Rate{
					{Date: day("2025-03-19"), Base: "USD", Quote: "VND", Rate: dec("25000"), Source: "vietcombank-buy"},
				}); err != nil {
					t.Fatal(err)
				}
			}
			in := ent("vcb|FT25083", "2025-03-24", "vietcombank", Unclassified, tt.credit, "VND", "UPWORK ESCROW INC TT", "FT25083")
			importFile(t, s, "upwork.csv", out)
			importFile(t, s, "vcb.csv", in)
			got, tr := matchedPairs(t, s, 2025)
			rates, err := s.Rates(ctx, "USD", "VND")
			if err != nil {
				t.Fatal(err)
			}
			var realised []Rate
			for _, r := range rates {
				if r.Source == fx.SourceRealised {
					realised = append(realised, r)
				}
			}
			if !tt.matched {
				if len(got) != 0 || len(realised) != 0 {
					t.Fatalf("pairs %v, realised %v; want none", got, realised)
				}
				if len(tr.UnmatchedIn) != 1 || kindOf(t, s, in.ID) != Unclassified {
					t.Errorf("the credit should stay an unmatched unclassified payout-like credit: %+v", tr.UnmatchedIn)
				}
				return
			}
			if !slices.Equal(got, []pair{{out.ID, in.ID}}) {
				t.Fatalf("pairs = %v", got)
			}
			if len(realised) != 1 {
				t.Fatalf("realised rates = %v", realised)
			}
			r := realised[0]
			if !r.Date.Equal(day("2025-03-24")) || !r.Rate.Equal(dec(tt.credit)) || !r.Div.Equal(dec("1000")) {
				t.Errorf("realised = %+v, want %s/1000 on 2025-03-24", r, tt.credit)
			}
			lr, ok := tr.Matched[0].Realised()
			if !ok || !lr.Rate.DivRound(lr.Div, 10).Equal(dec(tt.credit).Div(dec("1000"))) {
				t.Errorf("link's realised rate = %+v", lr)
			}
			// Unlinking forgets the realised rate.
			if _, _, err := s.UnlinkTransfer(ctx, DefaultTransferRules(), in.ID); err != nil {
				t.Fatal(err)
			}
			rates, _ = s.Rates(ctx, "USD", "VND")
			if len(rates) != 1 || rates[0].Source != "vietcombank-buy" {
				t.Errorf("rates after unlink = %+v", rates)
			}
		})
	}
}

func TestTransferEqualWithdrawalsADayApart(t *testing.T) {
	outs := []Entry{
		ent("upwork|a|withdrawal#1", "2025-03-01", "upwork", Transfer, "-500.00", "USD", "Withdrawal", ""),
		ent("upwork|b|withdrawal#1", "2025-03-02", "upwork", Transfer, "-500.00", "USD", "Withdrawal", ""),
	}
	ins := []Entry{
		ent("bank|x", "2025-03-03", "bank", Transfer, "500.00", "USD", "UPWORK", ""),
		ent("bank|y", "2025-03-04", "bank", Transfer, "500.00", "USD", "UPWORK", ""),
	}
	s := openTestStore(t)
	importFile(t, s, "bank.csv", ins...)
	importFile(t, s, "upwork.csv", outs...)
	got, tr := matchedPairs(t, s, 0)
	want := []pair{{outs[0].ID, ins[0].ID}, {outs[1].ID, ins[1].ID}}
	if !slices.Equal(got, want) {
		t.Fatalf("pairs = %v, want first out to first in: %v", got, want)
	}
	if len(tr.UnmatchedIn)+len(tr.UnmatchedOut) != 0 {
		t.Errorf("unmatched: %+v", tr)
	}
}

func TestTransferFeeDeducted(t *testing.T) {
	out := ent("gumroad|payout|2025-03-28", "2025-03-28", "gumroad", Transfer, "-1000.00", "USD", "PayPal Payouts", "")
	tests := []struct {
		name, date, amount string
		matched            bool
	}{
		{"exact", "2025-03-29", "1000.00", true},
		{"fee kept on the way", "2025-03-30", "995.50", true},
		{"2 % fee", "2025-03-30", "980.00", true},
		{"more than 2 % and the fixed amount", "2025-03-30", "979.99", false},
		{"larger than sent", "2025-03-30", "1000.01", false},
		{"same day", "2025-03-28", "990.00", true},
		{"day before", "2025-03-27", "1000.00", false},
		{"10 days later", "2025-04-07", "1000.00", true},
		{"11 days later", "2025-04-08", "1000.00", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := ent("paypal|"+tt.name, tt.date, "paypal", Transfer, tt.amount, "USD", "Transfer from Gumroad", "")
			got := MatchTransfers([]Entry{out}, []Entry{in}, nil, DefaultTransferRules())
			if (len(got) == 1) != tt.matched {
				t.Fatalf("matched = %v, want %v", got, tt.matched)
			}
		})
	}
	t.Run("fixed amount for small payouts", func(t *testing.T) {
		small := ent("gumroad|payout|small", "2025-03-28", "gumroad", Transfer, "-100.00", "USD", "PayPal Payouts", "")
		for amount, want := range map[string]bool{"85.00": true, "84.99": false} {
			in := ent("paypal|small"+amount, "2025-03-29", "paypal", Transfer, amount, "USD", "Gumroad", "")
			if got := MatchTransfers([]Entry{small}, []Entry{in}, nil, DefaultTransferRules()); (len(got) == 1) != want {
				t.Errorf("100.00 → %s: matched %v, want %v", amount, got, want)
			}
		}
	})
	t.Run("never more than 20 %", func(t *testing.T) {
		tiny := ent("gumroad|payout|tiny", "2025-03-28", "gumroad", Transfer, "-10.00", "USD", "PayPal Payouts", "")
		for amount, want := range map[string]bool{"8.00": true, "7.99": false} {
			in := ent("paypal|tiny"+amount, "2025-03-29", "paypal", Transfer, amount, "USD", "Gumroad", "")
			if got := MatchTransfers([]Entry{tiny}, []Entry{in}, nil, DefaultTransferRules()); (len(got) == 1) != want {
				t.Errorf("10.00 → %s: matched %v, want %v", amount, got, want)
			}
		}
	})
	t.Run("same account never", func(t *testing.T) {
		in := ent("gumroad|back", "2025-03-29", "gumroad", Transfer, "1000.00", "USD", "Payout reversed", "")
		if got := MatchTransfers([]Entry{out}, []Entry{in}, nil, DefaultTransferRules()); len(got) != 0 {
			t.Errorf("matched on one account: %v", got)
		}
	})
}

func TestTransferReferenceWins(t *testing.T) {
	out := ent("upwork|900123456|withdrawal#1", "2025-03-20", "upwork", Transfer, "-250.00", "USD", "Withdrawal: Withdrawal to xxxx-1234", "900123456")
	plain := ent("bank|plain", "2025-03-21", "bank", Unclassified, "250.00", "USD", "Incoming transfer", "")
	named := ent("bank|named", "2025-03-22", "bank", Unclassified, "248.00", "USD", "Incoming transfer UPWORK", "")
	withRef := ent("bank|ref", "2025-03-25", "bank", Unclassified, "246.00", "USD", "TT REF 900123456", "")
	rules := DefaultTransferRules()
	got := MatchTransfers([]Entry{out}, []Entry{plain, named, withRef}, nil, rules)
	if len(got) != 1 || got[0].In != withRef.ID || got[0].Score != scoreRef+scoreClose {
		t.Fatalf("got %+v, want the credit naming the withdrawal's id", got)
	}
	got = MatchTransfers([]Entry{out}, []Entry{plain, named}, nil, rules)
	if len(got) != 1 || got[0].In != named.ID {
		t.Fatalf("got %+v, want the credit naming Upwork", got)
	}
}

func TestTransferCrossRateThroughEUR(t *testing.T) {
	find := matchRates([]Rate{
		{Date: day("2025-03-18"), Base: "EUR", Quote: "USD", Rate: dec("1.08"), Source: "ecb"},
		{Date: day("2025-03-18"), Base: "EUR", Quote: "IDR", Rate: dec("17820"), Source: "ecb"},
		{Date: day("2025-03-19"), Base: "USD", Quote: "IDR", Rate: dec("1"), Source: fx.SourceRealised},
	}, 10)
	out := ent("upwork|1|withdrawal#1", "2025-03-20", "upwork", Transfer, "-1000.00", "USD", "Withdrawal", "")
	// 1000 USD = 16,500,000 IDR at 17820/1.08.
	in := ent("bca|1", "2025-03-22", "bca", Unclassified, "16200000.00", "IDR", "PAYONEER", "")
	got := MatchTransfers([]Entry{out}, []Entry{in}, find, DefaultTransferRules())
	if len(got) != 1 {
		t.Fatalf("not matched through EUR")
	}
	far := ent("bca|2", "2025-03-22", "bca", Unclassified, "15000000.00", "IDR", "PAYONEER", "")
	if got := MatchTransfers([]Entry{out}, []Entry{far}, find, DefaultTransferRules()); len(got) != 0 {
		t.Fatalf("matched far off: %v", got)
	}
}

func TestTransferManualLinkSurvivesReimport(t *testing.T) {
	ctx := context.Background()
	rules := DefaultTransferRules()
	w := upworkFile[4] // -1000 on 2025-03-20
	bank := []Entry{
		ent("bank|auto", "2025-03-21", "bank", Unclassified, "1000.00", "USD", "UPWORK ESCROW", ""),
		ent("bank|real", "2025-03-25", "bank", Unclassified, "990.00", "USD", "INCOMING SWIFT", ""),
	}
	s := openTestStore(t)
	importFile(t, s, "upwork.csv", upworkFile...)
	importFile(t, s, "bank.csv", bank...)
	if got, _ := matchedPairs(t, s, 2025); !slices.Contains(got, pair{w.ID, bank[0].ID}) {
		t.Fatalf("automatic pairs = %v", got)
	}

	// The user knows better: the withdrawal is the SWIFT credit.
	l, err := s.LinkTransfer(ctx, rules, bank[1].ID, w.ID)
	if err != nil {
		t.Fatal(err)
	}
	if l.Out.ID != w.ID || l.In.ID != bank[1].ID || !l.Manual {
		t.Fatalf("link = %+v", l)
	}
	check := func(when string) {
		t.Helper()
		got, tr := matchedPairs(t, s, 2025)
		if !slices.Contains(got, pair{w.ID, bank[1].ID}) || slices.ContainsFunc(got, func(p pair) bool { return p.in == bank[0].ID }) {
			t.Fatalf("%s: pairs = %v", when, got)
		}
		for _, m := range tr.Matched {
			if m.Out.ID == w.ID && !m.Manual {
				t.Errorf("%s: the manual link lost its flag", when)
			}
		}
		if k := kindOf(t, s, bank[0].ID); k != Unclassified {
			t.Errorf("%s: the credit freed from its link is %s, want unclassified again", when, k)
		}
		if k := kindOf(t, s, bank[1].ID); k != Transfer {
			t.Errorf("%s: the manually linked credit is %s", when, k)
		}
	}
	check("after link")
	// Re-importing both files adds nothing and changes no link.
	importFile(t, s, "upwork.csv", upworkFile...)
	importFile(t, s, "bank.csv", bank...)
	check("after re-import")

	// Unlink: kinds come back, and automatic matching leaves the
	// withdrawal alone from now on, even though bank[0] would match it.
	old, found, err := s.UnlinkTransfer(ctx, rules, w.ID)
	if err != nil || !found || old.In.ID != bank[1].ID {
		t.Fatalf("unlink = %+v, %v, %v", old, found, err)
	}
	importFile(t, s, "upwork.csv", upworkFile...)
	importFile(t, s, "bank.csv", bank...)
	got, tr := matchedPairs(t, s, 2025)
	if slices.ContainsFunc(got, func(p pair) bool { return p.out == w.ID }) {
		t.Fatalf("the unlinked withdrawal was matched again: %v", got)
	}
	if k := kindOf(t, s, bank[1].ID); k != Unclassified {
		t.Errorf("unlinked credit kind = %s", k)
	}
	if !slices.ContainsFunc(tr.UnmatchedOut, func(e Entry) bool { return e.ID == w.ID }) {
		t.Errorf("the unlinked withdrawal is not listed as unmatched")
	}
	// Linking again lifts the mark.
	if _, err := s.LinkTransfer(ctx, rules, w.ID, bank[0].ID); err != nil {
		t.Fatal(err)
	}
	if got, _ := matchedPairs(t, s, 2025); !slices.Contains(got, pair{w.ID, bank[0].ID}) {
		t.Fatalf("pairs after relink = %v", got)
	}
}

func TestLinkTransferErrors(t *testing.T) {
	ctx := context.Background()
	s := openTestStore(t)
	importFile(t, s, "upwork.csv", upworkFile...)
	rules := DefaultTransferRules()
	tests := []struct {
		name string
		a, b string
		want error
	}{
		{"unknown", upworkFile[4].ID, "0000000000000000", ErrNoEntry},
		{"itself", upworkFile[4].ID, upworkFile[4].ID, ErrBadLink},
		{"two outgoing", upworkFile[4].ID, upworkFile[5].ID, ErrBadLink},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := s.LinkTransfer(ctx, rules, tt.a, tt.b); !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
		})
	}
	if _, _, err := s.UnlinkTransfer(ctx, rules, "nope"); !errors.Is(err, ErrNoEntry) {
		t.Fatalf("unlink unknown: %v", err)
	}
	// A manual link may turn any kind into a transfer; unlinking restores it.
	income := upworkFile[0]
	if _, err := s.LinkTransfer(ctx, rules, upworkFile[5].ID, income.ID); err != nil {
		t.Fatal(err)
	}
	if k := kindOf(t, s, income.ID); k != Transfer {
		t.Fatalf("linked income kind = %s", k)
	}
	if _, _, err := s.UnlinkTransfer(ctx, rules, income.ID); err != nil {
		t.Fatal(err)
	}
	if k := kindOf(t, s, income.ID); k != Income {
		t.Fatalf("unlinked kind = %s, want income", k)
	}
}

// TestMatchTransfersOrderFree shuffles the same entries many times: the
// pairs never change.
func TestMatchTransfersOrderFree(t *testing.T) {
	outs, ins, find, _ := synthTransfers(2000, 7)
	want := MatchTransfers(outs, ins, find, DefaultTransferRules())
	if len(want) < 1800 {
		t.Fatalf("only %d of 2000 matched", len(want))
	}
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 5 {
		r.Shuffle(len(outs), func(i, j int) { outs[i], outs[j] = outs[j], outs[i] })
		r.Shuffle(len(ins), func(i, j int) { ins[i], ins[j] = ins[j], ins[i] })
		got := MatchTransfers(outs, ins, find, DefaultTransferRules())
		if !slices.Equal(got, want) {
			t.Fatalf("shuffle %d: different pairs", i)
		}
	}
}

// synthTransfers makes n withdrawals over a year and a credit for each: a
// fifth land in VND at the day's rate ±2 %, the rest in USD less a fee of
// up to 1 %, 0 to 5 days later; one in four credits names the withdrawal.
func synthTransfers(n int, seed uint64) (outs, ins []Entry, find FindRate, rates []Rate) {
	r := rand.New(rand.NewPCG(seed, seed+1))
	start := day("2025-01-01")
	for d := range 370 {
		rates = append(rates, Rate{Date: start.AddDate(0, 0, d), Base: "USD", Quote: "VND",
			Rate: decimal.NewFromInt(25000 + int64(d)), Source: "vietcombank-buy"})
	}
	outs = make([]Entry, 0, n)
	ins = make([]Entry, 0, n)
	for i := range n {
		date := start.AddDate(0, 0, i*365/n)
		cents := 1000 + r.Int64N(500000)
		ref := fmt.Sprintf("%09d", 100000000+i)
		outs = append(outs, Entry{ID: MakeID("out" + ref), Date: date, Source: "upwork", Account: "upwork", Kind: Transfer,
			Amount: decimal.New(-cents, -2), Currency: "USD", Description: "Withdrawal: Withdrawal to xxxx-1234", Ref: ref})
		land := date.AddDate(0, 0, r.IntN(6))
		in := Entry{ID: MakeID("in" + ref), Date: land, Source: "bank", Account: "bank", Kind: Unclassified,
			Description: "INCOMING TRANSFER", Ref: fmt.Sprintf("FT%d", i)}
		if r.IntN(4) == 0 {
			in.Description = "UPWORK " + ref
		}
		if r.IntN(5) == 0 {
			// cents × (25000 + day) × (0.98 .. 1.02) VND, whole dong.
			rate := 25000 + int64(date.Sub(start).Hours()/24)
			in.Amount = decimal.New(cents*rate*(980+r.Int64N(41)), -5).Round(0)
			in.Currency, in.Account = "VND", "bank:VND"
		} else {
			in.Amount = decimal.New(cents-r.Int64N(cents/100+1), -2)
			in.Currency = "USD"
		}
		ins = append(ins, in)
	}
	return outs, ins, matchRates(rates, 10), rates
}

// BenchmarkMatch matches 100,000 withdrawals against 100,000 credits.
func BenchmarkMatch(b *testing.B) {
	outs, ins, find, _ := synthTransfers(100000, 42)
	rules := DefaultTransferRules()
	b.ResetTimer()
	var n int
	for b.Loop() {
		n = len(MatchTransfers(outs, ins, find, rules))
	}
	b.ReportMetric(float64(n), "pairs")
}

// referenceMatch is the plain statement of the rules: every pair checked
// with decimals, sorted, taken greedily. MatchTransfers must agree.
func referenceMatch(outs, ins []Entry, find FindRate, rules TransferRules) []TransferMatch {
	type cand struct {
		o, i  *Entry
		score int
	}
	hundred := dec("100")
	var cs []cand
	for oi := range outs {
		o := &outs[oi]
		if !o.Amount.IsNegative() {
			continue
		}
		a := o.Amount.Abs()
		ref := strings.ToUpper(o.Ref)
		for ii := range ins {
			i := &ins[ii]
			if !i.Amount.IsPositive() || i.Account == o.Account {
				continue
			}
			gap := int(i.Date.Sub(o.Date).Hours() / 24)
			if gap < 0 || gap > rules.WindowDays {
				continue
			}
			score := scoreClose
			if i.Currency == o.Currency {
				fee := a.Mul(rules.FeePercent).Div(hundred)
				if f, ok := rules.FeeFixed[o.Currency]; ok && f.GreaterThan(fee) {
					fee = f
				}
				if m := a.Mul(rules.FeeMaxPercent).Div(hundred); fee.GreaterThan(m) {
					fee = m
				}
				if i.Amount.LessThan(a.Sub(fee)) || i.Amount.GreaterThan(a) {
					continue
				}
				if i.Amount.Equal(a) {
					score = scoreExact
				}
			} else {
				if find == nil {
					continue
				}
				r, err := find(o.Date, o.Currency, i.Currency)
				if err != nil {
					continue
				}
				den := r.Divisor()
				x := a.Mul(r.Rate).Mul(hundred)
				b := rules.RateBandPercent
				if i.Amount.Mul(den).Mul(hundred).LessThan(x.Mul(hundred.Sub(b)).Div(hundred)) ||
					i.Amount.Mul(den).Mul(hundred).GreaterThan(x.Mul(hundred.Add(b)).Div(hundred)) {
					continue
				}
			}
			text := entryText(*i)
			if len(ref) >= 4 && hasWord(text, ref) {
				score += scoreRef
			}
			if p := platformOf(*o); p != "" && hasWord(text, p) {
				score += scorePlatform
			} else if payoutMask(text) != 0 {
				score += scoreRail
			}
			cs = append(cs, cand{o, i, score})
		}
	}
	byDateID := func(a, b *Entry) int {
		if c := a.Date.Compare(b.Date); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	}
	slices.SortFunc(cs, func(a, b cand) int {
		if a.score != b.score {
			return b.score - a.score
		}
		if c := byDateID(a.o, b.o); c != 0 {
			return c
		}
		return byDateID(a.i, b.i)
	})
	usedO, usedI := map[string]bool{}, map[string]bool{}
	var res []TransferMatch
	for _, c := range cs {
		if usedO[c.o.ID] || usedI[c.i.ID] {
			continue
		}
		usedO[c.o.ID], usedI[c.i.ID] = true, true
		res = append(res, TransferMatch{Out: c.o.ID, In: c.i.ID, Score: c.score})
	}
	byID := map[string]*Entry{}
	for i := range outs {
		byID[outs[i].ID] = &outs[i]
	}
	slices.SortFunc(res, func(a, b TransferMatch) int { return byDateID(byID[a.Out], byID[b.Out]) })
	return res
}

// TestMatchTransfersAgreesWithReference crowds many equal-looking transfers
// and credits into a few days, so that candidate lists are long and many
// transfers lose their best credits to others.
func TestMatchTransfersAgreesWithReference(t *testing.T) {
	for seed := range uint64(3) {
		outs, ins, find, _ := synthTransfers(400, seed)
		r := rand.New(rand.NewPCG(seed, 99))
		for i := range outs {
			// Squeeze into 20 days and few distinct amounts.
			d := day("2025-03-01").AddDate(0, 0, r.IntN(20))
			shift := ins[i].Date.Sub(outs[i].Date)
			outs[i].Date, ins[i].Date = d, d.Add(shift)
			cents := 10000 + 500*r.Int64N(8)
			outs[i].Amount = decimal.New(-cents, -2)
			if ins[i].Currency == "USD" {
				ins[i].Amount = decimal.New(cents-r.Int64N(cents/50+1), -2)
			} else {
				rate := 25000 + int64(d.Sub(day("2025-01-01")).Hours()/24)
				ins[i].Amount = decimal.New(cents*rate*(960+r.Int64N(81)), -5).Round(0)
			}
			if r.IntN(3) == 0 {
				outs[i].Account, outs[i].Source = "gumroad", "gumroad"
			}
		}
		rules := DefaultTransferRules()
		got := MatchTransfers(outs, ins, find, rules)
		want := referenceMatch(outs, ins, find, rules)
		if len(got) < 200 {
			t.Fatalf("seed %d: only %d matched", seed, len(got))
		}
		if !slices.Equal(got, want) {
			for i := range min(len(got), len(want)) {
				if got[i] != want[i] {
					t.Fatalf("seed %d: %d pairs vs reference %d; first difference at %d: %+v vs %+v", seed, len(got), len(want), i, got[i], want[i])
				}
			}
			t.Fatalf("seed %d: %d pairs vs reference %d", seed, len(got), len(want))
		}
	}
}

func TestBoundsFastPathIsExact(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	rules := DefaultTransferRules()
	rules.FeePercent = dec("1.75")
	fees := newFeeRule(rules)
	rates := []string{"25000", "25412.5", "0.0000393", "1.0842", "17820.123456789", "0.000000000000000001"}
	for range 20000 {
		var abs decimal.Decimal
		switch r.IntN(3) {
		case 0:
			abs = decimal.New(1+r.Int64N(1_000_000), -2)
		case 1:
			abs = decimal.New(1+r.Int64N(1<<62), -6)
		default:
			abs = decimal.New(1+r.Int64N(1<<40), 0)
		}
		units, ok := microUnits(abs)
		if !ok {
			continue
		}
		for _, cur := range []string{"USD", "VND", "JPY"} {
			lo, hi := fees.sameBounds(units, abs, cur)
			slo, shi := fees.slowSameBounds(abs, cur)
			if lo != slo || hi != shi {
				t.Fatalf("same %s %s: fast [%d, %d], slow [%d, %d]", abs, cur, lo, hi, slo, shi)
			}
		}
		rate := dec(rates[r.IntN(len(rates))])
		b := newBand(rate, dec("1.08"), dec("0.95"), dec("1.05"))
		lo, hi := b.bounds(units, abs)
		slo, shi := b.slowBounds(abs)
		if lo != slo || hi != shi {
			t.Fatalf("band %s × %s: fast [%d, %d], slow [%d, %d]", abs, rate, lo, hi, slo, shi)
		}
	}
}

// TransferSummary counts what Transfers lists and keeps only the first
// unmatched credits, through automatic and manual links, credits a bank
// names a platform in and ones it does not, and years.
func TestTransferSummaryAgreesWithTransfers(t *testing.T) {
	s := openTestStore(t)
	ctx := context.Background()
	importFile(t, s, "upwork.csv",
		ent("upwork|1|withdrawal#1", "2025-03-20", "upwork", Transfer, "-500.00", "USD", "Withdrawal", "W1"),
		ent("upwork|2|withdrawal#1", "2025-05-20", "upwork", Transfer, "-300.00", "USD", "Withdrawal", "W2"),
		ent("upwork|3|withdrawal#1", "2024-12-30", "upwork", Transfer, "-200.00", "USD", "Withdrawal", "W3"),
		ent("upwork|4|withdrawal#1", "2025-10-01", "upwork", Transfer, "-777.00", "USD", "Withdrawal", "W4"))
	importFile(t, s, "wise.csv",
		ent("wise|1", "2025-03-21", "wise", Transfer, "500.00", "USD", "Received money from Upwork Escrow Inc", "T1"),
		ent("wise|2", "2025-07-01", "wise", Transfer, "120.00", "USD", "Received money from Upwork Escrow Inc", "T2"),
		ent("wise|3", "2025-08-01", "wise", Transfer, "130.00", "USD", "Received money from Upwork Escrow Inc", "T3"),
		ent("wise|4", "2025-09-01", "wise", Transfer, "140.00", "USD", "Received money from Upwork Escrow Inc", "T4"),
		ent("wise|5", "2025-01-02", "wise", Transfer, "200.00", "USD", "Received money from Upwork Escrow Inc", "T5"))
	importFile(t, s, "bank.csv",
		ent("bank|1", "2025-02-01", "bank", Unclassified, "90.00", "USD", "UPWORK ESCROW INC", "B1"),
		ent("bank|2", "2025-02-02", "bank", Unclassified, "80.00", "USD", "SALARY ACME", "B2"),
		ent("bank|3", "2025-10-05", "bank", Income, "700.00", "USD", "client payment", "B3"))
	// a manual link to a credit of another kind: it becomes a transfer
	if _, err := s.LinkTransfer(ctx, DefaultTransferRules(), MakeID("upwork|4|withdrawal#1"), MakeID("bank|3")); err != nil {
		t.Fatal(err)
	}
	// a link whose credit is not in the ledger counts for nothing
	if _, err := s.db.ExecContext(ctx, `INSERT INTO transfer_links(out_id, in_id, manual, out_kind, in_kind)
		VALUES (?, 'ffffffffffffffff', 1, 'transfer', 'transfer')`, MakeID("upwork|2|withdrawal#1")); err != nil {
		t.Fatal(err)
	}
	for _, year := range []int{2024, 2025, 0} {
		_, tr := matchedPairs(t, s, year)
		sum, err := s.TransferSummary(ctx, year, 2)
		if err != nil {
			t.Fatal(err)
		}
		if sum.Matched != len(tr.Matched) || sum.UnmatchedOut != len(tr.UnmatchedOut) || sum.UnmatchedIn != len(tr.UnmatchedIn) {
			t.Fatalf("%d: summary %+v, transfers %d matched, %d out, %d in", year, sum, len(tr.Matched), len(tr.UnmatchedOut), len(tr.UnmatchedIn))
		}
		for i, e := range sum.FirstIn {
			if e.ID != tr.UnmatchedIn[i].ID || e.File == "" {
				t.Errorf("%d: first unmatched credit %d is %s (%s), want %s", year, i, e.ID, e.File, tr.UnmatchedIn[i].ID)
			}
		}
		if len(sum.FirstIn) != min(2, len(tr.UnmatchedIn)) {
			t.Errorf("%d: %d first credits kept of %d", year, len(sum.FirstIn), len(tr.UnmatchedIn))
		}
	}
	sum, err := s.TransferSummary(ctx, 2025, 2)
	if err != nil {
		t.Fatal(err)
	}
	// matched: W1-T1, W3-T5 (its credit in 2025), W4-B3 (manual); out: W2;
	// in: T2, T3, T4 and the bank credit naming Upwork, not the salary
	if sum.Matched != 3 || sum.UnmatchedOut != 1 || sum.UnmatchedIn != 4 || sum.FirstIn[0].ID != MakeID("bank|1") {
		t.Fatalf("2025 summary %+v", sum)
	}
}
