package core

import (
	"math"
	"strings"
	"time"

	"go.starlark.net/starlark"
)

// AliasKwarg renames keyword argument from to to: the spec's table names
// some parameters differently from CPython (open(path=...) where CPython
// says file=, strftime(fmt=...) where it says format=); both are accepted.
func AliasKwarg(kwargs []starlark.Tuple, from, to string) []starlark.Tuple {
	for i, kv := range kwargs {
		if string(kv[0].(starlark.String)) == from {
			out := append([]starlark.Tuple(nil), kwargs...)
			out[i] = starlark.Tuple{starlark.String(to), kv[1]}
			return out
		}
	}
	return kwargs
}

// SecondsToDuration clamps to what a Duration holds.
func SecondsToDuration(secs float64) time.Duration {
	switch {
	case secs <= 0:
		return 0
	case secs >= math.MaxInt64/float64(time.Second):
		return math.MaxInt64
	}
	return time.Duration(secs * float64(time.Second))
}

// PlainQuote is the repr of a str the older modules (open, os, shutil,
// subprocess, time, urllib) put in their messages: Python's choice of
// quotes, but only the quote escaped (a backslash or a newline is shown
// as it is). Quote is Python's repr.
func PlainQuote(s string) string {
	if strings.ContainsRune(s, '\'') && !strings.ContainsRune(s, '"') {
		return `"` + s + `"`
	}
	return "'" + strings.ReplaceAll(s, "'", `\'`) + "'"
}
