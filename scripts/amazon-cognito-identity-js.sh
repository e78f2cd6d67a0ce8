#!/usr/bin/env bash
# amazon-cognito-identity-js.sh installs amazon-cognito-identity-js, Cognito's
# own JavaScript client, from npm into .cache/ (once) and prints the
# directory that holds node_modules/amazon-cognito-identity-js. It is the one
# installation of the package in this repository: scripts/srp-vectors.sh
# (SRP known answers) and integration/identityjs_test.go (the package signing
# in against cognitotest) both use it.
#
# Usage:
#   scripts/amazon-cognito-identity-js.sh    install if needed, print the directory
#
# Environment:
#   AMAZON_COGNITO_IDENTITY_JS_CACHE  where to install (default:
#                      <repo>/.cache/amazon-cognito-identity-js; reused when it
#                      already holds the pinned version)
#
# Needs Node.js and npm; contacts the npm registry (installation) only.
set -euo pipefail

# VERSION is the pinned release; scripts/srp-vectors.js and
# scripts/identityjs-client.js check that they run against it.
readonly VERSION=6.3.21
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cache=${AMAZON_COGNITO_IDENTITY_JS_CACHE:-$repo/.cache/amazon-cognito-identity-js}
pkg=$cache/node_modules/amazon-cognito-identity-js

die() {
	echo "amazon-cognito-identity-js.sh: $*" >&2
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
	echo "amazon-cognito-identity-js.sh: installing amazon-cognito-identity-js@$VERSION into $cache" >&2
	npm install --prefix "$cache" "amazon-cognito-identity-js@$VERSION" \
		--no-audit --no-fund --no-update-notifier --loglevel=error >&2
	[[ $(installed_version) == "$VERSION" ]] || die "npm did not install amazon-cognito-identity-js@$VERSION into $cache"
fi
printf '%s\n' "$cache"
