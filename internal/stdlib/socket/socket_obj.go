package socket

import (
	"context"
	"errors"
	"net/netip"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"

	"go.starlark.net/starlark"
	"golang.org/x/sys/unix"

	"github.com/spython-dev/spython/internal/pyerr"
	"github.com/spython-dev/spython/internal/stdlib/core"
)

// pySocket is a socket.socket. The descriptor is non-blocking; calls wait
// through the runtime's poller (os.File's RawConn), so the socket's
// timeout is a deadline and the run ending interrupts a wait at once.
type pySocket struct {
	l                   *lib
	f                   *os.File
	rc                  syscall.RawConn
	fd                  int // -1 once closed
	family, typ, proto  int
	timeout             time.Duration // < 0: blocking (None); 0: non-blocking
	connected, listened bool
}

var (
	_ starlark.HasAttrs = (*pySocket)(nil)
)

// String is CPython's repr of a socket.
func (s *pySocket) String() string {
	var b strings.Builder
	b.WriteString("<socket.socket ")
	if s.fd < 0 {
		b.WriteString("[closed] ")
	}
	b.WriteString("fd=" + strconv.Itoa(s.fd) + ", family=" + strconv.Itoa(s.family) +
		", type=" + strconv.Itoa(s.typ) + ", proto=" + strconv.Itoa(s.proto))
	if s.fd >= 0 {
		if sa, err := unix.Getsockname(s.fd); err == nil {
			b.WriteString(", laddr=" + pyAddrRepr(sa))
		}
		if sa, err := unix.Getpeername(s.fd); err == nil {
			b.WriteString(", raddr=" + pyAddrRepr(sa))
		}
	}
	b.WriteString(">")
	return b.String()
}

func (s *pySocket) Type() string         { return "socket" }
func (s *pySocket) Freeze()              {}
func (s *pySocket) Truth() starlark.Bool { return starlark.True }
func (s *pySocket) Hash() (uint32, error) {
	return uint32(s.fd), nil
}

// pyAddrRepr is Python's repr of an address tuple: ('127.0.0.1', 80).
func pyAddrRepr(sa unix.Sockaddr) string {
	switch a := sa.(type) {
	case *unix.SockaddrInet4:
		return "('" + netip.AddrFrom4(a.Addr).String() + "', " + strconv.Itoa(a.Port) + ")"
	case *unix.SockaddrInet6:
		return "('" + netip.AddrFrom16(a.Addr).String() + "', " + strconv.Itoa(a.Port) + ", 0, " + strconv.Itoa(int(a.ZoneId)) + ")"
	}
	return "None"
}

// pyAddrValue is an address as a Python tuple value.
func pyAddrValue(sa unix.Sockaddr) starlark.Value {
	switch a := sa.(type) {
	case *unix.SockaddrInet4:
		return starlark.Tuple{starlark.String(netip.AddrFrom4(a.Addr).String()), starlark.MakeInt(a.Port)}
	case *unix.SockaddrInet6:
		return starlark.Tuple{starlark.String(netip.AddrFrom16(a.Addr).String()), starlark.MakeInt(a.Port), starlark.MakeInt(0), starlark.MakeInt(int(a.ZoneId))}
	}
	return starlark.None
}

// sockaddr turns a Python address tuple into a kernel one, resolving a
// host name for the socket's family (no event, as in CPython, whose
// internal lookup raises none).
func (s *pySocket) sockaddr(addr starlark.Value, passive bool) (unix.Sockaddr, error) {
	t, ok := addr.(starlark.Tuple)
	want := 2
	if s.family == pyAFInet6 {
		want = 4
	}
	if !ok || len(t) < 2 || len(t) > want {
		if s.family == pyAFInet6 {
			return nil, pyerr.New("TypeError", "AF_INET6 address must be a tuple (host, port[, flowinfo[, scopeid]]), not %s", addr.Type())
		}
		return nil, pyerr.New("TypeError", "AF_INET address must be tuple, not %s", addr.Type())
	}
	host, ok := t[0].(starlark.String)
	if !ok {
		return nil, pyerr.New("TypeError", "str, bytes or bytearray expected, not %s", t[0].Type())
	}
	var port int
	if err := starlark.AsInt(t[1], &port); err != nil {
		return nil, pyerr.New("TypeError", "'%s' object cannot be interpreted as an integer", t[1].Type())
	}
	if port < 0 || port > 65535 {
		return nil, pyerr.New("OverflowError", "%s(): port must be 0-65535.", "bind")
	}
	ips, err := s.l.lookup(string(host), s.family, passive)
	if err != nil {
		return nil, err
	}
	ip := ips[0]
	if s.family == pyAFInet {
		return &unix.SockaddrInet4{Port: port, Addr: ip.Unmap().As4()}, nil
	}
	return &unix.SockaddrInet6{Port: port, Addr: ip.As16()}, nil
}

var pySocketMethods = map[string]func(s *pySocket, thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error){
	"connect":     (*pySocket).connect,
	"connect_ex":  (*pySocket).connectEx,
	"bind":        (*pySocket).bind,
	"listen":      (*pySocket).listen,
	"accept":      (*pySocket).accept,
	"send":        (*pySocket).send,
	"sendall":     (*pySocket).sendall,
	"sendto":      (*pySocket).sendto,
	"recv":        (*pySocket).recv,
	"recvfrom":    (*pySocket).recvfrom,
	"settimeout":  (*pySocket).settimeout,
	"gettimeout":  (*pySocket).gettimeout,
	"setblocking": (*pySocket).setblocking,
	"getblocking": (*pySocket).getblocking,
	"setsockopt":  (*pySocket).setsockopt,
	"getsockopt":  (*pySocket).getsockopt,
	"getsockname": (*pySocket).getsockname,
	"getpeername": (*pySocket).getpeername,
	"shutdown":    (*pySocket).shutdown,
	"fileno":      (*pySocket).fileno,
	"close":       (*pySocket).closeMethod,
}

func (s *pySocket) AttrNames() []string {
	names := []string{"family", "proto", "type"}
	for k := range pySocketMethods {
		names = append(names, k)
	}
	return names
}

func (s *pySocket) Attr(name string) (starlark.Value, error) {
	switch name {
	case "family":
		return starlark.MakeInt(s.family), nil
	case "type":
		return starlark.MakeInt(s.typ), nil
	case "proto":
		return starlark.MakeInt(s.proto), nil
	}
	fn, ok := pySocketMethods[name]
	if !ok {
		return nil, nil
	}
	return starlark.NewBuiltin(name, func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		return fn(s, thread, b, args, kwargs)
	}), nil
}

// call runs a method from Go (create_connection).
func (s *pySocket) call(thread *starlark.Thread, name string, args ...starlark.Value) (starlark.Value, error) {
	return pySocketMethods[name](s, thread, starlark.NewBuiltin(name, nil), starlark.Tuple(args), nil)
}

func (s *pySocket) open() error {
	if s.fd < 0 {
		return pyerr.New("OSError", "[Errno 9] Bad file descriptor")
	}
	return nil
}

// wait runs op through the poller (read or write readiness) until it
// stops returning EAGAIN, under the socket's timeout and the run's
// context.
func (s *pySocket) wait(write bool, op func(fd int) error) error {
	if err := s.open(); err != nil {
		return err
	}
	ctx := s.l.env.Ctx()
	if err := ctx.Err(); err != nil {
		return pyerr.New("InterruptedError", "the run is ending")
	}
	var deadline time.Time
	if s.timeout > 0 {
		deadline = time.Now().Add(s.timeout)
	}
	if write {
		_ = s.f.SetWriteDeadline(deadline)
	} else {
		_ = s.f.SetReadDeadline(deadline)
	}
	stop := context.AfterFunc(ctx, func() { _ = s.f.SetDeadline(time.Unix(1, 0)) })
	defer stop()
	var opErr error
	fn := func(fd uintptr) bool {
		opErr = op(int(fd))
		if errors.Is(opErr, unix.EAGAIN) && s.timeout == 0 {
			return true // non-blocking: report it
		}
		return !errors.Is(opErr, unix.EAGAIN) && !errors.Is(opErr, unix.EINTR)
	}
	var err error
	if s.timeout == 0 {
		// Non-blocking: one attempt, no wait (a deadline of now would
		// time out before the attempt).
		err = s.rc.Control(func(fd uintptr) { opErr = op(int(fd)) })
	} else if write {
		err = s.rc.Write(fn)
	} else {
		err = s.rc.Read(fn)
	}
	if ctx.Err() != nil {
		return pyerr.New("InterruptedError", "the run is ending")
	}
	if err != nil {
		return socketErr(err)
	}
	if opErr != nil {
		if errors.Is(opErr, unix.EAGAIN) {
			return pyerr.New("BlockingIOError", "[Errno 11] Resource temporarily unavailable")
		}
		return socketErr(opErr)
	}
	return nil
}

// connect(address): socket.connect (self, address) first.
func (s *pySocket) connect(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var addr starlark.Value
	if err := core.Unpack("connect", args, kwargs, "address", &addr); err != nil {
		return nil, err
	}
	if err := s.l.env.Raise(thread, "socket.connect", s, addr); err != nil {
		return nil, err
	}
	if err := s.open(); err != nil {
		return nil, err
	}
	sa, err := s.sockaddr(addr, false)
	if err != nil {
		return nil, err
	}
	started := false
	err = s.wait(true, func(fd int) error {
		if !started {
			started = true
			err := unix.Connect(fd, sa)
			if errors.Is(err, unix.EINPROGRESS) {
				return unix.EAGAIN // wait for writability
			}
			return err
		}
		n, err := unix.GetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_ERROR)
		if err != nil {
			return err
		}
		if n != 0 {
			return syscall.Errno(n)
		}
		return nil
	})
	if err != nil {
		if e, ok := err.(*pyerr.Error); ok && e.Kind == "BlockingIOError" {
			return nil, pyerr.New("BlockingIOError", "[Errno 115] Operation now in progress")
		}
		return nil, err
	}
	s.connected = true
	return starlark.None, nil
}

// connect_ex(address): connect, returning an errno instead of raising.
func (s *pySocket) connectEx(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	_, err := s.connect(thread, b, args, kwargs)
	if err == nil {
		return starlark.MakeInt(0), nil
	}
	var errno syscall.Errno
	if errors.As(err, &errno) {
		return starlark.MakeInt(int(errno)), nil
	}
	var pe *pyerr.Error
	if errors.As(err, &pe) && strings.HasPrefix(pe.Msg, "[Errno ") {
		if n, e := strconv.Atoi(strings.TrimPrefix(strings.SplitN(pe.Msg, "]", 2)[0], "[Errno ")); e == nil {
			return starlark.MakeInt(n), nil
		}
	}
	return nil, err
}

// bind(address): socket.bind (self, address) first.
func (s *pySocket) bind(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var addr starlark.Value
	if err := core.Unpack("bind", args, kwargs, "address", &addr); err != nil {
		return nil, err
	}
	if err := s.l.env.Raise(thread, "socket.bind", s, addr); err != nil {
		return nil, err
	}
	if err := s.open(); err != nil {
		return nil, err
	}
	sa, err := s.sockaddr(addr, true)
	if err != nil {
		return nil, err
	}
	if err := unix.Bind(s.fd, sa); err != nil {
		return nil, socketErr(err)
	}
	return starlark.None, nil
}

// listen(backlog=SOMAXCONN): no event (CPython raises none).
func (s *pySocket) listen(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	backlog := unix.SOMAXCONN
	if err := core.Unpack("listen", args, kwargs, "backlog?", &backlog); err != nil {
		return nil, err
	}
	if err := s.open(); err != nil {
		return nil, err
	}
	if err := unix.Listen(s.fd, max(backlog, 0)); err != nil {
		return nil, socketErr(err)
	}
	s.listened = true
	return starlark.None, nil
}

// accept() -> (socket, address); the new socket raises socket.__new__, as
// CPython's socket object does when it is made.
func (s *pySocket) accept(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := core.Unpack("accept", args, kwargs); err != nil {
		return nil, err
	}
	var nfd int
	var sa unix.Sockaddr
	if err := s.wait(false, func(fd int) error {
		var err error
		nfd, sa, err = unix.Accept4(fd, unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC)
		return err
	}); err != nil {
		return nil, err
	}
	if err := s.l.env.Raise(thread, "socket.__new__", starlark.String(pySocketNew), starlark.MakeInt(s.family), starlark.MakeInt(s.typ), starlark.MakeInt(0)); err != nil {
		unix.Close(nfd)
		return nil, err
	}
	c := newPySocket(s.l, nfd, s.family, s.typ, 0)
	if s.timeout > 0 {
		c.timeout = s.timeout
	}
	c.connected = true
	return starlark.Tuple{c, pyAddrValue(sa)}, nil
}

func (s *pySocket) sendBytes(data starlark.Value) ([]byte, error) {
	d, err := core.BytesOrStr("send", "data", data)
	return []byte(d), err
}

// send(data, flags=0) -> bytes sent. CPython raises no event for send on
// a connected socket (the connection was audited).
func (s *pySocket) send(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var data starlark.Value
	flags := 0
	if err := core.Unpack("send", args, kwargs, "data", &data, "flags?", &flags); err != nil {
		return nil, err
	}
	p, err := s.sendBytes(data)
	if err != nil {
		return nil, err
	}
	var n int
	err = s.wait(true, func(fd int) error {
		var err error
		n, err = unix.SendmsgN(fd, p, nil, nil, flags|unix.MSG_NOSIGNAL)
		return err
	})
	if err != nil {
		return nil, err
	}
	return starlark.MakeInt(n), nil
}

// sendall(data, flags=0): every byte, or an error.
func (s *pySocket) sendall(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var data starlark.Value
	flags := 0
	if err := core.Unpack("sendall", args, kwargs, "data", &data, "flags?", &flags); err != nil {
		return nil, err
	}
	p, err := s.sendBytes(data)
	if err != nil {
		return nil, err
	}
	for len(p) > 0 {
		var n int
		if err := s.wait(true, func(fd int) error {
			var err error
			n, err = unix.SendmsgN(fd, p, nil, nil, flags|unix.MSG_NOSIGNAL)
			return err
		}); err != nil {
			return nil, err
		}
		p = p[n:]
	}
	return starlark.None, nil
}

// sendto(data, [flags,] address): socket.sendto (self, address) first.
func (s *pySocket) sendto(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var data, addr starlark.Value
	flags := 0
	switch len(args) {
	case 2:
		data, addr = args[0], args[1]
	case 3:
		data, addr = args[0], args[2]
		if err := starlark.AsInt(args[1], &flags); err != nil {
			return nil, pyerr.New("TypeError", "sendto() flags must be an int")
		}
	default:
		return nil, pyerr.New("TypeError", "sendto() takes 2 or 3 arguments (%d given)", len(args))
	}
	if len(kwargs) > 0 {
		return nil, pyerr.New("TypeError", "sendto() takes no keyword arguments")
	}
	if err := s.l.env.Raise(thread, "socket.sendto", s, addr); err != nil {
		return nil, err
	}
	p, err := s.sendBytes(data)
	if err != nil {
		return nil, err
	}
	if err := s.open(); err != nil {
		return nil, err
	}
	sa, err := s.sockaddr(addr, false)
	if err != nil {
		return nil, err
	}
	if err := s.wait(true, func(fd int) error {
		return unix.Sendto(fd, p, flags|unix.MSG_NOSIGNAL, sa)
	}); err != nil {
		return nil, err
	}
	return starlark.MakeInt(len(p)), nil
}

// recvBound bounds one recv's buffer: a script cannot make spython
// allocate an arbitrary amount for one call.
const recvBound = 64 << 20

func (s *pySocket) recvSize(fn string, args starlark.Tuple, kwargs []starlark.Tuple) (int, int, error) {
	var size, flags int
	if err := core.Unpack(fn, args, kwargs, "bufsize", &size, "flags?", &flags); err != nil {
		return 0, 0, err
	}
	if size < 0 {
		return 0, 0, pyerr.New("ValueError", "negative buffersize in %s", fn)
	}
	return min(size, recvBound), flags, nil
}

// recv(bufsize, flags=0) -> bytes (b"" at the end of the stream).
func (s *pySocket) recv(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	size, flags, err := s.recvSize("recv", args, kwargs)
	if err != nil {
		return nil, err
	}
	buf := make([]byte, size)
	var n int
	if err := s.wait(false, func(fd int) error {
		var err error
		n, _, err = unix.Recvfrom(fd, buf, flags)
		return err
	}); err != nil {
		return nil, err
	}
	return starlark.Bytes(buf[:n]), nil
}

// recvfrom(bufsize, flags=0) -> (bytes, address).
func (s *pySocket) recvfrom(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	size, flags, err := s.recvSize("recvfrom", args, kwargs)
	if err != nil {
		return nil, err
	}
	buf := make([]byte, size)
	var n int
	var from unix.Sockaddr
	if err := s.wait(false, func(fd int) error {
		var err error
		n, from, err = unix.Recvfrom(fd, buf, flags)
		return err
	}); err != nil {
		return nil, err
	}
	return starlark.Tuple{starlark.Bytes(buf[:n]), pyAddrValue(from)}, nil
}

func (s *pySocket) settimeout(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	if err := core.Unpack("settimeout", args, kwargs, "value", &v); err != nil {
		return nil, err
	}
	t, err := sockTimeoutArg(v)
	if err != nil {
		return nil, err
	}
	s.timeout = t
	return starlark.None, nil
}

func (s *pySocket) gettimeout(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := core.Unpack("gettimeout", args, kwargs); err != nil {
		return nil, err
	}
	if s.timeout < 0 {
		return starlark.None, nil
	}
	return starlark.Float(s.timeout.Seconds()), nil
}

func (s *pySocket) setblocking(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var flag bool
	if err := core.Unpack("setblocking", args, kwargs, "flag", &flag); err != nil {
		return nil, err
	}
	if flag {
		s.timeout = -1
	} else {
		s.timeout = 0
	}
	return starlark.None, nil
}

func (s *pySocket) getblocking(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := core.Unpack("getblocking", args, kwargs); err != nil {
		return nil, err
	}
	return starlark.Bool(s.timeout != 0), nil
}

// setsockopt(level, optname, value): an int value (bytes values are not
// offered).
func (s *pySocket) setsockopt(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var level, opt int
	var v starlark.Value
	if err := core.Unpack("setsockopt", args, kwargs, "level", &level, "optname", &opt, "value", &v); err != nil {
		return nil, err
	}
	var n int
	if bv, ok := v.(starlark.Bool); ok {
		if bv {
			n = 1
		}
	} else if err := starlark.AsInt(v, &n); err != nil {
		return nil, pyerr.New("TypeError", "setsockopt() value must be an int in spython")
	}
	if err := s.open(); err != nil {
		return nil, err
	}
	if err := unix.SetsockoptInt(s.fd, level, opt, n); err != nil {
		return nil, socketErr(err)
	}
	return starlark.None, nil
}

func (s *pySocket) getsockopt(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var level, opt int
	if err := core.Unpack("getsockopt", args, kwargs, "level", &level, "optname", &opt); err != nil {
		return nil, err
	}
	if err := s.open(); err != nil {
		return nil, err
	}
	n, err := unix.GetsockoptInt(s.fd, level, opt)
	if err != nil {
		return nil, socketErr(err)
	}
	return starlark.MakeInt(n), nil
}

func (s *pySocket) getsockname(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	return s.address("getsockname", unix.Getsockname, args, kwargs)
}

func (s *pySocket) getpeername(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	return s.address("getpeername", unix.Getpeername, args, kwargs)
}

// address is getsockname and getpeername: one of the socket's two ends.
func (s *pySocket) address(name string, get func(int) (unix.Sockaddr, error), args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := core.Unpack(name, args, kwargs); err != nil {
		return nil, err
	}
	if err := s.open(); err != nil {
		return nil, err
	}
	sa, err := get(s.fd)
	if err != nil {
		return nil, socketErr(err)
	}
	return pyAddrValue(sa), nil
}

func (s *pySocket) shutdown(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var how int
	if err := core.Unpack("shutdown", args, kwargs, "how", &how); err != nil {
		return nil, err
	}
	if err := s.open(); err != nil {
		return nil, err
	}
	if err := unix.Shutdown(s.fd, how); err != nil {
		return nil, socketErr(err)
	}
	return starlark.None, nil
}

func (s *pySocket) fileno(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := core.Unpack("fileno", args, kwargs); err != nil {
		return nil, err
	}
	return starlark.MakeInt(s.fd), nil
}

func (s *pySocket) close() {
	if s.fd >= 0 {
		s.f.Close()
		s.fd = -1
	}
}

// close(): idempotent, as in Python.
func (s *pySocket) closeMethod(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := core.Unpack("close", args, kwargs); err != nil {
		return nil, err
	}
	s.close()
	return starlark.None, nil
}
