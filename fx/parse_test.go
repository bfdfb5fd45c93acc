package fx

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the .golden files under testdata/fx")

const testdata = "../testdata/fx"

// renderRates writes rates one per line, every field, for golden files.
func renderRates(rs []Rate) string {
	var b strings.Builder
	b.WriteString("# date\tuntil\tbase\tquote\trate\tdiv\tsource\tref\tnote\n")
	for _, r := range rs {
		until, div := "-", "-"
		if !r.Until.IsZero() {
			until = r.Until.Format(DateLayout)
		}
		if !r.Div.IsZero() {
			div = r.Div.String()
		}
		b.WriteString(strings.Join([]string{r.Date.Format(DateLayout), until, r.Base, r.Quote,
			r.Rate.String(), div, r.Source, r.Ref, r.Note}, "\t"))
		b.WriteByte('\n')
	}
	return b.String()
}

func checkGolden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./fx/ -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs (run with -update after checking):\n--- got\n%s--- want\n%s", path, got, want)
	}
}

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(testdata, filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func parseAll(data []byte, file string) ([]Rate, error) {
	var got []Rate
	err := ParseFile(bytes.NewReader(data), file, func(r Rate) error {
		got = append(got, r)
		return nil
	})
	return got, err
}

func TestParseFileGolden(t *testing.T) {
	tests := []struct {
		file   string
		format string
	}{
		{"ecb/eurofxref-daily.xml", FormatECBXML},
		{"ecb/eurofxref-hist-90d.xml", FormatECBXML},
		{"ecb/eurofxref-hist.csv", FormatCSV},
		{"ecb/eurofxref.csv", FormatCSV},
		{"ecb/eurofxref-hist.zip", FormatZip},
		{"vietcombank/pXML.xml", FormatVietcombankXML},
		{"vietcombank/pXML-2017.xml", FormatVietcombankXML},
		{"vietcombank/exchangerates-2025-01-06.json", FormatVietcombankJSON},
		{"vietcombank/exchangerates-2025-01-04.json", FormatVietcombankJSON},
		{"kurspajak/2025-01-08.html", FormatKursPajakHTML},
		{"kurspajak/2025-01-15.html", FormatKursPajakHTML},
		{"irs/yearly-average.html", FormatIRSHTML},
		{"frankfurter/v2-ecb.json", FormatFrankfurter},
		{"frankfurter/v2-bi.ndjson", FormatFrankfurter},
		{"frankfurter/v1-series.json", FormatFrankfurter},
		{"frankfurter/v1-latest-amount.json", FormatFrankfurter},
		{"csv/plain.csv", FormatCSV},
		{"csv/extended.csv", FormatCSV},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data := readTestdata(t, tt.file)
			if got := Detect(data); got != tt.format {
				t.Errorf("Detect = %q, want %q", got, tt.format)
			}
			got, err := parseAll(data, tt.file)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) == 0 {
				t.Fatal("no rates")
			}
			for _, r := range got {
				if err := r.Validate(); err != nil {
					t.Errorf("%+v: %v", r, err)
				}
			}
			checkGolden(t, filepath.Join(testdata, filepath.FromSlash(tt.file))+".golden", renderRates(got))
		})
	}
}

// The zipped history holds the same CSV: same rates.
func TestParseZipMatchesCSV(t *testing.T) {
	zipped, err := parseAll(readTestdata(t, "ecb/eurofxref-hist.zip"), "eurofxref-hist.zip")
	if err != nil {
		t.Fatal(err)
	}
	plain, err := parseAll(readTestdata(t, "ecb/eurofxref-hist.csv"), "eurofxref-hist.csv")
	if err != nil {
		t.Fatal(err)
	}
	if a, b := renderRates(zipped), renderRates(plain); a != b {
		t.Errorf("zip and csv differ:\n%s\n%s", a, b)
	}
}

func TestParseFileErrors(t *testing.T) {
	tests := []struct {
		file string
		want string
	}{
		{"bad/ecb-rate.xml", `bad/ecb-rate.xml:9: <Cube currency="USD" rate="1,0426">: rate: not a positive number`},
		{"bad/ecb-hist.csv", `bad/ecb-hist.csv:4: CAD "1.49x43": not a positive number`},
		{"bad/vcb-number.xml", `bad/vcb-number.xml:24: <Exrate CurrencyCode="USD">: Transfer "25.180,00": not a number`},
		{"bad/vcb.json", `bad/vcb.json:3: JSON: invalid character ',' looking for beginning of object key string`},
		{"bad/kurspajak-number.html", `bad/kurspajak-number.html:30: USD: value "16157.00": not an Indonesian number like 16.123,45`},
		{"bad/kurspajak-no-validity.html", `bad/kurspajak-no-validity.html: no validity period (Tanggal berlaku: D Bulan YYYY - D Bulan YYYY): not a Kurs Pajak page, or one that needs a browser to render`},
		{"bad/irs.html", `bad/irs.html:118: Korea 2024: "1.364,153": not a number`},
		{"bad/plain-date.csv", `bad/plain-date.csv:3: date "06/01/2025": want YYYY-MM-DD`},
		{"bad/plain-realised.csv", `bad/plain-realised.csv:3: source "Realised" is reserved: income records realised rates itself`},
		{"bad/plain-conflict.csv", `bad/plain-conflict.csv:4: 2025-01-06 USD/VND source vietcombank-transfer-buy: rate 25413, but line 2 gives 25412 for the same date, pair and source`},
		{"bad/unknown.html", `bad/unknown.html: unknown rates format (want CSV, ECB XML/CSV/ZIP, Vietcombank XML/JSON, Kurs Pajak or IRS page, Frankfurter JSON)`},
		{"bad/frankfurter.json", `bad/frankfurter.json: [0]: rate "-1.0321": not a positive number`},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			_, err := parseAll(readTestdata(t, tt.file), tt.file)
			if err == nil {
				t.Fatal("no error")
			}
			if err.Error() != tt.want {
				t.Errorf("error\n got %s\nwant %s", err, tt.want)
			}
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("error does not wrap ErrInvalid")
			}
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Errorf("error is not a *ParseError")
			}
		})
	}
}

func TestParseCSVErrors(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", "r.csv:1: empty rates file"},
		{"header", "when,from,to,rate\n", `r.csv:1: header "when,from,to,rate": want date,base,quote,rate[,source] or the ECB's Date,USD,JPY,…`},
		{"short row", "date,base,quote,rate\n2025-01-06,USD,VND\n", "r.csv:2: want at least 4 fields, got 3"},
		{"rate", "date,base,quote,rate\n2025-01-06,USD,VND,1e5\n", `r.csv:2: rate "1e5": not a positive number`},
		{"zero", "date,base,quote,rate\n2025-01-06,USD,VND,0\n", `r.csv:2: rate "0": not a positive number`},
		{"pair", "date,base,quote,rate\n2025-01-06,US,VND,1\n", `r.csv:2: pair "US"/"VND": want ISO 4217 codes`},
		{"same", "date,base,quote,rate\n2025-01-06,USD,usd,1\n", `r.csv:2: pair USD/USD: same currency`},
		{"div", "date,base,quote,rate,div\n2025-01-06,USD,VND,1,0\n", `r.csv:2: div "0": not a positive number`},
		{"until", "date,base,quote,rate,until\n2025-01-08,JPY,IDR,1,2025-01-07\n", `r.csv:2: until 2025-01-07: before date 2025-01-08`},
		{"quote", "date,base,quote,rate\n2025-01-06,USD,\"VND,1\n", `r.csv:2: extraneous or missing " in quoted-field`},
		{"ecb column", "Date,USD,J1Y,\n", `r.csv:1: column 3 "J1Y": want a currency code`},
		{"ecb date", "Date,USD,\n2025/01/06,1.04,\n", `r.csv:2: date "2025/01/06": want YYYY-MM-DD`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ParseCSV(strings.NewReader(tt.in), "r.csv", func(Rate) error { return nil })
			if err == nil || err.Error() != tt.want {
				t.Errorf("error\n got %v\nwant %s", err, tt.want)
			}
			if err != nil && !errors.Is(err, ErrInvalid) {
				t.Errorf("error does not wrap ErrInvalid")
			}
		})
	}
}

// An error from the callback comes back unchanged, not as a ParseError.
func TestParseFileCallbackError(t *testing.T) {
	stop := errors.New("stop")
	for _, f := range []string{"ecb/eurofxref-daily.xml", "ecb/eurofxref-hist.csv", "vietcombank/pXML.xml",
		"vietcombank/exchangerates-2025-01-06.json", "kurspajak/2025-01-08.html", "irs/yearly-average.html",
		"frankfurter/v2-ecb.json", "frankfurter/v1-series.json", "csv/plain.csv", "ecb/eurofxref-hist.zip"} {
		err := ParseFile(bytes.NewReader(readTestdata(t, f)), f, func(Rate) error { return stop })
		if err != stop {
			t.Errorf("%s: got %v, want the callback's error", f, err)
		}
	}
}

func TestWriteCSVRoundTrip(t *testing.T) {
	var rates []Rate
	for _, f := range []string{"kurspajak/2025-01-08.html", "csv/extended.csv", "vietcombank/pXML.xml"} {
		rs, err := parseAll(readTestdata(t, f), f)
		if err != nil {
			t.Fatal(err)
		}
		rates = append(rates, rs...)
	}
	rates = append(rates, IRSYearly()[:3]...)
	var buf bytes.Buffer
	if err := WriteCSV(&buf, rates); err != nil {
		t.Fatal(err)
	}
	back, err := parseAll(buf.Bytes(), "out.csv")
	if err != nil {
		t.Fatalf("%v\n%s", err, buf.String())
	}
	if len(back) != len(rates) {
		t.Fatalf("got %d rates back, want %d", len(back), len(rates))
	}
	for i := range rates {
		a, b := rates[i], back[i]
		same := a.Date.Equal(b.Date) && a.Until.Equal(b.Until) && a.Base == b.Base && a.Quote == b.Quote &&
			a.Source == b.Source && a.Ref == b.Ref && a.Note == b.Note &&
			a.Rate.Mul(b.Divisor()).Equal(b.Rate.Mul(a.Divisor()))
		if !same {
			t.Errorf("rate %d: wrote %+v, read %+v", i, a, b)
		}
	}
	// JPY per 100 is written per one yen; a non-terminating 1/0.924 keeps its div.
	if !strings.Contains(buf.String(), "2025-01-08,JPY,IDR,102.7428,kurs-pajak,,2025-01-14,KMK 1/MK/EF.2/2025,") {
		t.Errorf("JPY row not normalised:\n%s", buf.String())
	}
	if !strings.Contains(buf.String(), "2024-01-01,EUR,USD,1,irs-yearly-average,0.924,2024-12-31,") {
		t.Errorf("IRS row lost its divisor:\n%s", buf.String())
	}
}

func TestScanHTML(t *testing.T) {
	in := "<table>\n<tr><th>A</th><td> x &amp;\n y </td></tr>\n" +
		"<script>var s = '<tr><td>no</td></tr>';</script>\n<!-- <tr><td>no</td></tr> -->\n" +
		"<TR><TD>b<br>c</TD><td>&nbsp;1.234,5</td>\n</table><p>Tanggal&nbsp;berlaku</p><td>unclosed"
	rows, text := scanHTML([]byte(in))
	want := []htmlRow{{2, []string{"A", "x & y"}}, {6, []string{"b c", "1.234,5"}}, {7, []string{"unclosed"}}}
	if len(rows) != len(want) {
		t.Fatalf("rows = %+v", rows)
	}
	for i := range want {
		if rows[i].Line != want[i].Line || strings.Join(rows[i].Cells, "|") != strings.Join(want[i].Cells, "|") {
			t.Errorf("row %d = %+v, want %+v", i, rows[i], want[i])
		}
	}
	if !strings.Contains(text, "Tanggal berlaku") || strings.Contains(text, "no") {
		t.Errorf("text = %q", text)
	}
}

func TestParseGrouped(t *testing.T) {
	tests := []struct {
		in        string
		th, dm    byte
		want      string
		wantError bool
	}{
		{"16.123,45", '.', ',', "16123.45", false},
		{"7,70", '.', ',', "7.7", false},
		{"52.362,45", '.', ',', "52362.45", false},
		{"1.000.000", '.', ',', "1000000", false},
		{"16157", '.', ',', "16157", false},
		{"16157.00", '.', ',', "", true},
		{"16.12,45", '.', ',', "", true},
		{"25,860.00", ',', '.', "25860", false},
		{"22340", ',', '.', "22340", false},
		{"1,364.153", ',', '.', "1364.153", false},
		{"-1", ',', '.', "", true},
		{"1e5", ',', '.', "", true},
		{",123", ',', '.', "", true},
		{"1.", ',', '.', "", true},
		{"", ',', '.', "", true},
	}
	for _, tt := range tests {
		got, err := parseGrouped(tt.in, tt.th, tt.dm)
		if (err != nil) != tt.wantError || err == nil && got.String() != tt.want {
			t.Errorf("parseGrouped(%q) = %v, %v; want %s (error %v)", tt.in, got, err, tt.want, tt.wantError)
		}
	}
}
