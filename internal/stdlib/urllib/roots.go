package urllib

import (
	"crypto/x509"
	"sync"

	"github.com/spython-dev/spython/internal/pyerr"
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

// maxCABundle bounds the CA bundle read (Debian's is about 220 KB).
const maxCABundle = 16 << 20

var (
	rootsOnce sync.Once
	roots     *x509.CertPool
	rootsErr  error
)

// systemRoots parses the first CA bundle found that holds a certificate,
// once per run. The file must not be writable by group or others.
func systemRoots() (*x509.CertPool, error) {
	rootsOnce.Do(func() {
		for _, path := range CABundles {
			pem, err := trusted.Read(path, trusted.Rules{Forbidden: 0o022, MaxSize: maxCABundle})
			if err != nil {
				continue
			}
			pool := x509.NewCertPool()
			if pool.AppendCertsFromPEM(pem) {
				roots = pool
				return
			}
		}
		rootsErr = pyerr.New("URLError", "<urlopen error no system CA bundle found (looked in %v)>", CABundles)
	})
	return roots, rootsErr
}
