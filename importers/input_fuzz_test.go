package importers

import (
	"bytes"
	"io"
	"strings"
	"testing"
)

// FuzzLineReader: line ends come out as LF only, and the text is otherwise
// unchanged.
func FuzzLineReader(f *testing.F) {
	f.Add([]byte("a,b\r\nc,d\re,f\n"))
	f.Add([]byte("\r\r\n\n\r"))
	f.Fuzz(func(t *testing.T, data []byte) {
		out, err := io.ReadAll(newLineReader(bytes.NewReader(data), 1<<20))
		if err != nil {
			t.Fatal(err)
		}
		want := strings.ReplaceAll(strings.ReplaceAll(string(data), "\r\n", "\n"), "\r", "\n")
		if string(out) != want {
			t.Fatalf("%q -> %q, want %q", data, out, want)
		}
	})
}
