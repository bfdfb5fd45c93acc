package importers

import (
	"strconv"

	"github.com/shopspring/decimal"
)

// BalanceCheck checks that a file's imported amounts reproduce the file's
// own running-balance column, per account (one balance per currency), in
// file order. It keeps only the last balance of each account, so a file of
// any length costs a few values per account.
//
// Feed every row that moves an account with Add (the row states its balance)
// or Move (it states none); Reset continues from a stated balance without
// checking the row (a row whose effect on the balance is not known). Finish
// warns once per account, at the first row whose balance the amounts do not
// reproduce.
type BalanceCheck struct {
	newestFirst bool
	accounts    map[string]*balanceState
	order       []string
}

type balanceState struct {
	have    bool            // a balance has been seen
	last    decimal.Decimal // the last balance stated
	pending decimal.Decimal // amounts since then (newest first: including that row's own)
	unknown bool            // pending is not known (a Reset row in between)
	line    int             // the row that stated last

	bad          int // rows whose balance did not fit
	badLine      int
	badFile      decimal.Decimal
	badComputed  decimal.Decimal
	badAfterLine int // the row the computation started from
}

// NewBalanceCheck returns a check for a file whose rows run oldest first, or
// newest first when newestFirst is set.
func NewBalanceCheck(newestFirst bool) *BalanceCheck {
	return &BalanceCheck{newestFirst: newestFirst, accounts: map[string]*balanceState{}}
}

func (b *BalanceCheck) state(account string) *balanceState {
	st, ok := b.accounts[account]
	if !ok {
		st = &balanceState{}
		b.accounts[account] = st
		b.order = append(b.order, account)
	}
	return st
}

// Add records a row of account that moved amount and states balance after
// it (in a newest-first file, the balance after this row too: the file's
// balance column always describes the state after its own row).
func (b *BalanceCheck) Add(line int, account string, amount, balance decimal.Decimal) {
	st := b.state(account)
	if b.newestFirst {
		// The row before (newer) said st.last; it and the rows between moved
		// st.pending, so st.last = balance + st.pending must hold.
		if st.have && !st.unknown {
			if got := balance.Add(st.pending); !got.Equal(st.last) {
				st.mismatch(st.line, st.last, got, line)
			}
		}
		st.have, st.last, st.pending, st.unknown, st.line = true, balance, amount, false, line
		return
	}
	if st.have && !st.unknown {
		if got := st.last.Add(st.pending).Add(amount); !got.Equal(balance) {
			st.mismatch(line, balance, got, st.line)
		}
	}
	st.have, st.last, st.pending, st.unknown, st.line = true, balance, decimal.Zero, false, line
}

// Move records a row of account that moved amount but states no balance.
func (b *BalanceCheck) Move(line int, account string, amount decimal.Decimal) {
	st := b.state(account)
	st.pending = st.pending.Add(amount)
}

// Reset records a row that states balance but whose own amount the check
// does not know (a row that is not imported and may or may not have moved
// the balance): it is not checked, and checking continues from balance.
func (b *BalanceCheck) Reset(line int, account string, balance decimal.Decimal) {
	st := b.state(account)
	if b.newestFirst {
		// The newer rows can still be checked against this balance; the
		// next older one cannot, since this row's amount is unknown.
		if st.have && !st.unknown {
			if got := balance.Add(st.pending); !got.Equal(st.last) {
				st.mismatch(st.line, st.last, got, line)
			}
		}
		st.have, st.last, st.pending, st.unknown, st.line = true, balance, decimal.Zero, true, line
		return
	}
	st.have, st.last, st.pending, st.unknown, st.line = true, balance, decimal.Zero, false, line
}

func (st *balanceState) mismatch(line int, file, computed decimal.Decimal, from int) {
	st.bad++
	if st.bad == 1 {
		st.badLine, st.badFile, st.badComputed, st.badAfterLine = line, file, computed, from
	}
}

// Mismatches counts the rows, over all accounts, whose balance the amounts
// did not reproduce.
func (b *BalanceCheck) Mismatches() int {
	n := 0
	for _, st := range b.accounts {
		n += st.bad
	}
	return n
}

// Finish warns, for each account in order of first appearance, at the first
// row whose stated balance the amounts do not reproduce.
func (b *BalanceCheck) Finish(sink Sink) {
	for _, acct := range b.order {
		st := b.accounts[acct]
		if st.bad == 0 {
			continue
		}
		more := ""
		if st.bad > 1 {
			more = " (" + balancePlural(st.bad-1) + ")"
		}
		sink.Warn(st.badLine, "running balance of %s is %s in the file, but the balance at line %d and the imported amounts give %s%s",
			acct, st.badFile, st.badAfterLine, st.badComputed, more)
	}
}

func balancePlural(n int) string {
	if n == 1 {
		return "1 more row differs"
	}
	return strconv.Itoa(n) + " more rows differ"
}
