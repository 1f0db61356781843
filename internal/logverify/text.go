package logverify

import (
	"fmt"
	"io"
	"strconv"
)

// maxShown bounds how much of a source or argument list the text report
// prints; the JSON report has everything.
const maxShown = 160

// WriteText prints the report for people.
func (rep *Report) WriteText(w io.Writer) {
	if len(rep.Runs) == 0 {
		fmt.Fprintln(w, "no records")
	}
	for i, rs := range rep.Runs {
		if i > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "run %s  script %s  policy %s\n", rs.ID, orDash(rs.Script), orDash(rs.Policy))
		end := "no spython.run_end (killed, still running, or cut off)"
		if rs.Ended {
			end = fmt.Sprintf("exit %s (%s)", render(rs.ExitCode), rs.EndReason)
		}
		fmt.Fprintf(w, "  lines %d-%d, %d records, %s .. %s, %s\n", rs.FirstLine, rs.LastLine, rs.Records, rs.Start, rs.End, end)
		section(w, "denials", len(rs.Denials), func(i int) string {
			e := rs.Denials[i]
			return fmt.Sprintf("%s %s %s: %s", at(e), e.Action, e.Type, e.Reason) + " " + short(render(e.Args))
		})
		section(w, "dynamic code", len(rs.DynamicCode), func(i int) string {
			c := rs.DynamicCode[i]
			return fmt.Sprintf("%s compile %s (%s) source %s", at(c.Event), c.Filename, c.Type, short(strconv.Quote(render(c.Source))))
		})
		section(w, "files written then loaded", len(rs.WrittenThenLoaded), func(i int) string {
			f := rs.WrittenThenLoaded[i]
			return fmt.Sprintf("%s: written %s (%s), loaded %s (%s)", f.Path, at(f.Write), f.Write.Action, at(f.Load), f.Load.Action)
		})
		section(w, "network destinations", len(rs.Network), func(i int) string {
			d := rs.Network[i]
			return fmt.Sprintf("%s %s %s (%s)", at(d.Event), d.Action, short(d.Target), d.Type)
		})
		section(w, "subprocesses", len(rs.Subprocesses), func(i int) string {
			d := rs.Subprocesses[i]
			return fmt.Sprintf("%s %s %s (%s)", at(d.Event), d.Action, short(d.Target), d.Type)
		})
		section(w, "compile without open_code", len(rs.CompileWithoutOpenCode), func(i int) string {
			e := rs.CompileWithoutOpenCode[i]
			return fmt.Sprintf("%s compile %s", at(e), short(render(e.Args)))
		})
		section(w, "sequence gaps", len(rs.Gaps), func(i int) string {
			g := rs.Gaps[i]
			return fmt.Sprintf("line %d: event.sequence %d, want %d", g.Line, g.Got, g.Want)
		})
	}
	if len(rep.Unparsed) > 0 {
		fmt.Fprintf(w, "\nunparsed lines: %v\n", rep.Unparsed)
	}
}

func section(w io.Writer, name string, n int, item func(int) string) {
	if n == 0 {
		fmt.Fprintf(w, "  %s: none\n", name)
		return
	}
	fmt.Fprintf(w, "  %s (%d):\n", name, n)
	for i := 0; i < n; i++ {
		fmt.Fprintf(w, "    %s\n", item(i))
	}
}

func at(e Event) string {
	if e.Location != "" {
		return fmt.Sprintf("line %d (seq %d, %s)", e.Line, e.Seq, e.Location)
	}
	return fmt.Sprintf("line %d (seq %d)", e.Line, e.Seq)
}

func short(s string) string {
	if len(s) <= maxShown {
		return s
	}
	return s[:maxShown] + "…"
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
