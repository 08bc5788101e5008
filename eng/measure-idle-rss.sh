#!/usr/bin/env bash
# Resident memory of the driver host sitting idle: starts `nvdra demo --serve` (the real driver composition — Core
# behind the kubelet-plugin host, both gRPC sockets and the health endpoint — on a simulated 8-GPU node, plus the
# loopback fake API server and the simulated node that a real node would not have), waits until it has printed its
# endpoints, leaves it idle, reads VmRSS and VmHWM from /proc/<pid>/status, then stops it with SIGTERM.
#
# Why nvdra and not nvidia-dra-driver itself: the driver's start-up preflight requires libnvidia-ml.so.1 and a working
# NVML (fatal, as in NVIDIA's driver), so it cannot start on a machine without NVIDIA GPUs. nvdra demo --serve runs
# the same host with the NVML fake; its figure is an upper bound for the driver's.
#
# Usage:  eng/measure-idle-rss.sh [command that runs nvdra...]
#   default command: artifacts/aot/nvdra, published with
#     dotnet publish samples/Nvidia.Dra.Cli -c Release -r linux-x64 -p:PublishAot=true -o artifacts/aot
#   JIT instead (after that publish): eng/measure-idle-rss.sh dotnet artifacts/bin/Nvidia.Dra.Cli/release_linux-x64/nvdra.dll
# Environment: IDLE_SECONDS (default 10), START_SECONDS (how long start-up may take, default 120).
set -euo pipefail

idle=${IDLE_SECONDS:-10}
start_limit=${START_SECONDS:-120}
if [ $# -eq 0 ]; then
  set -- artifacts/aot/nvdra
fi

if [ "$1" != dotnet ] && [ ! -x "$1" ]; then
  echo "measure-idle-rss: $1 is not an executable; publish nvdra first (see the usage at the top of this script)" >&2
  exit 2
fi

out=$(mktemp)
err=$(mktemp)
"$@" demo --serve >"$out" 2>"$err" &
pid=$!
cleanup() {
  if kill -0 "$pid" 2>/dev/null; then kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -f "$out" "$err"
}
trap cleanup EXIT

for ((waited = 0; waited < start_limit * 10; waited++)); do
  if grep -q '^health: ' "$out"; then break; fi
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "measure-idle-rss: nvdra demo --serve exited during start-up:" >&2
    cat "$err" >&2
    exit 1
  fi
  sleep 0.1
done
if ! grep -q '^health: ' "$out"; then
  echo "measure-idle-rss: no endpoints printed within ${start_limit} s" >&2
  exit 1
fi

health=$(sed -n 's/^health: //p' "$out")
sleep "$idle"
rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status")
hwm=$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status")
threads=$(awk '/^Threads:/ { print $2 }' "/proc/$pid/status")
live=$(curl -s -o /dev/null -w '%{http_code}' "$health" 2>/dev/null || echo "no curl")

kill -TERM "$pid"
status=0
wait "$pid" || status=$?
awk -v cmd="$*" -v idle="$idle" -v rss="$rss" -v hwm="$hwm" -v threads="$threads" -v live="$live" -v status="$status" 'BEGIN {
  printf "command: %s demo --serve\nidle: %s s after start-up\nVmRSS: %d kB (%.1f MiB)\nVmHWM: %d kB (%.1f MiB)\nthreads: %s\n/healthz before stop: %s\nexit code after SIGTERM: %s\n",
    cmd, idle, rss, rss / 1024, hwm, hwm / 1024, threads, live, status
}'
