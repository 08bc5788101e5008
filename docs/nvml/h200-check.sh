#!/usr/bin/env bash
# Runs on the shared H200 machine, read-only: nothing here sets a mode, resets or rebinds anything.
# Usage: h200-check.sh <dir with the native AOT nvdra> <output dir>
set -u
bin="$1/nvdra"
out="$2"
mkdir -p "$out"
fields=index,uuid,name,pci.bus_id,memory.total,persistence_mode,driver_version,compute_cap,mig.mode.current

{
  echo "## host"; uname -r; grep PRETTY_NAME /etc/os-release; nproc
  echo "## nvidia-smi --query-gpu=$fields --format=csv"
  nvidia-smi --query-gpu=$fields --format=csv
  echo "## nvdra gpus --verbose"
  "$bin" gpus --verbose; echo "exit $?"
  echo "## nvdra gpus --compare-nvidia-smi"
  "$bin" gpus --compare-nvidia-smi; echo "exit $?"
  echo "## nvdra gpus --library-path /nonexistent/libnvidia-ml.so.1 (expected: typed error, exit 2)"
  "$bin" gpus --library-path /nonexistent/libnvidia-ml.so.1; echo "exit $?"
} > "$out/h200-check.txt" 2>&1
"$bin" gpus --json > "$out/nvdra-gpus.json" 2>&1

# Whole-process timing, both commands alternating so drift hits both alike.
python3 "$1/bench-gpus.py" "$bin" 100 > "$out/bench.txt" 2>&1
if command -v hyperfine > /dev/null; then
  hyperfine -N --warmup 5 --runs 100 "$bin gpus" "nvidia-smi --query-gpu=$fields --format=csv" >> "$out/bench.txt" 2>&1
else
  echo "(hyperfine not installed on this machine)" >> "$out/bench.txt"
fi
cat "$out/h200-check.txt" "$out/nvdra-gpus.json" "$out/bench.txt"
