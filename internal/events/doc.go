// Package events keeps the audit event catalogue honest.
//
// The catalogue is docs/events.md: one table row per event spython raises,
// with its arguments and what raises it. catalogue_test.go scans the Go
// source for every event the code can raise (the first string argument of
// any audit/emit/refuse/raise call, and every string constant named Event…) and
// fails if the code and the table disagree in either direction, so the
// documentation cannot drift from the code.
package events
