package launcher

import (
	"io"
	"strconv"
	"strings"
	"unicode"

	"github.com/spf13/pflag"
	"go.starlark.net/starlark"
)

// invocation is what the command line asks for.
type invocation struct {
	help, version bool
	script        string
	args          []string
	refusal       *refusal
}

// refusal is an invocation spython will not run: the audit event it
// raises, its arguments and the one line printed to stderr.
type refusal struct {
	event   string
	args    starlark.Tuple
	message string
}

// parseArgs applies the invocation contract (spec §1): the first argument
// is the script and everything after it belongs to the script; --help and
// --version only as the sole argument; every other option is refused.
// pflag parses only a leading option, so that it can name what it saw.
//
// stdinIsData says whether standard input is a pipe, socket or file (a
// program could be fed through it) rather than a terminal or /dev/null: with
// no argument that is refused as spython.run_stdin, otherwise as
// spython.run_interactive.
func parseArgs(args []string, stdinIsData bool) invocation {
	if len(args) == 0 {
		if stdinIsData {
			return refuse("spython.run_stdin", nil, "no script given: reading the program from standard input is not allowed")
		}
		return refuse("spython.run_interactive", nil, "no script given: the interactive interpreter is not available")
	}
	first := args[0]
	switch {
	case first == "-":
		return refuse("spython.run_stdin", nil, "'-': reading the program from standard input is not allowed")
	case isStdinPath(first):
		return refuse("spython.run_stdin", nil, first+": reading the program from standard input is not allowed")
	case !strings.HasPrefix(first, "-"):
		return invocation{script: first, args: args[1:]}
	}

	fs := pflag.NewFlagSet("spython", pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.SetInterspersed(false)
	help := fs.BoolP("help", "h", false, "")
	version := fs.BoolP("version", "V", false, "")
	command := fs.StringP("command", "c", "", "")
	mod := fs.StringP("module", "m", "", "")
	interactive := fs.BoolP("interactive", "i", false, "")
	err := fs.Parse(args)
	switch {
	case fs.Changed("command"):
		return refuse("spython.run_command", starlark.Tuple{starlark.String(*command)}, "-c: running code given on the command line is not allowed")
	case fs.Changed("module"):
		return refuse("spython.run_module", starlark.Tuple{starlark.String(*mod)}, "-m: running a module by name is not allowed")
	case fs.Changed("interactive") && *interactive:
		return refuse("spython.run_interactive", nil, "-i: the interactive interpreter is not available")
	case err != nil:
		return refuse("spython.invalid_option", starlark.Tuple{starlark.String(first)}, first+": options are not accepted ("+err.Error()+")")
	case len(args) == 1 && *help:
		return invocation{help: true}
	case len(args) == 1 && *version:
		return invocation{version: true}
	}
	return refuse("spython.invalid_option", starlark.Tuple{starlark.String(first)}, first+": options are not accepted; --help and --version only as the sole argument")
}

// isStdinPath catches the names through which the program would be read
// from standard input.
func isStdinPath(p string) bool {
	switch p {
	case "/dev/stdin", "/dev/fd/0", "/proc/self/fd/0":
		return true
	}
	return false
}

func refuse(event string, args starlark.Tuple, message string) invocation {
	if args == nil {
		args = starlark.Tuple{}
	}
	// The message quotes an argument as given: escape control characters
	// so that it stays one line on stderr and cannot forge others.
	if strings.ContainsFunc(message, func(r rune) bool { return unicode.IsControl(r) || r == '\u2028' || r == '\u2029' }) {
		q := strconv.Quote(message)
		message = q[1 : len(q)-1]
	}
	return invocation{refusal: &refusal{event: event, args: args, message: message}}
}
