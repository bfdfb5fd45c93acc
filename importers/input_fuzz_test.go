package importers

import (
	"bytes"
	"io"
	"strings"
	"testing"
)

// FuzzParseProfile: no profile YAML panics the reader; one it accepts has
// a name, detect cells and a date format.
func FuzzParseProfile(f *testing.F) {
	for _, name := range []string{"vietcombank", "vietcombank-cashup", "bca", "mandiri"} {
		data, err := builtinProfileFS.ReadFile("profiles/" + name + ".yaml")
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("name: a\nname: b\n"))
	f.Add([]byte("a: &x [1]\nb: *x\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := parseProfile("f.yaml", data)
		if err != nil {
			if p != nil {
				t.Fatal("a profile with an error")
			}
			return
		}
		if p.Name() == "" || len(p.detect) == 0 || len(p.dateFormats) == 0 {
			t.Fatalf("accepted an incomplete profile: %+v", p)
		}
	})
}

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
