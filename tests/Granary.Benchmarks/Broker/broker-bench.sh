#!/usr/bin/env bash
# Broker hot-path benchmark (issue 4, silo side of issue 5): kcat against one Release silo on this machine.
#   1. dd of zeros with fdatasync into the data directory's file system (the disk reference);
#   2. kcat produce of 100 B records and of 1 KiB records, acks=1, one partition, linger.ms=5, batches of 10,000;
#   3. kcat consume of the 1 KiB topic from the page cache (-o beginning -e);
# and for each run prints wall time, records/s, MB/s, the silo's CPU (utime+stime from /proc/<pid>/stat) per million
# records or per GiB, and the silo's allocations and GC counts (each run gets its own silo process, which logs
# GC.GetTotalAllocatedBytes at shutdown; an idle start and stop allocates a few MB, reported as "idle").
# CPU and allocations do not depend on machine load; wall-clock figures do (compare runs from one session only).
#
# Usage: broker-bench.sh [--silo-dll PATH] [--data-dir DIR] [--n100 N] [--n1k N] [--dd-mb N]
set -euo pipefail
cd "$(dirname "$0")/../../.."

silo_dll=""
data_root=""
n100=2000000
n1k=500000
dd_mb=1024
while [ $# -gt 0 ]; do
  case "$1" in
    --silo-dll) silo_dll="$2"; shift ;;
    --data-dir) data_root="$2"; shift ;;
    --n100) n100="$2"; shift ;;
    --n1k) n1k="$2"; shift ;;
    --dd-mb) dd_mb="$2"; shift ;;
    *) echo "broker-bench: unknown argument '$1'" >&2; exit 2 ;;
  esac
  shift
done

if [ -z "$silo_dll" ]; then
  echo "broker-bench: building the silo (Release)" >&2
  dotnet build -c Release -v q --nologo silo/Granary.Silo >&2
  silo_dll=silo/Granary.Silo/bin/Release/net10.0/Granary.Silo.dll
fi

data_root="${data_root:-$(mktemp -d "${TMPDIR:-/tmp}/granary-broker-bench.XXXXXX")}"
mkdir -p "$data_root"
silo_pid=""
cleanup() {
  if [ -n "$silo_pid" ]; then kill "$silo_pid" 2>/dev/null || true; wait "$silo_pid" 2>/dev/null || true; fi
  rm -rf "$data_root/silo" "$data_root/dd.tmp" "$data_root/100b.txt" "$data_root/1k.txt"
}
trap cleanup EXIT

tck=$(getconf CLK_TCK)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
broker="127.0.0.1:$port"
now() { date +%s.%N; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$silo_pid/stat"; }
sys_ticks() { awk '{ print $15 }' "/proc/$silo_pid/stat"; }

start_silo() {
  dotnet "$silo_dll" --host 127.0.0.1 --port "$port" --data-dir "$data_root/silo" \
    --Logging:LogLevel:Default=Warning --Logging:LogLevel:Granary.Silo.Hosting.LogManagerService=Information \
    >"$data_root/silo-$1.log" 2>&1 &
  silo_pid=$!
  for _ in $(seq 1 240); do
    if kcat -b "$broker" -L -m 2 >/dev/null 2>&1; then return 0; fi
    sleep 0.25
  done
  echo "broker-bench: silo did not start" >&2; exit 1
}

# Stops the silo and sets gc to "allocated_bytes gen0 gen1 gen2" from its shutdown line (not in a subshell: wait
# only works for the shell's own children).
stop_silo() {
  kill -TERM "$silo_pid"; wait "$silo_pid" 2>/dev/null || true; silo_pid=""
  gc=$(sed -nE 's/.*GC totals at shutdown: allocated ([0-9]+) bytes, collections gen0=([0-9]+) gen1=([0-9]+) gen2=([0-9]+).*/\1 \2 \3 \4/p' "$data_root/silo-$1.log" | tail -1)
}

row() { printf '| %-34s | %10s | %12s | %10s | %18s | %16s | %-14s |\n' "$@"; }

# Records: newline-separated lines of exactly N bytes (kcat's default delimiter).
lines() { awk -v n="$1" -v size="$2" 'BEGIN { s = sprintf("%*s", size, ""); gsub(/ /, "r", s); for (i = 0; i < n; i++) print s }'; }
lines "$n100" 100 >"$data_root/100b.txt"
lines "$n1k" 1024 >"$data_root/1k.txt"

dd_line=$(dd if=/dev/zero of="$data_root/dd.tmp" bs=1M count="$dd_mb" conv=fdatasync 2>&1 | tail -1)
rm -f "$data_root/dd.tmp"
dd_mbs=$(echo "$dd_line" | awk -F', ' '{ split($1, b, " "); split($3, s, " "); printf "%.1f", b[1] / s[1] / 1048576 }')

start_silo idle
stop_silo idle
idle=$gc

# produce NAME TOPIC FILE COUNT SIZE -> one row
produce() {
  start_silo "$2"
  # Warm-up on another topic, so JIT and tiered recompilation of the produce path are not measured.
  head -n 50000 "$3" | kcat -b "$broker" -P -t "warm-$2" -p 0 -X linger.ms=5 -X batch.num.messages=10000 -X acks=1
  kcat -b "$broker" -P -t "$2" -p 0 -X acks=1 -X linger.ms=1 <<<"warm-up" 2>/dev/null
  local c0 t0 t1 c1 s0 s1
  c0=$(cpu_ticks); s0=$(sys_ticks); t0=$(now)
  kcat -b "$broker" -P -t "$2" -p 0 -X linger.ms=5 -X batch.num.messages=10000 -X acks=1 <"$3"
  t1=$(now); c1=$(cpu_ticks); s1=$(sys_ticks)
  stop_silo "$2"
  awk -v n="$4" -v size="$5" -v t0="$t0" -v t1="$t1" -v c0="$c0" -v c1="$c1" -v s0="$s0" -v s1="$s1" -v tck="$tck" -v gc="$gc" -v idle="$idle" -v dd="$dd_mbs" -v name="$1" 'BEGIN {
    split(gc, g, " "); split(idle, i, " "); s = t1 - t0; cpu = (c1 - c0) / tck; mbs = n * size / s / 1048576
    sys = (s1 - s0) / tck
    printf "| %-34s | %10.2f | %12.0f | %10.1f | %18.3f | %16.1f | %-14s |\n", name, s, n / s, mbs, cpu / (n / 1e6), (g[1] - i[1]) / (n / 1e6) / 1048576, \
      "gc " g[2] "/" g[3] "/" g[4] ", sys " sprintf("%.0f", cpu > 0 ? 100 * sys / cpu : 0) "%, " sprintf("%.2f", mbs / dd) "x dd" }'
}

consume() {
  start_silo consume
  # Warm-up: fetch the produce run's warm-up topic first (JIT of the fetch path is not measured).
  kcat -b "$broker" -C -t "warm-$1" -o beginning -e -q -f '%p\n' >/dev/null
  local c0 t0 t1 c1 got s0 s1
  c0=$(cpu_ticks); s0=$(sys_ticks); t0=$(now)
  got=$(kcat -b "$broker" -C -t "$1" -o beginning -e -q -f '%p\n' | wc -l)
  t1=$(now); c1=$(cpu_ticks); s1=$(sys_ticks)
  stop_silo consume
  awk -v n="$got" -v size="$2" -v t0="$t0" -v t1="$t1" -v c0="$c0" -v c1="$c1" -v s0="$s0" -v s1="$s1" -v tck="$tck" -v gc="$gc" -v idle="$idle" 'BEGIN {
    split(gc, g, " "); split(idle, i, " "); s = t1 - t0; cpu = (c1 - c0) / tck; gib = n * size / 1073741824
    sys = (s1 - s0) / tck
    printf "| %-34s | %10.2f | %12.0f | %10.1f | %13.3f s/GiB | %11.1f MB/GiB | %-14s |\n", "kcat consume 1 KiB (" n " rec)", s, n / s, n * size / s / 1048576, cpu / gib, (g[1] - i[1]) / gib / 1048576, \
      "gc " g[2] "/" g[3] "/" g[4] ", sys " sprintf("%.0f", cpu > 0 ? 100 * sys / cpu : 0) "%" }'
}

echo "# Broker benchmark ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%MZ), dd ${dd_mbs} MB/s)"
row "run" "wall s" "records/s" "MB/s" "silo CPU s/M rec" "silo MB alloc/M" "GC 0/1/2, kernel share of silo CPU"
produce "kcat produce 100 B x $n100 acks=1" b100 "$data_root/100b.txt" "$n100" 100
produce "kcat produce 1 KiB x $n1k acks=1" b1k "$data_root/1k.txt" "$n1k" 1024
consume b1k 1024
echo "(idle silo start+stop: $idle = allocated bytes, gen0 gen1 gen2)"
