// Package tlsrelay gives urlopen its TLS client without linking crypto/tls
// into spython.
//
// crypto/tls and crypto/x509 cost about 1.4 ms of every spython start-up
// (package initialisation and a binary 1.8 MB larger), for the few scripts
// that fetch an https URL. So the handshake and the record layer run in a
// small helper executable, spython-tls, built with spython and installed
// beside it:
//
//   - spython resolves the host and connects (raising socket.getaddrinfo
//     and socket.connect as before), then starts the helper with the
//     connected TCP socket as its descriptor 3 and one end of a Unix
//     socket pair as its descriptors 0 and 1;
//   - it sends a Request (server name, handshake timeout, the CA bundle's
//     PEM bytes) and reads one status line: "ok", or the handshake's error;
//   - after "ok" the socket pair carries the plaintext both ways, and the
//     helper relays it to and from the TLS connection until either side
//     closes. Closing the Conn ends the helper.
//
// The helper is trusted the way the spython binary is, and pinned on top:
// its SHA-256 is compiled into spython at build time (HelperDigest, set by
// the Makefile), and before its first use in a run the file is opened
// without following symlinks, checked to be a regular file that only its
// owner (root or the user running spython) can write, hashed, and then
// executed from that same descriptor (/proc/self/fd). A spython built
// without the digest refuses https rather than run an unpinned helper.
// The helper gets an empty environment, so nothing in the caller's
// environment (GODEBUG, SSL_CERT_FILE, ...) changes what it does, and it
// inherits spython's sandbox (no_new_privs, Landlock). It dies with
// spython (PR_SET_PDEATHSIG), so a killed run leaves no helper behind
// holding a connection.
//
// Package helper holds the helper's side; this package never imports
// crypto/tls.
package tlsrelay
