package main

import (
	"debug/buildinfo"
	"path/filepath"
	"strings"
	"testing"
)

// TestRuntimeSettingsCompiledIn: both builds carry the runtime settings of
// main.go's //go:debug lines (GODEBUG from the environment cannot change
// them: CleanRuntimeEnv drops it).
func TestRuntimeSettingsCompiledIn(t *testing.T) {
	for _, name := range []string{"spython", "spython-dev"} {
		info, err := buildinfo.ReadFile(filepath.Join(binDir, name))
		if err != nil {
			t.Fatal(err)
		}
		godebug := ""
		for _, s := range info.Settings {
			if s.Key == "DefaultGODEBUG" {
				godebug = s.Value
			}
		}
		if !strings.Contains(","+godebug+",", ",updatemaxprocs=0,") {
			t.Errorf("%s: DefaultGODEBUG = %q, want updatemaxprocs=0 in it", name, godebug)
		}
	}
}
