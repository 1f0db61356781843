// Package cwd resolves relative paths against the working directory the
// kernel reports (getcwd(2)). os.Getwd, and so filepath.Abs, prefer $PWD
// when it names the same directory, which lets the environment choose how
// a script's path (and so its log's path) is spelled; CPython's
// os.getcwd() asks the kernel too. It is also cheaper: one system call
// instead of two stats and an environment lookup.
package cwd

import (
	"path/filepath"

	"golang.org/x/sys/unix"
)

// Get returns the working directory as the kernel reports it.
func Get() (string, error) {
	for {
		wd, err := unix.Getwd()
		if err != unix.EINTR {
			return wd, err
		}
	}
}

// Abs returns the clean absolute form of path; a relative path is joined
// to Get().
func Abs(path string) (string, error) {
	if filepath.IsAbs(path) {
		return filepath.Clean(path), nil
	}
	wd, err := Get()
	if err != nil {
		return "", err
	}
	return filepath.Join(wd, path), nil
}
