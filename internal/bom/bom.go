// Package bom is the one place that knows the UTF-8 byte-order mark: a
// file or cell that starts with it reads as if it did not.
package bom

import (
	"bytes"
	"strings"
)

// UTF8 is the byte-order mark U+FEFF as UTF-8 (EF BB BF).
const UTF8 = "\ufeff"

// Trim returns b without a leading UTF-8 byte-order mark.
func Trim(b []byte) []byte { return bytes.TrimPrefix(b, []byte(UTF8)) }

// TrimString returns s without a leading UTF-8 byte-order mark.
func TrimString(s string) string { return strings.TrimPrefix(s, UTF8) }
