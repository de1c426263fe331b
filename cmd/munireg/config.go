package main

import (
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"
)

// config is the configuration shared by the commands that use the database.
type config struct {
	databaseURL string
	dataDir     string
	pgBinDir    string
	addr        string
	demo        bool
	logLevel    string
	logFormat   string
	cacheMiB    int
	// authFailures is --auth-failures: failed authentications per client
	// address and minute.
	authFailures int
}

// envPrefix prefixes the environment variable of every flag.
const envPrefix = "MUNIREG_"

// envName is the environment variable of a flag: --database-url is
// MUNIREG_DATABASE_URL.
func envName(flagName string) string {
	return envPrefix + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// stringFlag defines a string flag whose default comes from its environment
// variable when that is set.
func stringFlag(fs *flag.FlagSet, getenv func(string) string, p *string, name, def, usage string) {
	if v := getenv(envName(name)); v != "" {
		def = v
	}
	fs.StringVar(p, name, def, usage+" (env "+envName(name)+")")
}

// boolFlag defines a boolean flag whose default comes from its environment
// variable ("true", "1", "false", "0", ...) when that is set and valid.
func boolFlag(fs *flag.FlagSet, getenv func(string) string, p *bool, name string, def bool, usage string) {
	if v, err := strconv.ParseBool(getenv(envName(name))); err == nil {
		def = v
	}
	fs.BoolVar(p, name, def, usage+" (env "+envName(name)+")")
}

// intFlag defines an integer flag whose default comes from its environment
// variable when that is set and valid.
func intFlag(fs *flag.FlagSet, getenv func(string) string, p *int, name string, def int, usage string) {
	if v, err := strconv.Atoi(getenv(envName(name))); err == nil {
		def = v
	}
	fs.IntVar(p, name, def, usage+" (env "+envName(name)+")")
}

func (c *config) databaseFlags(fs *flag.FlagSet, getenv func(string) string) {
	stringFlag(fs, getenv, &c.databaseURL, "database-url", "",
		"PostgreSQL URL; empty means local mode: a private cluster in --data-dir")
	stringFlag(fs, getenv, &c.dataDir, "data-dir", ".munireg", "local mode's data directory")
	stringFlag(fs, getenv, &c.pgBinDir, "pg-bindir", "",
		"directory of PostgreSQL's initdb and postgres for local mode; empty means search PATH and /usr/lib/postgresql")
	stringFlag(fs, getenv, &c.logLevel, "log-level", "info", "log level: debug, info, warn, error")
	stringFlag(fs, getenv, &c.logFormat, "log-format", "text", "log format: text or json")
}

// logger builds the structured logger the flags ask for, writing to w.
func (c *config) logger(w io.Writer) (*slog.Logger, error) {
	var level slog.Level
	if err := level.UnmarshalText([]byte(c.logLevel)); err != nil {
		return nil, fmt.Errorf("--log-level %q: want debug, info, warn or error", c.logLevel)
	}
	opts := &slog.HandlerOptions{Level: level}
	switch c.logFormat {
	case "text":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	}
	return nil, fmt.Errorf("--log-format %q: want text or json", c.logFormat)
}
