package fx

import (
	"archive/zip"
	"bufio"
	"bytes"
	"fmt"
	"io"
	"path"
	"strings"

	"github.com/incomeledger/income/internal/bom"
)

// File formats Detect recognises.
const (
	FormatCSV             = "csv" // the plain layout or the ECB's wide CSV
	FormatZip             = "zip" // e.g. eurofxref-hist.zip
	FormatECBXML          = "ecb-xml"
	FormatVietcombankXML  = "vietcombank-xml"
	FormatVietcombankJSON = "vietcombank-json"
	FormatKursPajakHTML   = "kurs-pajak-html"
	FormatIRSHTML         = "irs-html"
	FormatFrankfurter     = "frankfurter-json"
)

// Detect names the format of a rates file from its content (the whole file
// for the XML, HTML and JSON formats, which are told apart by what they
// hold). A text file that is none of the others is taken as CSV.
func Detect(data []byte) string {
	b := bytes.TrimLeft(bom.Trim(data), " \t\r\n")
	switch {
	case bytes.HasPrefix(b, []byte("PK\x03\x04")):
		return FormatZip
	case len(b) == 0:
		return FormatCSV
	case b[0] == '<':
		lower := bytes.ToLower(b)
		switch {
		case bytes.Contains(b, []byte("<ExrateList")):
			return FormatVietcombankXML
		case bytes.Contains(lower, []byte("eurofxref")) || bytes.Contains(lower, []byte("<gesmes:envelope")):
			return FormatECBXML
		case bytes.Contains(lower, []byte("berlaku")) && bytes.Contains(lower, []byte("kurs")):
			return FormatKursPajakHTML
		case bytes.Contains(lower, []byte("yearly average")) ||
			bytes.Contains(lower, []byte(">country<")) && bytes.Contains(lower, []byte(">currency<")):
			return FormatIRSHTML
		}
		return ""
	case b[0] == '{' || b[0] == '[':
		if bytes.Contains(bytes.ToLower(b), []byte(`"currencycode"`)) {
			return FormatVietcombankJSON
		}
		return FormatFrankfurter
	}
	return FormatCSV
}

// parsers maps each format to its parser.
var parsers = map[string]func(io.Reader, string, func(Rate) error) error{
	FormatCSV:             ParseCSV,
	FormatECBXML:          ParseECBXML,
	FormatVietcombankXML:  ParseVietcombankXML,
	FormatVietcombankJSON: ParseVietcombankJSON,
	FormatKursPajakHTML:   ParseKursPajakHTML,
	FormatIRSHTML:         ParseIRSHTML,
	FormatFrankfurter:     ParseFrankfurterJSON,
}

// ParseFile reads a rates file in any format this package knows, deciding
// from the content, and calls fn for each rate: the plain CSV and the ECB's
// CSV (ParseCSV), a zip holding them (eurofxref-hist.zip), the ECB XML,
// Vietcombank's XML feed and by-date JSON, a saved Kurs Pajak page, a saved
// IRS yearly average page and a Frankfurter JSON response. So a user
// without network can download once and import. Errors are *ParseError
// (wrapping ErrInvalid) naming the file and line or element.
func ParseFile(r io.Reader, file string, fn func(Rate) error) error {
	br := bufio.NewReaderSize(r, 64<<10)
	head, _ := br.Peek(512)
	head = bytes.TrimLeft(bom.Trim(head), " \t\r\n")
	if len(head) > 0 && (head[0] == '<' || head[0] == '{' || head[0] == '[' || bytes.HasPrefix(head, []byte("PK\x03\x04"))) {
		data, err := io.ReadAll(io.LimitReader(br, maxBody+1))
		if err != nil {
			return &ParseError{File: file, Err: err}
		}
		if len(data) > maxBody {
			return &ParseError{File: file, Msg: fmt.Sprintf("larger than %d bytes", maxBody)}
		}
		return parseBytes(data, file, fn, 0)
	}
	return ParseCSV(br, file, fn)
}

func parseBytes(data []byte, file string, fn func(Rate) error, depth int) error {
	data = bom.Trim(data)
	f := Detect(data)
	if f == FormatZip {
		if depth > 0 {
			return &ParseError{File: file, Msg: "zip inside a zip"}
		}
		return parseZip(data, file, fn)
	}
	p, ok := parsers[f]
	if !ok {
		return &ParseError{File: file, Msg: "unknown rates format (want CSV, ECB XML/CSV/ZIP, Vietcombank XML/JSON, Kurs Pajak or IRS page, Frankfurter JSON)"}
	}
	return p(bytes.NewReader(data), file, fn)
}

// parseZip reads each rates file in a zip archive; errors name
// archive!member.
func parseZip(data []byte, file string, fn func(Rate) error) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return &ParseError{File: file, Msg: "zip", Err: err}
	}
	n := 0
	for _, zf := range zr.File {
		if zf.FileInfo().IsDir() || strings.HasPrefix(path.Base(zf.Name), ".") {
			continue
		}
		name := file + "!" + zf.Name
		rc, err := zf.Open()
		if err != nil {
			return &ParseError{File: name, Err: err}
		}
		b, err := io.ReadAll(io.LimitReader(rc, maxBody+1))
		rc.Close()
		if err != nil {
			return &ParseError{File: name, Err: err}
		}
		if len(b) > maxBody {
			return &ParseError{File: name, Msg: fmt.Sprintf("larger than %d bytes", maxBody)}
		}
		if err := parseBytes(b, name, fn, 1); err != nil {
			return err
		}
		n++
	}
	if n == 0 {
		return &ParseError{File: file, Msg: "zip holds no file"}
	}
	return nil
}

// IsRatesCSV says whether head, the start of a file, opens with a rates CSV
// header: the plain layout (`date,base,quote,rate…`) or the ECB's wide one
// (`Date,USD,JPY,…`). Commands that take mixed files use it to route rates
// files to the rate store.
func IsRatesCSV(head []byte) bool {
	line := string(bom.Trim(head))
	if i := strings.IndexAny(line, "\r\n"); i >= 0 {
		line = line[:i]
	}
	cells := strings.Split(strings.TrimSuffix(strings.TrimSpace(line), ","), ",")
	if len(cells) < 2 || !strings.EqualFold(strings.TrimSpace(cells[0]), "date") {
		return false
	}
	if len(cells) >= 4 && strings.EqualFold(cells[1], "base") && strings.EqualFold(cells[2], "quote") && strings.EqualFold(cells[3], "rate") {
		return true
	}
	for _, c := range cells[1:] {
		if !isCode(strings.TrimSpace(c)) {
			return false
		}
	}
	return true
}
