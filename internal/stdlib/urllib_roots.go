package stdlib

import (
	"bytes"
	"sync"

	"github.com/spython-dev/spython/internal/pyerr"
	"github.com/spython-dev/spython/internal/tlsrelay"
	"github.com/spython-dev/spython/internal/trusted"
)

// CABundles are the fixed places of the system's CA bundle. Go's default
// (x509.SystemCertPool) also honours SSL_CERT_FILE and SSL_CERT_DIR, and
// the environment must never change what spython trusts.
var CABundles = []string{
	"/etc/ssl/certs/ca-certificates.crt", // Debian, Ubuntu, Alpine
	"/etc/pki/tls/certs/ca-bundle.crt",   // Fedora, RHEL
	"/etc/ssl/ca-bundle.pem",             // openSUSE
	"/etc/ssl/cert.pem",                  // others
}

var (
	rootsOnce sync.Once
	roots     []byte
	rootsErr  error
)

// systemRoots reads the first CA bundle found, once per run. It is parsed
// in the TLS helper; here it only has to hold a certificate.
func systemRoots() ([]byte, error) {
	rootsOnce.Do(func() {
		for _, path := range CABundles {
			pem, err := trusted.Read(path, trusted.Rules{Forbidden: 0o022, MaxSize: tlsrelay.MaxRoots})
			if err != nil {
				continue
			}
			if bytes.Contains(pem, []byte("-----BEGIN CERTIFICATE-----")) {
				roots = pem
				return
			}
		}
		rootsErr = pyerr.New("URLError", "<urlopen error no system CA bundle found (looked in %v)>", CABundles)
	})
	return roots, rootsErr
}
