package pycompat

import "go.starlark.net/syntax"

// Marks records where the source pass replaced a Python-only operator with
// one the parser accepts, so that the tree pass can tell them apart.
type Marks struct {
	pow map[[2]int32]bool // `**` written as `//`
	is  map[[2]int32]bool // `is` as `==`, `is not` as `!=`
	// `assert` as `_ASRT(`, with a `)` at the end of the statement
	assert map[[2]int32]bool
}

func key(p syntax.Position) [2]int32 { return [2]int32{p.Line, p.Col} }

func (m *Marks) isPow(p syntax.Position) bool    { return m != nil && m.pow[key(p)] }
func (m *Marks) isIs(p syntax.Position) bool     { return m != nil && m.is[key(p)] }
func (m *Marks) isAssert(p syntax.Position) bool { return m != nil && m.assert[key(p)] }
