// Command spython-admin is the operator's companion to spython: it manages
// code-integrity keys, manifests and extended attributes, verifies the
// tamper-evidence chain of audit logs, and summarises logs per run.
//
// Each subcommand lives in its own file and registers itself in init.
package main

import (
	"fmt"
	"os"
	"sort"
)

type command struct {
	usage string // one line: "verify LOG" etc.
	run   func(args []string) int
}

var commands = map[string]command{}

func register(name string, c command) { commands[name] = c }

func usage() {
	fmt.Fprintln(os.Stderr, "usage: spython-admin COMMAND [ARG ...]")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(os.Stderr, "  %s\n", commands[n].usage)
	}
}

func main() {
	if len(os.Args) < 2 {
		usage()
		os.Exit(2)
	}
	c, ok := commands[os.Args[1]]
	if !ok {
		fmt.Fprintf(os.Stderr, "spython-admin: unknown command %q\n", os.Args[1])
		usage()
		os.Exit(2)
	}
	os.Exit(c.run(os.Args[2:]))
}
