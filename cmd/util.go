package cmd

import (
	"encoding/json"
	"io"
	"strconv"
)

func itoa(n int) string { return strconv.Itoa(n) }

// writeJSON writes v indented, as every --format json output is.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
