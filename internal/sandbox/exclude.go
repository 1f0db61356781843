package sandbox

import (
	"os"
	"path/filepath"
	"strings"
)

// Without returns paths rewritten so that none of them reaches dir: a path
// inside dir (or dir itself) is dropped, and a directory above dir is
// replaced by its entries except the one leading to dir, recursively.
// Landlock rules only add access, so a secret directory under an allowed
// one (the chain key's directory under "/" or "/etc") can only be kept out
// this way. Paths are compared after resolving symlinks, and an entry that
// is a symlink into dir is dropped too. The cost: the directories on the
// way to dir lose their own listing right (ls /etc fails, /etc/hosts
// opens).
func Without(paths []string, dir string) []string {
	if dir == "" {
		return paths
	}
	if r, err := filepath.EvalSymlinks(dir); err == nil {
		dir = r
	}
	dir = filepath.Clean(dir)
	var out []string
	for _, p := range paths {
		r, err := filepath.EvalSymlinks(p)
		if err != nil {
			out = append(out, p) // missing: the ruleset reports it
			continue
		}
		out = appendWithout(out, filepath.Clean(r), dir, 0)
	}
	return out
}

func within(p, dir string) bool {
	return p == dir || dir == "/" || strings.HasPrefix(p, dir+"/")
}

func appendWithout(out []string, p, dir string, depth int) []string {
	switch {
	case within(p, dir):
		return out // the secret directory or below: never allowed
	case !within(dir, p) || depth > 32:
		return append(out, p)
	}
	// p is above dir: allow its entries but the one on the way to dir.
	ents, err := os.ReadDir(p)
	if err != nil {
		return out // cannot list it: allow nothing rather than all
	}
	for _, e := range ents {
		child := filepath.Join(p, e.Name())
		if e.Type()&os.ModeSymlink != 0 {
			r, err := filepath.EvalSymlinks(child)
			if err != nil || within(r, dir) || within(dir, r) {
				continue // dangling, or a way into (or around) dir
			}
		}
		out = appendWithout(out, child, dir, depth+1)
	}
	return out
}
