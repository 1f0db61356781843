#!/usr/bin/env bash
# The package test (issue 15): install the .deb files built by `make deb`
# into this machine with dpkg -i, run a script as root and as an
# unprivileged user, verify their logs in /var/log/spython, and purge.
# Needs root and dpkg. It installs /etc/spython/policy.json, which every
# spython binary on the machine honours, so it runs after `go test`, never
# beside it; the trap purges whatever happens.
# usage: scripts/debtest.sh DEBDIR VERSION
set -euo pipefail
debdir=$1 version=$2
arch=$(dpkg --print-architecture)
if dpkg -s spython >/dev/null 2>&1; then
	echo "debtest: spython is already installed here; not touching it" >&2
	exit 1
fi
logdir_existed=no
[ -e /var/log/spython ] && logdir_existed=yes
work=$(mktemp -d /tmp/spython-debtest.XXXXXX)
chmod 0755 "$work"
cleanup() {
	dpkg --purge spython-dev spython >/dev/null 2>&1 || true
	rm -rf "/var/log/spython/0/$esc.log" "/var/log/spython/65534" "$work"
	# The package made /var/log/spython: remove it whole, with the logs of
	# any other spython that ran while the system policy was installed.
	if [ "$logdir_existed" = no ]; then rm -rf /var/log/spython; fi
}
esc=""
trap cleanup EXIT
fail() { echo "debtest: FAIL: $*" >&2; exit 1; }

dpkg -i "$debdir/spython_${version}_${arch}.deb" "$debdir/spython-dev_${version}_${arch}.deb" >/dev/null
[ "$(stat -c '%U %a' /etc/spython/policy.json)" = "root 644" ] || fail "policy.json is $(stat -c '%U %a' /etc/spython/policy.json)"
[ "$(stat -c '%U %a' /var/log/spython)" = "root 1733" ] || fail "/var/log/spython is $(stat -c '%U %a' /var/log/spython)"
dpkg-query -W -f='${Conffiles}\n' spython | grep -q /etc/spython/policy.json || fail "policy.json is not a conffile"
for m in spython spython-admin; do [ -f /usr/share/man/man1/$m.1.gz ] || fail "no man page $m.1"; done
[ -x /usr/bin/spython-dev ] || fail "spython-dev not installed by its package"
dpkg -S /usr/bin/spython-dev | grep -q '^spython-dev:' || fail "spython-dev is not in package spython-dev"
/usr/bin/spython --version | grep -q "^spython $version (policy production+debian)" || fail "spython --version: $(/usr/bin/spython --version)"
[ "$(/usr/bin/spython-admin version)" = "spython-admin $version" ] || fail "spython-admin version: $(/usr/bin/spython-admin version)"

printf 'print("hello from", os.getuid())\n' > "$work/job.star"
chmod 0644 "$work/job.star"
esc=$(systemd-escape --path "$work/job.star")
(cd / && /usr/bin/spython "$work/job.star") | grep -q '^hello from 0$' || fail "run as root"
(cd / && setpriv --reuid=65534 --regid=65534 --clear-groups /usr/bin/spython "$work/job.star") | grep -q '^hello from 65534$' || fail "run as nobody"
[ ! -e "$work/job.star.log" ] || fail "a log was written beside the script"
for uid in 0 65534; do
	log=/var/log/spython/$uid/$esc.log
	[ "$(stat -c '%u %a' "$log")" = "$uid 600" ] || fail "$log: $(stat -c '%u %a' "$log")"
	/usr/bin/spython-admin verify "$log" >/dev/null || fail "verify $log"
done
# nobody cannot read root's log.
if setpriv --reuid=65534 --regid=65534 --clear-groups cat "/var/log/spython/0/$esc.log" >/dev/null 2>&1; then
	fail "nobody read root's log"
fi

dpkg --purge spython-dev spython >/dev/null
[ ! -e /etc/spython/policy.json ] || fail "purge left /etc/spython/policy.json"
[ ! -e /usr/bin/spython ] || fail "purge left /usr/bin/spython"
echo "debtest: ok (installed, ran as root and uid 65534, verified both logs, purged)"
