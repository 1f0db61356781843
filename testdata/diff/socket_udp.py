import socket, sys

u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.bind(("127.0.0.1", 47321))
v = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
v.bind(("127.0.0.1", 47322))
v.sendto(b"one", ("127.0.0.1", 47321))
v.sendto(b"two", 0, ("127.0.0.1", 47321))
sys.audit("difftest.value", "got", u.recvfrom(10), u.recv(10))
u.setblocking(False)
try:
    u.recv(10)
except OSError as e:
    sys.audit("difftest.value", "empty", type(e).__name__)
sys.audit("difftest.value", "blocking", u.getblocking(), v.getblocking())
u.close()
v.close()
w = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
w.bind(("::1", 47323))
w.sendto(b"six", ("::1", 47323))
sys.audit("difftest.value", "v6", w.recvfrom(10))
w.close()
