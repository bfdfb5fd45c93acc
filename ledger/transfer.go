package ledger

import (
	"slices"
	"sort"
	"strings"

	"github.com/shopspring/decimal"
)

// Transfer matching (issue #4, conventions.md "Transfers"): a withdrawal or
// payout leaving one account (a `transfer` entry with a negative amount) is
// paired with the credit where it lands on another account (a positive
// `transfer` or `unclassified` entry), so that the money is counted once.
//
// A credit is a candidate for a transfer when all of these hold:
//
//   - it is on another account;
//   - it is dated from the transfer's date to WindowDays later;
//   - in the same currency, it is no larger than the transfer and smaller by
//     at most max(FeePercent % of the transfer, FeeFixed[currency]), and
//     never by more than FeeMaxPercent % (a fee kept on the way);
//   - in another currency, it is within ±RateBandPercent % of the transfer
//     converted at the day's rate: the latest stored rate on or before the
//     transfer's date (else the earliest up to WindowDays later), of any
//     source but `realised` (those are derived from matches, and using them
//     would make the result depend on the order of imports), directly,
//     inverted, or crossed through EUR or USD.
//
// Candidates are scored (see the score* constants): the transfer's own
// reference named in the credit, the transfer's platform named in the
// credit, any payout platform named, the closeness of the amount. Pairs are
// then taken greedily in a fixed order: score (high first), then the
// transfer's (date, id), then the credit's (date, id); a pair is taken when
// neither side is taken yet. The result depends only on the entries, the
// rates and the rules, never on the order things were imported in: equal
// candidates go first-out to first-in.
//
// Amounts are compared exactly as integers of micro-units (10^-6); an entry
// whose amount has more than 6 decimal places or is 9×10^12 or more is left
// to manual linking.

// TransferRules are the tolerances of automatic matching: data, not code.
type TransferRules struct {
	// WindowDays: a credit may be dated from the transfer's date to
	// WindowDays days later (payouts take days to land).
	WindowDays int
	// FeePercent and FeeFixed: in the same currency a credit may be smaller
	// than the transfer by up to max(FeePercent % of the transfer,
	// FeeFixed[currency]) ...
	FeePercent decimal.Decimal
	FeeFixed   map[string]decimal.Decimal
	// ... but never by more than FeeMaxPercent % of the transfer.
	FeeMaxPercent decimal.Decimal
	// RateBandPercent: in another currency a credit may differ from the
	// transfer converted at the day's rate by up to ±RateBandPercent %.
	RateBandPercent decimal.Decimal
}

// DefaultTransferRules are the tolerances income uses: 10 days, fees up to
// max(2 %, a fixed amount per currency) capped at 20 % (Koinly's bound),
// and a ±5 % band around the day's exchange rate (a bank's buying rate is
// within a few percent of a reference rate).
func DefaultTransferRules() TransferRules {
	fixed := map[string]decimal.Decimal{}
	for cur, amt := range map[string]string{
		"USD": "15", "EUR": "15", "GBP": "15", "CHF": "15",
		"CAD": "20", "AUD": "20", "NZD": "20", "SGD": "20",
		"VND": "50000", "IDR": "50000", "INR": "1000", "PHP": "500",
	} {
		fixed[cur] = decimal.RequireFromString(amt)
	}
	return TransferRules{
		WindowDays:      10,
		FeePercent:      decimal.RequireFromString("2"),
		FeeFixed:        fixed,
		FeeMaxPercent:   decimal.RequireFromString("20"),
		RateBandPercent: decimal.RequireFromString("5"),
	}
}

// Scores of a candidate pair; higher is a better match.
const (
	// scoreRef: the transfer's reference (its withdrawal or payout id, at
	// least 4 characters) appears as a word in the credit's description,
	// counterparty or reference.
	scoreRef = 100
	// scorePlatform: the credit names the transfer's platform ("UPWORK" for
	// an Upwork withdrawal).
	scorePlatform = 30
	// scoreRail: the credit names some payout platform (PAYONEER, WISE, …).
	scoreRail = 10
	// scoreExact: same currency, same amount.
	scoreExact = 20
	// scoreClose: same currency within the fee tolerance, or another
	// currency within the rate band.
	scoreClose = 10
)

// TransferMatch is one automatically found pair of entry ids.
type TransferMatch struct {
	Out, In string
	Score   int
}

type matchOut struct {
	e        *Entry
	acc      int32 // account, interned
	day      int32
	abs      int64
	absDec   decimal.Decimal
	ref      string // upper case, "" when too short to trust
	refBits  uint64 // its words in the bloom of matchIn.words
	name     string // platform, upper case
	platform int    // its bit in matchIn.platforms, or -1
}

// matchIn is what scoring reads of a credit, by rank.
type matchIn struct {
	e         *Entry
	day       int32
	acc       int32  // account, interned
	mask      uint32 // payout words named
	platforms uint64 // transfers' platforms named
	words     uint64 // a bloom filter of its words
	text      string // upper case description | counterparty | ref
}

// inBook holds one currency's credits sorted by (day, amount, rank):
// start[d-first] to start[d-first+1] are those of day d.
type inBook struct {
	first int32
	start []int32
	amt   []int64
	rank  []int32
}

// span returns the positions of one day's credits with amounts in
// [lo, hi].
func (b *inBook) span(day int32, lo, hi int64) (int, int) {
	d := int(day - b.first)
	if d < 0 || d >= len(b.start)-1 {
		return 0, 0
	}
	s, e := int(b.start[d]), int(b.start[d+1])
	amt := b.amt[s:e]
	i, _ := slices.BinarySearch(amt, lo)
	j := i
	for j < len(amt) && amt[j] <= hi {
		j++
	}
	return s + i, s + j
}

// matchCand is a candidate credit of a transfer.
type matchCand struct {
	score int32
	in    int32 // credit rank
}

// maxScore bounds every score.
const maxScore = scoreRef + scorePlatform + scoreExact

// MatchTransfers pairs outgoing transfers with the credits where they
// landed, under rules, using find for the day's exchange rates (nil: same
// currency only). outs are the entries that may be withdrawals (only
// negative amounts are used), ins the entries that may be their credits
// (only positive amounts are used); the caller chooses them by kind. The
// result is sorted by the transfer's (date, id) and is the same for the
// same entries whatever their order.
func MatchTransfers(outs, ins []Entry, find FindRate, rules TransferRules) []TransferMatch {
	accounts := map[string]int32{}
	accountID := func(a string) int32 {
		id, ok := accounts[a]
		if !ok {
			id = int32(len(accounts))
			accounts[a] = id
		}
		return id
	}

	// Transfers, ranked by (date, id), and the platforms they left.
	mo := make([]matchOut, 0, len(outs))
	platforms := map[string]int{}
	for i := range outs {
		e := &outs[i]
		if !e.Amount.IsNegative() {
			continue
		}
		abs, ok := microUnits(e.Amount)
		if !ok {
			continue
		}
		ref := strings.ToUpper(strings.TrimSpace(e.Ref))
		if len(ref) < 4 || wordBloom(ref) == 0 {
			ref = ""
		}
		p := platformOf(*e)
		if p != "" {
			platforms[p] = -1
		}
		mo = append(mo, matchOut{e: e, acc: accountID(e.Account), day: dayNumber(e.Date), abs: abs, absDec: e.Amount.Abs(),
			ref: ref, refBits: wordBloom(ref), name: p, platform: -1})
	}
	slices.SortFunc(mo, func(a, b matchOut) int {
		if a.day != b.day {
			return cmpInt32(a.day, b.day)
		}
		return strings.Compare(a.e.ID, b.e.ID)
	})
	// Up to 64 platforms get a bit (in alphabetical order); more than that
	// in one ledger is not expected, and the rest go without the score.
	names := make([]string, 0, len(platforms))
	for p := range platforms {
		names = append(names, p)
	}
	sort.Strings(names)
	if len(names) > 64 {
		names = names[:64]
	}
	for i, p := range names {
		platforms[p] = i
	}
	for o := range mo {
		if i, ok := platforms[mo[o].name]; ok {
			mo[o].platform = i
		}
	}

	// Credits, ranked by (date, id), then booked by currency.
	type booking struct {
		cur  string
		day  int32
		amt  int64
		rank int32
	}
	mi := make([]matchIn, 0, len(ins))
	var bk []booking
	for i := range ins {
		e := &ins[i]
		if !e.Amount.IsPositive() {
			continue
		}
		amt, ok := microUnits(e.Amount)
		if !ok {
			continue
		}
		text := entryText(*e)
		in := matchIn{e: e, acc: accountID(e.Account), day: dayNumber(e.Date), text: text, mask: payoutMask(text), words: wordBloom(text)}
		for i, p := range names {
			if hasWord(text, p) {
				in.platforms |= 1 << i
			}
		}
		mi = append(mi, in)
		bk = append(bk, booking{cur: e.Currency, day: in.day, amt: amt})
	}
	perm := make([]int32, len(mi))
	for i := range perm {
		perm[i] = int32(i)
	}
	slices.SortFunc(perm, func(a, b int32) int {
		if mi[a].day != mi[b].day {
			return cmpInt32(mi[a].day, mi[b].day)
		}
		return strings.Compare(mi[a].e.ID, mi[b].e.ID)
	})
	ranked := make([]matchIn, len(mi))
	for r, i := range perm {
		ranked[r] = mi[i]
		bk[i].rank = int32(r)
	}
	mi = ranked
	slices.SortFunc(bk, func(a, b booking) int {
		if c := strings.Compare(a.cur, b.cur); c != 0 {
			return c
		}
		if a.day != b.day {
			return cmpInt32(a.day, b.day)
		}
		if a.amt != b.amt {
			if a.amt < b.amt {
				return -1
			}
			return 1
		}
		return cmpInt32(a.rank, b.rank)
	})
	books := map[string]*inBook{}
	var curs []string
	for i := 0; i < len(bk); {
		j := i
		for j < len(bk) && bk[j].cur == bk[i].cur {
			j++
		}
		first, last := bk[i].day, bk[j-1].day
		b := &inBook{first: first, start: make([]int32, int(last-first)+2), amt: make([]int64, j-i), rank: make([]int32, j-i)}
		for k := i; k < j; k++ {
			b.amt[k-i], b.rank[k-i] = bk[k].amt, bk[k].rank
			b.start[bk[k].day-first+1]++
		}
		for d := 1; d < len(b.start); d++ {
			b.start[d] += b.start[d-1]
		}
		books[bk[i].cur] = b
		curs = append(curs, bk[i].cur)
		i = j
	}

	fees := newFeeRule(rules)
	hundred := decimal.NewFromInt(100)
	bandLo := decimal.NewFromInt(1).Sub(rules.RateBandPercent.Div(hundred))
	bandHi := decimal.NewFromInt(1).Add(rules.RateBandPercent.Div(hundred))
	window := int32(max(rules.WindowDays, 0))
	rates := &rateCache{fn: find, bandLo: bandLo, bandHi: bandHi, cache: map[rateKey]rateVal{}}

	// bounds finds the amounts transfer o's credits in cur may have.
	bounds := func(out *matchOut, cur string) (lo, hi int64, ok bool) {
		if cur == out.e.Currency {
			lo, hi = fees.sameBounds(out.abs, out.absDec, cur)
		} else {
			b, found := rates.find(out.e.Date, out.day, out.e.Currency, cur)
			if !found {
				return 0, 0, false
			}
			lo, hi = b.bounds(out.abs, out.absDec)
		}
		return lo, hi, lo <= hi
	}

	// Count the candidates, then list them all in one allocation:
	// cands[first[o]:last[o]] are transfer o's.
	first := make([]int, len(mo)+1)
	for o := range mo {
		out := &mo[o]
		n := 0
		for _, cur := range curs {
			lo, hi, ok := bounds(out, cur)
			if !ok {
				continue
			}
			for d := out.day; d <= out.day+window; d++ {
				i, j := books[cur].span(d, lo, hi)
				n += j - i
			}
		}
		first[o+1] = first[o] + n
	}
	cands := make([]matchCand, first[len(mo)])
	last := make([]int, len(mo))
	var present [maxScore + 1]bool
	for o := range mo {
		out := &mo[o]
		k := first[o]
		for _, cur := range curs {
			book := books[cur]
			lo, hi, ok := bounds(out, cur)
			if !ok {
				continue
			}
			same := cur == out.e.Currency
			for d := out.day; d <= out.day+window; d++ {
				i, j := book.span(d, lo, hi)
				for x := i; x < j; x++ {
					r := book.rank[x]
					in := &mi[r]
					if in.acc == out.acc {
						continue
					}
					score := int32(scoreClose)
					if same && book.amt[x] == out.abs {
						score = scoreExact
					}
					if out.refBits != 0 && in.words&out.refBits == out.refBits && hasWord(in.text, out.ref) {
						score += scoreRef
					}
					if out.platform >= 0 && in.platforms&(1<<out.platform) != 0 {
						score += scorePlatform
					} else if in.mask != 0 {
						score += scoreRail
					}
					present[score] = true
					cands[k] = matchCand{score, r}
					k++
				}
			}
		}
		last[o] = k
	}

	// Greedy in the order (score desc, transfer rank, credit rank): score
	// by score, each free transfer in rank order takes its free credit of
	// lowest rank. This takes exactly the pairs that sorting every
	// candidate pair in that order and taking each whose sides are both
	// free would.
	took := make([]int32, len(mo))
	tookScore := make([]int32, len(mo))
	for i := range took {
		took[i] = -1
	}
	usedIn := make([]bool, len(mi))
	var n int
	for t := int32(maxScore); t >= 0; t-- {
		if !present[t] {
			continue
		}
		for o := range mo {
			if took[o] >= 0 {
				continue
			}
			best := int32(-1)
			for _, c := range cands[first[o]:last[o]] {
				if c.score == t && !usedIn[c.in] && (best < 0 || c.in < best) {
					best = c.in
				}
			}
			if best >= 0 {
				took[o], tookScore[o], usedIn[best] = best, t, true
				n++
			}
		}
	}
	res := make([]TransferMatch, 0, n)
	for o, r := range took {
		if r >= 0 {
			res = append(res, TransferMatch{Out: mo[o].e.ID, In: mi[r].e.ID, Score: int(tookScore[o])})
		}
	}
	return res
}

func cmpInt32(a, b int32) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
