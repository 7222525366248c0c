#!/usr/bin/env bash
# Captures the golden request frames from kcat and kafkajs into tests/Granary.Protocol.Tests/Golden/<client>/.
# Usage: tests/Granary.Protocol.GoldenCapture/capture.sh [output-dir]   (env GOLDEN_PORT, default 19192)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="${1:-$root/tests/Granary.Protocol.Tests/Golden}"
port="${GOLDEN_PORT:-19192}"
broker="127.0.0.1:$port"
kafkajs_dir="$root/tests/interop/kafkajs"
tool_pid=""

stop_tool() {
  if [[ -n "$tool_pid" ]]; then
    kill "$tool_pid" 2>/dev/null || true
    wait "$tool_pid" 2>/dev/null || true
    tool_pid=""
  fi
}
trap stop_tool EXIT

# Starts the capture broker for one client and waits until it listens.
start_tool() {
  local client="$1"
  rm -rf "${out:?}/$client"
  dotnet "$root/tests/Granary.Protocol.GoldenCapture/bin/Release/net10.0/Granary.Protocol.GoldenCapture.dll" \
    --port "$port" --out "$out" --client "$client" >"$out/$client.log" 2>&1 &
  tool_pid=$!
  for _ in $(seq 100); do
    grep -q '^listening' "$out/$client.log" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "capture broker did not start; see $out/$client.log" >&2
  exit 1
}

# Ten keyed records with a header; the values repeat a word so every codec really compresses them.
records() {
  local padding
  padding="$(printf ' granary%.0s' $(seq 16))"
  for i in $(seq 0 9); do
    printf 'key-%d:golden-%d%s\n' "$i" "$i" "$padding"
  done
}

dotnet build "$root/tests/Granary.Protocol.GoldenCapture" -c Release -v quiet -nologo >/dev/null
mkdir -p "$out"

# kcat (librdkafka): metadata, one producer run per codec, a plain consumer, an idempotent producer, a group.
start_tool kcat
kcat -L -b "$broker" >/dev/null
for codec in none gzip snappy lz4 zstd; do
  records | kcat -P -b "$broker" -t golden -K: -z "$codec" -H golden-header=kcat -X linger.ms=100
done
kcat -C -b "$broker" -t golden -o beginning -e -q >/dev/null
records | kcat -P -b "$broker" -t golden -K: -H golden-header=kcat -X linger.ms=100 -X enable.idempotence=true
# A group consumer never exits on its own: give it time to join, sync and fetch, then stop it.
kcat -b "$broker" -G golden-group golden -X auto.offset.reset=earliest -q >/dev/null &
group_pid=$!
sleep 6
kill "$group_pid" 2>/dev/null || true
wait "$group_pid" 2>/dev/null || true
stop_tool

# kafkajs: admin metadata, one produce per codec, a group consumer that reads everything back.
start_tool kafkajs
if [[ ! -d "$kafkajs_dir/node_modules/kafkajs" ]]; then
  (cd "$kafkajs_dir" && npm ci --no-audit --no-fund)
fi
KAFKAJS_NO_PARTITIONER_WARNING=1 node "$kafkajs_dir/golden-capture.js" "$broker"
stop_tool

rm -f "$out"/*.log
find "$out" -name '*.bin' | sort
