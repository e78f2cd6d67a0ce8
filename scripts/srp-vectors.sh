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
#   SRP_VECTORS_CACHE  where the npm package is installed (default: that of
#                      scripts/amazon-cognito-identity-js.sh, which installs
#                      the pinned amazon-cognito-identity-js once)
#
# Needs Node.js and npm; contacts the npm registry (installation) only.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
file=$repo/internal/srp/testdata/vectors.json

die() {
	echo "srp-vectors.sh: $*" >&2
	exit 1
}

cache=$(AMAZON_COGNITO_IDENTITY_JS_CACHE=${SRP_VECTORS_CACHE:-} bash "$repo/scripts/amazon-cognito-identity-js.sh") ||
	die "cannot install amazon-cognito-identity-js"

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
		die "$file is not what amazon-cognito-identity-js computes; run 'bash scripts/srp-vectors.sh write' and review the change"
	fi
	echo "srp-vectors.sh: $file matches amazon-cognito-identity-js" >&2
	;;
*)
	echo "usage: $0 write|check" >&2
	exit 2
	;;
esac
