// Command spython-admin is the operator's companion to spython: it manages
// code-integrity keys, manifests and extended attributes, verifies the
// tamper-evidence chain of audit logs, and summarises logs per run.
//
// Each subcommand lives in its own file and registers itself in init.
package main

import (
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

type command struct {
	usage string // one line: "verify LOG" etc.
	run   func(args []string) int
}

var commands = map[string]command{}

func register(name string, c command) { commands[name] = c }

func usage() { printUsage(os.Stderr) }

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "usage: spython-admin COMMAND [ARG ...]   (spython-admin help COMMAND for one command)")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %s\n", commands[n].usage)
	}
}

func main() { os.Exit(run(os.Args[1:])) }

// run dispatches a command line; --help, -h and help [COMMAND] print usage
// on stdout and exit 0.
func run(args []string) int {
	if len(args) == 0 {
		usage()
		return 2
	}
	switch args[0] {
	case "--help", "-h", "help":
		if len(args) == 1 {
			printUsage(os.Stdout)
			return 0
		}
		c, ok := commands[args[1]]
		if !ok || len(args) > 2 {
			fmt.Fprintf(os.Stderr, "spython-admin: help: unknown command %q\n", strings.Join(args[1:], " "))
			usage()
			return 2
		}
		fmt.Printf("usage: spython-admin %s\n", c.usage)
		return 0
	case "--version":
		return commands["version"].run(nil)
	}
	c, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(os.Stderr, "spython-admin: unknown command %q\n", args[0])
		usage()
		return 2
	}
	if len(args) == 2 && (args[1] == "--help" || args[1] == "-h") {
		fmt.Printf("usage: spython-admin %s\n", c.usage)
		return 0
	}
	return c.run(args[1:])
}
