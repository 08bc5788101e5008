#!/usr/bin/env bash
# Resident memory of nvidia-dra-driver itself sitting idle on a GPU node: starts the native binary with kubelet's
# directories, the CDI directory and its checkpoint in a temporary directory, lets it start (preflight, recovery of an
# empty checkpoint, discovery, the first publication), leaves it idle, reads VmRSS and VmHWM from /proc/<pid>/status,
# checks /healthz, then stops it with SIGTERM.
#
# Safe on a node in use: at start and while idle the driver only reads sysfs, /proc and NVML. It switches a GPU only
# when kubelet prepares a claim (nothing calls its sockets here), and it restores a GPU found on vfio-pci only when its
# CDI spec is in the CDI directory (here an empty temporary one) and RestoreUnrecordedVfioGpus is set (off by default).
# No API server is needed: without one the slice controller keeps retrying in the background, as it would while the
# API server is down.
#
# Usage:  eng/measure-driver-idle-rss.sh [driver binary]
#   default: artifacts/driver/nvidia-dra-driver, published with
#     dotnet publish src/Nvidia.Dra.Driver -c Release -r linux-x64 -p:PublishAot=true -o artifacts/driver
# Environment: IDLE_SECONDS (default 20: the driver unloads NVML 10 s after its last NVML call, NvmlOptions'
# IdleUnloadDelay, and its last call is during start-up; 20 s leaves a margin), BREAKDOWN=1 (also print resident memory per mapping from /proc/<pid>/smaps,
# largest first: where the memory is), FEATURE_GATES (default PassthroughSupport=true,DeviceMetadata=true; a node
# with the IOMMU off needs FEATURE_GATES= to start), KUBECONFIG (default: a kubeconfig for an unreachable server).
set -euo pipefail

driver=${1:-artifacts/driver/nvidia-dra-driver}
idle=${IDLE_SECONDS:-20}
if [ ! -x "$driver" ]; then
  echo "measure-driver-idle-rss: $driver is not an executable; publish the driver first (see the usage at the top)" >&2
  exit 2
fi

work=$(mktemp -d /tmp/nvdra-rss.XXXXXX)
mkdir -p "$work/plugins_registry" "$work/plugins/gpu.nvidia.com" "$work/cdi"
if [ -z "${KUBECONFIG:-}" ]; then
  KUBECONFIG="$work/kubeconfig"
  cat >"$KUBECONFIG" <<'YAML'
apiVersion: v1
kind: Config
clusters:
- name: none
  cluster:
    server: http://127.0.0.2:9
users:
- name: none
  user:
    token: none
contexts:
- name: none
  context: {cluster: none, user: none}
current-context: none
YAML
fi

log="$work/driver.log"
"$driver" --node-name "$(hostname)" --feature-gates "${FEATURE_GATES-PassthroughSupport=true,DeviceMetadata=true}" \
  --nvidia-driver-root / --container-driver-root / --host-root / --cdi-root "$work/cdi" \
  --kubelet-registrar-directory-path "$work/plugins_registry" --kubelet-plugins-directory-path "$work/plugins" \
  --healthcheck-port 0 --healthcheck-address 127.0.0.1 --kubeconfig "$KUBECONFIG" >"$log" 2>&1 &
pid=$!
cleanup() {
  if kill -0 "$pid" 2>/dev/null; then kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

health=
for ((waited = 0; waited < 600; waited++)); do
  health=$(grep -so 'health http://127\.0\.0\.1:[0-9]*' "$log" | head -1 | sed 's/^health //' || true)
  if [ -n "$health" ]; then break; fi
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "measure-driver-idle-rss: the driver exited during start-up:" >&2
    cat "$log" >&2
    exit 1
  fi
  sleep 0.1
done
if [ -z "$health" ]; then
  echo "measure-driver-idle-rss: the driver did not log its health address within 60 s:" >&2
  cat "$log" >&2
  exit 1
fi

sleep "$idle"
rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status")
hwm=$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status")
threads=$(awk '/^Threads:/ { print $2 }' "/proc/$pid/status")
# Whether NVML (and the libcuda its initialisation maps) is still in the process: it should not be once idle.
nvml_mapped=$(grep -qs 'libnvidia-ml' "/proc/$pid/maps" && echo yes || echo no)
cuda_mapped=$(grep -qs 'libcuda' "/proc/$pid/maps" && echo yes || echo no)
if [ "${BREAKDOWN:-0}" = 1 ]; then
  # Rss per mapping name (file, [heap], [stack], or "anon" for unnamed), summed over its mappings, in KiB.
  breakdown=$(awk '/^[0-9a-f]+-[0-9a-f]+ / { name = (NF >= 6) ? $6 : "anon" }
    /^Rss:/ { rss[name] += $2 }
    END { for (n in rss) if (rss[n] > 0) printf "%8d kB  %s\n", rss[n], n }' "/proc/$pid/smaps" | sort -rn | head -15)
fi
live=$(curl -s -o /dev/null -w '%{http_code}' "$health/healthz" 2>/dev/null || echo "no curl")
kill -TERM "$pid"
status=0
wait "$pid" || status=$?
echo "driver: $driver"
echo "idle ${idle} s: VmRSS $((rss / 1024)) MiB (${rss} kB), VmHWM $((hwm / 1024)) MiB, ${threads} threads, /healthz ${live}, exit after SIGTERM ${status}"
echo "libnvidia-ml mapped while idle: ${nvml_mapped}, libcuda mapped: ${cuda_mapped}"
if [ -n "${breakdown:-}" ]; then echo "resident per mapping (largest first):"; echo "$breakdown"; fi
grep -E 'fail|Fail|error|Error|start-up memory|Unloaded NVML' "$log" | head -6 || true
