// Package config loads income's settings with one Viper instance:
// flag > environment (INCOME_*) > config file > default.
package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/pflag"
	"github.com/spf13/viper"
)

// Config is the decoded configuration.
type Config struct {
	DB     string         `mapstructure:"db"`
	Format string         `mapstructure:"format"`
	Tax    map[string]any `mapstructure:"tax"`
	FX     FX             `mapstructure:"fx"`
	// File is the config file that was read ("" when none).
	File string `mapstructure:"-"`
}

// FX overrides the country's exchange-rate policy and source.
type FX struct {
	Policy string `mapstructure:"policy"`
	Source string `mapstructure:"source"`
	// BaseURL replaces the rate publisher's address (a mirror, or tests).
	BaseURL string `mapstructure:"base_url"`
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
// flags (db, format, config); explicit is the --config value or
// INCOME_CONFIG, which must exist when given.
func Load(flags *pflag.FlagSet) (*Config, error) {
	v := viper.New()
	v.SetDefault("db", DefaultDB())
	v.SetDefault("format", "")
	v.SetDefault("tax", map[string]any{})
	v.SetDefault("fx.policy", "")
	v.SetDefault("fx.source", "")
	v.SetDefault("fx.base_url", "")
	v.SetEnvPrefix("INCOME")
	v.SetEnvKeyReplacer(strings.NewReplacer(".", "_", "-", "_"))
	v.AutomaticEnv()
	for _, name := range []string{"db", "format"} {
		if f := flags.Lookup(name); f != nil {
			if err := v.BindPFlag(name, f); err != nil {
				return nil, err
			}
		}
	}
	file := ""
	if f := flags.Lookup("config"); f != nil && f.Changed {
		file = f.Value.String()
	} else if env := os.Getenv("INCOME_CONFIG"); env != "" {
		file = env
	}
	explicit := file != ""
	if !explicit {
		file = DefaultFile()
	}
	v.SetConfigFile(file)
	v.SetConfigType("yaml")
	read := true
	if err := v.ReadInConfig(); err != nil {
		var nf viper.ConfigFileNotFoundError
		if !explicit && (errors.As(err, &nf) || errors.Is(err, os.ErrNotExist)) {
			read = false
		} else {
			return nil, fmt.Errorf("config %s: %w", file, err)
		}
	}
	var c Config
	if err := v.Unmarshal(&c); err != nil {
		return nil, fmt.Errorf("config %s: %w", file, err)
	}
	if read {
		c.File = file
	}
	return &c, nil
}
