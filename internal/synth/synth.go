// Package synth writes large synthetic exports in the real layouts, for
// benchmarks and the bench script. Amounts are built from integers, so the
// files are deterministic for a seed.
package synth

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"time"
)

// UpworkHeader is the 19-column transaction history header (variant A).
const UpworkHeader = "Date,Transaction ID,Transaction type,Transaction summary,Transaction summary details,Description 1,Description 2,Description 3,Agency team,Freelancer,Client team,Account name,PO,Ref ID,Amount $,Amount in local currency,Currency,Current balance $,Payment method"

// Upwork writes n rows of an Upwork transaction history: earnings with
// their service fees, and a withdrawal every 20 rows, newest first like the
// real export.
func Upwork(w io.Writer, n int, seed uint64) error {
	bw := bufio.NewWriterSize(w, 1<<20)
	r := rand.New(rand.NewPCG(seed, 1))
	fmt.Fprint(bw, "\ufeff"+UpworkHeader+"\r\n")
	start := time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)
	// amounts first, so that the balance column (after each row, newest
	// first) is the real running balance
	amounts := make([]int32, n)
	for i := range amounts {
		cents := int32(1000 + r.IntN(500_000))
		switch {
		case i%20 == 19:
			amounts[i] = -cents
		case i%2 == 1:
			amounts[i] = -amounts[i-1] / 10
		default:
			amounts[i] = cents
		}
	}
	balance := 0
	for _, a := range amounts {
		balance += int(a)
	}
	for i, a := range amounts {
		day := start.AddDate(0, 0, -(i/2*2)*365/max(n, 1))
		id := 1_000_000_000 + n - i/2*2
		typ := "Hourly"
		switch {
		case i%20 == 19:
			typ, id = "Withdrawal", id-1
		case i%2 == 1:
			typ = "Service Fee"
		}
		fmt.Fprintf(bw, "\"%s\",%d,%s,\"Contract %d\",,,,,,Jane Doe,Client %d,Jane Doe,,%d,%s,,,%s,\r\n",
			day.Format("Jan 2, 2006"), id, typ, id%1000, id%97, id, money(int(a)), money(balance))
		balance -= int(a)
	}
	return bw.Flush()
}

// GumroadHeader is the sales export header (72 columns).
const GumroadHeader = "Purchase ID,Item Name,Buyer Name,Purchase Email,Buyer Email,Do not contact?,Purchase Date,Purchase Time (UTC timezone),Subtotal ($),Taxes ($),Tax Type,Shipping ($),Sale Price ($),Fees ($),Net Total ($),Tip ($),Tax Included in Price?,Street Address,City,Zip Code,State,Country,Referrer,Refunded?,Partial Refund ($),Fully Refunded?,Disputed?,Dispute Won?,Access Revoked?,Variants,Discount Code,Recurring Charge?,Free trial purchase?,Pre-order authorization?,Product ID,Order Number,Pre-order authorization time (UTC timezone),Custom Fields,Item Price ($),Variants Price ($),Giftee Email,SKU ID,Quantity,Recurrence,Affiliate,Affiliate commission ($),Discover?,Cancellation Date,Subscription End Date,Rating,Review,License Key,License Key Activation Count,License Key Enabled?,Payment Type,PayPal Transaction ID,PayPal Fee Amount,PayPal Fee Currency,Stripe Transaction ID,Stripe Fee Amount,Stripe Fee Currency,Purchasing Power Parity Discounted?,Upsold?,Sent Abandoned Cart Email?,UTM Source,UTM Medium,UTM Campaign,UTM Term,UTM Content,Buyer Currency,Buyer Total,Buyer Refunded Total"

// Gumroad writes n sales in the Gumroad sales export layout, one in 50
// fully refunded, then the Totals row.
func Gumroad(w io.Writer, n int, seed uint64) error {
	bw := bufio.NewWriterSize(w, 1<<20)
	r := rand.New(rand.NewPCG(seed, 2))
	fmt.Fprint(bw, GumroadHeader+"\n")
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	var sumFees, sumNet int
	for i := 0; i < n; i++ {
		day := start.AddDate(0, 0, i*365/max(n, 1)).Format("2006-01-02")
		price := 500 + r.IntN(10_000)
		fee := price/10 + 50
		net := price - fee
		sumFees += fee
		sumNet += net
		full := 0
		if i%50 == 49 {
			full = 1
		}
		fmt.Fprintf(bw, "G%09d==,Item %d,,,,0,%s,%s 10:11:12 UTC,%s,0.0,,0.0,%s,%s,%s,0.0,,,,,,,,%d,0.0,%d,0,0,0,,,0,0,0,p%d,%d,,,%s,0.0,,,1,,,0.0,0,,,,,,,,card,,,,,,,0,0,0,,,,,,,,\n",
			i, i%100, day, day, money(price), money(price), money(fee), money(net), full, full, i%100, i, money(price))
	}
	fmt.Fprintf(bw, "Totals,,,,,,,,,,,,,%s,%s,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,\n", money(sumFees), money(sumNet))
	return bw.Flush()
}

func money(cents int) string {
	sign := ""
	if cents < 0 {
		sign, cents = "-", -cents
	}
	return fmt.Sprintf("%s%d.%02d", sign, cents/100, cents%100)
}

// Rates writes a daily USD/VND rate (source vietcombank-transfer-buy) for
// every day from 2024-12-01 to 2026-01-31, in the plain rates CSV layout.
func Rates(w io.Writer) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "date,base,quote,rate,source")
	for d := time.Date(2024, 12, 1, 0, 0, 0, 0, time.UTC); d.Before(time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)); d = d.AddDate(0, 0, 1) {
		fmt.Fprintf(bw, "%s,USD,VND,%d,vietcombank-transfer-buy\n", d.Format("2006-01-02"), 25000+d.YearDay())
	}
	return bw.Flush()
}
