package launcher

import (
	"errors"
	"fmt"
	"io"

	"golang.org/x/sys/unix"

	"github.com/spython-dev/spython/internal/audit"
	"github.com/spython-dev/spython/internal/chainkey"
	"github.com/spython-dev/spython/internal/policy"
	"github.com/spython-dev/spython/internal/record"
	"github.com/spython-dev/spython/internal/sink"
)

// Socket paths the "auto" sink looks for (variables so tests can point
// them elsewhere; nothing at run time can).
var (
	journalSocket = sink.DefaultJournalSocket
	syslogSocket  = sink.DefaultSyslogSocket
)

// openNatives opens the native sinks the policy names. A required sink
// that cannot be opened is an error (the run fails closed with exit 3);
// an optional one is reported on stderr and skipped.
func openNatives(p *policy.Policy, stderr io.Writer) ([]audit.Native, error) {
	var natives []audit.Native
	for i, s := range p.Log.Sinks {
		h, err := openNative(s, stderr)
		if err == nil && h == nil {
			if s.Required {
				err = errors.New("auto: neither the journald nor the syslog socket exists")
			} else {
				continue // auto found no system log: nothing to send to
			}
		}
		if err != nil {
			if s.Required {
				for _, n := range natives {
					n.Close()
				}
				return nil, fmt.Errorf("required log sink %d (%s): %w", i, s.Kind, err)
			}
			fmt.Fprintf(stderr, "spython: warning: log sink %d (%s) not used: %v\n", i, s.Kind, err)
			if t, ok := h.(*sink.TCP); ok {
				// An optional collector that is down now is retried later.
				natives = append(natives, audit.Native{Handler: t})
			}
			continue
		}
		natives = append(natives, audit.Native{Handler: h, Required: s.Required})
	}
	return natives, nil
}

// openNative opens one sink; (nil, nil) means "auto" found no system log.
func openNative(s policy.Sink, stderr io.Writer) (sink.Handler, error) {
	switch s.Kind {
	case "journald":
		return openOr(sink.OpenJournald(pathOr(s.Address, journalSocket), s.All))
	case "syslog":
		return openOr(sink.OpenSyslog(pathOr(s.Address, syslogSocket), s.All))
	case "tcp":
		t := sink.NewTCP(s.Address, s.All)
		return t, t.Connect()
	case "auto":
		if isSocket(journalSocket) {
			j, err := sink.OpenJournald(journalSocket, s.All)
			if err == nil {
				return j, nil
			}
			// A stale socket (journald stopped, the file left behind)
			// refuses the connection: keep a native copy through syslog
			// rather than none, and say so.
			if isSocket(syslogSocket) {
				if sl, serr := sink.OpenSyslog(syslogSocket, s.All); serr == nil {
					fmt.Fprintf(stderr, "spython: warning: log sink (auto): %v; using syslog %s instead\n", err, syslogSocket)
					return sl, nil
				}
			}
			return nil, err
		}
		if isSocket(syslogSocket) {
			return openOr(sink.OpenSyslog(syslogSocket, s.All))
		}
		return nil, nil
	}
	return nil, fmt.Errorf("unknown sink kind %q", s.Kind)
}

// openOr keeps a typed nil pointer from becoming a non-nil Handler.
func openOr[H sink.Handler](h H, err error) (sink.Handler, error) {
	if err != nil {
		return nil, err
	}
	return h, nil
}

func pathOr(p, def string) string {
	if p != "" {
		return p
	}
	return def
}

func isSocket(path string) bool {
	var st unix.Stat_t
	return unix.Stat(path, &st) == nil && st.Mode&unix.S_IFMT == unix.S_IFSOCK
}

// chainKey takes the chain key named by the policy (chainkey.Take: a
// root-only file; a forward-secure key moves on to the next epoch). If the
// key cannot be used, the run falls back to plain SHA-256 and says why on
// stderr: the spec's "with no key available, plain SHA-256". The fallback
// is visible in the log (spython.chain.alg is "sha256" on the run's first
// record) and `spython-admin verify --key` reports such a run as a
// downgrade, so an attacker who removes the key gains nothing unnoticed,
// while a missing key does not stop the fleet's jobs.
func chainKey(p *policy.Policy, stderr io.Writer) *record.Key {
	path := p.Log.HMACKeyFile
	if path == "" {
		return nil
	}
	key, err := chainkey.Take(path)
	if err != nil {
		fmt.Fprintf(stderr, "spython: warning: hmac key %s not used, chaining with plain SHA-256: %v\n", path, err)
		return nil
	}
	return key
}
