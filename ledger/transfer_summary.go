package ledger

import (
	"cmp"
	"context"
	"database/sql"
	"slices"
	"strings"
)

// TransferSummary counts what Transfers lists, keeping only the first few
// unmatched credits: what a report says about transfers.
type TransferSummary struct {
	Matched, UnmatchedOut, UnmatchedIn int
	FirstIn                            []Entry // the first unmatched credits, at most the asked number
}

// TransferSummary summarises Transfers(year), keeping maxIn unmatched
// credits. It reads the few columns it needs of the transfers and
// unclassified entries, not whole entries, so that the first report on a
// large ledger stays fast; TestTransferSummaryAgreesWithTransfers holds it
// to Transfers.
func (s *Store) TransferSummary(ctx context.Context, year, maxIn int) (TransferSummary, error) {
	var sum TransferSummary
	type link struct{ out, in int64 }
	var links []link
	linked := map[int64]bool{}
	rows, err := s.db.QueryContext(ctx, "SELECT out_id, in_id FROM transfer_links")
	if err != nil {
		return sum, err
	}
	for rows.Next() {
		var o, i string
		if err := rows.Scan(&o, &i); err != nil {
			rows.Close()
			return sum, err
		}
		l := link{hidArg(o), hidArg(i)}
		links = append(links, l)
		linked[l.out], linked[l.in] = true, true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return sum, err
	}

	inYear := func(date string) bool {
		return year == 0 || len(date) >= 4 && date[:4] == fmt4(year)
	}
	// The year's moves that could be unmatched, and the dates of linked ones.
	type move struct {
		hid  int64
		date string
		out  bool // else a payout-like credit
	}
	var moves []move
	dates := map[int64]string{}
	rows, err = s.db.QueryContext(ctx, `SELECT hid, date, kind, amount, description, counterparty, ref
		FROM entries WHERE kind IN ('transfer', 'unclassified')`)
	if err != nil {
		return sum, err
	}
	for rows.Next() {
		var hid int64
		var date, kind string
		var amount, desc, cp, ref sql.RawBytes
		if err := rows.Scan(&hid, &date, &kind, &amount, &desc, &cp, &ref); err != nil {
			rows.Close()
			return sum, err
		}
		if linked[hid] {
			dates[hid] = date
		}
		if !inYear(date) {
			continue
		}
		neg := len(amount) > 0 && amount[0] == '-'
		pos := !neg && strings.ContainsAny(string(amount), "123456789")
		switch {
		case Kind(kind) == Transfer && neg:
			moves = append(moves, move{hid, date, true})
		case pos && (Kind(kind) == Transfer ||
			Kind(kind) == Unclassified && payoutMask(strings.ToUpper(string(desc)+" | "+string(cp)+" | "+string(ref))) != 0):
			moves = append(moves, move{hid, date, false})
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return sum, err
	}
	// A linked entry of another kind (changed since) is read on its own.
	for _, l := range links {
		for _, h := range []int64{l.out, l.in} {
			if _, ok := dates[h]; ok {
				continue
			}
			var date string
			err := s.db.QueryRowContext(ctx, "SELECT date FROM entries WHERE seq = (SELECT seq FROM ids WHERE hid = ?)", h).Scan(&date)
			if err == nil {
				dates[h] = date
			} else if err != sql.ErrNoRows {
				return sum, err
			}
		}
	}

	active := map[int64]bool{}
	for _, l := range links {
		od, ok1 := dates[l.out]
		id, ok2 := dates[l.in]
		if !ok1 || !ok2 {
			continue // an entry of the link is not in the ledger
		}
		active[l.out], active[l.in] = true, true
		if inYear(od) || inYear(id) {
			sum.Matched++
		}
	}
	var credits []move
	for _, m := range moves {
		switch {
		case active[m.hid]:
		case m.out:
			sum.UnmatchedOut++
		default:
			credits = append(credits, m)
		}
	}
	sum.UnmatchedIn = len(credits)
	slices.SortFunc(credits, func(a, b move) int {
		if c := strings.Compare(a.date, b.date); c != 0 {
			return c
		}
		return cmp.Compare(uint64(a.hid), uint64(b.hid)) // the ids' order as text
	})
	for _, m := range credits[:min(maxIn, len(credits))] {
		e, err := s.Entry(ctx, idOf(m.hid))
		if err != nil {
			return sum, err
		}
		sum.FirstIn = append(sum.FirstIn, e)
	}
	return sum, nil
}

func fmt4(year int) string {
	b := []byte{'0', '0', '0', '0'}
	for i := 3; i >= 0 && year > 0; i-- {
		b[i] = byte('0' + year%10)
		year /= 10
	}
	return string(b)
}
