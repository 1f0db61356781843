package events

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

const root = "../.."

// codeEvents returns every event name the Go source can raise.
func codeEvents(t *testing.T) map[string]string {
	t.Helper()
	fset := token.NewFileSet()
	var files []*ast.File
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".") && path != root) {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		files = append(files, f)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	consts := map[string]string{} // constant name → string value
	events := map[string]string{} // event → where
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			spec, ok := n.(*ast.ValueSpec)
			if !ok {
				return true
			}
			for i, name := range spec.Names {
				if i >= len(spec.Values) {
					break
				}
				if lit, ok := spec.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
					v, _ := strconv.Unquote(lit.Value)
					consts[name.Name] = v
					if strings.HasPrefix(name.Name, "Event") && name.Name != "Events" {
						events[v] = fset.Position(lit.Pos()).String()
					}
				}
			}
			return true
		})
	}
	value := func(e ast.Expr) (string, bool) {
		switch e := e.(type) {
		case *ast.BasicLit:
			if e.Kind == token.STRING {
				v, err := strconv.Unquote(e.Value)
				return v, err == nil
			}
		case *ast.Ident:
			v, ok := consts[e.Name]
			return v, ok
		case *ast.SelectorExpr:
			v, ok := consts[e.Sel.Name]
			return v, ok
		}
		return "", false
	}
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			var name string
			switch fn := call.Fun.(type) {
			case *ast.Ident:
				name = fn.Name
			case *ast.SelectorExpr:
				name = fn.Sel.Name
			}
			lower := strings.ToLower(name)
			if !strings.Contains(lower, "audit") && !strings.Contains(lower, "emit") && lower != "refuse" && lower != "raise" {
				return true
			}
			for _, a := range call.Args {
				if v, ok := value(a); ok && eventRE.MatchString(v) {
					events[v] = fset.Position(call.Pos()).String()
					break
				}
			}
			return true
		})
	}
	return events
}

// eventRE is the shape of an event name; it tells an event argument from a
// message or reason argument of the same call.
var eventRE = regexp.MustCompile(`^[a-z_][a-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$`)

var rowRE = regexp.MustCompile("^\\| `([^`]+)` \\|")

// docEvents returns the events listed in docs/events.md.
func docEvents(t *testing.T) []string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, "docs", "events.md"))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, line := range strings.Split(string(data), "\n") {
		if m := rowRE.FindStringSubmatch(line); m != nil {
			out = append(out, m[1])
		}
	}
	return out
}

func TestCatalogueMatchesCode(t *testing.T) {
	code := codeEvents(t)
	doc := docEvents(t)
	if len(code) < 20 {
		t.Fatalf("found only %d events in the code: the scanner is broken", len(code))
	}
	for ev, where := range code {
		if !slices.Contains(doc, ev) {
			t.Errorf("%s: event %q is raised but not in docs/events.md", where, ev)
		}
	}
	seen := map[string]bool{}
	for _, ev := range doc {
		if seen[ev] {
			t.Errorf("docs/events.md lists %q twice", ev)
		}
		seen[ev] = true
		if _, ok := code[ev]; !ok {
			t.Errorf("docs/events.md lists %q, which no code raises", ev)
		}
	}
}
