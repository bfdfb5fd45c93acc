package importers

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/incomeledger/income/errs"
)

const upworkText = "Date,Ref ID,Type,Description,Agency,Freelancer,Team,Account Name,PO,Amount,ExchangeRate,Currency,Balance\n" +
	"\"Feb 3, 2025\",3004,Service Fee,Service Fee for Landing page,,Jane Doe,Acme Co,Jane Doe,,-50.00,1,USD,\"1,566.00\"\n" +
	"\"Feb 3, 2025\",3003,Fixed Price,Landing page,,Jane Doe,Acme Co,Jane Doe,,500.00,1,USD,\"1,616.00\"\n"

func sha(b []byte) string { s := sha256.Sum256(b); return hex.EncodeToString(s[:]) }

// importInput identifies and imports an opened input, as the CLI does.
func importInput(t *testing.T, in *Input) (FileResult, *collect, error) {
	t.Helper()
	imp, err := Default().IdentifyInput(in, "")
	if err != nil {
		return FileResult{}, nil, err
	}
	c := &collect{}
	res, err := Run(t.Context(), imp, Job{Input: in}, c)
	return res, c, err
}

// TestInputFIFO reads a named pipe once: detection, import and hash see the
// same bytes (reopening a pipe, as three opens did, read nothing).
func TestInputFIFO(t *testing.T) {
	p := filepath.Join(t.TempDir(), "fifo")
	if err := syscall.Mkfifo(p, 0o600); err != nil {
		t.Skip(err)
	}
	go func() {
		f, err := os.OpenFile(p, os.O_WRONLY, 0)
		if err != nil {
			return
		}
		defer f.Close()
		f.WriteString(upworkText)
	}()
	in, err := OpenInput(p) // waits for the writer
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	res, c, err := importInput(t, in)
	if err != nil {
		t.Fatal(err)
	}
	if res.Rows != 2 || len(c.entries) != 2 || res.Source != "upwork" {
		t.Fatalf("rows %d entries %d source %s", res.Rows, len(c.entries), res.Source)
	}
	if got, _ := in.SHA256(); got != sha([]byte(upworkText)) {
		t.Errorf("sha %s, want the sha of the bytes written", got)
	}
}

// TestInputFIFONoWriter: a FIFO nobody writes to ends at once, exit 3.
func TestInputFIFONoWriter(t *testing.T) {
	p := filepath.Join(t.TempDir(), "fifo")
	if err := syscall.Mkfifo(p, 0o600); err != nil {
		t.Skip(err)
	}
	defer func(d time.Duration) { fifoWait = d }(fifoWait)
	fifoWait = 200 * time.Millisecond
	start := time.Now()
	_, err := OpenInput(p)
	if err == nil || !strings.Contains(err.Error(), "fifo: no program opened this FIFO for writing within 200ms") || errs.ExitCode(err) != 3 {
		t.Fatalf("err %v", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %v", d)
	}
}

// TestInputDevice: a device that never ends (/dev/zero) stops at the stream
// limit with exit 3.
func TestInputDevice(t *testing.T) {
	defer func(n int64) { streamLimit = n }(streamLimit)
	streamLimit = 1 << 20
	_, err := OpenInput("/dev/zero")
	if err == nil || !strings.Contains(err.Error(), "zero: more than 1 MiB read from a pipe or device") || errs.ExitCode(err) != 3 {
		t.Fatalf("err %v", err)
	}
}

// TestInputLongLine: a 2 MiB line is refused at the table layer, naming
// its line, instead of being read into one cell.
func TestInputLongLine(t *testing.T) {
	long := upworkText + strings.Repeat("x", 2<<20) + "\n"
	_, _, err := importFile(t, Default(), writeTemp(t, "long.csv", long))
	if err == nil || !strings.Contains(err.Error(), "long.csv: line 4: longer than 1048576 bytes") || errs.ExitCode(err) != 3 {
		t.Fatalf("err %v", err)
	}
}

// TestInputCROnly: an old Mac export (CR line ends) imports the same rows
// as its LF twin.
func TestInputCROnly(t *testing.T) {
	want, we, err := importFile(t, Default(), writeTemp(t, "lf.csv", upworkText))
	if err != nil {
		t.Fatal(err)
	}
	for name, text := range map[string]string{
		"cr.csv":   strings.ReplaceAll(upworkText, "\n", "\r"),
		"crlf.csv": strings.ReplaceAll(upworkText, "\n", "\r\n"),
	} {
		got, ge, err := importFile(t, Default(), writeTemp(t, name, text))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got.Rows != want.Rows || len(ge) != len(we) || len(ge) != 2 {
			t.Fatalf("%s: rows %d entries %d, want %d %d", name, got.Rows, len(ge), want.Rows, len(we))
		}
		for i := range ge {
			if ge[i].Line != we[i].Line || !ge[i].Amount.Equal(we[i].Amount) || ge[i].Key != we[i].Key {
				t.Errorf("%s: entry %d = %+v, want %+v", name, i, ge[i], we[i])
			}
		}
	}
}

// TestInputInvalidUTF8 reads invalid bytes as U+FFFD.
func TestInputInvalidUTF8(t *testing.T) {
	text := strings.Replace(upworkText, "Landing page,,", "Landing \xff\xfepage,,", 1)
	_, es, err := importFile(t, Default(), writeTemp(t, "bad.csv", text))
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range es {
		if strings.Contains(e.Description, "Landing \ufffdpage") {
			found = true
		}
		if !strings.ContainsRune(e.Description, 0xFFFD) && strings.Contains(e.Description, "\xff") {
			t.Errorf("invalid UTF-8 kept: %q", e.Description)
		}
	}
	if !found {
		t.Errorf("no entry with U+FFFD: %+v", es)
	}
}

// TestInputChanged: a file that grows during the import is refused, since
// its hash would not be of the bytes imported.
func TestInputChanged(t *testing.T) {
	p := writeTemp(t, "grow.csv", upworkText)
	in, err := OpenInput(p)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	if err := os.WriteFile(p, []byte(upworkText+upworkText), 0o644); err != nil {
		t.Fatal(err)
	}
	_, _, err = importInput(t, in)
	if err == nil || !strings.Contains(err.Error(), "grow.csv: the file changed while it was being read") {
		t.Fatalf("err %v", err)
	}
	if _, err := in.SHA256(); err == nil {
		// the section read is the size at open; the content differs, Verify
		// is what catches it
		if err := in.Verify(); err == nil {
			t.Fatal("Verify passed on a changed file")
		}
	}
}

// zipBomb writes a workbook-looking zip whose one part inflates to n zero
// bytes.
func zipBomb(t *testing.T, n int) string {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w, err := zw.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		t.Fatal(err)
	}
	chunk := make([]byte, 1<<20)
	for i := 0; i < n; i += len(chunk) {
		w.Write(chunk)
	}
	zw.Close()
	return writeTemp(t, "bomb.xlsx", b.String())
}

// TestXLSXZipBomb: a small file that declares a huge inflated size is
// refused from its directory, at once and in little memory.
func TestXLSXZipBomb(t *testing.T) {
	p := zipBomb(t, 40<<20) // ~40 KiB inflating to 40 MiB: over 16 MiB + 100×
	start := time.Now()
	_, _, err := importFile(t, Default(), p)
	if err == nil || !strings.Contains(err.Error(), `bomb.xlsx: the workbook inflates to more than 40 MiB from 39 KiB (part "xl/worksheets/sheet1.xml"): refused as a zip bomb`) || errs.ExitCode(err) != 3 {
		t.Fatalf("err %v", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v", d)
	}
}

func TestInputErrorsAreData(t *testing.T) {
	_, err := OpenInput(t.TempDir())
	var de *errs.DataError
	if !errors.As(err, &de) {
		t.Fatalf("directory: %v", err)
	}
}

// TestProfileTruncatedRow: a bank CSV whose download was cut mid-row is an
// error naming the row, not a row with a shortened amount.
func TestProfileTruncatedRow(t *testing.T) {
	full, err := os.ReadFile("../testdata/importers/banks/mandiri.csv")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.TrimRight(string(full), "\n")
	cut := text[:strings.LastIndex(text, `"12,500.00"`)+len(`"12,5`)] // inside the debit cell
	_, _, err = importFile(t, Default(), writeTemp(t, "mandiri.csv", cut+`"`))
	if err == nil || !strings.Contains(err.Error(), "mandiri.csv:5: the last row has 8 cells, its header row (line 1) 9, and no line end: the file looks cut short") || errs.ExitCode(err) != 3 {
		t.Fatalf("err %v", err)
	}
	// the whole file still imports
	if _, es, err := importFile(t, Default(), writeTemp(t, "mandiri.csv", string(full))); err != nil || len(es) != 4 {
		t.Fatalf("full file: %d entries, %v", len(es), err)
	}
}

// TestMessagesClipCells: a huge cell quoted in an error is cut to about 80
// characters (a shared-strings bomb once wrote a 1 GiB message).
func TestMessagesClipCells(t *testing.T) {
	full, err := os.ReadFile("../testdata/importers/banks/mandiri.csv")
	if err != nil {
		t.Fatal(err)
	}
	huge := strings.Repeat("9", 60<<10) // under MaxCellBytes
	text := strings.Replace(string(full), `21/01/26,21/01/26`, huge+`,21/01/26`, 1)
	_, _, err = importFile(t, Default(), writeTemp(t, "mandiri.csv", text))
	if err == nil || errs.ExitCode(err) != 3 {
		t.Fatalf("err %.300v", err)
	}
	if n := len(err.Error()); n > 400 || !strings.Contains(err.Error(), strings.Repeat("9", 79)+"…") {
		t.Fatalf("message of %d bytes: %.300s", n, err)
	}
}

// TestXLSXPartLimit: a part declaring more than MaxXLSXPart inflated bytes
// is refused before it is read, even when the file is large enough for
// the ratio (its largest cell would be held several times in memory).
func TestXLSXPartLimit(t *testing.T) {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	data := bytes.Repeat([]byte("0123456789abcdef"), 1<<16) // 1 MiB stored
	w, err := zw.CreateRaw(&zip.FileHeader{Name: "xl/sharedStrings.xml", Method: zip.Store,
		CompressedSize64: uint64(len(data)), UncompressedSize64: 17 << 20})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(data)
	zw.Close()
	_, _, err = importFile(t, Default(), writeTemp(t, "big.xlsx", b.String()))
	want := `big.xlsx: part "xl/sharedStrings.xml" of the workbook inflates to 17 MiB; income reads parts up to 16 MiB (save the sheet as CSV)`
	if err == nil || err.Error() != want || errs.ExitCode(err) != 3 {
		t.Fatalf("err %v\nwant %s", err, want)
	}
}

// TestCellLimit: a cell beyond MaxCellBytes is refused, naming its row,
// rather than folded and compared by every importer for minutes.
func TestCellLimit(t *testing.T) {
	big := strings.Repeat("A", MaxCellBytes+1)
	_, _, err := importFile(t, Default(), writeTemp(t, "big.csv", "a,b\nx,"+big+"\n"))
	want := "big.csv: line 2: cell 2 holds 64 KiB; income reads cells up to 64 KiB"
	if err == nil || err.Error() != want || errs.ExitCode(err) != 3 {
		t.Fatalf("err %.200v\nwant %s", err, want)
	}
	page := "<table><tr><td>a</td><td>" + big + "</td></tr></table>"
	_, _, err = importFile(t, Default(), writeTemp(t, "big.xls", page))
	want = "big.xls: row 1: cell 2 holds 64 KiB; income reads cells up to 64 KiB"
	if err == nil || err.Error() != want || errs.ExitCode(err) != 3 {
		t.Fatalf("err %.200v\nwant %s", err, want)
	}
}

// TestInputProcessSubstitution: /dev/fd/N (bash's <(…)) is a pipe read
// once and named by its whole path.
func TestInputProcessSubstitution(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	go func() { w.WriteString(upworkText); w.Close() }()
	defer r.Close()
	path := "/dev/fd/" + strconv.Itoa(int(r.Fd()))
	if _, err := os.Stat(path); err != nil {
		t.Skip(err)
	}
	in, err := OpenInput(path)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	res, c, err := importInput(t, in)
	if err != nil {
		t.Fatal(err)
	}
	if in.Name != path || res.File != path || len(c.entries) != 2 || c.entries[0].File != path {
		t.Fatalf("name %q file %q entries %d", in.Name, res.File, len(c.entries))
	}
}

// TestInputErrorsNameOnce: every OpenInput error names the input once.
func TestInputErrorsNameOnce(t *testing.T) {
	defer func(d time.Duration) { fifoWait = d }(fifoWait)
	fifoWait = 50 * time.Millisecond
	defer func(n int64) { streamLimit = n }(streamLimit)
	streamLimit = 1 << 10
	dir := t.TempDir()
	fifo := filepath.Join(dir, "ff")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip(err)
	}
	for path, want := range map[string]string{
		filepath.Join(dir, "missing.csv"): "missing.csv: stat " + filepath.Join(dir, "missing.csv") + ": no such file or directory",
		fifo:                              "ff: no program opened this FIFO for writing within 50ms",
		"/dev/zero":                       "zero: more than 0 MiB read from a pipe or device",
		dir:                               filepath.Base(dir) + ": is a directory, not a file",
	} {
		_, err := OpenInput(path)
		if err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("%s: %v\nwant %s…", path, err, want)
		}
	}
}
