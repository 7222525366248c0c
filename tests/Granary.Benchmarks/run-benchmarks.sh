#!/usr/bin/env bash
# The Granary benchmark harness (issue 6): in one go on one machine it measures
#   1. raw disk: dd of zeros with fdatasync into the data directory's file system, and the raw loopback TCP rate of
#      one stream (loopback-ceiling.py: no broker, no protocol), the ceiling for any consumer on this machine;
#   2. a fresh silo on a free port with its data under that directory;
#   3. granary perf produce: 100 B and 1 KB records, acks=1 and acks=all;
#   4. granary perf consume of the 1 KB acks=1 topic (its fetch.MB.sec; MB.sec includes the group join);
#   5. granary perf e2e at half of the 100 B acks=all rate, after one second of warm-up records at that rate;
#   6. a peer: redis-server (Debian package) with AOF everysec, redis-benchmark -P 100 XADD with 100 B values;
# and prints one table: each figure, its goal and the ratios (produce MB/s against dd, records/s against XADD,
# consume MB/s against loopback).
#
# Usage: run-benchmarks.sh [--smoke] [--data-dir DIR] [--cli "COMMAND"] [--silo-dll PATH] [--partitions N]
#   --smoke     tiny counts (CI: checks only that everything runs and the table parses)
#   --cli       how to run granary (default: dotnet artifacts/bench/cli/granary.dll, published first)
#   --silo-dll  the silo to start (default: artifacts/bench/silo/Granary.Silo.dll, published first)
# By default both are published for this machine's runtime with ReadyToRun, as a deployment would be: every perf
# command is a fresh process, and without precompiled code its JIT takes a second core's worth of the first seconds
# (ReadyToRun: 1.17x the 100 B rate, 1.2x the consume rate in a 2 M / 1 M record round; docs/benchmarks.md).
set -euo pipefail
cd "$(dirname "$0")/../.."

smoke=0
data_root=""
cli=""
silo_dll=""
partitions=6
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) smoke=1 ;;
    --data-dir) data_root="$2"; shift ;;
    --cli) cli="$2"; shift ;;
    --silo-dll) silo_dll="$2"; shift ;;
    --partitions) partitions="$2"; shift ;;
    *) echo "run-benchmarks: unknown argument '$1'" >&2; exit 2 ;;
  esac
  shift
done

if [ "$smoke" = 1 ]; then
  dd_mb=16; n100=2000; n1k=1000; e2e_seconds=1; redis_n=2000; loopback_mb=64
else
  dd_mb=2048; n100=5000000; n1k=1000000; e2e_seconds=10; redis_n=2000000; loopback_mb=2048
fi

. tests/Granary.Benchmarks/bench-silo.sh
publish_bench_builds "$cli" "$silo_dll"

data_root="${data_root:-$(mktemp -d "${TMPDIR:-/tmp}/granary-bench.XXXXXX")}"
mkdir -p "$data_root"
silo_pid=""
redis_pid=""
cleanup() {
  [ -n "$silo_pid" ] && kill "$silo_pid" 2>/dev/null && wait "$silo_pid" 2>/dev/null
  [ -n "$redis_pid" ] && kill "$redis_pid" 2>/dev/null && wait "$redis_pid" 2>/dev/null
  rm -rf "$data_root/silo" "$data_root/redis" "$data_root/dd.tmp"
}
trap cleanup EXIT

granary() { $cli "$@" -b "127.0.0.1:$port"; }
# Field N (1-based, comma-and-space separated) of a line, e.g. records/sec of a perf produce final line.
perf_field() { sed -E 's/^([0-9]+) records sent, ([0-9.]+) records\/sec \(([0-9.]+) MB\/sec\), ([0-9.]+) ms avg latency, ([0-9.]+) ms max latency.*/\1 \2 \3 \4 \5/' | cut -d' ' -f"$1"; }

# 1. dd: MB/s (MiB, as Kafka's perf tools count) from bytes and seconds of dd's summary line.
dd_line=$(dd if=/dev/zero of="$data_root/dd.tmp" bs=1M count="$dd_mb" conv=fdatasync 2>&1 | tail -1)
rm -f "$data_root/dd.tmp"
dd_mbs=$(echo "$dd_line" | awk -F', ' '{ split($1, b, " "); split($3, s, " "); printf "%.1f", b[1] / s[1] / 1048576 }')
# What one TCP stream over loopback carries on this machine with no broker at all: the ceiling for consume.
loopback_mbs=$(python3 tests/Granary.Benchmarks/loopback-ceiling.py $((loopback_mb << 20)) | cut -d' ' -f1)

# 2. A fresh silo.
start_silo "$data_root"

# 3. perf produce.
produce() { # topic records size acks
  granary topics create --topic "$1" --partitions "$partitions" --if-not-exists >/dev/null
  local idem=true; [ "$4" = all ] || idem=false
  granary perf produce --topic "$1" --num-records "$2" --record-size "$3" --throughput -1 \
    --producer-props acks="$4" enable.idempotence="$idem" linger.ms=5 | tail -1
}
p100_1=$(produce perf-100-acks1 "$n100" 100 1)
p100_all=$(produce perf-100-acksall "$n100" 100 all)
p1k_1=$(produce perf-1k-acks1 "$n1k" 1024 1)
p1k_all=$(produce perf-1k-acksall "$n1k" 1024 all)

# 4. perf consume (MB.sec is the 4th column).
consume_row=$(granary perf consume --topic perf-1k-acks1 --messages "$n1k" --hide-header)
# kafka-consumer-perf-test's MB.sec divides by the whole run, including the group join (the silo's
# group.initial.rebalance.delay.ms, 3 s by default); fetch.MB.sec leaves the join out: it is the consume rate.
consume_mbs=$(echo "$consume_row" | awk -F', ' '{ print $9 }')
consume_total_mbs=$(echo "$consume_row" | awk -F', ' '{ print $4 }')

# 5. perf e2e at half the measured 100 B acks=all rate.
half_rate=$(echo "$p100_all" | perf_field 2 | awk '{ r = int($1 / 2); print (r < 1 ? 1 : r) }')
# One more second of records first, sent at the same rate but left out of the percentiles (a cold process's JIT).
e2e_n=$(( half_rate * e2e_seconds )); [ "$e2e_n" -ge 100 ] || e2e_n=100
e2e_warmup=$half_rate
granary topics create --topic perf-e2e --partitions 1 --if-not-exists >/dev/null
e2e_out=$(granary perf e2e --topic perf-e2e --num-records $(( e2e_n + e2e_warmup )) --warmup-records "$e2e_warmup" --record-size 100 --throughput "$half_rate")
e2e_p99_us=$(echo "$e2e_out" | sed -nE 's/^Percentiles \(us\): 50th = [0-9]+, 99th = ([0-9]+), .*/\1/p')
e2e_p99_ms=$(awk -v us="$e2e_p99_us" 'BEGIN { printf "%.3f", us / 1000 }')

# 6. redis-server with AOF everysec, redis-benchmark XADD with 100 B values, pipelined by 100.
redis_rps="n/a"
if command -v redis-server >/dev/null && command -v redis-benchmark >/dev/null; then
  rport=$(free_port)
  mkdir -p "$data_root/redis"
  redis-server --port "$rport" --bind 127.0.0.1 --dir "$data_root/redis" --appendonly yes --appendfsync everysec --save '' >"$data_root/redis.log" 2>&1 &
  redis_pid=$!
  for _ in $(seq 1 50); do redis-cli -p "$rport" ping >/dev/null 2>&1 && break; sleep 0.2; done
  value=$(head -c 100 /dev/zero | tr '\0' x)
  redis_rps=$(redis-benchmark -p "$rport" -P 100 -n "$redis_n" -q XADD granary-bench '*' f "$value" 2>/dev/null \
    | tr '\r' '\n' | sed -nE 's/.*: ([0-9.]+) requests per second.*/\1/p' | tail -1)
  [ -n "$redis_rps" ] || redis_rps="n/a"
fi

# The table: name | value | unit | goal | ratio | met.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == "n/a" || b + 0 == 0) print "n/a"; else printf "%.2f", a / b }'; }
met() { awk -v v="$1" -v op="$2" -v g="$3" 'BEGIN { if (v == "n/a") { print "n/a"; exit } ok = (op == ">=") ? (v + 0 >= g) : (v + 0 <= g); print ok ? "yes" : "no" }'; }
row() { printf '| %-28s | %14s | %-9s | %-24s | %-30s | %-4s |\n' "$@"; }
r100_1=$(echo "$p100_1" | perf_field 2); r100_all=$(echo "$p100_all" | perf_field 2)
m1k_1=$(echo "$p1k_1" | perf_field 3); m1k_all=$(echo "$p1k_all" | perf_field 3)
xadd_ratio_1=$(ratio "$r100_1" "$redis_rps"); xadd_ratio_all=$(ratio "$r100_all" "$redis_rps")
dd_ratio_1=$(ratio "$m1k_1" "$dd_mbs"); dd_ratio_all=$(ratio "$m1k_all" "$dd_mbs")
both() { [ "$1" = yes ] && [ "$2" = yes ] && echo yes || { [ "$1" = n/a ] || [ "$2" = n/a ] && [ "$1" != no ] && [ "$2" != no ] && echo n/a || echo no; }; }

echo "# Granary benchmark harness ($( [ "$smoke" = 1 ] && echo smoke || echo full ), $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ))"
row "figure" "value" "unit" "goal" "ratio" "met"
row "dd write (fdatasync)" "$dd_mbs" "MB/s" "reference" "-" "-"
row "redis XADD -P 100 (AOF)" "$redis_rps" "rec/s" "reference" "-" "-"
row "loopback TCP, one stream" "$loopback_mbs" "MB/s" "reference" "-" "-"
row "produce 100 B acks=1" "$r100_1" "rec/s" ">= 1000000, >= 2x XADD" "$xadd_ratio_1 x XADD" "$(both "$(met "$r100_1" ">=" 1000000)" "$(met "$xadd_ratio_1" ">=" 2)")"
row "produce 100 B acks=all" "$r100_all" "rec/s" ">= 1000000, >= 2x XADD" "$xadd_ratio_all x XADD" "$(both "$(met "$r100_all" ">=" 1000000)" "$(met "$xadd_ratio_all" ">=" 2)")"
row "produce 1 KB acks=1" "$m1k_1" "MB/s" ">= 300, >= 0.8x dd" "$dd_ratio_1 x dd" "$(both "$(met "$m1k_1" ">=" 300)" "$(met "$dd_ratio_1" ">=" 0.8)")"
row "produce 1 KB acks=all" "$m1k_all" "MB/s" ">= 300, >= 0.8x dd" "$dd_ratio_all x dd" "$(both "$(met "$m1k_all" ">=" 300)" "$(met "$dd_ratio_all" ">=" 0.8)")"
row "consume 1 KB" "$consume_mbs" "MB/s" ">= 1536" "$(ratio "$consume_mbs" 1536) x goal, $(ratio "$consume_mbs" "$loopback_mbs") x loopback" "$(met "$consume_mbs" ">=" 1536)"
row "consume 1 KB, incl. join" "$consume_total_mbs" "MB/s" "reference" "MB.sec column" "-"
row "e2e p99 at $half_rate rec/s" "$e2e_p99_ms" "ms" "<= 5" "$(ratio "$e2e_p99_ms" 5) x goal" "$(met "$e2e_p99_ms" "<=" 5)"
