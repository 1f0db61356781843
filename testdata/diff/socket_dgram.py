import socket, sys

a = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
a.bind(("127.0.0.1", 47317))
b = socket.socket(socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_UDP)
b.bind(("127.0.0.1", 47318))
b.connect(("127.0.0.1", 47317))
sys.audit("difftest.value", "connected", b.getpeername(), b.getsockname(), b.proto)
sys.audit("difftest.value", "send", b.send(b"first"), b.sendto(b"second", ("localhost", 47317)))
sys.audit("difftest.value", "recv", a.recvfrom(100), a.recvfrom(3), a.gettimeout())
a.sendto(b"reply", ("127.0.0.1", 47318))
sys.audit("difftest.value", "reply", b.recv(100))
a.settimeout(0.05)
try:
    a.recvfrom(10)
except TimeoutError as e:
    sys.audit("difftest.value", "timeout", type(e).__name__, str(e), a.gettimeout(), a.getblocking())
a.settimeout(None)
sys.audit("difftest.value", "blocking", a.gettimeout(), a.getblocking())
a.setblocking(False)
sys.audit("difftest.value", "nonblocking", a.gettimeout(), a.getblocking())
try:
    a.recv(1)
except BlockingIOError as e:
    sys.audit("difftest.value", "would block", type(e).__name__, str(e))
for bad in (-1, "x"):
    try:
        a.settimeout(bad)
    except (ValueError, TypeError) as e:
        sys.audit("difftest.value", "bad timeout", type(e).__name__, str(e))
a.close()
b.close()
sys.audit("difftest.value", "repr", repr(a))
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
sys.audit("difftest.value", "broadcast", u.getsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST) != 0)
u.close()
