package main

import (
	"bufio"
	"os"
	"slices"
	"strconv"
	"strings"
)

// goBench holds parsed `go test -bench` output (benchstat's format): for
// each benchmark name (without the -GOMAXPROCS suffix) and unit, every
// value reported across -count runs and rounds.
type goBench map[string]map[string][]float64

func readGoBench(path string) (goBench, string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, "", err
	}
	gb := goBench{}
	sc := bufio.NewScanner(strings.NewReader(string(data)))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") {
			continue
		}
		name := f[0]
		if i := strings.LastIndexByte(name, '-'); i > 0 {
			if _, err := strconv.Atoi(name[i+1:]); err == nil {
				name = name[:i]
			}
		}
		if gb[name] == nil {
			gb[name] = map[string][]float64{}
		}
		for i := 2; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				break
			}
			gb[name][f[i+1]] = append(gb[name][f[i+1]], v)
		}
	}
	return gb, string(data), sc.Err()
}

// median returns the median of a benchmark's values in unit, and whether
// there were any.
func (gb goBench) median(name, unit string) (float64, bool) {
	vs := slices.Clone(gb[name][unit])
	if len(vs) == 0 {
		return 0, false
	}
	slices.Sort(vs)
	n := len(vs)
	if n%2 == 1 {
		return vs[n/2], true
	}
	return (vs[n/2-1] + vs[n/2]) / 2, true
}

// max returns the largest value (for allocs/op: any run that allocated).
func (gb goBench) max(name, unit string) (float64, bool) {
	vs := gb[name][unit]
	if len(vs) == 0 {
		return 0, false
	}
	return slices.Max(vs), true
}

// names returns the benchmarks whose name starts with prefix, sorted.
func (gb goBench) names(prefix string) []string {
	var out []string
	for n := range gb {
		if strings.HasPrefix(n, prefix) {
			out = append(out, n)
		}
	}
	slices.Sort(out)
	return out
}
