// Package difftest holds the differential test against CPython (see
// diff_test.go and testdata/diff/README.md). It has no code of its own.
package difftest
