# Shared by the benchmark scripts (source it from the repository root): the ReadyToRun builds they run and a fresh
# silo on a free port.
#   publish_bench_builds CLI SILO_DLL  publishes what is not given into artifacts/bench; sets cli and silo_dll
#   free_port                          prints a free TCP port on 127.0.0.1
#   start_silo DATA_DIR                starts "$silo_dll" on a free port with its data under DATA_DIR/silo and its
#                                      log in DATA_DIR/silo.log; sets port and silo_pid; returns once it answers

publish_bench_builds() {
  cli="$1"
  silo_dll="$2"
  if [ -z "$cli" ] || [ -z "$silo_dll" ]; then
    echo "publishing Release with ReadyToRun into artifacts/bench" >&2
    local rid
    rid="linux-$(uname -m | sed -e 's/x86_64/x64/' -e 's/aarch64/arm64/')"
    publish() { dotnet publish -c Release -r "$rid" --self-contained false -p:PublishReadyToRun=true -v q --nologo -o "artifacts/bench/$2" "$1" >&2; }
    [ -n "$cli" ] || publish client/Granary.Cli cli
    [ -n "$silo_dll" ] || publish silo/Granary.Silo silo
  fi
  cli="${cli:-dotnet artifacts/bench/cli/granary.dll}"
  silo_dll="${silo_dll:-artifacts/bench/silo/Granary.Silo.dll}"
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

start_silo() {
  port=$(free_port)
  dotnet "$silo_dll" --host 127.0.0.1 --port "$port" --data-dir "$1/silo" --Logging:LogLevel:Default=Warning >"$1/silo.log" 2>&1 &
  silo_pid=$!
  for _ in $(seq 1 120); do
    if $cli cluster describe -b "127.0.0.1:$port" >/dev/null 2>&1; then return 0; fi
    sleep 0.5
  done
  # The last try prints why the silo does not answer.
  $cli cluster describe -b "127.0.0.1:$port" >/dev/null
}
