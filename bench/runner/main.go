// Command runner is the harness behind `make bench` (scripts/bench.sh): it
// times spython and CPython side by side on this machine, in one run, reads
// the Go benchmark results bench.sh collected, prints a table and writes
// docs/performance.md.
//
//	runner -spython bin/spython -python /usr/bin/python3.11 -gobench go.txt -out docs/performance.md
//
// Processes are timed from fork to exit with the harness's own clock (no
// hyperfine needed), in interleaved pairs so that both sides see the same
// machine state; medians are the headline figures.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"time"
)

type config struct {
	spython, python     string
	benchDir            string
	goBenchFile, out    string
	startupRuns         int
	adminRuns, adminN   int
	suiteRuns           int
	workDir             string
	loadBefore, machine string
}

func main() {
	var c config
	flag.StringVar(&c.spython, "spython", "bin/spython", "the spython binary (production build)")
	flag.StringVar(&c.python, "python", "", "the CPython interpreter (a real binary, not a pyenv shim)")
	flag.StringVar(&c.benchDir, "bench", "bench", "directory with the workloads")
	flag.StringVar(&c.goBenchFile, "gobench", "", "go test -bench output to include")
	flag.StringVar(&c.out, "out", "docs/performance.md", "report to write")
	flag.IntVar(&c.startupRuns, "startup-runs", 200, "start-up runs per side")
	flag.IntVar(&c.adminRuns, "admin-runs", 15, "admin workload runs per side")
	flag.IntVar(&c.adminN, "admin-files", 2000, "files in the admin workload's tree")
	flag.IntVar(&c.suiteRuns, "suite-runs", 5, "runs per side of each throughput program")
	ab := flag.Bool("ab", false, "time two commands given as arguments (each one shell-split string) side by side, then exit")
	flag.Parse()
	if *ab {
		abMode(flag.Args(), c.startupRuns)
		return
	}
	if c.python == "" {
		fail(fmt.Errorf("-python is required"))
	}
	var err error
	if c.spython, err = filepath.Abs(c.spython); err != nil {
		fail(err)
	}
	c.loadBefore = loadAvg()
	c.machine = machine(c.python)
	c.workDir, err = os.MkdirTemp("", "spython-bench-")
	if err != nil {
		fail(err)
	}
	defer os.RemoveAll(c.workDir)

	var rep report
	rep.startup = c.startup()
	rep.admin = c.admin()
	rep.suite = c.throughput()
	if c.goBenchFile != "" {
		if rep.gb, rep.gbRaw, err = readGoBench(c.goBenchFile); err != nil {
			fail(err)
		}
	}
	rep.machine = c.machine
	rep.load = c.loadBefore + " before, " + loadAvg() + " after"
	rep.python = c.python
	md := rep.markdown()
	fmt.Print(rep.table())
	if err := os.WriteFile(c.out, []byte(md), 0o644); err != nil {
		fail(err)
	}
	logf("wrote %s\n", c.out)
}

// abMode is for investigating: runner -ab -startup-runs N 'cmd a' 'cmd b'.
func abMode(args []string, runs int) {
	if len(args) != 2 {
		fail(fmt.Errorf("-ab wants two commands"))
	}
	a := cmdSpec{Name: "A", Argv: strings.Fields(args[0])}
	b := cmdSpec{Name: "B", Argv: strings.Fields(args[1])}
	sa, sb, err := compare(a, b, 5, runs)
	if err != nil {
		fail(err)
	}
	for _, x := range []struct {
		n string
		s stats
	}{{args[0], sa}, {args[1], sb}} {
		fmt.Printf("median %s  mean %s  min %s  cpu %s  %s\n", ms(x.s.Median), ms(x.s.Mean), ms(x.s.Min), ms(x.s.CPUMedian), x.n)
	}
	fmt.Printf("ratio of medians %.2f, of means %.2f\n", ratio(sa.Median, sb.Median), ratio(sa.Mean, sb.Mean))
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "bench:", err)
	os.Exit(1)
}

// stage copies a workload file into the work directory, where its log is
// written, and returns the copy's path.
func (c *config) stage(rel, as string) string {
	data, err := os.ReadFile(filepath.Join(c.benchDir, rel))
	if err != nil {
		fail(err)
	}
	dst := filepath.Join(c.workDir, as)
	if err := os.WriteFile(dst, data, 0o644); err != nil {
		fail(err)
	}
	return dst
}

func removeLogs(paths ...string) func() error {
	return func() error {
		for _, p := range paths {
			if err := os.Remove(p); err != nil && !os.IsNotExist(err) {
				return err
			}
		}
		return nil
	}
}

type pair struct {
	name       string
	sp, py     stats
	spEvents   int // records in spython's log (last run)
	pyEvents   int // lines in the CPython hook's log (last run)
	sameOutput bool
}

func (c *config) startup() pair {
	star := c.stage("hello.star", "hello.star")
	py := c.stage("hello.py", "hello.py")
	logf("start-up: %d runs per side...\n", c.startupRuns)
	a := cmdSpec{Name: "spython", Argv: []string{c.spython, star}, Dir: c.workDir, Before: removeLogs(star + ".log")}
	b := cmdSpec{Name: "python3", Argv: []string{c.python, "-I", "-S", py}, Dir: c.workDir}
	sa, sb, err := compare(a, b, 10, c.startupRuns)
	if err != nil {
		fail(err)
	}
	return pair{name: "start-up: hello", sp: sa, py: sb, sameOutput: sa.Stdout == sb.Stdout, spEvents: countLines(star + ".log")}
}

func (c *config) admin() pair {
	tree := filepath.Join(c.workDir, "tree")
	if err := makeTree(tree, c.adminN); err != nil {
		fail(err)
	}
	star := c.stage("admin.star", "admin.star")
	py := c.stage("admin.py", "admin.py")
	repS, repP := filepath.Join(c.workDir, "report-spython.json"), filepath.Join(c.workDir, "report-python.json")
	logf("admin workload (%d files): %d runs per side...\n", c.adminN, c.adminRuns)
	a := cmdSpec{Name: "spython", Argv: []string{c.spython, star, tree, repS}, Dir: c.workDir, Before: removeLogs(star+".log", repS)}
	b := cmdSpec{Name: "python3", Argv: []string{c.python, "-I", "-S", py, tree, repP}, Dir: c.workDir, Before: removeLogs(py+".log", repP)}
	sa, sb, err := compare(a, b, 2, c.adminRuns)
	if err != nil {
		fail(err)
	}
	same := sa.Stdout == sb.Stdout && sameJSON(repS, repP)
	return pair{name: "admin workload", sp: sa, py: sb, sameOutput: same,
		spEvents: countLines(star + ".log"), pyEvents: countLines(py + ".log")}
}

var suiteFiles = []string{"fib", "loops", "dicts", "strings", "sort"}

func (c *config) throughput() []pair {
	var out []pair
	for _, name := range suiteFiles {
		// The same source file runs under both interpreters.
		f := c.stage(filepath.Join("suite", name+".star"), name+".star")
		logf("throughput %s: %d runs per side...\n", name, c.suiteRuns)
		a := cmdSpec{Name: "spython", Argv: []string{c.spython, f}, Dir: c.workDir, Before: removeLogs(f + ".log")}
		b := cmdSpec{Name: "python3", Argv: []string{c.python, "-I", "-S", f}, Dir: c.workDir}
		sa, sb, err := compare(a, b, 1, c.suiteRuns)
		if err != nil {
			fail(err)
		}
		out = append(out, pair{name: name, sp: sa, py: sb, sameOutput: sa.Stdout == sb.Stdout})
	}
	return out
}

// makeTree writes n files of 0–16 KiB of deterministic bytes into 40
// directories two levels deep.
func makeTree(root string, n int) error {
	x := uint32(2463534242)
	next := func() uint32 { x ^= x << 13; x ^= x >> 17; x ^= x << 5; return x }
	for i := 0; i < n; i++ {
		dir := filepath.Join(root, fmt.Sprintf("d%d", i%8), fmt.Sprintf("s%d", i%5))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		data := make([]byte, next()%16384)
		for j := range data {
			data[j] = byte(next())
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("f%04d.dat", i)), data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

func sameJSON(a, b string) bool {
	var x, y any
	da, err1 := os.ReadFile(a)
	db, err2 := os.ReadFile(b)
	if err1 != nil || err2 != nil || json.Unmarshal(da, &x) != nil || json.Unmarshal(db, &y) != nil {
		return false
	}
	return reflect.DeepEqual(x, y)
}

func countLines(path string) int {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	return bytes.Count(data, []byte("\n"))
}

func loadAvg() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	return strings.Join(strings.Fields(string(data))[:3], " ")
}

func machine(python string) string {
	cpu := "?"
	if data, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(data), "\n") {
			if strings.HasPrefix(line, "model name") {
				cpu = strings.TrimSpace(line[strings.IndexByte(line, ':')+1:])
				break
			}
		}
	}
	pv, _ := exec.Command(python, "-I", "-S", "-c", "import sys; print(sys.version.split()[0])").Output()
	kernel, _ := exec.Command("uname", "-sr").Output()
	return fmt.Sprintf("%s, %d CPUs, %s, %s, CPython %s, %s", cpu, runtime.NumCPU(), strings.TrimSpace(string(kernel)),
		runtime.Version(), strings.TrimSpace(string(pv)), time.Now().UTC().Format("2006-01-02 15:04 UTC"))
}
