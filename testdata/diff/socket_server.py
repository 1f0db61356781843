import socket, sys

# An IPv6 TCP server and its clients in one script (fixed ports, so that
# both runs show the same addresses).
srv = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
sys.audit("difftest.value", "reuse", srv.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR) != 0, srv.family, srv.type, srv.proto)
srv.bind(("::1", 47313))
srv.listen()
srv.settimeout(0.1)
try:
    srv.accept()
except socket.timeout as e:
    sys.audit("difftest.value", "accept timeout", type(e).__name__, str(e))
c = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
sys.audit("difftest.value", "connect_ex", c.connect_ex(("::1", 47313)))
conn, peer = srv.accept()
sys.audit("difftest.value", "peer", peer[0], peer == c.getsockname(), conn.getpeername() == c.getsockname(), c.getpeername(), conn.getsockname())
c.sendall(b"x" * 100000)
got = b""
while len(got) < 100000:
    got += conn.recv(65536)
sys.audit("difftest.value", "big", len(got), None)
conn.shutdown(socket.SHUT_WR)
sys.audit("difftest.value", "shutdown", c.recv(10))
conn.close()
c.close()
c.close()
try:
    c.send(b"after close")
except OSError as e:
    sys.audit("difftest.value", "closed", type(e).__name__, str(e))
other = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
try:
    other.bind(("::1", 47313))
except OSError as e:
    sys.audit("difftest.value", "in use", type(e).__name__, str(e))
other.close()
srv.close()
try:
    socket.create_connection(("127.0.0.1", 47314), timeout=2)
except OSError as e:
    sys.audit("difftest.value", "refused", type(e).__name__, str(e))
sys.audit("difftest.value", "default timeout", socket.getdefaulttimeout(), socket.has_ipv6, socket.SOMAXCONN > 0)
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
s.bind(("127.0.0.1", 47315))
s.listen(1)
k = socket.create_connection(("127.0.0.1", 47315), timeout=3)
a, addr = s.accept()
sys.audit("difftest.value", "source", addr[0], k.gettimeout(), a.getpeername() == k.getsockname(), s.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0)
a.close()
k.close()
s.close()
