#!/usr/bin/env bash
# End-to-end latency below saturation (issue 6): granary perf e2e at each given rate against one fresh silo, each
# rate on a new 1-partition topic, with one second of warm-up records left out of the percentiles. For every rate it
# prints p50/p99/p99.9 in microseconds and the CPU seconds of the perf process and of the silo, so the latency of the
# path itself (thread hand-offs, fsync) can be told from queueing on saturated cores. The harness's e2e row runs at
# half the maximum rate only, where both cores are saturated.
#
# Usage: e2e-rates.sh [--cli "COMMAND"] [--silo-dll PATH] [--data-dir DIR] [--seconds N] [--topic-config k=v]... RATE...
#   --cli, --silo-dll  as in run-benchmarks.sh (default: ReadyToRun builds published into artifacts/bench)
#   --data-dir         the silo's data goes under DIR (default: a new directory under $TMPDIR or /tmp, on disk)
#   --topic-config     a topic config for every topic, e.g. flush.messages=9223372036854775807 (Kafka's default of
#                      no fsync; Granary's flush.messages=1 fsyncs every group commit before the HighWatermark moves)
# Example: tests/Granary.Benchmarks/e2e-rates.sh 10000 200000
#          tests/Granary.Benchmarks/e2e-rates.sh --topic-config flush.messages=9223372036854775807 10000 200000
set -euo pipefail
cd "$(dirname "$0")/../.."

cli=""
silo_dll=""
data_root=""
seconds=10
configs=()
rates=()
while [ $# -gt 0 ]; do
  case "$1" in
    --cli) cli="$2"; shift ;;
    --silo-dll) silo_dll="$2"; shift ;;
    --data-dir) data_root="$2"; shift ;;
    --seconds) seconds="$2"; shift ;;
    --topic-config) configs+=(--config "$2"); shift ;;
    [0-9]*) rates+=("$1") ;;
    *) echo "e2e-rates: unknown argument '$1'" >&2; exit 2 ;;
  esac
  shift
done
[ ${#rates[@]} -gt 0 ] || { echo "usage: e2e-rates.sh [options] RATE..." >&2; exit 2; }

. tests/Granary.Benchmarks/bench-silo.sh
publish_bench_builds "$cli" "$silo_dll"

data_root="${data_root:-$(mktemp -d "${TMPDIR:-/tmp}/granary-e2e.XXXXXX")}"
silo_pid=""
cleanup() {
  if [ -n "$silo_pid" ]; then kill "$silo_pid" 2>/dev/null || true; wait "$silo_pid" 2>/dev/null || true; fi
  rm -rf "$data_root/silo"
}
trap cleanup EXIT

start_silo "$data_root"

tck=$(getconf CLK_TCK)
silo_ticks() { awk '{ print $14 + $15 }' "/proc/$silo_pid/stat"; }
printf '| %10s | %9s | %9s | %9s | %13s | %11s |\n' "rate/s" "p50 us" "p99 us" "p99.9 us" "perf CPU s" "silo CPU s"
i=0
for rate in "${rates[@]}"; do
  i=$((i + 1))
  topic="e2e-rates-$i"
  $cli topics create --topic "$topic" --partitions 1 "${configs[@]}" -b "127.0.0.1:$port" >/dev/null
  before=$(silo_ticks)
  out=$( { /usr/bin/time -f "cpu %U %S" $cli perf e2e --topic "$topic" --num-records $((rate * (seconds + 1))) \
    --warmup-records "$rate" --record-size 100 --throughput "$rate" -b "127.0.0.1:$port"; } 2>&1)
  silo_cpu=$(awk -v t="$(( $(silo_ticks) - before ))" -v hz="$tck" 'BEGIN { printf "%.2f", t / hz }')
  read -r p50 p99 p999 < <(echo "$out" | sed -nE 's/^Percentiles \(us\): 50th = ([0-9]+), 99th = ([0-9]+), 99.9th = ([0-9]+).*/\1 \2 \3/p')
  perf_cpu=$(echo "$out" | awk '/^cpu / { printf "%.2f", $2 + $3 }')
  printf '| %10s | %9s | %9s | %9s | %13s | %11s |\n' "$rate" "${p50:-n/a}" "${p99:-n/a}" "${p999:-n/a}" "${perf_cpu:-n/a}" "$silo_cpu"
done
