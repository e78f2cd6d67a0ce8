#!/usr/bin/env bash
# srp-vectors.sh writes or checks internal/srp/testdata/vectors.json, the SRP
# known-answer vectors computed by amazon-cognito-identity-js (Cognito's own
# JavaScript client) with a fixed private value and clock; see
# scripts/srp-vectors.js for how.
#
# Usage:
#   scripts/srp-vectors.sh write   regenerate the file
#   scripts/srp-vectors.sh check   regenerate into a temporary file and fail
#                                  unless it is the checked-in file (CI)
#
# Environment:
#   SRP_VECTORS_CACHE  where the npm package is installed (default:
#                      <repo>/.cache/srp-vectors; reused when it already holds
#                      amazon-cognito-identity-js@6.3.21)
#
# Needs Node.js and npm; contacts the npm registry (installation) only.
set -euo pipefail

readonly VERSION=6.3.21
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cache=${SRP_VECTORS_CACHE:-$repo/.cache/srp-vectors}
pkg=$cache/node_modules/amazon-cognito-identity-js
file=$repo/internal/srp/testdata/vectors.json

die() {
	echo "srp-vectors.sh: $*" >&2
	exit 1
}

command -v node >/dev/null 2>&1 || die "node is not installed (for example: apt-get install nodejs npm)"

installed_version() {
	[[ -f $pkg/package.json ]] || return 0
	node -e 'process.stdout.write(require(process.argv[1]).version)' "$pkg/package.json" 2>/dev/null || true
}

if [[ $(installed_version) != "$VERSION" ]]; then
	command -v npm >/dev/null 2>&1 || die "npm is not installed; it is needed once to install amazon-cognito-identity-js@$VERSION"
	mkdir -p "$cache"
	echo "srp-vectors.sh: installing amazon-cognito-identity-js@$VERSION into $cache" >&2
	npm install --prefix "$cache" "amazon-cognito-identity-js@$VERSION" \
		--no-audit --no-fund --no-update-notifier --loglevel=error >&2
	[[ $(installed_version) == "$VERSION" ]] || die "npm did not install amazon-cognito-identity-js@$VERSION into $cache"
fi

tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
node "$repo/scripts/srp-vectors.js" "$cache" >"$tmp"

case ${1:-} in
write)
	mkdir -p "$(dirname "$file")"
	cp "$tmp" "$file"
	echo "srp-vectors.sh: wrote $file" >&2
	;;
check)
	if ! cmp -s "$tmp" "$file"; then
		diff -u "$file" "$tmp" | head -n 40 >&2 || true
		die "$file is not what amazon-cognito-identity-js@$VERSION computes; run 'bash scripts/srp-vectors.sh write' and review the change"
	fi
	echo "srp-vectors.sh: $file matches amazon-cognito-identity-js@$VERSION" >&2
	;;
*)
	echo "usage: $0 write|check" >&2
	exit 2
	;;
esac
