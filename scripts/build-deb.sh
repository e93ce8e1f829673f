#!/usr/bin/env bash
# `npm run deb`: builds build/rx-collector_<version>_amd64.deb with dpkg-buildpackage from debian/.
# The source tree (what git tracks or would track, as it is on disk) is copied to build/deb-src/rx-collector-<version>/
# so dpkg-buildpackage's by-products (.buildinfo, .changes) land under build/ and not beside the checkout;
# node_modules is linked, not copied (the build needs no network).
# RX_DEB_VERSION=<version> builds the same tree as another version (the upgrade test installs a "newer" build).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
# The node running the build becomes the runtime inside the package (scripts/sea.ts checks its SEA fuse).
node -e 'const [major, minor] = process.versions.node.split(".").map(Number);
  if (major < 20 || (major === 20 && minor < 19)) { console.error(`Node.js ${process.version}: the package needs >= 20.19`); process.exit(1); }'
version=$(node -p "require('./package.json').version")
changelog_version=$(dpkg-parsechangelog -S Version)
if [ "$version" != "$changelog_version" ]; then
  echo "package.json says $version, debian/changelog says $changelog_version: add a changelog entry" >&2
  exit 1
fi
[ -d node_modules ] || npm ci --no-audit --no-fund
target=${RX_DEB_VERSION:-$version}
stage=build/deb-src/rx-collector-$target
rm -rf "$stage" && mkdir -p "$stage"
git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' file; do
  [ -e "$file" ] && printf '%s\0' "$file"
done | rsync -a --from0 --files-from=- . "$stage/"
ln -s "$root/node_modules" "$stage/node_modules"
if [ "$target" != "$version" ]; then
  (cd "$stage" && npm pkg set version="$target" >/dev/null && {
    printf 'rx-collector (%s) unstable; urgency=medium\n\n  * Rebuilt as %s.\n\n -- %s  %s\n\n' "$target" "$target" \
      "$(dpkg-parsechangelog -S Maintainer)" "$(date -R)"
    cat debian/changelog
  } > debian/changelog.new && mv debian/changelog.new debian/changelog)
fi
(cd "$stage" && dpkg-buildpackage -us -uc -b >"$root/build/deb-src/dpkg-buildpackage.log" 2>&1) || {
  tail -40 build/deb-src/dpkg-buildpackage.log >&2
  exit 1
}
mv "build/deb-src/rx-collector_${target}_amd64.deb" build/
rm -rf "$stage"   # ~300 MB of staged tree, executable and package root; the .buildinfo and .changes stay beside it
echo "build/rx-collector_${target}_amd64.deb"
