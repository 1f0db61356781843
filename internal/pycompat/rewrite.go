// Package pycompat makes Python-first scripts run as Python would under
// go.starlark.net, without forking it: a source pass before parsing turns
// a few Python-only forms into ones the parser accepts (keeping every
// position), a tree pass after parsing routes `%` on strings and the
// str/bytes methods Starlark lacks to spython's own implementations, and
// the builtins here (format, round, str, repr, bytes, ...) behave as
// CPython 3.11's.
package pycompat

import (
	"go.starlark.net/syntax"
)

// Names of the hidden predeclared builtins the rewritten tree calls. They
// are not identifiers a script can write.
const (
	PercentName = "%format" // "fmt" % args
	MethodName  = "%method" // recv.name(args) for names Starlark lacks
	PowName     = "%pow"    // x ** y
	AssertName  = "%assert" // assert cond, msg
	IsName      = "%is"     // x is y
	IsNotName   = "%is_not" // x is not y
)

// Hidden lists the hidden builtin names.
var Hidden = []string{PercentName, MethodName, PowName, AssertName, IsName, IsNotName}

// routed are the method names a call is routed to MethodName for: the ones
// Python's str, bytes and int have and Starlark's lack (or implements
// differently: format, splitlines). Other method calls are untouched, so
// they cost nothing extra.
var routed = map[string]bool{
	"encode": true, "decode": true, "rjust": true, "ljust": true, "center": true,
	"zfill": true, "expandtabs": true, "casefold": true, "swapcase": true,
	"isdecimal": true, "isnumeric": true, "isascii": true, "isprintable": true,
	"isidentifier": true, "partition": true, "rpartition": true, "hex": true,
	"fromhex": true, "to_bytes": true, "from_bytes": true, "format": true,
	"format_map": true, "splitlines": true, "bit_length": true,
}

// Rewrite rewrites a parsed file in place (see the package comment). marks
// are the source positions the source pass changed.
func Rewrite(f *syntax.File, marks *Marks) {
	// ** first, on the tree as parsed: its re-association must see the
	// * / // % nodes before % on strings becomes a call.
	rw := &rewriter{marks: marks, powOnly: true}
	rw.stmts(f.Stmts)
	rw = &rewriter{strNames: stringConstants(f), marks: marks}
	rw.stmts(f.Stmts)
}

type rewriter struct {
	strNames map[string]bool
	marks    *Marks
	powOnly  bool // the first pass: only ** (the second pass skips it)
}

func (rw *rewriter) stmts(list []syntax.Stmt) {
	for _, s := range list {
		rw.stmt(s)
	}
}

func (rw *rewriter) stmt(s syntax.Stmt) {
	switch s := s.(type) {
	case *syntax.AssignStmt:
		s.LHS = rw.expr(s.LHS)
		s.RHS = rw.expr(s.RHS)
	case *syntax.DefStmt:
		rw.exprs(s.Params)
		rw.stmts(s.Body)
	case *syntax.ExprStmt:
		s.X = rw.expr(s.X)
		if c, ok := s.X.(*syntax.CallExpr); ok && !rw.powOnly {
			if id, ok := c.Fn.(*syntax.Ident); ok && id.Name == "_ASRT" && rw.marks.isAssert(id.NamePos) {
				// The call shows at the assert keyword in tracebacks.
				id.Name = AssertName
				c.Lparen = id.NamePos
			}
		}
	case *syntax.ForStmt:
		s.Vars = rw.expr(s.Vars)
		s.X = rw.expr(s.X)
		rw.stmts(s.Body)
	case *syntax.WhileStmt:
		s.Cond = rw.expr(s.Cond)
		rw.stmts(s.Body)
	case *syntax.IfStmt:
		s.Cond = rw.expr(s.Cond)
		rw.stmts(s.True)
		rw.stmts(s.False)
	case *syntax.ReturnStmt:
		if s.Result != nil {
			s.Result = rw.expr(s.Result)
		}
	}
}

func (rw *rewriter) exprs(list []syntax.Expr) {
	for i, e := range list {
		list[i] = rw.expr(e)
	}
}

func (rw *rewriter) expr(e syntax.Expr) syntax.Expr {
	switch e := e.(type) {
	case *syntax.BinaryExpr:
		e.X = rw.expr(e.X)
		e.Y = rw.expr(e.Y)
		if rw.powOnly {
			if e.Op == syntax.SLASHSLASH && rw.marks.isPow(e.OpPos) {
				return rw.pow(e)
			}
			return e
		}
		if e.Op == syntax.EQL && rw.marks.isIs(e.OpPos) {
			return call(IsName, e.OpPos, e.X, e.Y)
		}
		if e.Op == syntax.NEQ && rw.marks.isIs(e.OpPos) {
			return call(IsNotName, e.OpPos, e.X, e.Y)
		}
		if e.Op == syntax.PERCENT && (rw.isString(e.X) || isFormatArgs(e.Y)) {
			return call(PercentName, e.OpPos, e.X, e.Y)
		}
		return e
	case *syntax.CallExpr:
		e.Fn = rw.expr(e.Fn)
		rw.exprs(e.Args)
		if rw.powOnly {
			return e
		}
		if dot, ok := e.Fn.(*syntax.DotExpr); ok && routed[dot.Name.Name] {
			name := &syntax.Literal{Token: syntax.STRING, TokenPos: dot.NamePos, Raw: `"` + dot.Name.Name + `"`, Value: dot.Name.Name}
			args := append([]syntax.Expr{dot.X, name}, e.Args...)
			return &syntax.CallExpr{Fn: &syntax.Ident{NamePos: dot.NamePos, Name: MethodName}, Lparen: e.Lparen, Args: args, Rparen: e.Rparen}
		}
		return e
	case *syntax.Comprehension:
		e.Body = rw.expr(e.Body)
		for _, c := range e.Clauses {
			switch c := c.(type) {
			case *syntax.ForClause:
				c.Vars = rw.expr(c.Vars)
				c.X = rw.expr(c.X)
			case *syntax.IfClause:
				c.Cond = rw.expr(c.Cond)
			}
		}
	case *syntax.CondExpr:
		e.Cond = rw.expr(e.Cond)
		e.True = rw.expr(e.True)
		e.False = rw.expr(e.False)
	case *syntax.DictEntry:
		e.Key = rw.expr(e.Key)
		e.Value = rw.expr(e.Value)
	case *syntax.DictExpr:
		rw.exprs(e.List)
	case *syntax.DotExpr:
		e.X = rw.expr(e.X)
	case *syntax.IndexExpr:
		e.X = rw.expr(e.X)
		e.Y = rw.expr(e.Y)
	case *syntax.LambdaExpr:
		rw.exprs(e.Params)
		e.Body = rw.expr(e.Body)
	case *syntax.ListExpr:
		rw.exprs(e.List)
	case *syntax.ParenExpr:
		e.X = rw.expr(e.X)
	case *syntax.SliceExpr:
		e.X = rw.expr(e.X)
		if e.Lo != nil {
			e.Lo = rw.expr(e.Lo)
		}
		if e.Hi != nil {
			e.Hi = rw.expr(e.Hi)
		}
		if e.Step != nil {
			e.Step = rw.expr(e.Step)
		}
	case *syntax.TupleExpr:
		rw.exprs(e.List)
	case *syntax.UnaryExpr:
		if e.X != nil {
			e.X = rw.expr(e.X)
		}
	}
	return e
}

func call(name string, pos syntax.Position, args ...syntax.Expr) *syntax.CallExpr {
	return &syntax.CallExpr{Fn: &syntax.Ident{NamePos: pos, Name: name}, Lparen: pos, Args: args, Rparen: pos}
}

// pow turns a marked `//` (a `**` in the source) into a call, re-associating
// it to bind as Python's ** does: tighter than * / // % and unary minus on
// its left, right to left.
func (rw *rewriter) pow(e *syntax.BinaryExpr) syntax.Expr {
	switch l := e.X.(type) {
	case *syntax.CallExpr:
		if id, ok := l.Fn.(*syntax.Ident); ok && id.Name == PowName {
			// (a ** b) ** c parsed left to right: a ** (b ** c).
			inner := &syntax.BinaryExpr{X: l.Args[1], OpPos: e.OpPos, Op: syntax.SLASHSLASH, Y: e.Y}
			return call(PowName, l.Lparen, l.Args[0], rw.pow(inner))
		}
	case *syntax.BinaryExpr:
		switch l.Op {
		case syntax.STAR, syntax.SLASH, syntax.SLASHSLASH, syntax.PERCENT:
			inner := &syntax.BinaryExpr{X: l.Y, OpPos: e.OpPos, Op: syntax.SLASHSLASH, Y: e.Y}
			l.Y = rw.pow(inner)
			return l
		}
	case *syntax.UnaryExpr:
		if l.Op == syntax.MINUS || l.Op == syntax.PLUS || l.Op == syntax.TILDE {
			inner := &syntax.BinaryExpr{X: l.X, OpPos: e.OpPos, Op: syntax.SLASHSLASH, Y: e.Y}
			l.X = rw.pow(inner)
			return l
		}
	}
	return call(PowName, e.OpPos, e.X, e.Y)
}

// isFormatArgs reports whether y can only be the right side of a string
// format: a tuple, dict or string literal (int % tuple is an error anyway).
func isFormatArgs(y syntax.Expr) bool {
	switch y := y.(type) {
	case *syntax.ParenExpr:
		return isFormatArgs(y.X)
	case *syntax.TupleExpr, *syntax.DictExpr:
		return true
	case *syntax.Literal:
		return y.Token == syntax.STRING
	}
	return false
}

// isString reports whether x is statically a str: a literal, a sum of
// them, or a name only ever bound to one.
func (rw *rewriter) isString(x syntax.Expr) bool {
	switch x := x.(type) {
	case *syntax.Literal:
		return x.Token == syntax.STRING
	case *syntax.ParenExpr:
		return rw.isString(x.X)
	case *syntax.BinaryExpr:
		return x.Op == syntax.PLUS && (rw.isString(x.X) || rw.isString(x.Y))
	case *syntax.CallExpr:
		if id, ok := x.Fn.(*syntax.Ident); ok && id.Name == PercentName {
			return true
		}
	case *syntax.Ident:
		return rw.strNames[x.Name]
	}
	return false
}

// stringConstants finds the names bound only by `name = "literal"` (in any
// scope): `FMT % row` with such a name is a string format.
func stringConstants(f *syntax.File) map[string]bool {
	good := map[string]bool{}
	bad := map[string]bool{}
	markBad := func(e syntax.Expr) {
		syntax.Walk(e, func(n syntax.Node) bool {
			if id, ok := n.(*syntax.Ident); ok {
				bad[id.Name] = true
			}
			return true
		})
	}
	params := func(ps []syntax.Expr) {
		for _, p := range ps {
			switch p := p.(type) {
			case *syntax.BinaryExpr:
				markBad(p.X)
			default:
				markBad(p)
			}
		}
	}
	var lit func(e syntax.Expr) bool
	lit = func(e syntax.Expr) bool {
		switch e := e.(type) {
		case *syntax.Literal:
			return e.Token == syntax.STRING
		case *syntax.ParenExpr:
			return lit(e.X)
		case *syntax.BinaryExpr:
			return e.Op == syntax.PLUS && lit(e.X) && lit(e.Y)
		}
		return false
	}
	syntax.Walk(f, func(n syntax.Node) bool {
		switch n := n.(type) {
		case *syntax.AssignStmt:
			if id, ok := n.LHS.(*syntax.Ident); ok && n.Op == syntax.EQ && lit(n.RHS) {
				good[id.Name] = true
			} else {
				markBad(n.LHS)
			}
		case *syntax.ForStmt:
			markBad(n.Vars)
		case *syntax.ForClause:
			markBad(n.Vars)
		case *syntax.DefStmt:
			bad[n.Name.Name] = true
			params(n.Params)
		case *syntax.LambdaExpr:
			params(n.Params)
		case *syntax.LoadStmt:
			for _, id := range n.To {
				bad[id.Name] = true
			}
		}
		return true
	})
	for name := range bad {
		delete(good, name)
	}
	return good
}
