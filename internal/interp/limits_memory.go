package interp

import (
	"runtime"
	"runtime/metrics"
	"strconv"
	"sync"
	"time"
)

// The memory limit cannot be an rlimit: go.starlark.net (and the Go
// runtime) reserve far more address space than they use, so RLIMIT_AS
// would kill a healthy run and say nothing useful. Instead the Go heap is
// measured (runtime/metrics), on the script's thread every checkpointSteps
// steps and by a watchdog goroutine, which catches time spent inside one
// builtin; when the live heap exceeds the limit the run is stopped with
// spython.limit (memory, ...) and exit 5, and the launcher ends it itself
// if the builtin does not return within its grace.
//
// The runtime's soft limit (debug.SetMemoryLimit) is deliberately not set
// to the run's limit: with it, one allocation far past the limit (the
// list of [0] * 100000000) makes the runtime try to get back under it
// inside the allocation, where nothing else runs, for seconds to minutes
// on a loaded machine (measured: 4 s for 320 MB with a 128 MB soft limit,
// 0.3 s without), so neither the watchdog nor the launcher's grace timer
// could end the run in time.
//
// What this cannot do: stop a single allocation larger than the machine's
// memory before it happens (Starlark caps one allocation at 1 GiB
// elements), or count memory outside the Go heap (a child process, the
// kernel's page cache). docs/threat-model.md says so.

// memorySampleEvery is the watchdog's sampling period.
const memorySampleEvery = 20 * time.Millisecond

type memoryWatch struct {
	limit uint64 // bytes
	mb    int64
	done  chan struct{}
	once  sync.Once
}

// watchMemory sets the soft limit and starts the watchdog, which ends with
// the run's context.
func (r *runner) watchMemory(mb int64) *memoryWatch {
	m := &memoryWatch{limit: uint64(mb) << 20, mb: mb, done: make(chan struct{})}
	ctx := r.cfg.Context
	go func() {
		t := time.NewTicker(memorySampleEvery)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-m.done:
				return
			case <-t.C:
				if m.over() {
					r.limitHit(LimitMemory, m.value())
					return
				}
			}
		}
	}()
	return m
}

// value is the limit as logged.
func (m *memoryWatch) value() string { return strconv.FormatInt(m.mb, 10) + "MB" }

// Memory is read from runtime/metrics, which does not stop the world
// (runtime.ReadMemStats does, and a watchdog polling it every 20 ms slowed
// the very run it watched, and the delivery of signals with it):
// objects is the heap in use, garbage not yet swept included; live is what
// the last collection found reachable.
var memSamples = []metrics.Sample{
	{Name: "/memory/classes/heap/objects:bytes"},
	{Name: "/gc/heap/live:bytes"},
}

var memMu sync.Mutex // memSamples is shared by the script's thread and the watchdog

func heapBytes() (objects, live uint64) {
	memMu.Lock()
	defer memMu.Unlock()
	metrics.Read(memSamples)
	return memSamples[0].Value.Uint64(), memSamples[1].Value.Uint64()
}

// over is the check for the script's thread and the watchdog: the heap is
// over the limit for real when the last collection found that much live,
// or when it is so far over that garbage cannot explain it (the collector
// lets the heap grow to (1+gcPercent/100) times the live heap); otherwise a
// collection decides.
func (m *memoryWatch) over() bool {
	objects, live := heapBytes()
	if objects <= m.limit {
		return false
	}
	if live > m.limit || objects > 4*m.limit {
		return true
	}
	runtime.GC()
	_, live = heapBytes()
	return live > m.limit
}

// release stops the watchdog and restores the soft limit.
func (m *memoryWatch) release() {
	m.once.Do(func() {
		close(m.done)
	})
}
