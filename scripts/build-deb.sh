#!/usr/bin/env bash
# Builds build/rx-collector_<version>_all.deb from debian/ with dpkg-deb alone (no debhelper needed):
# the compiled agent and its production dependencies under /usr/lib/rx-collector, the systemd unit, the default
# configuration as a conffile (never overwritten on upgrade), and a postinst that creates the service user.
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(node -p "require('./package.json').version")
root=build/deb/rx-collector
rm -rf build/deb && mkdir -p "$root/DEBIAN" "$root/usr/lib/rx-collector" "$root/usr/bin" \
  "$root/etc/rx-collector" "$root/lib/systemd/system" "$root/usr/share/doc/rx-collector"
npm run build >/dev/null
cp -r dist package.json package-lock.json "$root/usr/lib/rx-collector/"
(cd "$root/usr/lib/rx-collector" && npm ci --omit=dev --ignore-scripts --no-audit --no-fund >/dev/null)
chmod 0755 "$root/usr/lib/rx-collector/dist/cli.js"
ln -s ../lib/rx-collector/dist/cli.js "$root/usr/bin/rx-collector"
cp config/rx-collector.toml "$root/etc/rx-collector/rx-collector.toml"
cp debian/rx-collector.service "$root/lib/systemd/system/"
cp README.md "$root/usr/share/doc/rx-collector/"
sed "s/@VERSION@/${version}/" debian/control > "$root/DEBIAN/control"
install -m 0755 debian/postinst "$root/DEBIAN/postinst"
cp debian/conffiles "$root/DEBIAN/conffiles"
dpkg-deb --root-owner-group --build "$root" "build/rx-collector_${version}_all.deb" >/dev/null
echo "build/rx-collector_${version}_all.deb"
