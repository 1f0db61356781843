#!/usr/bin/env bash
# Build the Debian packages spython and spython-dev from bin/ (make build)
# with dpkg-deb: usage: scripts/deb.sh VERSION DEBDIR
set -euo pipefail
version=$1 out=$2
cd "$(dirname "$0")/.."
arch=$(dpkg --print-architecture)
# Debian versions must start with a digit; a git hash gets "0~" in front
# (the package's file name keeps spython --version's text).
debver=$version
[[ $debver =~ ^[0-9] ]] || debver="0~$debver"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"

root=$work/spython
install -d -m 1733 "$root/var/log/spython"
install -d "$root/DEBIAN" "$root/usr/bin" "$root/usr/share/man/man1" "$root/etc/spython" "$root/etc/logrotate.d" "$root/usr/share/doc/spython"
install -m 0755 bin/spython bin/spython-admin "$root/usr/bin/"
for m in spython.1 spython-admin.1; do gzip -9n < "deploy/debian/$m" > "$root/usr/share/man/man1/$m.gz"; done
install -m 0644 deploy/debian/policy.json "$root/etc/spython/policy.json"
install -m 0644 deploy/debian/logrotate "$root/etc/logrotate.d/spython"
for d in spec policy log-format threat-model; do install -m 0644 "docs/$d.md" "$root/usr/share/doc/spython/"; done
install -m 0755 deploy/debian/postinst deploy/debian/postrm "$root/DEBIAN/"
printf '/etc/spython/policy.json\n/etc/logrotate.d/spython\n' > "$root/DEBIAN/conffiles"
cat > "$root/DEBIAN/control" <<CTL
Package: spython
Version: $debver
Architecture: $arch
Maintainer: spython developers <spython@localhost>
Section: interpreters
Priority: optional
Description: security-transparent script runner (PEP 551/578)
 spython runs Python-shaped Starlark scripts under sealed audit hooks and
 logs every security-relevant event before it happens. The system policy
 /etc/spython/policy.json puts logs in /var/log/spython.
CTL

dev=$work/spython-dev
install -d "$dev/DEBIAN" "$dev/usr/bin"
install -m 0755 bin/spython-dev "$dev/usr/bin/"
cat > "$dev/DEBIAN/control" <<CTL
Package: spython-dev
Version: $debver
Architecture: $arch
Depends: spython (= $debver)
Maintainer: spython developers <spython@localhost>
Section: devel
Priority: optional
Description: spython with the developer policy (for test suites)
 Script audit hooks and dynamic code are allowed (and logged). Not for
 production hosts.
CTL

dpkg-deb --root-owner-group --build "$root" "$out/spython_${version}_${arch}.deb"
dpkg-deb --root-owner-group --build "$dev" "$out/spython-dev_${version}_${arch}.deb"
