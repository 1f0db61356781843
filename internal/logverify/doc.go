// Package logverify checks spython audit logs and summarises them.
//
// Verify walks a log line by line and reports the first line where the
// tamper-evidence chain (event.hash), the sequence (event.sequence) or a
// run boundary breaks; with anchors taken from the system log (the
// records spython also sent to journald, syslog or a collector) it also
// detects a truncated or rewritten file, which a SHA-256 chain alone
// cannot, since whoever rewrites the file can recompute it.
//
// Summarise (report.go) groups a log by run and lists what PEP 551 asks
// an operator to correlate: denials, dynamic code, files written then
// loaded, network destinations, subprocesses, compiles without open_code
// and sequence gaps.
package logverify
