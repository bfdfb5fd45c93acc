package ledger

import (
	"math/bits"
	"slices"
	"sort"
	"strings"
	"time"

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

func entryText(e Entry) string {
	return strings.ToUpper(e.Description + " | " + e.Counterparty + " | " + e.Ref)
}

// platformOf names the platform an account belongs to: "upwork" for
// "upwork", "wise" for "wise:USD", "vietcombank" for "bank:vietcombank",
// falling back to the source's first word.
func platformOf(e Entry) string {
	p := e.Account
	if rest, ok := strings.CutPrefix(p, "bank:"); ok {
		p = rest
	}
	if i := strings.IndexAny(p, ":/"); i >= 0 {
		p = p[:i]
	}
	if p == "" {
		p = e.Source
		if i := strings.IndexAny(p, "-_:"); i >= 0 {
			p = p[:i]
		}
	}
	return strings.ToUpper(strings.TrimSpace(p))
}

// TransferMatch is one automatically found pair of entry ids.
type TransferMatch struct {
	Out, In string
	Score   int
}

// unitScale is the fixed scale of the integers amounts are compared as.
const unitScale = 6

var (
	maxUnitAmount = decimal.New(9, 12)
	maxUnits      = maxUnitAmount.Shift(unitScale).IntPart()
)

// microUnits returns |d| in micro-units, or false when it does not fit
// exactly.
func microUnits(d decimal.Decimal) (int64, bool) {
	a := d.Abs()
	if !a.LessThan(maxUnitAmount) {
		return 0, false
	}
	s := a.Shift(unitScale)
	if !s.IsInteger() {
		return 0, false
	}
	return s.IntPart(), true
}

// ceilUnits and floorUnits turn a non-negative bound into micro-units,
// rounding inward so that integer comparisons stay exact; beyond every
// representable amount they saturate at maxUnits.
func ceilUnits(d decimal.Decimal) int64 {
	if !d.LessThan(maxUnitAmount) {
		return maxUnits
	}
	return d.Shift(unitScale).Ceil().IntPart()
}

func floorUnits(d decimal.Decimal) int64 {
	if !d.LessThan(maxUnitAmount) {
		return maxUnits
	}
	return d.Shift(unitScale).Floor().IntPart()
}

func dayNumber(t time.Time) int32 {
	return int32(t.UTC().Truncate(24*time.Hour).Unix() / 86400)
}

// ratio is a non-negative exact fraction n/d of machine integers: the fast
// path of the bounds. ok is false when a value does not fit.
type ratio struct {
	n, d uint64
	ok   bool
}

var pow10 = func() []uint64 {
	p := []uint64{1}
	for len(p) < 20 {
		p = append(p, p[len(p)-1]*10)
	}
	return p
}()

func ratioOf(x decimal.Decimal) ratio {
	if x.IsNegative() {
		return ratio{}
	}
	c, e := x.Coefficient(), x.Exponent()
	if !c.IsUint64() {
		return ratio{}
	}
	n := c.Uint64()
	for n != 0 && n%10 == 0 && e < 0 {
		n, e = n/10, e+1
	}
	if e >= 0 {
		if e >= int32(len(pow10)) {
			return ratio{}
		}
		hi, lo := bits.Mul64(n, pow10[e])
		return ratio{n: lo, d: 1, ok: hi == 0}
	}
	if -e >= int32(len(pow10)) {
		return ratio{}
	}
	return ratio{n: n, d: pow10[-e], ok: true}
}

func gcd(a, b uint64) uint64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// mul multiplies two ratios, reduced, or fails on overflow.
func (r ratio) mul(s ratio) ratio {
	if !r.ok || !s.ok || r.d == 0 || s.d == 0 {
		return ratio{}
	}
	a, b, c, d := r.n, r.d, s.n, s.d
	if g := gcd(a, d); g > 1 {
		a, d = a/g, d/g
	}
	if g := gcd(c, b); g > 1 {
		c, b = c/g, b/g
	}
	h1, n := bits.Mul64(a, c)
	h2, m := bits.Mul64(b, d)
	return ratio{n: n, d: m, ok: h1 == 0 && h2 == 0}
}

func (r ratio) inverse() ratio {
	return ratio{n: r.d, d: r.n, ok: r.ok && r.n != 0}
}

// floor and ceil return a·n/d rounded, exactly, or false on overflow.
func (r ratio) floor(a int64) (int64, bool) {
	hi, lo := bits.Mul64(uint64(a), r.n)
	if !r.ok || hi >= r.d {
		return 0, false
	}
	q, _ := bits.Div64(hi, lo, r.d)
	return int64(q), q <= uint64(maxUnits)
}

func (r ratio) ceil(a int64) (int64, bool) {
	hi, lo := bits.Mul64(uint64(a), r.n)
	if !r.ok || hi >= r.d {
		return 0, false
	}
	q, rem := bits.Div64(hi, lo, r.d)
	if rem != 0 {
		q++
	}
	return int64(q), q <= uint64(maxUnits)
}

// feeRule is the fee tolerance of one run, ready for each transfer.
type feeRule struct {
	part, max       decimal.Decimal // FeePercent/100, FeeMaxPercent/100
	fastPart, fastM ratio
	fixed           map[string]decimal.Decimal
	fixedUnits      map[string]int64
}

func newFeeRule(rules TransferRules) *feeRule {
	hundred := decimal.NewFromInt(100)
	f := &feeRule{part: rules.FeePercent.Div(hundred), max: rules.FeeMaxPercent.Div(hundred),
		fixed: rules.FeeFixed, fixedUnits: map[string]int64{}}
	f.fastPart = ratioOf(rules.FeePercent).mul(ratio{1, 100, true})
	f.fastM = ratioOf(rules.FeeMaxPercent).mul(ratio{1, 100, true})
	for cur, amt := range rules.FeeFixed {
		f.fixedUnits[cur] = floorUnits(amt)
	}
	return f
}

// sameBounds are the amounts, in micro-units, a credit in the transfer's
// own currency may have: [abs − fee, abs] where fee = min(max(abs·part,
// fixed), abs·max). Since abs is whole, abs − fee rounded up is abs minus
// fee rounded down, and rounding down commutes with min and max.
func (f *feeRule) sameBounds(abs int64, absDec decimal.Decimal, cur string) (lo, hi int64) {
	p, ok1 := f.fastPart.floor(abs)
	m, ok2 := f.fastM.floor(abs)
	if !ok1 || !ok2 {
		return f.slowSameBounds(absDec, cur)
	}
	fee := p
	if fx, ok := f.fixedUnits[cur]; ok && fx > fee {
		fee = fx
	}
	fee = min(fee, m)
	return abs - fee, abs
}

func (f *feeRule) slowSameBounds(absDec decimal.Decimal, cur string) (lo, hi int64) {
	fee := absDec.Mul(f.part)
	if fx, ok := f.fixed[cur]; ok && fx.GreaterThan(fee) {
		fee = fx
	}
	if m := absDec.Mul(f.max); fee.GreaterThan(m) {
		fee = m
	}
	return ceilUnits(absDec.Sub(fee)), floorUnits(absDec)
}

// band is the day's rate of one pair with the band around it: a credit in
// the other currency may have abs·lo to abs·hi, lo = num/den·(1 − band),
// hi = num/den·(1 + band).
type band struct {
	lo, hi         decimal.Decimal // as exact fractions: loN/den, hiN/den
	den            decimal.Decimal
	fastLo, fastHi ratio
}

func newBand(num, den, bandLo, bandHi decimal.Decimal) band {
	b := band{lo: num.Mul(bandLo), hi: num.Mul(bandHi), den: den}
	inv := ratioOf(den).inverse()
	b.fastLo = ratioOf(num).mul(ratioOf(bandLo)).mul(inv)
	b.fastHi = ratioOf(num).mul(ratioOf(bandHi)).mul(inv)
	return b
}

func (b band) bounds(abs int64, absDec decimal.Decimal) (lo, hi int64) {
	lo, ok1 := b.fastLo.ceil(abs)
	hi, ok2 := b.fastHi.floor(abs)
	if ok1 && ok2 {
		return lo, hi
	}
	return b.slowBounds(absDec)
}

func (b band) slowBounds(absDec decimal.Decimal) (lo, hi int64) {
	a := absDec.Shift(unitScale)
	ql, rl := a.Mul(b.lo).QuoRem(b.den, 0)
	if rl.IsPositive() {
		ql = ql.Add(decimal.NewFromInt(1))
	}
	qh, _ := a.Mul(b.hi).QuoRem(b.den, 0)
	return ceilUnits(ql.Shift(-unitScale)), floorUnits(qh.Shift(-unitScale))
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

// wordBloom sets one of 64 bits for each word of s (runs of letters and
// digits): a quick filter before hasWord.
func wordBloom(s string) uint64 {
	var m uint64
	for i := 0; i < len(s); {
		for i < len(s) && !isWordByte(s[i]) {
			i++
		}
		j := i
		for j < len(s) && isWordByte(s[j]) {
			j++
		}
		if j > i {
			h := uint64(14695981039346656037)
			for _, c := range []byte(s[i:j]) {
				h = (h ^ uint64(c)) * 1099511628211
			}
			m |= 1 << (h & 63)
		}
		i = j
	}
	return m
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

// rateCache finds the day's band once per (date, pair).
type rateCache struct {
	fn             FindRate
	bandLo, bandHi decimal.Decimal
	cache          map[rateKey]rateVal
}

type rateKey struct {
	day      int32
	from, to string
}

type rateVal struct {
	b  band
	ok bool
}

func (c *rateCache) find(date time.Time, day int32, from, to string) (band, bool) {
	if c.fn == nil {
		return band{}, false
	}
	k := rateKey{day, from, to}
	if v, ok := c.cache[k]; ok {
		return v.b, v.ok
	}
	var v rateVal
	if r, err := c.fn(date, from, to); err == nil && r.Rate.IsPositive() && !r.Div.IsNegative() {
		den := r.Div
		if den.IsZero() {
			den = decimal.NewFromInt(1)
		}
		v = rateVal{newBand(r.Rate, den, c.bandLo, c.bandHi), true}
	}
	c.cache[k] = v
	return v.b, v.ok
}
