package ledger

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"github.com/incomeledger/income/errs"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// Kind says what an entry's money was (conventions.md "Entry kinds").
type Kind string

const (
	Income       Kind = "income"
	Refund       Kind = "refund"
	Fee          Kind = "fee"
	Expense      Kind = "expense"
	TaxWithheld  Kind = "tax_withheld"
	Transfer     Kind = "transfer"
	Unclassified Kind = "unclassified"
)

// Kinds lists every kind in report order.
var Kinds = []Kind{Income, Refund, Fee, Expense, TaxWithheld, Transfer, Unclassified}

// ParseKind returns the kind named s.
func ParseKind(s string) (Kind, error) {
	for _, k := range Kinds {
		if string(k) == s {
			return k, nil
		}
	}
	known := make([]string, len(Kinds))
	for i, k := range Kinds {
		known[i] = string(k)
	}
	return "", fmt.Errorf("unknown kind %q (known: %s)", s, strings.Join(known, ", "))
}

// DateLayout is how the ledger writes dates.
const DateLayout = "2006-01-02"

// Entry is one movement of money on one account, with its provenance.
type Entry struct {
	// ID is a stable short id derived from Key (see MakeID).
	ID string
	// Key is the de-duplication key: the same key is the same money, whichever
	// file it came from. Importers build it from the platform's own ids where
	// they exist, else from the row's content plus its occurrence in the file.
	Key          string
	Date         time.Time // a calendar date, UTC midnight
	Source       string    // importer name, e.g. "upwork"
	Account      string    // the balance the money moved on, e.g. "upwork", "wise:USD"
	Kind         Kind
	Amount       decimal.Decimal // signed as the money moved: out is negative
	Currency     string
	Description  string
	Counterparty string
	Ref          string // the platform's reference (transaction id, withdrawal id)
	File         string // base name of the imported file
	Line         int    // 1-based line (or sheet row) in that file
	Batch        int64  // import batch id, set by the store
	// ClassifiedBy says what decided Kind when not the importer: "rule N"
	// (a classification rule) or "manual" (see classify.go).
	ClassifiedBy string

	// Conversion, set by the fx step; empty until a rate is known.
	Rate       decimal.NullDecimal
	RateDiv    decimal.NullDecimal // exact rates are Rate/RateDiv when set
	RateDate   time.Time
	RateSource string
	RatePolicy string
	Home       decimal.NullDecimal // amount in the home currency, rounded per entry
}

// MakeID derives the entry id shown to users from its key: 16 hex digits,
// the first 8 bytes of the key's SHA-256. The ledger stores those bytes as
// one integer (see hidOf), which keeps its unique index small and fast.
func MakeID(key string) string {
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:8])
}

// hidOfKey is hidOf(MakeID(key)) without the hex in between.
func hidOfKey(key string) int64 {
	sum := sha256.Sum256([]byte(key))
	return int64(binary.BigEndian.Uint64(sum[:8]))
}

// hidOf is the integer the ledger stores for an id.
func hidOf(id string) (int64, error) {
	u, err := strconv.ParseUint(id, 16, 64)
	if err != nil || len(id) != 16 {
		return 0, fmt.Errorf("entry id %q: want 16 hex digits", id)
	}
	return int64(u), nil
}

// idOf is the id shown for a stored integer: 16 hex digits.
func idOf(hid int64) string {
	const digits = "0123456789abcdef"
	var b [16]byte
	u := uint64(hid)
	for i := 15; i >= 0; i-- {
		b[i] = digits[u&15]
		u >>= 4
	}
	return string(b[:])
}

// parseDay reads a stored YYYY-MM-DD date; it is time.Parse(DateLayout)
// without its generality, for listings of a million entries.
func parseDay(s string) (time.Time, error) {
	if len(s) == 10 && s[4] == '-' && s[7] == '-' {
		y, ok1 := digitsOf(s[0:4])
		m, ok2 := digitsOf(s[5:7])
		d, ok3 := digitsOf(s[8:10])
		if ok1 && ok2 && ok3 && m >= 1 && m <= 12 && d >= 1 && d <= 31 {
			t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
			if t.Day() == d {
				return t, nil
			}
		}
	}
	return time.Parse(DateLayout, s)
}

func digitsOf(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}

// Sentinel errors, wrapped so that the CLI maps them to exit codes.
var (
	// ErrInvalid marks input data that cannot be accepted (exit 3). It is
	// errs.ErrInvalid: every package marks bad input with the same sentinel.
	ErrInvalid = errs.ErrInvalid
)

// Validate checks the invariants every entry must hold: a known currency, a
// date in the years fx.MinYear to fx.MaxYear, an amount (and home amount)
// within the ledger's range (see MaxAmount), a key, and a sign that agrees
// with its kind.
func (e *Entry) Validate() error {
	if _, ok := LookupCurrency(e.Currency); !ok {
		return fmt.Errorf("currency %q: %w", e.Currency, ErrUnknownCurrency)
	}
	if e.Date.IsZero() {
		return errors.New("missing date")
	}
	if err := checkDate(e.Date); err != nil {
		return err
	}
	if err := checkAmount("amount", e.Amount); err != nil {
		return err
	}
	if e.Home.Valid {
		if err := checkAmount("home amount", e.Home.Decimal); err != nil {
			return err
		}
	}
	if e.Key == "" {
		return errors.New("missing key")
	}
	switch e.Kind {
	case Income:
		if e.Amount.IsNegative() {
			return fmt.Errorf("income amount %s is negative", e.Amount)
		}
	case Refund, Expense, TaxWithheld:
		if e.Amount.IsPositive() {
			return fmt.Errorf("%s amount %s is positive", e.Kind, e.Amount)
		}
	case Fee, Transfer, Unclassified:
	default:
		return fmt.Errorf("unknown kind %q", e.Kind)
	}
	return nil
}
