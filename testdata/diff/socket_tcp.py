import socket, sys

# A server and a client in one script: the kernel queues the connection
# until accept. Fixed port, so that both runs show the same addresses.
srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", 47311))
srv.listen(4)
sys.audit("difftest.value", "name", srv.getsockname(), srv.family, srv.type)
c = socket.create_connection(("127.0.0.1", 47311), timeout=5)
conn, peer = srv.accept()
c.sendall(b"hello")
sys.audit("difftest.value", "recv", conn.recv(5))
conn.send(b"back")
sys.audit("difftest.value", "reply", c.recv(4), c.gettimeout(), conn.gettimeout())
conn.settimeout(0.05)
try:
    conn.recv(1)
except OSError as e:
    sys.audit("difftest.value", "timeout", type(e).__name__, str(e))
c2 = socket.socket()
c2.connect(("127.0.0.1", 47311))
conn2, _ = srv.accept()
c2.close()
sys.audit("difftest.value", "eof", conn2.recv(10))
for s in (c, conn, conn2, srv):
    s.close()
r = socket.socket()
try:
    r.connect(("127.0.0.1", 47312))
except OSError as e:
    sys.audit("difftest.value", "refused", type(e).__name__, str(e))
r.close()
