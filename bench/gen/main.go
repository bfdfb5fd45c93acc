// Command gen writes large synthetic Upwork or Gumroad exports for the
// bench script: go run ./bench/gen -kind upwork -rows 1000000 > upwork.csv
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/incomeledger/income/internal/synth"
)

func main() {
	kind := flag.String("kind", "upwork", "upwork, gumroad or rates")
	rows := flag.Int("rows", 1_000_000, "number of rows")
	seed := flag.Uint64("seed", 1, "random seed")
	flag.Parse()
	var err error
	switch *kind {
	case "upwork":
		err = synth.Upwork(os.Stdout, *rows, *seed)
	case "gumroad":
		err = synth.Gumroad(os.Stdout, *rows, *seed)
	case "rates":
		err = synth.Rates(os.Stdout)
	default:
		err = fmt.Errorf("unknown kind %q", *kind)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}
