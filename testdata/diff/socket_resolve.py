import socket, sys

sys.audit("difftest.value", "byname", socket.gethostbyname("localhost"), socket.gethostbyname("127.0.0.1"))
sys.audit("difftest.value", "addrinfo", socket.getaddrinfo("127.0.0.1", 80, type=socket.SOCK_STREAM),
          socket.getaddrinfo("::1", "443", socket.AF_INET6, socket.SOCK_DGRAM),
          socket.getaddrinfo(None, 8080, socket.AF_INET, socket.SOCK_STREAM, 0, socket.AI_PASSIVE))
sys.audit("difftest.value", "fqdn", socket.getfqdn("localhost"))
try:
    socket.gethostbyname("nowhere.invalid")
except OSError as e:
    sys.audit("difftest.value", "unknown", type(e).__name__)
