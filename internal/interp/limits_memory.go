package interp

import (
	"runtime"
	"runtime/debug"
	"strconv"
	"sync"
	"time"
)

// The memory limit cannot be an rlimit: go.starlark.net (and the Go
// runtime) reserve far more address space than they use, so RLIMIT_AS
// would kill a healthy run and say nothing useful. Instead the Go heap is
// measured: the runtime's soft limit (debug.SetMemoryLimit) makes the
// collector work hard near the limit, and when the live heap still exceeds
// it the run is stopped with spython.limit (memory, ...) and exit 5. The
// check runs on the script's thread every checkpointSteps steps and on a
// watchdog goroutine, which catches time spent inside one builtin.
//
// What this cannot do: stop a single allocation larger than the machine's
// memory before it happens (Starlark caps one allocation at 1 GiB), or
// count memory outside the Go heap (a child process, the kernel's page
// cache). docs/threat-model.md says so.

// memorySampleEvery is the watchdog's sampling period.
const memorySampleEvery = 20 * time.Millisecond

type memoryWatch struct {
	limit    uint64 // bytes
	mb       int64
	prevSoft int64
	done     chan struct{}
	once     sync.Once
}

// watchMemory sets the soft limit and starts the watchdog, which ends with
// the run's context.
func (r *runner) watchMemory(mb int64) *memoryWatch {
	m := &memoryWatch{limit: uint64(mb) << 20, mb: mb, done: make(chan struct{})}
	m.prevSoft = debug.SetMemoryLimit(int64(m.limit))
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

// heapBytes is the Go heap in use, garbage not yet swept included.
// (runtime.ReadMemStats rather than runtime/metrics: the latter's package
// initialisation alone costs about a millisecond of every start-up.)
func heapBytes() uint64 {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// over is the check for the script's thread and the watchdog: when the
// heap, garbage included, is over the limit, collect to find out whether
// the live heap really is.
func (m *memoryWatch) over() bool {
	if heapBytes() <= m.limit {
		return false
	}
	runtime.GC()
	return heapBytes() > m.limit
}

// release stops the watchdog and restores the soft limit.
func (m *memoryWatch) release() {
	m.once.Do(func() {
		close(m.done)
		debug.SetMemoryLimit(m.prevSoft)
	})
}
