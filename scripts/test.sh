#!/usr/bin/env bash
# Runs every test of the project: the SRP known-answer vectors regenerated
# with amazon-cognito-identity-js, the library (with -race), the conformance
# suite against the official client, and the integration suite against
# cognito-local (installed from npm into .cache/, started on 127.0.0.1 and
# stopped afterwards) and cognitotest, which amazon-cognito-identity-js also
# signs in to (installed from npm into .cache/ once, by
# scripts/amazon-cognito-identity-js.sh, for the vectors and that test).
# Usage: bash scripts/test.sh
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

echo "== go mod tidy -diff (every module's go.mod and go.sum are tidy)"
for mod in . conformance integration cmd/cognito-password bench; do
  (cd "$mod" && go mod tidy -diff) || { echo "go mod tidy would change $mod/go.mod or $mod/go.sum" >&2; exit 1; }
done

echo "== staticcheck (installed from the module proxy into .cache/bin)"
GOBIN="$root/.cache/bin" go install honnef.co/go/tools/cmd/staticcheck@v0.8.2
for mod in . conformance integration cmd/cognito-password bench; do
  (cd "$mod" && "$root/.cache/bin/staticcheck" ./...)
done

echo "== SRP known answers: amazon-cognito-identity-js (npm, into .cache/) computes internal/srp/testdata/vectors.json"
bash scripts/srp-vectors.sh check

echo "== library tests (race detector)"
go test -race -count=1 ./...

echo "== allocations per call (without the race detector, which changes them)"
go test -count=1 -run TestAllocationsPerCall .

for mod in conformance integration cmd/cognito-password bench; do
  if [ -f "$mod/go.mod" ]; then
    echo "== $mod module"
    (cd "$mod" && go vet ./...)
    if [ "$mod" = conformance ]; then
      # The suite is one package. Run once with no package list, go test
      # shows its output, which ends with TestMain's "conformance:" line.
      log=$(mktemp)
      trap 'rm -f "$log"' EXIT
      (cd "$mod" && go test -race -count=1) 2>&1 | tee "$log"
      grep -qE '^conformance:' "$log" || { echo "the conformance suite printed no summary line" >&2; exit 1; }
    else
      (cd "$mod" && go test -race -count=1 ./...)
    fi
    if [ "$mod" = bench ]; then
      (cd "$mod" && go test -count=1 -run '^$' -bench . -benchtime=20x . >/dev/null)
      echo "bench smoke ok"
    fi
  fi
done
if [ -f scripts/fuzz.sh ]; then
  echo "== fuzz targets, a short fixed time each"
  bash scripts/fuzz.sh "${FUZZ_SECONDS:-5}"
fi
echo "== all tests passed"
