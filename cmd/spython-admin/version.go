package main

import (
	"fmt"
	"runtime/debug"
)

func init() {
	register("version", command{usage: "version", run: func([]string) int {
		v := "dev"
		if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
			v = bi.Main.Version
		}
		fmt.Println("spython-admin", v)
		return 0
	}})
}
