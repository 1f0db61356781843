//go:build !(linux && amd64)

package sigwatch

func install() { notify(Stop, func() { close(ready) }) }
