package integrity

import (
	"errors"
	"os"
)

// withFD runs fn on f's descriptor without changing its blocking mode (as
// f.Fd() would).
func withFD(f *os.File, fn func(fd int)) error {
	if f == nil {
		return errors.New("no file descriptor")
	}
	rc, err := f.SyscallConn()
	if err != nil {
		return err
	}
	return rc.Control(func(fd uintptr) { fn(int(fd)) })
}
