#!/usr/bin/env bash
# Installs the Debian packages of the real servers the tests start. Idempotent: does nothing when all are present.
# Needs root on Debian; the tests start and stop every server themselves (no systemd, no init scripts).
set -euo pipefail
packages=(
  mariadb-server mariadb-client galera-4 rsync   # Galera cluster and plain MariaDB (issue 3)
  ceph-mon ceph-mgr ceph-osd ceph-common         # one-host Ceph cluster (memstore OSD) for the Ceph source
  prometheus-mysqld-exporter                     # benchmark peer for the Galera reading
  prometheus-node-exporter                       # benchmark peer for the NetDev reading
  victoria-metrics                               # real OpenTSDB-compatible receiver
  postfix                                        # Postfix source
  nsd bind9-dnsutils                             # authoritative DNS servers for the DNS source
  openjdk-17-jdk-headless                        # jps/jstat and real JVMs for the JVM source
  openssl                                        # throw-away CAs and certificates for the TLS tests (Mongo, Host)
  podman runc busybox-static                     # Docker Engine API (podman's service) and a registry-free busybox image
  tomcat10 tomcat10-admin                        # Tomcat 10 and its manager webapp for the Tomcat source
  debhelper dpkg-dev fakeroot binutils rsync lintian  # npm run deb and its checks (test/debian)
  mmdebstrap                                     # a stock Debian 12 root to install the package into
  systemd                                        # systemd-analyze verify/security on the unit; systemd-tmpfiles
  ansible-core                                   # the Ansible role's test (test/ansible)
)
missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing test servers: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# Postfix asks two questions; "Local only" bounces remote mail at once (the tests set their own relay).
echo "postfix postfix/main_mailer_type select Local only" | debconf-set-selections
echo "postfix postfix/mailname string rx-collector-test.localdomain" | debconf-set-selections
apt-get -o DPkg::Lock::Timeout=600 update -q
apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends "${missing[@]}"
