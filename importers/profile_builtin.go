package importers

import (
	"embed"
	"fmt"
)

// builtinProfileFS holds the built-in bank profiles, in the same YAML format
// as `income import --profile FILE` (cli.md "Bank profile").
//
//go:embed profiles/*.yaml
var builtinProfileFS embed.FS

// builtinProfile parses one embedded profile; a bad one is a programming
// error (TestBuiltinProfiles parses them all).
func builtinProfile(name string) *Profile {
	path := "profiles/" + name + ".yaml"
	data, err := builtinProfileFS.ReadFile(path)
	if err != nil {
		panic("importers: no built-in profile " + path)
	}
	p, err := parseProfile("builtin:"+name+".yaml", data)
	if err != nil {
		panic(fmt.Sprintf("importers: %v", err))
	}
	if p.Name() != name {
		panic(fmt.Sprintf("importers: %s names itself %q", path, p.Name()))
	}
	return p
}

// registerBuiltinProfiles registers the built-in bank profiles in this order.
// The order breaks ties between profiles that both fit a file: the one
// registered first wins (a BCA personal file whose first header cell reads
// "Tanggal Transaksi" also holds every cell bca-bisnis detects).
func registerBuiltinProfiles(r *Registry) {
	for _, name := range []string{
		"vietcombank", "vietcombank-sign", "vietcombank-cashup", "techcombank", "mb", "vietinbank", "bidv", "tpbank",
		"bca", "bca-en", "bca-bisnis", "mandiri", "mandiri-excel",
	} {
		r.Register(builtinProfile(name))
	}
}
