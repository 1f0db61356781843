//go:build unix

package argparse

import "golang.org/x/sys/unix"

// terminalColumns is the width of the terminal on file descriptor 1
// (CPython's os.get_terminal_size(sys.__stdout__.fileno())), 0 if none.
func terminalColumns() int {
	ws, err := unix.IoctlGetWinsize(1, unix.TIOCGWINSZ)
	if err != nil {
		return 0
	}
	return int(ws.Col)
}
