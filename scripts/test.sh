#!/usr/bin/env bash
# Runs every test of the project: the library (with -race), the conformance
# suite against the official client, and the integration suite against
# cognito-local (installed from npm into .cache/, started on 127.0.0.1 and
# stopped afterwards) and cognitotest. Usage: bash scripts/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

echo "== gofmt and go vet"
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './.cache/*'))
if [ -n "$unformatted" ]; then
  echo "gofmt would change: $unformatted" >&2
  exit 1
fi
go vet ./...

echo "== staticcheck (installed from the module proxy into .cache/bin)"
GOBIN="$root/.cache/bin" go install honnef.co/go/tools/cmd/staticcheck@v0.8.2
for mod in . conformance integration cmd/cognito-password bench; do
  (cd "$mod" && "$root/.cache/bin/staticcheck" ./...)
done

echo "== library tests (race detector)"
go test -race -count=1 ./...

echo "== allocations per call (without the race detector, which changes them)"
go test -count=1 -run TestAllocationsPerCall .

for mod in conformance integration cmd/cognito-password bench; do
  if [ -f "$mod/go.mod" ]; then
    echo "== $mod module"
    if [ -x "$mod/run-tests.sh" ]; then
      bash "$mod/run-tests.sh"
    else
      # Without a package list, go test shows the output of passing tests
      # (the conformance suite prints what it compared).
      (cd "$mod" && go vet ./... && go test -race -count=1 ./... && \
        if [ "$mod" = bench ]; then go test -count=1 -run '^$' -bench . -benchtime=20x . >/dev/null && echo "bench smoke ok"; fi && \
        if [ "$mod" = conformance ]; then go test -race -count=1 | grep -E '^conformance:'; fi)
    fi
  fi
done
if [ -f scripts/fuzz.sh ]; then
  echo "== fuzz targets, a short fixed time each"
  bash scripts/fuzz.sh "${FUZZ_SECONDS:-5}"
fi
echo "== all tests passed"
