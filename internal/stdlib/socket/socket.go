// Package socket is the socket module: TCP and UDP sockets over IPv4 and
// IPv6 (socket objects, create_connection) and name resolution, each
// raising CPython 3.11's event before it acts. AF_UNIX is not offered:
// binding one creates a file at a path, which the log's self-protection
// would have to police; sockets here cannot touch the filesystem.
//
// AuditedConnect is create_connection's sequence of events for a Go
// dialer: urllib's urlopen connects through it.
package socket

import (
	"errors"
	"math"
	"net"
	"net/netip"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"
	"golang.org/x/sys/unix"

	"github.com/spython-dev/spython/internal/pyerr"
	"github.com/spython-dev/spython/internal/stdlib/core"
)

// lib carries the Env to the module's functions and sockets.
type lib struct {
	env *core.Env
}

// Module returns the socket module. Its events are raised through env.
func Module(env *core.Env) *starlarkstruct.Module {
	l := &lib{env: env}
	m := &starlarkstruct.Module{Name: "socket", Members: starlark.StringDict{
		"gethostname":       starlark.NewBuiltin("socket.gethostname", l.socketGethostname),
		"socket":            starlark.NewBuiltin("socket.socket", l.socketNew),
		"create_connection": starlark.NewBuiltin("socket.create_connection", l.socketCreateConnection),
		"gethostbyname":     starlark.NewBuiltin("socket.gethostbyname", l.socketGethostbyname),
		"getfqdn":           starlark.NewBuiltin("socket.getfqdn", l.socketGetfqdn),
		"getaddrinfo":       starlark.NewBuiltin("socket.getaddrinfo", l.socketGetaddrinfo),
		"getdefaulttimeout": starlark.NewBuiltin("socket.getdefaulttimeout", socketGetdefaulttimeout),
	}}
	for k, v := range map[string]int{
		"AF_UNSPEC": 0, "AF_INET": pyAFInet, "AF_INET6": pyAFInet6,
		"SOCK_STREAM": pySockStream, "SOCK_DGRAM": pySockDgram, "SOCK_RAW": 3,
		"IPPROTO_TCP": pyProtoTCP, "IPPROTO_UDP": pyProtoUDP, "IPPROTO_IP": 0,
		"SOL_SOCKET": unix.SOL_SOCKET, "SO_REUSEADDR": unix.SO_REUSEADDR, "SO_REUSEPORT": unix.SO_REUSEPORT,
		"SO_KEEPALIVE": unix.SO_KEEPALIVE, "SO_BROADCAST": unix.SO_BROADCAST, "SO_RCVBUF": unix.SO_RCVBUF,
		"SO_SNDBUF": unix.SO_SNDBUF, "TCP_NODELAY": unix.TCP_NODELAY,
		"SHUT_RD": unix.SHUT_RD, "SHUT_WR": unix.SHUT_WR, "SHUT_RDWR": unix.SHUT_RDWR,
		"AI_PASSIVE": pyAIPassive, "AI_CANONNAME": 2, "AI_NUMERICHOST": 4,
		"SOMAXCONN": unix.SOMAXCONN, "MSG_PEEK": unix.MSG_PEEK,
	} {
		m.Members[k] = starlark.MakeInt(v)
	}
	m.Members["has_ipv6"] = starlark.True
	return m
}

func (l *lib) socketGethostname(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := core.Unpack(b.Name(), args, kwargs); err != nil {
		return nil, err
	}
	if err := l.env.Raise(thread, "socket.gethostname"); err != nil {
		return nil, err
	}
	name, err := os.Hostname()
	if err != nil {
		return nil, core.OSError(err)
	}
	return starlark.String(name), nil
}

func socketGetdefaulttimeout(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := core.Unpack(b.Name(), args, kwargs); err != nil {
		return nil, err
	}
	return starlark.None, nil
}

// pyAIPassive is glibc's AI_PASSIVE.
const pyAIPassive = 1

// socketErr gives a socket failure Python's class and wording.
func socketErr(err error) error {
	if errors.Is(err, os.ErrDeadlineExceeded) {
		return pyerr.New("TimeoutError", "timed out")
	}
	var errno syscall.Errno
	if errors.As(err, &errno) {
		return core.OSError(errno)
	}
	return core.OSError(err)
}

// gaierror is Python's socket.gaierror for a name that does not resolve.
func gaierror(err error) error {
	var dns *net.DNSError
	if errors.As(err, &dns) && (dns.IsNotFound || dns.Err == "no addresses") {
		return pyerr.New("gaierror", "[Errno -2] Name or service not known")
	}
	if errors.As(err, &dns) && dns.IsTemporary {
		return pyerr.New("gaierror", "[Errno -3] Temporary failure in name resolution")
	}
	return pyerr.New("gaierror", "%v", err)
}

// --- name resolution ---

// pyPort reads a port as Python's getaddrinfo takes it: an int, a str of
// digits or a service name, or None.
func pyPort(v starlark.Value) (int, starlark.Value, error) {
	switch p := v.(type) {
	case starlark.NoneType:
		return 0, starlark.None, nil
	case starlark.Int:
		n, ok := p.Int64()
		if !ok || n < 0 || n > 65535 {
			return 0, nil, pyerr.New("OverflowError", "getaddrinfo(): port must be 0-65535.")
		}
		return int(n), p, nil
	case starlark.String:
		s := string(p)
		if n, err := strconv.Atoi(s); err == nil && n >= 0 && n <= 65535 {
			return n, p, nil
		}
		n, err := net.LookupPort("tcp", s)
		if err != nil {
			return 0, nil, pyerr.New("gaierror", "[Errno -8] Servname not supported for ai_socktype")
		}
		return n, p, nil
	case starlark.Bytes:
		return pyPort(starlark.String(p))
	}
	return 0, nil, pyerr.New("OSError", "Int or String expected")
}

// lookup resolves host for a family (0: any), IP literals without a
// query, "" as the wildcard (passive) or loopback address.
func (l *lib) lookup(host string, family int, passive bool) ([]netip.Addr, error) {
	var ips []netip.Addr
	if host == "" {
		switch {
		case passive && family == pyAFInet6:
			ips = []netip.Addr{netip.IPv6Unspecified()}
		case passive:
			ips = []netip.Addr{netip.IPv4Unspecified()}
		case family == pyAFInet6:
			ips = []netip.Addr{netip.IPv6Loopback()}
		default:
			ips = []netip.Addr{netip.AddrFrom4([4]byte{127, 0, 0, 1})}
		}
	} else if host == "<broadcast>" {
		ips = []netip.Addr{netip.AddrFrom4([4]byte{255, 255, 255, 255})}
	} else {
		var err error
		if ips, err = resolveHost(l.env.Ctx(), host); err != nil {
			return nil, gaierror(err)
		}
	}
	out := ips[:0:0]
	for _, ip := range ips {
		ip4 := ip.Is4() || ip.Is4In6()
		if family == 0 || (family == pyAFInet && ip4) || (family == pyAFInet6 && !ip4) {
			out = append(out, ip)
		}
	}
	if len(out) == 0 {
		if family == pyAFInet || family == pyAFInet6 {
			return nil, pyerr.New("gaierror", "[Errno -9] Address family for hostname not supported")
		}
		return nil, pyerr.New("gaierror", "[Errno -2] Name or service not known")
	}
	return out, nil
}

// getaddrinfo(host, port, family=0, type=0, proto=0, flags=0)
func (l *lib) socketGetaddrinfo(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var hostV, portV starlark.Value
	family, typ, proto, flags := 0, 0, 0, 0
	if err := core.Unpack(b.Name(), args, kwargs, "host", &hostV, "port", &portV, "family?", &family,
		"type?", &typ, "proto?", &proto, "flags?", &flags); err != nil {
		return nil, err
	}
	if err := l.env.Raise(thread, "socket.getaddrinfo", hostV, portV, starlark.MakeInt(family), starlark.MakeInt(typ), starlark.MakeInt(proto)); err != nil {
		return nil, err
	}
	host := ""
	switch h := hostV.(type) {
	case starlark.NoneType:
	case starlark.String:
		host = string(h)
	case starlark.Bytes:
		host = string(h)
	default:
		return nil, pyerr.New("TypeError", "getaddrinfo() argument 1 must be string or None")
	}
	port, _, err := pyPort(portV)
	if err != nil {
		return nil, err
	}
	if family != 0 && family != pyAFInet && family != pyAFInet6 {
		return nil, pyerr.New("gaierror", "[Errno -6] ai_family not supported")
	}
	ips, err := l.lookup(host, family, flags&pyAIPassive != 0)
	if err != nil {
		return nil, err
	}
	types := []int{pySockStream, pySockDgram, 3}
	if typ != 0 {
		types = []int{typ}
	}
	var out []starlark.Value
	for _, ip := range ips {
		fam := pyAFInet
		if !ip.Is4() && !ip.Is4In6() {
			fam = pyAFInet6
		}
		for _, t := range types {
			p := proto
			if p == 0 {
				switch t {
				case pySockStream:
					p = pyProtoTCP
				case pySockDgram:
					p = pyProtoUDP
				}
			}
			out = append(out, starlark.Tuple{starlark.MakeInt(fam), starlark.MakeInt(t), starlark.MakeInt(p),
				starlark.String(""), pyAddress(ip, port)})
		}
	}
	return starlark.NewList(out), nil
}

// gethostbyname(hostname) -> the first IPv4 address, as a str.
func (l *lib) socketGethostbyname(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var host string
	if err := core.Unpack(b.Name(), args, kwargs, "hostname", &host); err != nil {
		return nil, err
	}
	if err := l.env.Raise(thread, "socket.gethostbyname", starlark.String(host)); err != nil {
		return nil, err
	}
	ips, err := l.lookup(host, pyAFInet, false)
	if err != nil {
		if e, ok := err.(*pyerr.Error); ok && strings.Contains(e.Msg, "Errno -9") {
			return nil, pyerr.New("gaierror", "[Errno -5] No address associated with hostname")
		}
		return nil, err
	}
	return starlark.String(ips[0].Unmap().String()), nil
}

// getfqdn(name=”) as CPython: gethostname() for an empty name, then the
// first name with a dot among the reverse lookup's names (raising
// socket.gethostbyaddr as CPython's gethostbyaddr does), else the
// primary one, else the name itself.
func (l *lib) socketGetfqdn(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	name := ""
	if err := core.Unpack(b.Name(), args, kwargs, "name?", &name); err != nil {
		return nil, err
	}
	name = strings.TrimSpace(name)
	if name == "" || name == "0.0.0.0" {
		if err := l.env.Raise(thread, "socket.gethostname"); err != nil {
			return nil, err
		}
		h, err := os.Hostname()
		if err != nil {
			return nil, core.OSError(err)
		}
		name = h
	}
	if err := l.env.Raise(thread, "socket.gethostbyaddr", starlark.String(name)); err != nil {
		return nil, err
	}
	ips, err := l.lookup(name, 0, false)
	if err != nil {
		return starlark.String(name), nil
	}
	names, err := net.DefaultResolver.LookupAddr(l.env.Ctx(), ips[0].Unmap().String())
	if err != nil || len(names) == 0 {
		return starlark.String(name), nil
	}
	for i := range names {
		names[i] = strings.TrimSuffix(names[i], ".")
	}
	for _, n := range names {
		if strings.Contains(n, ".") {
			return starlark.String(n), nil
		}
	}
	return starlark.String(names[0]), nil
}

// create_connection(address, timeout=None, source_address=None):
// socket.getaddrinfo, then for each address socket.__new__ and
// socket.connect, as CPython's.
func (l *lib) socketCreateConnection(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var address starlark.Tuple
	var timeout, source starlark.Value = starlark.None, starlark.None
	if err := core.Unpack(b.Name(), args, kwargs, "address", &address, "timeout?", &timeout, "source_address?", &source); err != nil {
		return nil, err
	}
	if len(address) != 2 {
		return nil, pyerr.New("TypeError", "create_connection() address must be a (host, port) tuple")
	}
	host, ok := address[0].(starlark.String)
	if !ok {
		return nil, pyerr.New("TypeError", "create_connection() host must be a str, not %s", address[0].Type())
	}
	tmo, err := sockTimeoutArg(timeout)
	if err != nil {
		return nil, err
	}
	if err := l.env.Raise(thread, "socket.getaddrinfo", host, address[1], starlark.MakeInt(0), starlark.MakeInt(pySockStream), starlark.MakeInt(0)); err != nil {
		return nil, err
	}
	port, _, err := pyPort(address[1])
	if err != nil {
		return nil, err
	}
	ips, err := l.lookup(string(host), 0, false)
	if err != nil {
		return nil, err
	}
	var lastErr error
	for _, ip := range ips {
		fam := pyAFInet
		if !ip.Is4() && !ip.Is4In6() {
			fam = pyAFInet6
		}
		s, err := l.newSocket(thread, fam, pySockStream, pyProtoTCP)
		if err != nil {
			return nil, err
		}
		s.timeout = tmo
		if source != starlark.None {
			if _, err := s.call(thread, "bind", source); err != nil {
				s.close()
				return nil, err
			}
		}
		if _, err := s.call(thread, "connect", pyAddress(ip, port)); err != nil {
			s.close()
			if hooksErr(err) {
				return nil, err
			}
			lastErr = err
			continue
		}
		return s, nil
	}
	return nil, lastErr
}

// hooksErr reports an error that did not come from the network: a hook's
// denial or a failing log, which ends create_connection at once.
func hooksErr(err error) bool {
	var pe *pyerr.Error
	if errors.As(err, &pe) {
		switch pe.Kind {
		case "ConnectionRefusedError", "TimeoutError", "OSError", "ConnectionResetError", "InterruptedError":
			return false
		}
	}
	return true
}

func sockTimeoutArg(v starlark.Value) (time.Duration, error) {
	switch t := v.(type) {
	case starlark.NoneType:
		return -1, nil
	case starlark.Int, starlark.Float:
		f, _ := starlark.AsFloat(t)
		if f < 0 || math.IsNaN(f) {
			return 0, pyerr.New("ValueError", "Timeout value out of range")
		}
		if math.IsInf(f, 1) || f > 1e9 {
			return 0, pyerr.New("OverflowError", "timeout doesn't fit into C timeval")
		}
		return time.Duration(f * float64(time.Second)), nil
	}
	return 0, pyerr.New("TypeError", "'%s' object cannot be interpreted as an integer", core.TypeName(v))
}

// socket(family=AF_INET, type=SOCK_STREAM, proto=0, fileno=None)
func (l *lib) socketNew(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	family, typ, proto := pyAFInet, pySockStream, 0
	var fileno starlark.Value = starlark.None
	if err := core.Unpack(b.Name(), args, kwargs, "family?", &family, "type?", &typ, "proto?", &proto, "fileno?", &fileno); err != nil {
		return nil, err
	}
	if fileno != starlark.None {
		return nil, pyerr.New("OSError", "socket(fileno=) is not supported by spython")
	}
	s, err := l.newSocket(thread, family, typ, proto)
	if err != nil {
		return nil, err
	}
	return s, nil
}

// newSocket raises socket.__new__ (self, family, type, proto) and makes
// the socket: non-blocking underneath, waited on through Go's poller, so
// that a timeout or the run ending interrupts any call.
func (l *lib) newSocket(thread *starlark.Thread, family, typ, proto int) (*pySocket, error) {
	if err := l.env.Raise(thread, "socket.__new__", starlark.String(pySocketNew), starlark.MakeInt(family), starlark.MakeInt(typ), starlark.MakeInt(proto)); err != nil {
		return nil, err
	}
	if family != pyAFInet && family != pyAFInet6 {
		return nil, pyerr.New("OSError", "[Errno 97] Address family not supported by protocol (spython offers AF_INET and AF_INET6)")
	}
	if typ != pySockStream && typ != pySockDgram {
		return nil, pyerr.New("OSError", "[Errno 94] Socket type not supported (spython offers SOCK_STREAM and SOCK_DGRAM)")
	}
	fd, err := unix.Socket(family, typ|unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, proto)
	if err != nil {
		return nil, socketErr(err)
	}
	return newPySocket(l, fd, family, typ, proto), nil
}

func newPySocket(l *lib, fd, family, typ, proto int) *pySocket {
	f := os.NewFile(uintptr(fd), "socket")
	rc, _ := f.SyscallConn()
	return &pySocket{l: l, f: f, rc: rc, fd: fd, family: family, typ: typ, proto: proto, timeout: -1}
}
