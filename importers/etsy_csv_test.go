package importers

import (
	"testing"

	"github.com/incomeledger/income/ledger"
)

// Identical legitimate rows (Etsy repeats listing fees) all stay, and a
// second import of the same file gives the same keys.
func TestEtsyIdenticalRows(t *testing.T) {
	text := "\ufeffDate,Type,Title,Info,Currency,Amount,Fees & Taxes,Net,Tax Details\n" +
		`"September 5, 2025",Fee,Listing fee,Listing #1,USD,--,-$0.20,-$0.20,` + "\n" +
		`"September 5, 2025",Fee,Listing fee,Listing #1,USD,--,-$0.20,-$0.20,` + "\n" +
		`"September 5, 2025",Fee,Listing fee,Listing #1,USD,--,-$0.20,-$0.20,` + "\n"
	keys := func() []string {
		_, entries, err := importText(t, "etsy", text)
		if err != nil {
			t.Fatal(err)
		}
		var k []string
		for _, e := range entries {
			if e.Kind != ledger.Fee {
				t.Errorf("kind %s", e.Kind)
			}
			k = append(k, e.Key)
		}
		return k
	}
	a, b := keys(), keys()
	if len(a) != 3 || a[0] == a[1] || a[1] == a[2] {
		t.Fatalf("keys %q", a)
	}
	for i := range a {
		if a[i] != b[i] {
			t.Errorf("re-import key %q != %q", b[i], a[i])
		}
	}
}

func FuzzEtsy(f *testing.F) {
	fuzzImport(f, "etsy", "../testdata/importers/etsy/*.csv")
}

func FuzzEtsyOrders(f *testing.F) {
	fuzzImport(f, "etsy-orders", "../testdata/importers/etsy/EtsySoldOrders*.csv")
}
