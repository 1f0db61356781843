package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"time"
)

// cmdSpec is one program to time.
type cmdSpec struct {
	Name string
	Argv []string
	Dir  string
	// Before runs (untimed) before every run, e.g. to remove a log.
	Before func() error
}

// sample is one timed run.
type sample struct {
	wall time.Duration
	cpu  time.Duration // user + system of the child
}

// stats summarises the runs of one command.
type stats struct {
	Runs                   int
	Median, Mean, Min, P90 time.Duration
	CPUMedian              time.Duration
	Stdout                 string // of the last run, to check both sides agree
}

// env is the child environment: fixed and minimal, so that neither side
// picks up configuration from the caller's (CPython runs with -I anyway;
// spython ignores its environment by contract).
var env = []string{"PATH=/usr/local/bin:/usr/bin:/bin", "LANG=C.UTF-8", "HOME=/nonexistent"}

func runOnce(c cmdSpec) (sample, string, error) {
	if c.Before != nil {
		if err := c.Before(); err != nil {
			return sample{}, "", err
		}
	}
	cmd := exec.Command(c.Argv[0], c.Argv[1:]...)
	cmd.Dir, cmd.Env = c.Dir, env
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if err != nil {
		return sample{}, "", fmt.Errorf("%s: %v: %s", c.Name, err, errb.String())
	}
	st := cmd.ProcessState
	return sample{wall: wall, cpu: st.UserTime() + st.SystemTime()}, out.String(), nil
}

// compare times a and b side by side: warm-up runs, then runs pairs,
// alternating which goes first, so that both see the same machine state
// (load from other processes, page cache, CPU frequency).
func compare(a, b cmdSpec, warm, runs int) (stats, stats, error) {
	var sa, sb []sample
	var outA, outB string
	for i := 0; i < warm+runs; i++ {
		order := []*cmdSpec{&a, &b}
		if i%2 == 1 {
			order[0], order[1] = &b, &a
		}
		for _, c := range order {
			s, out, err := runOnce(*c)
			if err != nil {
				return stats{}, stats{}, err
			}
			if i < warm {
				continue
			}
			if c == &a {
				sa, outA = append(sa, s), out
			} else {
				sb, outB = append(sb, s), out
			}
		}
	}
	return summarise(sa, outA), summarise(sb, outB), nil
}

func summarise(s []sample, out string) stats {
	walls := make([]time.Duration, len(s))
	cpus := make([]time.Duration, len(s))
	var sum time.Duration
	for i, x := range s {
		walls[i], cpus[i] = x.wall, x.cpu
		sum += x.wall
	}
	slices.Sort(walls)
	slices.Sort(cpus)
	return stats{
		Runs:      len(s),
		Median:    median(walls),
		Mean:      sum / time.Duration(len(s)),
		Min:       walls[0],
		P90:       walls[len(walls)*9/10],
		CPUMedian: median(cpus),
		Stdout:    out,
	}
}

func median(sorted []time.Duration) time.Duration {
	n := len(sorted)
	if n%2 == 1 {
		return sorted[n/2]
	}
	return (sorted[n/2-1] + sorted[n/2]) / 2
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d)/1e6) }

func ratio(a, b time.Duration) float64 { return float64(a) / float64(b) }

func logf(format string, args ...any) { fmt.Fprintf(os.Stderr, format, args...) }
