package sigwatch

import (
	"os"
	"os/signal"
	"syscall"
)

// notify catches sigs with os/signal, on its own goroutine because each
// signal costs a round trip to the runtime's signal thread, and calls
// caught once they all are.
func notify(sigs []syscall.Signal, caught func()) {
	go func() {
		ch := make(chan os.Signal, 1)
		for _, s := range sigs {
			signal.Notify(ch, s)
		}
		caught()
		for s := range ch {
			deliver(s.(syscall.Signal))
		}
	}()
}
