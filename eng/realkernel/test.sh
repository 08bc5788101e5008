#!/usr/bin/env bash
# The real-kernel suite: builds tests/Nvidia.Dra.RealKernel, then boots each kernel once (eng/realkernel/boot.sh) and
# runs every guest test inside. Ends with one line per kernel:
#   realkernel <version>: N passed, N failed, N skipped
# A kernel whose guest never ran the suite counts as one failure. Needs eng/realkernel/install.sh first (as root).
#
# Usage: eng/realkernel/test.sh [filter]      Env: RK_KERNELS (default "6.1 6.12"), RK_TIMEOUT (seconds per boot, 900)
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cd "$repo"
filter="${1:-}"
kernels=(${RK_KERNELS:-6.1 6.12})
for s in "${kernels[@]}"; do
  [ -f "$here/.cache/$s/modules.list" ] || { echo "test.sh: kernel $s is not installed; run eng/realkernel/install.sh first" >&2; exit 1; }
done

dotnet build tests/Nvidia.Dra.RealKernel --nologo -v q -clp:NoSummary >&2 || { echo "test.sh: build failed" >&2; exit 1; }
# The guests run a copy, so a rebuild while they run cannot change the code under them (children start later).
suite="$(mktemp -d -t rk-suite.XXXXXX)"
trap 'rm -rf "$suite"' EXIT
cp -r "$repo/artifacts/bin/Nvidia.Dra.RealKernel/debug/." "$suite/"
dll="$suite/Nvidia.Dra.RealKernel.dll"

status=0
summary=()
for s in "${kernels[@]}"; do
  kver="$(cat "$here/.cache/$s/kver")"
  out="$(mktemp)"
  started=$(date +%s)
  for attempt in 1 2; do
    "$here/boot.sh" "$s" "exec dotnet $(printf %q "$dll") --suite $(printf %q "$filter")" "${RK_TIMEOUT:-900}" > "$out" 2> "$out.err"
    rc=$?
    # Debian's kernels occasionally die early under TCG; a guest that never ran the suite gets one more boot.
    [ "$rc" = 125 ] && [ "$attempt" = 1 ] && { echo "test.sh: $s guest did not start the suite; booting again" >&2; continue; }
    break
  done
  sed 's/^/  /' "$out"
  line="$(grep -E '^realkernel .*: [0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$' "$out" | tail -n1)"
  if [ -z "$line" ]; then
    cat "$out.err" >&2
    line="realkernel $kver: 0 passed, 1 failed, 0 skipped"
  elif [ "$rc" != 0 ]; then
    sed 's/^/  stderr: /' "$out.err" | tail -n 60 >&2
  fi
  [ "$rc" = 0 ] || status=1
  echo "  ($s boot and suite: $(( $(date +%s) - started )) s)"
  summary+=("$line")
  rm -f "$out" "$out.err"
done
printf '%s\n' "${summary[@]}"
exit "$status"
