// Package config loads income's settings with one Viper instance:
// flag > environment (INCOME_*) > config file > default.
//
// The config file is YAML read strictly into the typed Config (internal/
// yamlx): an unknown key anywhere, a duplicate key or bad YAML is an
// invalid-data error naming the file and line (exit 3). Every value is kept
// as the file's text, so money is a string parsed with decimal later, never
// a float64. The file's values then become Viper's config layer; every key
// has a default, so an environment-only value (INCOME_TAX_DEPENDANTS=2) is
// seen by Unmarshal too.
package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"

	"github.com/incomeledger/income/internal/yamlx"
	"github.com/spf13/pflag"
	"github.com/spf13/viper"
	"gopkg.in/yaml.v3"
)

// Config is the decoded configuration.
type Config struct {
	DB     string `mapstructure:"db" yaml:"db"`
	Format string `mapstructure:"format" yaml:"format"`
	Tax    Tax    `mapstructure:"tax" yaml:"tax"`
	FX     FX     `mapstructure:"fx" yaml:"fx"`
	// File is the config file that was read ("" when none).
	File string `mapstructure:"-" yaml:"-"`
	// lines are the file's line of each key it set ("tax.dependants"),
	// with the value written there.
	lines map[string]fileValue
}

type fileValue struct {
	line  int
	value string
}

// Line is the line of File that set key ("tax.dependants"), or 0 when the
// value in use did not come from the file (a flag or the environment won,
// or the key was not in it).
func (c *Config) Line(key string) int {
	fv, ok := c.lines[key]
	if !ok || leaves(reflect.ValueOf(*c), "")[key] != fv.value {
		return 0
	}
	return fv.line
}

// Tax are the facts about the taxpayer (cli.md, "tax:" block), as written:
// the tax package parses and checks them (tax.DecodeFacts). "" is unset.
type Tax struct {
	Dependants     string `mapstructure:"dependants" yaml:"dependants"`
	Married        string `mapstructure:"married" yaml:"married"`
	Activity       string `mapstructure:"activity" yaml:"activity"`
	NormaPercent   string `mapstructure:"norma_percent" yaml:"norma_percent"`
	Expenses       string `mapstructure:"expenses" yaml:"expenses"`
	FilingStatus   string `mapstructure:"filing_status" yaml:"filing_status"`
	BusinessMethod string `mapstructure:"business_method" yaml:"business_method"`
	VATReduction   string `mapstructure:"vat_reduction" yaml:"vat_reduction"`
	ExportShare    string `mapstructure:"export_share" yaml:"export_share"`
	ExportVAT      string `mapstructure:"export_vat" yaml:"export_vat"`
}

// FX overrides the country's exchange-rate policy and source.
type FX struct {
	Policy string `mapstructure:"policy" yaml:"policy"`
	Source string `mapstructure:"source" yaml:"source"`
	// BaseURL replaces the rate publisher's address (a mirror, or tests).
	BaseURL string `mapstructure:"base_url" yaml:"base_url"`
}

// TaxFacts is the tax: block as the tax engine decodes it: the keys that
// were set, with their text.
func (c *Config) TaxFacts() map[string]any {
	m := map[string]any{}
	for key, v := range leaves(reflect.ValueOf(c.Tax), "") {
		if v != "" {
			m[key] = v
		}
	}
	return m
}

// DefaultDB is $XDG_DATA_HOME/income/ledger.db (~/.local/share when unset).
func DefaultDB() string {
	base := os.Getenv("XDG_DATA_HOME")
	if base == "" {
		home, _ := os.UserHomeDir()
		base = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(base, "income", "ledger.db")
}

// DefaultFile is $XDG_CONFIG_HOME/income/config.yaml (~/.config when unset).
func DefaultFile() string {
	base := os.Getenv("XDG_CONFIG_HOME")
	if base == "" {
		home, _ := os.UserHomeDir()
		base = filepath.Join(home, ".config")
	}
	return filepath.Join(base, "income", "config.yaml")
}

// Load reads the configuration. flags are the root command's persistent
// flags (db, format, config). The file is --config or INCOME_CONFIG, which
// must exist when given, else DefaultFile, which may be missing.
func Load(flags *pflag.FlagSet) (*Config, error) {
	v := viper.New()
	// every key has a default: Unmarshal only sees keys Viper knows
	for key, def := range leaves(reflect.ValueOf(Config{}), "") {
		v.SetDefault(key, def)
	}
	v.SetDefault("db", DefaultDB())
	v.SetEnvPrefix("INCOME")
	v.SetEnvKeyReplacer(strings.NewReplacer(".", "_", "-", "_"))
	v.AutomaticEnv()
	if err := v.BindEnv("config", "INCOME_CONFIG"); err != nil {
		return nil, err
	}
	for _, name := range []string{"db", "format", "config"} {
		if f := flags.Lookup(name); f != nil {
			if err := v.BindPFlag(name, f); err != nil {
				return nil, err
			}
		}
	}
	file := v.GetString("config")
	explicit := file != ""
	if !explicit {
		file = DefaultFile()
	}
	data, err := os.ReadFile(file)
	switch {
	case err == nil:
	case !explicit && errors.Is(err, os.ErrNotExist):
		file = ""
	default:
		return nil, fmt.Errorf("config: %w", err)
	}
	lines := map[string]fileValue{}
	if file != "" {
		var fromFile Config
		// an empty file (or only comments) is fine
		if err := yamlx.Decode(file, data, &fromFile); err != nil && !errors.Is(err, yamlx.ErrEmpty) {
			return nil, err
		}
		layer := map[string]any{}
		keyLines := map[string]int{}
		if root, err := yamlx.Parse(file, data); err == nil {
			nodeLines(root, "", keyLines)
		}
		for key, val := range leaves(reflect.ValueOf(fromFile), "") {
			if val != "" {
				setPath(layer, key, val)
				lines[key] = fileValue{keyLines[key], val}
			}
		}
		if err := v.MergeConfigMap(layer); err != nil {
			return nil, fmt.Errorf("config %s: %w", file, err)
		}
	}
	var c Config
	if err := v.Unmarshal(&c); err != nil {
		return nil, fmt.Errorf("config %s: %w", file, err)
	}
	if c.DB == "" {
		c.DB = DefaultDB()
	}
	c.File, c.lines = file, lines
	return &c, nil
}

// nodeLines records the line of every scalar value under n by its dotted
// key.
func nodeLines(n *yaml.Node, prefix string, out map[string]int) {
	if n.Kind != yaml.MappingNode {
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, val := prefix+n.Content[i].Value, n.Content[i+1]
		if val.Kind == yaml.ScalarNode {
			out[key] = val.Line
		}
		nodeLines(val, key+".", out)
	}
}

// leaves lists the string fields of a config struct by their dotted
// mapstructure keys ("tax.dependants"), with their values.
func leaves(v reflect.Value, prefix string) map[string]string {
	out := map[string]string{}
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		name := f.Tag.Get("mapstructure")
		if name == "" || name == "-" {
			continue
		}
		switch f.Type.Kind() {
		case reflect.Struct:
			for k, s := range leaves(v.Field(i), prefix+name+".") {
				out[k] = s
			}
		case reflect.String:
			out[prefix+name] = v.Field(i).String()
		}
	}
	return out
}

// setPath sets m[a][b]… = val for the dotted key "a.b…".
func setPath(m map[string]any, key, val string) {
	parts := strings.Split(key, ".")
	for _, p := range parts[:len(parts)-1] {
		next, ok := m[p].(map[string]any)
		if !ok {
			next = map[string]any{}
			m[p] = next
		}
		m = next
	}
	m[parts[len(parts)-1]] = val
}
