package importers

// Why a row is not imported (Sink.Skip). The import says how many rows were
// skipped for each reason ("7 rows skipped (not completed: 4, hold or
// reserve: 3)"), and --verbose lists them by line.
const (
	SkipTotals        = "total row"         // a totals row of the export
	SkipNotCompleted  = "not completed"     // pending, failed, cancelled, expired…
	SkipHold          = "hold or reserve"   // reserves and holds, released later
	SkipNotPayment    = "not a payment"     // PayPal holds, requests, invoices, cart lines
	SkipZero          = "zero amount"       // no money moved
	SkipTestMode      = "test mode"         // Stripe test-mode rows
	SkipMemo          = "no balance impact" // PayPal memo rows
	SkipUncaptured    = "never captured"    // an authorisation never captured
	SkipNoAmount      = "no amount"         // a row that states no amount
	SkipNoDate        = "no date"           // a bank row without a date to fill in
	SkipStopAt        = "profile stop_at"   // a profile's stop_at row (a total)
	SkipProfileRule   = "profile skip"      // a profile's skip row
	SkipJournal       = "journal row"       // Upwork Journal rows (balance only)
	SkipUnknownStatus = "unknown status"    // a status the importer does not know (warned)
)

// SkippedLine is one row that was not imported, and why.
type SkippedLine struct {
	Line   int
	Reason string
}
