// Package fx holds exchange rates: the rate record, lookup policies,
// exact cross and inverse rates, parsers for each publisher's files and
// HTTP fetchers for them, the embedded IRS yearly averages and a coverage
// summary.
//
// # Exactness
//
// A Rate is the exact fraction Rate/Div (Div zero means 1). Inverse rates
// swap the two, cross rates multiply numerators and denominators, and only
// Rate.Convert rounds: once, half away from zero, to the places asked for.
// So USD→IDR from the ECB's EUR→USD and EUR→IDR is 16883.77/1.0426, and
// 100 USD is 1619390.95 IDR to the cent.
//
// # Policies
//
//   - daily: the latest rate on or before the date (weekends and holidays
//     take the last publication). Table.MaxAge can refuse stale rates.
//   - weekly-window: the rate whose window [Date, Until] covers the date;
//     Kurs Pajak windows run Wednesday to Tuesday, and a rate without Until
//     is taken as valid Date to Date+6. Outside every window: ErrMissing.
//   - yearly-average: the rate for the date's calendar year; the embedded
//     IRS table is always included.
//   - realised: the first rate with source "realised" (recorded by the
//     transfer matcher with NewRealised) on or after the date, that is the
//     payout that carried the money out, taking earnings first in, first
//     out. With none (not yet paid out, or never matched), the fallback:
//     NewPolicy uses the daily policy over the other rates of the given
//     source; Rule.Lookup uses the country's own rule. The returned Rate's
//     Policy says which was used.
//
// With no source given, a policy reads every source except "realised".
// Pairs are found directly, else as the inverse of the published pair, else
// crossed through a currency that both have a series with (EUR, USD, then
// alphabetically). Every returned Rate carries Date, Source, Policy, Ref
// (a KMK number, a page), Note (caveats) and, for a cross, its two Legs.
//
// # Country rules
//
// RuleFor gives the rate each country's law names (research/tax-rules.md):
// VN the Vietcombank transfer buying rate, daily (Circular 92/2015 Art.
// 13), other currencies crossed through USD; ID the weekly Kurs Pajak, other
// currencies to USD at the daily spot rate then Kurs Pajak; US the IRS
// yearly average, which needs no imported rate (the IRS accepts any posted
// rate used consistently; set the policy to daily for spot rates).
//
// # Files and sources
//
// ParseFile reads any saved rates file, deciding by content; each parser
// is also exported. Errors are *ParseError (file:line or element, wrapping
// ErrInvalid). Sources fetch over HTTP (base URL injectable): ecb,
// vietcombank[-transfer-buy|-cash-buy|-sell], kurs-pajak,
// irs-yearly-average and frankfurter-<provider>.
package fx
