package bench

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// TestNoRegexpCompiledAtInit keeps start-up cheap: a package-level
// regexp.MustCompile runs in package init on every run, whether or not the
// script uses the module (argparse's alone were about 3% of start-up). A
// pattern is compiled on first use instead, behind sync.OnceValue.
func TestNoRegexpCompiledAtInit(t *testing.T) {
	fset := token.NewFileSet()
	for _, root := range []string{"../cmd", "../internal"} {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return err
			}
			f, err := parser.ParseFile(fset, path, nil, 0)
			if err != nil {
				return err
			}
			for _, decl := range f.Decls {
				gen, ok := decl.(*ast.GenDecl)
				if !ok || gen.Tok != token.VAR {
					continue
				}
				for _, spec := range gen.Specs {
					for _, value := range spec.(*ast.ValueSpec).Values {
						if call := compileAtInit(value); call != nil {
							t.Errorf("%s: package-level %s runs at start-up; wrap it in sync.OnceValue",
								fset.Position(call.Pos()), calleeName(call))
						}
					}
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// compileAtInit finds a regexp.MustCompile/Compile call evaluated by the
// initializer itself, not one inside a function literal (run later).
func compileAtInit(e ast.Expr) (found *ast.CallExpr) {
	ast.Inspect(e, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			if sel, ok := n.Fun.(*ast.SelectorExpr); ok {
				if pkg, ok := sel.X.(*ast.Ident); ok && pkg.Name == "regexp" && strings.HasSuffix(sel.Sel.Name, "Compile") {
					found = n
					return false
				}
			}
		}
		return found == nil
	})
	return found
}

func calleeName(call *ast.CallExpr) string {
	sel := call.Fun.(*ast.SelectorExpr)
	return sel.X.(*ast.Ident).Name + "." + sel.Sel.Name
}
