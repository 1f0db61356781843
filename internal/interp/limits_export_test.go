package interp

import "runtime/debug"

// debugMemoryLimit reads the soft limit without changing it.
func debugMemoryLimit() int64 { return debug.SetMemoryLimit(-1) }
