package socket

import (
	"context"
	"net"
	"net/netip"
	"strconv"
	"syscall"
	"time"

	"go.starlark.net/starlark"
)

// LookupIPAddr resolves host names, for the socket module and urlopen;
// tests replace it to observe DNS queries.
var LookupIPAddr = net.DefaultResolver.LookupIPAddr

// Python's socket constants, as CPython's events show them.
const (
	pyAFUnspec    = 0
	pyAFInet      = 2
	pyAFInet6     = 10
	pySockStream  = 1
	pySockDgram   = 2
	pyProtoDetect = 0
	pyProtoTCP    = 6
	pyProtoUDP    = 17
)

// pySocketNew is the self argument of socket.__new__: CPython raises it
// before the socket exists, and shows it as this.
const pySocketNew = "<socket.socket fd=-1, family=0, type=0, proto=0>"

// pyUnboundRepr is CPython's repr of a socket made but not yet bound or
// connected (the self of socket.connect in create_connection).
func pyUnboundRepr(fd, family, typ, proto int) string {
	laddr := "('0.0.0.0', 0)"
	if family == pyAFInet6 {
		laddr = "('::', 0, 0, 0)"
	}
	return "<socket.socket fd=" + strconv.Itoa(fd) + ", family=" + strconv.Itoa(family) +
		", type=" + strconv.Itoa(typ) + ", proto=" + strconv.Itoa(proto) + ", laddr=" + laddr + ">"
}

// pyAddress is a socket address as Python shows it: (host, port) for
// IPv4, (host, port, flowinfo, scope_id) for IPv6.
func pyAddress(ip netip.Addr, port int) starlark.Tuple {
	if ip.Is4() || ip.Is4In6() {
		return starlark.Tuple{starlark.String(ip.Unmap().String()), starlark.MakeInt(port)}
	}
	return starlark.Tuple{starlark.String(ip.WithZone("").String()), starlark.MakeInt(port), starlark.MakeInt(0), starlark.MakeInt(0)}
}

// AuditedConnect connects to host:port as socket.create_connection does,
// raising its events through raise: socket.getaddrinfo before the DNS
// query (also for an IP literal, which needs none), then for each address
// in resolver order socket.__new__ before the socket is made and
// socket.connect (with the new socket's descriptor) before the connection
// attempt. A failing event stops it before the step it guards.
// urllib's urlopen dials through it, as Python's http.client connects
// with socket.create_connection.
func AuditedConnect(ctx context.Context, raise func(string, starlark.Tuple) error, host string, port int, timeout time.Duration) (net.Conn, error) {
	if err := raise("socket.getaddrinfo", starlark.Tuple{
		starlark.String(host), starlark.MakeInt(port),
		starlark.MakeInt(pyAFUnspec), starlark.MakeInt(pySockStream), starlark.MakeInt(pyProtoDetect),
	}); err != nil {
		return nil, err
	}
	ips, err := resolveHost(ctx, host)
	if err != nil {
		return nil, err
	}
	var lastErr error = &net.DNSError{Err: "no addresses", Name: host, IsNotFound: true}
	for _, ip := range ips {
		family := pyAFInet
		if !ip.Is4() && !ip.Is4In6() {
			family = pyAFInet6
		}
		if err := raise("socket.__new__", starlark.Tuple{starlark.String(pySocketNew),
			starlark.MakeInt(family), starlark.MakeInt(pySockStream), starlark.MakeInt(pyProtoTCP)}); err != nil {
			return nil, err
		}
		address := pyAddress(ip, port)
		d := net.Dialer{Timeout: timeout, Control: func(_, _ string, rc syscall.RawConn) error {
			// The socket exists now, not yet connected: CPython's
			// socket.connect shows it so.
			fd := -1
			_ = rc.Control(func(f uintptr) { fd = int(f) })
			return raise("socket.connect", starlark.Tuple{starlark.String(pyUnboundRepr(fd, family, pySockStream, pyProtoTCP)), address})
		}}
		conn, err := d.DialContext(ctx, "tcp", netip.AddrPortFrom(ip.Unmap(), uint16(port)).String())
		if err != nil {
			lastErr = err
			continue
		}
		return conn, nil
	}
	return nil, lastErr
}

// resolveHost resolves a host name (an IP literal needs no query).
func resolveHost(ctx context.Context, host string) ([]netip.Addr, error) {
	if ip, err := netip.ParseAddr(host); err == nil {
		return []netip.Addr{ip}, nil
	}
	ipas, err := LookupIPAddr(ctx, host)
	if err != nil {
		return nil, err
	}
	out := make([]netip.Addr, 0, len(ipas))
	for _, a := range ipas {
		if ip, ok := netip.AddrFromSlice(a.IP); ok {
			out = append(out, ip.WithZone(a.Zone))
		}
	}
	return out, nil
}
