package stdlib

import (
	"fmt"
	"syscall"
	"testing"

	"go.starlark.net/starlark"
	"golang.org/x/sys/unix"

	"github.com/spython-dev/spython/internal/stdlib/core/coretest"
)

const baseFlags = unix.O_CLOEXEC | unix.O_NONBLOCK

func TestOpen(t *testing.T) {
	rFlags := unix.O_RDONLY | baseFlags
	wFlags := unix.O_WRONLY | unix.O_CREAT | unix.O_TRUNC | baseFlags
	lines := func(t *testing.T, dir string) { writeFile(t, dir+"/r.txt", "héllo\nl2\n") }
	runCases(t, []sysCase{
		{
			name: "open", desc: "write text, then bytes to a binary file",
			src:       `f = open(D + "/a.txt", "w"); n = f.write("héllo\n"); f.close(); closed = f.closed; f = open(D + "/a.txt", "ab"); m = f.write(b"raw"); f.close()`,
			events:    []string{"open", "open"},
			firstArgs: fmt.Sprintf(`("D/a.txt", "w", %d)`, wFlags),
			check: func(t *testing.T, dir string, g starlark.StringDict, f *fakeEnv) {
				if got := readFile(t, dir+"/a.txt"); got != "héllo\nraw" {
					t.Errorf("file = %q", got)
				}
				wantGlobal(t, g, "n", "6")
				wantGlobal(t, g, "m", "3")
				wantGlobal(t, g, "closed", "True")
			},
		},
		{
			name: "open", desc: "bytes to a text file is a TypeError, nothing written",
			src:      `f = open(D + "/a.txt", "w"); f.write(b"raw")`,
			events:   []string{"open"},
			wantKind: "TypeError",
			check: func(t *testing.T, dir string, _ starlark.StringDict, _ *fakeEnv) {
				if got := readFile(t, dir+"/a.txt"); got != "" {
					t.Errorf("file = %q", got)
				}
			},
		},
		{
			name: "open", desc: "str to a binary file is accepted (spec §6)",
			src:    `f = open(D + "/a.bin", "wb"); n = f.write("é"); f.close()`,
			events: []string{"open"},
			check: func(t *testing.T, dir string, g starlark.StringDict, _ *fakeEnv) {
				if got := readFile(t, dir+"/a.bin"); got != "é" {
					t.Errorf("file = %q", got)
				}
				wantGlobal(t, g, "n", "2")
			},
		},
		{
			name: "open", desc: "denied write creates nothing",
			src: `open(D + "/a.txt", "w")`, deny: "open", events: []string{"open"},
			check: func(t *testing.T, dir string, _ starlark.StringDict, _ *fakeEnv) { mustNotExist(t, dir+"/a.txt") },
		},
		{
			name: "open", desc: "denied truncation leaves the file",
			setup: lines, src: `open(D + "/r.txt", "w")`, deny: "open", events: []string{"open"},
			check: func(t *testing.T, dir string, _ starlark.StringDict, _ *fakeEnv) {
				if readFile(t, dir+"/r.txt") != "héllo\nl2\n" {
					t.Error("file truncated by a denied open")
				}
			},
		},
		{
			name: "open", desc: "read text by lines", setup: lines,
			src:       `f = open(D + "/r.txt"); a = f.readline(); rest = f.readlines(); end = f.readline(); f.close()`,
			events:    []string{"open"},
			firstArgs: fmt.Sprintf(`("D/r.txt", "r", %d)`, rFlags),
			check: func(t *testing.T, dir string, g starlark.StringDict, _ *fakeEnv) {
				wantGlobal(t, g, "a", `"héllo\n"`)
				wantGlobal(t, g, "rest", `["l2\n"]`)
				wantGlobal(t, g, "end", `""`)
			},
		},
		{
			name: "open", desc: "read(n) counts characters in text mode", setup: lines,
			src: `f = open(D + "/r.txt"); a = f.read(2); b = f.read()`, events: []string{"open"},
			check: func(t *testing.T, dir string, g starlark.StringDict, _ *fakeEnv) {
				wantGlobal(t, g, "a", `"hé"`)
				wantGlobal(t, g, "b", `"llo\nl2\n"`)
			},
		},
		{
			name: "open", desc: "binary read returns bytes", setup: lines,
			src: `f = open(D + "/r.txt", "rb"); a = f.read(2); b = f.readline(); t = type(a)`, events: []string{"open"},
			firstArgs: fmt.Sprintf(`("D/r.txt", "r", %d)`, rFlags),
			check: func(t *testing.T, dir string, g starlark.StringDict, _ *fakeEnv) {
				wantGlobal(t, g, "t", `"bytes"`)
				wantGlobal(t, g, "a", `b"h\xc3"`)
				wantGlobal(t, g, "b", `b"\xa9llo\n"`)
			},
		},
		{
			name: "open", desc: "iterate lines", setup: lines,
			src: `ls = [l for l in open(D + "/r.txt")]`, events: []string{"open"},
			check: func(t *testing.T, dir string, g starlark.StringDict, _ *fakeEnv) {
				wantGlobal(t, g, "ls", `["héllo\n", "l2\n"]`)
			},
		},
		{
			name: "open", desc: "append", setup: lines,
			src: `f = open(D + "/r.txt", "a"); f.write("l3\n"); f.close()`, events: []string{"open"},
			firstArgs: fmt.Sprintf(`("D/r.txt", "a", %d)`, unix.O_WRONLY|unix.O_CREAT|unix.O_APPEND|baseFlags),
			check: func(t *testing.T, dir string, g starlark.StringDict, _ *fakeEnv) {
				if got := readFile(t, dir+"/r.txt"); got != "héllo\nl2\nl3\n" {
					t.Errorf("file = %q", got)
				}
			},
		},
		{
			name: "open", desc: "r+ writes after what was read", setup: lines,
			src:       `f = open(D + "/r.txt", "r+b"); f.readline(); f.write("L2"); f.close()`,
			events:    []string{"open"},
			firstArgs: fmt.Sprintf(`("D/r.txt", "r+", %d)`, unix.O_RDWR|baseFlags),
			check: func(t *testing.T, dir string, g starlark.StringDict, _ *fakeEnv) {
				if got := readFile(t, dir+"/r.txt"); got != "héllo\nL2\n" {
					t.Errorf("file = %q", got)
				}
			},
		},
		{
			name: "open", desc: "x refuses an existing file", setup: lines,
			src: `open(D + "/r.txt", "x")`, events: []string{"open"}, wantKind: "FileExistsError",
		},
		{
			name: "open", desc: "missing file",
			src: `open(D + "/nope")`, events: []string{"open"}, wantKind: "FileNotFoundError",
		},
		{
			name: "open", desc: "directory",
			src: `open(D)`, events: []string{"open"}, wantKind: "IsADirectoryError",
		},
		{
			name: "open", desc: "invalid mode raises no event",
			src: `open(D + "/a", "rw")`, wantKind: "ValueError",
			check: func(t *testing.T, dir string, _ starlark.StringDict, _ *fakeEnv) { mustNotExist(t, dir+"/a") },
		},
		{
			name: "open", desc: "NUL in path raises no event",
			src: `open(D + "/a\0b", "w")`, wantKind: "ValueError",
		},
		{
			name: "open", desc: "write to a read-only file", setup: lines,
			src: `open(D + "/r.txt").write("x")`, events: []string{"open"}, wantKind: "UnsupportedOperation",
		},
		{
			name: "open", desc: "read after close", setup: lines,
			src: `f = open(D + "/r.txt"); f.close(); f.close(); f.read()`, events: []string{"open"}, wantKind: "ValueError",
		},
		{
			name: "open", desc: "a FIFO with no writer opens and reads empty",
			setup: func(t *testing.T, dir string) {
				if err := syscall.Mkfifo(dir+"/fifo", 0o600); err != nil {
					t.Fatal(err)
				}
			},
			src: `s = open(D + "/fifo").read()`, events: []string{"open"},
			check: func(t *testing.T, dir string, g starlark.StringDict, _ *fakeEnv) { wantGlobal(t, g, "s", `""`) },
		},
	})
}

func TestParseMode(t *testing.T) {
	for _, tc := range []struct {
		mode, raw string
		flags     int
		bad       bool
	}{
		{mode: "r", raw: "r", flags: unix.O_RDONLY},
		{mode: "rt", raw: "r", flags: unix.O_RDONLY},
		{mode: "wb", raw: "w", flags: unix.O_WRONLY | unix.O_CREAT | unix.O_TRUNC},
		{mode: "w+", raw: "w+", flags: unix.O_RDWR | unix.O_CREAT | unix.O_TRUNC},
		{mode: "xb", raw: "x", flags: unix.O_WRONLY | unix.O_CREAT | unix.O_EXCL},
		{mode: "a+", raw: "a+", flags: unix.O_RDWR | unix.O_CREAT | unix.O_APPEND},
		{mode: "", bad: true},
		{mode: "rw", bad: true},
		{mode: "rr", bad: true},
		{mode: "rbt", bad: true},
		{mode: "U", bad: true},
		{mode: "r+q", bad: true},
	} {
		m, err := parseMode(tc.mode)
		if tc.bad {
			if coretest.KindOf(err) != "ValueError" {
				t.Errorf("parseMode(%q) err = %v, want ValueError", tc.mode, err)
			}
			continue
		}
		if err != nil || m.raw != tc.raw || m.flags != tc.flags|baseFlags {
			t.Errorf("parseMode(%q) = %q %#x %v, want %q %#x", tc.mode, m.raw, m.flags, err, tc.raw, tc.flags|baseFlags)
		}
	}
}
