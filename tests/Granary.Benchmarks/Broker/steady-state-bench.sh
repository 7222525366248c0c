#!/usr/bin/env bash
# Steady-state silo CPU per GiB for produce and fetch, A/B between silo builds in one window (issue 4).
# broker-bench.sh measures short runs on the disk: its figures include JIT and tiering of the measured path and the
# kernel's page-cache cost, which on a shared VM swings 10x with the machine's state (dd itself: 0.3-3.4 s of system
# time per GiB). This script keeps the data directory on tmpfs, warms each path on the same topic (0.6 GiB produced,
# one full fetch) before measuring, and alternates the given builds, so the software cost of two builds compares.
#   per build and round: kcat produce 300,000 x 1 KiB and 1,000,000 x 100 B (acks=1, one partition, linger.ms=5,
#   batches of 10,000), then one kcat consume of the 900,000 1 KiB records; silo user and system CPU from
#   /proc/<pid>/stat, per GiB and per million records.
#
# Usage: steady-state-bench.sh [--rounds N] LABEL=SILO_DLL_DIR [LABEL=SILO_DLL_DIR ...]
set -euo pipefail

rounds=3
builds=()
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift ;;
    *=*) builds+=("$1") ;;
    *) echo "steady-state-bench: unknown argument '$1'" >&2; exit 2 ;;
  esac
  shift
done
[ ${#builds[@]} -gt 0 ] || { echo "usage: steady-state-bench.sh [--rounds N] LABEL=SILO_DLL_DIR ..." >&2; exit 2; }

work=$(mktemp -d /dev/shm/granary-steady.XXXXXX)
silo_pid=""
cleanup() {
  if [ -n "$silo_pid" ]; then kill "$silo_pid" 2>/dev/null || true; wait "$silo_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

tck=$(getconf CLK_TCK)
awk 'BEGIN { s = sprintf("%*s", 1024, ""); gsub(/ /, "r", s); for (i = 0; i < 300000; i++) print s }' >"$work/1k.txt"
awk 'BEGIN { s = sprintf("%*s", 100, ""); gsub(/ /, "r", s); for (i = 0; i < 1000000; i++) print s }' >"$work/100b.txt"
P=(-X linger.ms=5 -X batch.num.messages=10000 -X acks=1)

measure() { # LABEL NAME RECORDS SIZE COMMAND...
  local label=$1 name=$2 n=$3 size=$4; shift 4
  local u0 s0 t0 u1 s1 t1
  read -r u0 s0 < <(awk '{ print $14, $15 }' "/proc/$silo_pid/stat"); t0=$(date +%s.%N)
  "$@" >/dev/null
  t1=$(date +%s.%N); read -r u1 s1 < <(awk '{ print $14, $15 }' "/proc/$silo_pid/stat")
  awk -v label="$label" -v name="$name" -v n="$n" -v size="$size" -v u0="$u0" -v u1="$u1" -v s0="$s0" -v s1="$s1" -v t0="$t0" -v t1="$t1" -v tck="$tck" 'BEGIN {
    gib = n * size / 1073741824; us = (u1 - u0) / tck; ss = (s1 - s0) / tck
    printf "| %-8s | %-22s | %6.2f | %8.0f | %7.1f | %5.3f | %5.3f | %6.3f | %6.3f |\n", label, name, t1 - t0, n / (t1 - t0), n * size / (t1 - t0) / 1048576, us / gib, ss / gib, (us + ss) / gib, (us + ss) / (n / 1e6) }'
}

echo "# Steady-state broker benchmark ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%MZ), data on tmpfs)"
echo "| build    | run                    | wall s | rec/s    | MB/s    | user s/GiB | sys s/GiB | silo s/GiB | silo s/M rec |"
for round in $(seq 1 "$rounds"); do
  for build in "${builds[@]}"; do
    label=${build%%=*}; dir=${build#*=}
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
    broker="127.0.0.1:$port"
    dotnet "$dir/Granary.Silo.dll" --host 127.0.0.1 --port "$port" --data-dir "$work/silo" \
      --Logging:LogLevel:Default=Warning >"$work/silo.log" 2>&1 &
    silo_pid=$!
    for _ in $(seq 1 240); do kcat -b "$broker" -L -m 2 >/dev/null 2>&1 && break; sleep 0.25; done
    kcat -b "$broker" -P -t t -p 0 "${P[@]}" <"$work/1k.txt"
    kcat -b "$broker" -P -t t -p 0 "${P[@]}" <"$work/1k.txt"
    head -n 500000 "$work/100b.txt" | kcat -b "$broker" -P -t s -p 0 "${P[@]}"
    kcat -b "$broker" -C -t t -o beginning -e -q -f '%p\n' >/dev/null
    measure "$label" "produce 1 KiB x 300000" 300000 1024 kcat -b "$broker" -P -t t -p 0 "${P[@]}" -l "$work/1k.txt"
    measure "$label" "produce 100 B x 1000000" 1000000 100 kcat -b "$broker" -P -t s -p 0 "${P[@]}" -l "$work/100b.txt"
    measure "$label" "consume 1 KiB x 900000" 900000 1024 kcat -b "$broker" -C -t t -o beginning -e -q -f '%p\n'
    kill -TERM "$silo_pid"; wait "$silo_pid" 2>/dev/null || true; silo_pid=""
    rm -rf "$work/silo"
  done
done
