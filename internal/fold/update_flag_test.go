package fold

import "flag"

// Every test binary accepts -update, so that `go test ./... -update`
// (which regenerates the golden files of the packages that have them) runs
// in this package too. It has no golden files to rewrite.
var _ = flag.Bool("update", false, "rewrite golden files (none in this package)")
