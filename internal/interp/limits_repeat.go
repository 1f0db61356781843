package interp

import (
	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
)

// repeatName is the hidden builtin every `x * y` of a script is compiled
// into when the policy sets a memory limit.
const repeatName = "__spython_repeat__"

// A repetition ([0] * n, "ab " * n) is made by go.starlark.net in one
// allocation and one copy that the Go runtime cannot interrupt: with the
// collector running, the whole process (watchdog and launcher timers
// included) waits for it, for a minute on a loaded machine. So its size is
// checked before it is made: a result larger than the memory limit is the
// memory limit, hit before the allocation.

// checkRepeats rewrites every binary `*` in f into a call of repeatName,
// in place, before the file is resolved.
func checkRepeats(f *syntax.File) {
	fix := func(e *syntax.Expr) {
		if b, ok := (*e).(*syntax.BinaryExpr); ok && b.Op == syntax.STAR {
			_, end := b.Span()
			*e = &syntax.CallExpr{
				Fn:     &syntax.Ident{NamePos: b.OpPos, Name: repeatName},
				Lparen: b.OpPos,
				Args:   []syntax.Expr{b.X, b.Y},
				Rparen: end,
			}
		}
	}
	fixAll := func(list []syntax.Expr) {
		for i := range list {
			fix(&list[i])
		}
	}
	syntax.Walk(f, func(n syntax.Node) bool {
		switch n := n.(type) {
		case *syntax.AssignStmt:
			fix(&n.RHS) // x *= n stays: its left side is evaluated once
		case *syntax.ExprStmt:
			fix(&n.X)
		case *syntax.ReturnStmt:
			if n.Result != nil {
				fix(&n.Result)
			}
		case *syntax.IfStmt:
			fix(&n.Cond)
		case *syntax.WhileStmt:
			fix(&n.Cond)
		case *syntax.ForStmt:
			fix(&n.X)
		case *syntax.DefStmt:
			fixAll(n.Params)
		case *syntax.LambdaExpr:
			fixAll(n.Params)
			fix(&n.Body)
		case *syntax.BinaryExpr:
			fix(&n.X)
			fix(&n.Y)
		case *syntax.UnaryExpr:
			if n.X != nil {
				fix(&n.X)
			}
		case *syntax.ParenExpr:
			fix(&n.X)
		case *syntax.CallExpr:
			fix(&n.Fn)
			fixAll(n.Args)
		case *syntax.IndexExpr:
			fix(&n.X)
			fix(&n.Y)
		case *syntax.SliceExpr:
			for _, p := range []*syntax.Expr{&n.X, &n.Lo, &n.Hi, &n.Step} {
				if *p != nil {
					fix(p)
				}
			}
		case *syntax.DotExpr:
			fix(&n.X)
		case *syntax.ListExpr:
			fixAll(n.List)
		case *syntax.TupleExpr:
			fixAll(n.List)
		case *syntax.DictEntry:
			fix(&n.Key)
			fix(&n.Value)
		case *syntax.CondExpr:
			fix(&n.Cond)
			fix(&n.True)
			fix(&n.False)
		case *syntax.Comprehension:
			fix(&n.Body)
		case *syntax.ForClause:
			fix(&n.X)
		case *syntax.IfClause:
			fix(&n.Cond)
		}
		return true
	})
}

// repeat is repeatName: x * y, refused as the memory limit when the result
// of a repetition would be larger than the limit.
func (r *runner) repeat(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) != 2 || len(kwargs) != 0 {
		return nil, starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 2)
	}
	x, y := args[0], args[1]
	if m := r.limits.memory; m != nil {
		if n, ok := repeatBytes(x, y); ok && n > m.limit {
			r.limitHit(LimitMemory, m.value())
			if err := r.fatalCause(); err != nil {
				return nil, err
			}
		}
	}
	return starlark.Binary(syntax.STAR, x, y)
}

// repeatBytes is the size of the repetition x * y (or y * x) in bytes, when
// it is one.
func repeatBytes(x, y starlark.Value) (uint64, bool) {
	n, ok := y.(starlark.Int)
	if !ok {
		x, y = y, x
		if n, ok = y.(starlark.Int); !ok {
			return 0, false
		}
	}
	count, ok := n.Uint64()
	if !ok || count == 0 {
		return 0, false
	}
	var unit, length uint64
	switch x := x.(type) {
	case starlark.String:
		unit, length = 1, uint64(len(x))
	case starlark.Bytes:
		unit, length = 1, uint64(len(x))
	case *starlark.List:
		unit, length = 16, uint64(x.Len()) // one interface value per element
	case starlark.Tuple:
		unit, length = 16, uint64(len(x))
	default:
		return 0, false
	}
	if length == 0 {
		return 0, false
	}
	if count > (1<<63)/(unit*length) {
		return 1 << 63, true
	}
	return count * unit * length, true
}
