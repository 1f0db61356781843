package stdlib

import (
	"os"
	"testing"

	"github.com/spython-dev/spython/internal/tlsrelay"
	"github.com/spython-dev/spython/internal/tlsrelay/tlsrelaytest"
)

func TestMain(m *testing.M) { os.Exit(tlsrelaytest.Main(m)) }

// useTLSHelper makes https use a freshly built, pinned spython-tls.
func useTLSHelper(t *testing.T) {
	h := tlsrelaytest.Helper(t)
	old := urlTLS
	urlTLS = func() *tlsrelay.Helper { return h }
	t.Cleanup(func() { urlTLS = old })
}
