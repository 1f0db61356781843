//go:build !unix

package argparse

func terminalColumns() int { return 0 }
