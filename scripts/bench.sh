#!/usr/bin/env bash
# Regenerates BENCHMARKS.md: runs the bench module's benchmarks (this
# library, the official client and the raw net/http floors, on loopback and
# in memory, one goroutine and parallel) in interleaved rounds, builds the
# three binary-size programs, and has bench/cmd/benchreport write medians,
# ratios and the verdict on each target.
#
# Usage: bash scripts/bench.sh
#   BENCH_ROUNDS (default 7): rounds, each one -count=1 pass over every
#     benchmark; every figure is the median over the rounds.
#   BENCH_TIME (default 250ms): -benchtime of each benchmark in a round.
#   BENCH_OUT (default BENCHMARKS.md): the file to write.
# About 5 minutes on 2 cores. Needs only the Go toolchain and the module
# proxy (the official client is a dependency of the bench module).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
rounds=${BENCH_ROUNDS:-7}
benchtime=${BENCH_TIME:-250ms}
out=${BENCH_OUT:-BENCHMARKS.md}
case "$out" in /*) ;; *) out="$root/$out" ;; esac

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cd bench
echo "== checking that every variant sends the same request"
go vet ./...
go test -count=1 ./...

echo "== building"
go test -c -o "$work/bench.test" .
go build -o "$work/benchreport" ./cmd/benchreport
for p in nethttp ours official; do
  CGO_ENABLED=0 go build -trimpath -ldflags='-s -w' -o "$work/bin/$p" "./sizes/$p"
  CGO_ENABLED=0 go build -trimpath -o "$work/bin/$p.full" "./sizes/$p"
done

load_start=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)
start=$(date +%s)
for i in $(seq "$rounds"); do
  echo "== round $i of $rounds"
  "$work/bench.test" -test.run='^$' -test.bench=. -test.benchtime="$benchtime" -test.count=1 \
    | tee -a "$work/bench.txt" | grep -E '^Benchmark' | awk '{printf "%s %s ns/op %s allocs/op\n", $1, $3, $(NF-1)}'
done
seconds=$(( $(date +%s) - start ))
load_end=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)

echo "== writing $out"
"$work/benchreport" -bench "$work/bench.txt" -bin "$work/bin" -o "$out" \
  -command "bash scripts/bench.sh" -goversion "$(go version)" \
  -rounds "$rounds" -benchtime "$benchtime" -seconds "$seconds" \
  -load-start "$load_start" -load-end "$load_end"
