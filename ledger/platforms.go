package ledger

import "strings"

// PayoutPlatform is a platform whose money, arriving on another platform or
// bank account, is a payout of the user's own balance there (a transfer,
// matched with the platform's withdrawal), not a client's payment.
type PayoutPlatform struct {
	// Name is the platform's key, lower case, as importers name sources
	// and accounts: "upwork", "freelancer.com".
	Name string
	// Display is the name as the platform writes it: "Upwork".
	Display string
	// Words are the upper-case words that name the platform in a bank
	// credit's or payer's text, matched as whole words.
	Words []string
}

// PayoutPlatforms is the one list of payout platforms: the ledger's
// transfer matcher, the platform importers (payer names) and the bank
// profiles (default payout words) all read it.
var PayoutPlatforms = []PayoutPlatform{
	{"upwork", "Upwork", []string{"UPWORK"}},
	{"fiverr", "Fiverr", []string{"FIVERR"}},
	{"toptal", "Toptal", []string{"TOPTAL"}},
	{"deel", "Deel", []string{"DEEL"}},
	{"gumroad", "Gumroad", []string{"GUMROAD"}},
	{"etsy", "Etsy", []string{"ETSY"}},
	{"stripe", "Stripe", []string{"STRIPE"}},
	{"paypal", "PayPal", []string{"PAYPAL"}},
	{"payoneer", "Payoneer", []string{"PAYONEER"}},
	{"wise", "Wise", []string{"WISE"}},
	{"transferwise", "TransferWise", []string{"TRANSFERWISE"}},
	{"airwallex", "Airwallex", []string{"AIRWALLEX"}},
	{"skrill", "Skrill", []string{"SKRILL"}},
	{"remitly", "Remitly", []string{"REMITLY"}},
	{"freelancer.com", "Freelancer.com", []string{"FREELANCER.COM"}},
	{"99designs", "99designs", []string{"99DESIGNS"}},
	{"envato", "Envato", []string{"ENVATO"}},
	{"contra", "Contra", []string{"CONTRA"}},
}

// PayoutWords returns every platform's words, upper case, in list order.
func PayoutWords() []string {
	var ws []string
	for _, p := range PayoutPlatforms {
		ws = append(ws, p.Words...)
	}
	return ws
}

// PayoutPlatformIn returns the first payout platform (its Name) whose word
// occurs in text as a whole word, case-insensitively.
func PayoutPlatformIn(text string) (name string, ok bool) {
	return PayoutPlatformExcept("", text)
}

// PayoutPlatformExcept is PayoutPlatformIn skipping the platform named self
// (a platform's own name in its own file is not a payout from elsewhere).
func PayoutPlatformExcept(self, text string) (name string, ok bool) {
	upper := strings.ToUpper(text)
	for _, p := range PayoutPlatforms {
		if p.Name == self {
			continue
		}
		for _, w := range p.Words {
			if hasWord(upper, w) {
				return p.Name, true
			}
		}
	}
	return "", false
}

// payoutMask has bit i set when the i-th of PayoutWords occurs in upper
// (upper case) as a whole word.
func payoutMask(upper string) uint32 {
	var m uint32
	for i, w := range payoutWords {
		if hasWord(upper, w) {
			m |= 1 << i
		}
	}
	return m
}

var payoutWords = PayoutWords()

// PayoutLike reports whether an entry's text names a payout platform.
func PayoutLike(e Entry) bool {
	return payoutMask(entryText(e)) != 0
}

// hasWord reports whether w occurs in s with no letter or digit on either
// side. Both are upper case.
func hasWord(s, w string) bool {
	if w == "" {
		return false
	}
	for off := 0; ; {
		i := strings.Index(s[off:], w)
		if i < 0 {
			return false
		}
		i += off
		j := i + len(w)
		if (i == 0 || !isWordByte(s[i-1])) && (j == len(s) || !isWordByte(s[j])) {
			return true
		}
		off = i + 1
	}
}

func isWordByte(b byte) bool {
	return b >= '0' && b <= '9' || b >= 'A' && b <= 'Z' || b >= 'a' && b <= 'z' || b >= 0x80
}
