import socket, sys

for h in ("localhost", "127.0.0.1", "ip6-localhost", "no-such-host.invalid"):
    try:
        sys.audit("difftest.value", "byname", h, socket.gethostbyname(h))
    except OSError as e:
        sys.audit("difftest.value", "byname", h, type(e).__name__)
for args in [("localhost", 22, socket.AF_INET), ("127.0.0.1", None, socket.AF_INET, socket.SOCK_DGRAM),
             ("::1", 53, socket.AF_INET6, socket.SOCK_STREAM, socket.IPPROTO_TCP),
             ("127.0.0.1", "8080", 0, socket.SOCK_STREAM, 0, socket.AI_NUMERICHOST),
             (None, 0, socket.AF_INET6, socket.SOCK_DGRAM, 0, socket.AI_PASSIVE)]:
    sys.audit("difftest.value", "addrinfo", sorted(socket.getaddrinfo(*args)))
for bad in [("no-such-host.invalid", 80), ("localhost", "no-such-service-dt")]:
    try:
        socket.getaddrinfo(*bad)
    except OSError as e:
        sys.audit("difftest.value", "gai error", type(e).__name__)
sys.audit("difftest.value", "fqdn", socket.getfqdn("127.0.0.1") == socket.getfqdn("127.0.0.1"), socket.getfqdn() == socket.getfqdn(socket.gethostname()),
          socket.getfqdn("no-such-host.invalid"))
