package ledger

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// Options say how to open a ledger.
type Options struct {
	// Create makes the ledger (a 0600 file in a 0700 directory) when the
	// path does not exist, or when it is an empty file (one another
	// `income init` has just created, or one a crash left before its first
	// write). Without Create, a missing path is ErrNoLedger and an empty
	// file is an error naming it.
	Create bool
	// QuickCheck runs PRAGMA quick_check on opening (worth its time before
	// writing: it reads every page once) and refuses a damaged ledger.
	QuickCheck bool
	// OnBusy, when set, is called once (from another goroutine) when a
	// write has waited BusyNotice for another process to finish writing;
	// the write goes on waiting, up to BusyTimeout.
	OnBusy func()
}

// BusyTimeout is how long a write waits for another process's write to
// finish before it fails with "database is locked".
const BusyTimeout = 5 * time.Minute

// BusyNotice is how long a write waits before Options.OnBusy is called.
const BusyNotice = 500 * time.Millisecond

// ErrCorrupt marks a ledger file that is damaged or empty.
var ErrCorrupt = errors.New("the ledger file is damaged")

// Open opens (creating when create is true) the ledger at path; see
// OpenWith.
func Open(ctx context.Context, path string, create bool) (*Store, error) {
	return OpenWith(ctx, path, Options{Create: create})
}

// OpenWith opens the ledger at path. Migrations run on every open, in one
// immediate transaction. Writes take the write lock when they begin
// (BEGIN IMMEDIATE) and wait up to BusyTimeout for another process's.
func OpenWith(ctx context.Context, path string, o Options) (*Store, error) {
	memory := path == ":memory:"
	readOnly := false
	if !memory {
		var err error
		if readOnly, err = prepareFile(path, o.Create); err != nil {
			return nil, err
		}
		fixSideFiles(path) // ones an earlier open of a 0400 ledger left
	}
	params := []string{
		fmt.Sprintf("_pragma=busy_timeout(%d)", BusyTimeout.Milliseconds()),
		"_pragma=journal_mode(WAL)", "_pragma=synchronous(NORMAL)", "_pragma=foreign_keys(1)",
		"_pragma=temp_store(MEMORY)", "_pragma=cache_size(-16000)", "_txlock=immediate",
	}
	if readOnly {
		params = append(params[:1], "mode=ro", "_pragma=foreign_keys(1)", "_pragma=temp_store(MEMORY)", "_pragma=cache_size(-16000)", "_txlock=immediate")
	}
	dsn := "file:" + path + "?" + strings.Join(params, "&")
	if memory {
		dsn = "file::memory:?_pragma=foreign_keys(1)&_txlock=immediate"
	}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, err
	}
	// One connection: SQLite serialises writers anyway, and one connection
	// keeps an in-memory database whole.
	db.SetMaxOpenConns(1)
	s := &Store{db: db, path: path, busy: busyNotice{fn: o.OnBusy}}
	err = s.open(ctx, o, readOnly)
	if !memory {
		fixSideFiles(path)
	}
	if err != nil {
		db.Close()
		if isCorrupt(err) {
			err = fmt.Errorf("%w: %w", ErrCorrupt, err)
		}
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}

func (s *Store) open(ctx context.Context, o Options, readOnly bool) error {
	if !readOnly {
		if err := s.migrate(ctx); err != nil {
			return err
		}
	} else if err := s.checkVersion(ctx); err != nil {
		return err
	}
	if o.QuickCheck {
		problems, err := s.IntegrityCheck(ctx, false)
		if err != nil {
			return err
		}
		if len(problems) > 0 {
			return fmt.Errorf("%w: %s", ErrCorrupt, strings.Join(problems, "; "))
		}
	}
	return nil
}

// checkVersion refuses a read-only ledger that needs a migration (it cannot
// be written) or is no ledger.
func (s *Store) checkVersion(ctx context.Context) error {
	var v int
	if err := s.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return err
	}
	switch {
	case v == 0:
		return ErrNotLedger
	case v != len(migrations):
		return fmt.Errorf("schema version %d needs upgrading to %d, but the file is read-only", v, len(migrations))
	}
	return nil
}

// prepareFile creates a missing ledger when create is set and refuses an
// empty one otherwise. It reports whether the file is read-only to us.
func prepareFile(path string, create bool) (readOnly bool, err error) {
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if !create {
			return false, ErrNoLedger
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return false, err
		}
		f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
		if err != nil && !errors.Is(err, fs.ErrExist) { // another init made it first
			return false, err
		}
		if f != nil {
			f.Close()
		}
		return false, nil
	case err != nil:
		return false, err
	case fi.IsDir():
		return false, fmt.Errorf("%s: is a directory, not a ledger file", path)
	case fi.Size() == 0 && !create:
		return false, fmt.Errorf("%s: %w: the file is empty (0 bytes); restore it from a backup, or move it aside and run `income init`", path, ErrCorrupt)
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		if errors.Is(err, fs.ErrPermission) {
			return true, nil
		}
		return false, err
	}
	return false, f.Close()
}

// fixSideFiles makes the ledger's -wal and -shm files 0600. SQLite creates
// them with the ledger's own mode, so opening a 0400 ledger left a 0400
// -shm that kept the ledger unwritable after `chmod 600`.
func fixSideFiles(path string) {
	for _, suffix := range []string{"-wal", "-shm"} {
		if fi, err := os.Stat(path + suffix); err == nil && fi.Mode().Perm() != 0o600 {
			os.Chmod(path+suffix, 0o600)
		}
	}
}

// isCorrupt reports an SQLite error that means the file is not (or no
// longer) a database.
func isCorrupt(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "file is not a database") || strings.Contains(msg, "malformed") ||
		strings.Contains(msg, "SQLITE_CORRUPT") || strings.Contains(msg, "SQLITE_NOTADB")
}

// IntegrityCheck runs PRAGMA quick_check (full: PRAGMA integrity_check,
// which also checks indexes against their tables) and returns the problems
// SQLite reports; none means the ledger is sound.
func (s *Store) IntegrityCheck(ctx context.Context, full bool) ([]string, error) {
	q := "PRAGMA quick_check"
	if full {
		q = "PRAGMA integrity_check"
	}
	rows, err := s.db.QueryContext(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var msg string
		if err := rows.Scan(&msg); err != nil {
			return nil, err
		}
		if msg != "ok" {
			problems = append(problems, msg)
		}
	}
	return problems, rows.Err()
}

// busyNotice calls fn once when a write has waited BusyNotice.
type busyNotice struct {
	fn   func()
	once sync.Once
}

// begin starts a write transaction (BEGIN IMMEDIATE: it takes the write
// lock now, waiting for another process's write to end), telling OnBusy
// when the wait is long.
func (s *Store) begin(ctx context.Context) (*sql.Tx, error) {
	if s.busy.fn == nil {
		return s.db.BeginTx(ctx, nil)
	}
	t := time.AfterFunc(BusyNotice, func() { s.busy.once.Do(s.busy.fn) })
	defer t.Stop()
	return s.db.BeginTx(ctx, nil)
}
