package main

import (
	"fmt"
	"io"

	"github.com/spf13/pflag"

	"github.com/spython-dev/spython/internal/integrity"
	"github.com/spython-dev/spython/internal/policy"
)

func init() {
	register("setxattr", command{usage: "setxattr [--name ATTR] FILE...    store each file's SHA-256 in ATTR (default " + policy.DefaultXattrName + ")", run: runSetXattr})
	register("checkxattr", command{usage: "checkxattr [--name ATTR] FILE...  check each file's SHA-256 against ATTR", run: runCheckXattr})
}

func xattrFlags(name string, args []string) (string, []string, bool) {
	fs := pflag.NewFlagSet(name, pflag.ContinueOnError)
	attr := fs.String("name", policy.DefaultXattrName, "attribute name (user.* or trusted.*)")
	if err := fs.Parse(args); err != nil || fs.NArg() == 0 {
		return "", nil, false
	}
	return *attr, fs.Args(), true
}

func runSetXattr(args []string) int {
	attr, files, ok := xattrFlags("setxattr", args)
	if !ok {
		return usageErr("setxattr [--name ATTR] FILE...")
	}
	bad := 0
	for _, p := range files {
		// Hash and label through one descriptor, so the label is for the
		// bytes that were hashed.
		f, err := openCode(p)
		if err == nil {
			var data []byte
			if data, err = io.ReadAll(f); err == nil {
				err = integrity.SetXattr(f, attr, data)
			}
			f.Close()
		}
		if err != nil {
			fmt.Printf("FAIL %s: %v\n", p, err)
			bad++
			continue
		}
		fmt.Printf("set  %s\n", p)
	}
	if bad > 0 {
		return 1
	}
	return 0
}

func runCheckXattr(args []string) int {
	attr, files, ok := xattrFlags("checkxattr", args)
	if !ok {
		return usageErr("checkxattr [--name ATTR] FILE...")
	}
	bad := 0
	for _, p := range files {
		f, err := openCode(p)
		reason := ""
		if err == nil {
			var data []byte
			if data, err = io.ReadAll(f); err == nil {
				reason = integrity.CheckXattr(f, attr, data)
			}
			f.Close()
		}
		if err != nil {
			reason = err.Error()
		}
		if reason != "" {
			fmt.Printf("FAIL %s: %s\n", p, reason)
			bad++
			continue
		}
		fmt.Printf("ok   %s\n", p)
	}
	if bad > 0 {
		return 1
	}
	return 0
}
