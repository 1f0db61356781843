// Package sink delivers encoded audit records to where they are kept.
//
// The shape follows log/slog: a tiny Handler interface (Enabled, Handle,
// Close) with one implementation per destination. File is the per-script
// JSON-lines log; native sinks (journald, syslog, a TCP collector) carry
// the important records off the file so that a rewritten file is
// detectable. Handlers never buffer records in user space: Handle hands the
// bytes to the kernel before it returns.
package sink
