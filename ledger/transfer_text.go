package ledger

// The texts transfer matching reads: an entry's words, its platform.

import "strings"

func entryText(e Entry) string {
	return strings.ToUpper(e.Description + " | " + e.Counterparty + " | " + e.Ref)
}

// platformOf names the platform an account belongs to: "upwork" for
// "upwork", "wise" for "wise:USD", "vietcombank" for "bank:vietcombank",
// falling back to the source's first word.
func platformOf(e Entry) string {
	p := e.Account
	if rest, ok := strings.CutPrefix(p, "bank:"); ok {
		p = rest
	}
	if i := strings.IndexAny(p, ":/"); i >= 0 {
		p = p[:i]
	}
	if p == "" {
		p = e.Source
		if i := strings.IndexAny(p, "-_:"); i >= 0 {
			p = p[:i]
		}
	}
	return strings.ToUpper(strings.TrimSpace(p))
}

// wordBloom sets one of 64 bits for each word of s (runs of letters and
// digits): a quick filter before hasWord.
func wordBloom(s string) uint64 {
	var m uint64
	for i := 0; i < len(s); {
		for i < len(s) && !isWordByte(s[i]) {
			i++
		}
		j := i
		for j < len(s) && isWordByte(s[j]) {
			j++
		}
		if j > i {
			h := uint64(14695981039346656037)
			for _, c := range []byte(s[i:j]) {
				h = (h ^ uint64(c)) * 1099511628211
			}
			m |= 1 << (h & 63)
		}
		i = j
	}
	return m
}
