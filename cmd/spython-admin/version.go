package main

import "fmt"

// Version is set at link time by the Makefile (-X main.Version), to the
// same value as spython's, so that `spython-admin version` and
// `spython --version` agree.
var Version = "dev"

func init() {
	register("version", command{usage: "version   print the version (the same as spython --version)", run: func([]string) int {
		fmt.Println("spython-admin", Version)
		return 0
	}})
}
