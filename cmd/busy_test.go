package cmd

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	_ "modernc.org/sqlite"
)

// lockedBuffer is a stderr that the test may read while a command writes.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestImportWaitsForAnotherWriter: while another process holds the write
// lock, an import says it is waiting and then goes on (no "database is
// locked"), adding every row once the lock is released.
func TestImportWaitsForAnotherWriter(t *testing.T) {
	d, out, errOut := testDeps(t)
	ctx := context.Background()
	if code := Run(ctx, d, []string{"init", "--home-currency", "VND", "--country", "VN"}); code != 0 {
		t.Fatalf("init: %d %s", code, errOut)
	}
	db, err := sql.Open("sqlite", "file:"+os.Getenv("INCOME_DB")+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	stderr := &lockedBuffer{}
	d.IO.ErrOut = stderr
	out.Reset()
	code := make(chan int, 1)
	go func() {
		code <- Run(ctx, d, []string{"import", "--format", "csv", "../testdata/sample/upwork-2025.csv"})
	}()
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(stderr.String(), "another income process is writing") {
		if time.Now().After(deadline) {
			t.Fatalf("no waiting message; stderr %q", stderr)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
		t.Fatal(err)
	}
	if c := <-code; c != 0 {
		t.Fatalf("import: exit %d; stderr %s", c, stderr)
	}
	if !strings.Contains(out.String(), "upwork-2025.csv,upwork,15,15,0,0,1") {
		t.Errorf("stdout = %q", out)
	}
	if strings.Contains(stderr.String(), "locked") {
		t.Errorf("stderr = %q", stderr)
	}
}
