package stdlib

import (
	"crypto/x509"
	"sync"

	"github.com/spython-dev/spython/internal/pyerr"
	"github.com/spython-dev/spython/internal/trusted"
)

// caBundles are the fixed places of the system's CA bundle. Go's default
// (x509.SystemCertPool) also honours SSL_CERT_FILE and SSL_CERT_DIR, and
// the environment must never change what spython trusts.
var caBundles = []string{
	"/etc/ssl/certs/ca-certificates.crt", // Debian, Ubuntu, Alpine
	"/etc/pki/tls/certs/ca-bundle.crt",   // Fedora, RHEL
	"/etc/ssl/ca-bundle.pem",             // openSUSE
	"/etc/ssl/cert.pem",                  // others
}

var (
	rootsOnce sync.Once
	roots     *x509.CertPool
	rootsErr  error
)

// systemRoots loads the first CA bundle found, once per run.
func systemRoots() (*x509.CertPool, error) {
	rootsOnce.Do(func() {
		for _, path := range caBundles {
			pem, err := trusted.Read(path, trusted.Rules{Forbidden: 0o022, MaxSize: 16 << 20})
			if err != nil {
				continue
			}
			pool := x509.NewCertPool()
			if pool.AppendCertsFromPEM(pem) {
				roots = pool
				return
			}
		}
		rootsErr = pyerr.New("URLError", "<urlopen error no system CA bundle found (looked in %v)>", caBundles)
	})
	return roots, rootsErr
}
