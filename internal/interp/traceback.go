package interp

import (
	"errors"
	"fmt"
	"strings"

	"go.starlark.net/starlark"

	"github.com/spython-dev/spython/internal/pyerr"
)

// Traceback bounds: identical consecutive frames beyond foldAfter are
// folded into one line, and at most keepFrames frames are shown from each
// end of a stack that is still too long (mutual recursion).
const (
	foldAfter  = 3
	keepFrames = 25
)

// Traceback renders err the way Python does: the innermost call last, then
// "Kind: message". Runaway recursion prints a bounded traceback.
func Traceback(err error) string {
	var b strings.Builder
	var ev *starlark.EvalError
	if errors.As(err, &ev) {
		writeFrames(&b, ev.CallStack)
	}
	kind, msg := pyerr.KindOf(err)
	var compile *CompileError
	if errors.As(err, &compile) && ev == nil {
		msg = compile.Error()
	}
	fmt.Fprintf(&b, "%s: %s\n", kind, msg)
	return b.String()
}

type frameLine struct {
	text  string
	count int
}

func writeFrames(b *strings.Builder, stack starlark.CallStack) {
	// Drop the innermost built-in frame: the error line names it.
	if n := len(stack); n > 0 && stack[n-1].Pos.Filename() == "<builtin>" {
		stack = stack[:n-1]
	}
	if len(stack) == 0 {
		return
	}
	var lines []frameLine
	for _, fr := range stack {
		name := fr.Name
		if name == "<toplevel>" {
			name = "<module>"
		}
		text := fmt.Sprintf("  File \"%s\", line %d, col %d, in %s", fr.Pos.Filename(), fr.Pos.Line, fr.Pos.Col, name)
		if n := len(lines); n > 0 && lines[n-1].text == text {
			lines[n-1].count++
			continue
		}
		lines = append(lines, frameLine{text, 1})
	}
	b.WriteString("Traceback (most recent call last):\n")
	omitted := 0
	if len(lines) > 2*keepFrames {
		omitted = len(lines) - 2*keepFrames
	}
	for i, l := range lines {
		if omitted > 0 && i == keepFrames {
			fmt.Fprintf(b, "  [... %d more distinct frames omitted ...]\n", omitted)
		}
		if omitted > 0 && i >= keepFrames && i < keepFrames+omitted {
			continue
		}
		for j := 0; j < min(l.count, foldAfter); j++ {
			b.WriteString(l.text)
			b.WriteByte('\n')
		}
		if l.count > foldAfter {
			fmt.Fprintf(b, "  [Previous line repeated %d more times]\n", l.count-foldAfter)
		}
	}
}
