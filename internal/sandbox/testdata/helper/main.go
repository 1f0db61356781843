// Command helper applies a sandbox.Config given as JSON in argv[1], then
// tries the operations listed there and prints what happened as JSON. The
// sandbox tests build it with CGO_ENABLED=0, as spython itself is built:
// a cgo binary cannot change every thread (see package sandbox).
package main

import (
	"encoding/json"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/spython-dev/spython/internal/sandbox"
)

type helperCase struct {
	Config sandbox.Config
	Read   []string // files to read
	Write  []string // files to create
	Dial   []int    // TCP ports on 127.0.0.1 to connect to
}

type probe struct {
	Status  sandbox.Status
	Results map[string]string
}

func main() {
	var hc helperCase
	if err := json.Unmarshal([]byte(os.Args[1]), &hc); err != nil {
		panic(err)
	}
	st, err := sandbox.Apply(hc.Config)
	out := probe{Status: st, Results: map[string]string{}}
	if err != nil {
		out.Results["apply"] = err.Error()
	}
	res := func(err error) string {
		if err == nil {
			return "ok"
		}
		if errors.Is(err, os.ErrPermission) {
			return "EACCES"
		}
		return err.Error()
	}
	for _, p := range hc.Read {
		_, err := os.ReadFile(p)
		out.Results["read "+p] = res(err)
	}
	for _, p := range hc.Write {
		out.Results["write "+p] = res(os.WriteFile(p, []byte("x"), 0o600))
	}
	// Connect rather than bind: Go listens with MPTCP by default, which
	// Landlock's TCP rules do not cover (see docs/threat-model.md).
	for _, port := range hc.Dial {
		c, err := net.Dial("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
		if err == nil {
			c.Close()
		}
		out.Results["dial "+strconv.Itoa(port)] = res(err)
	}
	// Every thread, not just the one that called Apply, must carry
	// no_new_privs.
	tasks, _ := filepath.Glob("/proc/self/task/*/status")
	nnp := "all"
	for _, t := range tasks {
		data, _ := os.ReadFile(t)
		if !strings.Contains(string(data), "NoNewPrivs:\t1") {
			nnp = "not all"
		}
	}
	out.Results["threads no_new_privs"] = nnp
	json.NewEncoder(os.Stdout).Encode(out)
}
