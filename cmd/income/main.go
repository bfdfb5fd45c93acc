// Command income imports freelancers' platform exports into one exact
// ledger and reports a tax year in the home currency.
package main

import (
	"os"

	"github.com/incomeledger/income/cmd"
)

func main() { os.Exit(cmd.Main()) }
