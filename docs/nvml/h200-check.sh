#!/usr/bin/env bash
# Runs on the shared H200 machine, read-only: nothing here sets a mode, resets or rebinds anything.
# Usage: h200-check.sh <dir with nvdra (native AOT), bench-gpus.py, optionally previous/nvdra and nvml-prof> <output dir>
set -u
dir="$1"
bin="$dir/nvdra"
out="$2"
mkdir -p "$out"
fields=index,uuid,name,pci.bus_id,memory.total,persistence_mode,driver_version,compute_cap,mig.mode.current

{
  echo "## host"; uname -r; grep PRETTY_NAME /etc/os-release; nproc
  echo "## nvidia-smi --query-gpu=$fields --format=csv"
  nvidia-smi --query-gpu=$fields --format=csv
  echo "## nvdra gpus --verbose"
  "$bin" gpus --verbose; echo "exit $?"
  echo "## nvdra gpus --verbose --driver-root /usr/local/nvidia (search under a driver root, symlink resolved)"
  "$bin" gpus --verbose --driver-root /usr/local/nvidia; echo "exit $?"
  echo "## nvdra gpus --compare-nvidia-smi"
  "$bin" gpus --compare-nvidia-smi; echo "exit $?"
  echo "## nvdra gpus --library-path /nonexistent/libnvidia-ml.so.1 (expected: typed error, exit 2)"
  "$bin" gpus --library-path /nonexistent/libnvidia-ml.so.1; echo "exit $?"
  echo "## where the time goes: nvdra gpus --verbose, 5 runs (stderr, Debug lines dropped)"
  for i in 1 2 3 4 5; do "$bin" gpus --verbose 2>&1 >/dev/null | grep -v Debug; echo; done
  echo "## shared objects each process loads (LD_DEBUG=files)"
  echo "nvdra gpus:  $(LD_DEBUG=files "$bin" gpus 2>&1 >/dev/null | grep -o 'file=[^ ]*' | sort -u | tr '\n' ' ')"
  echo "nvidia-smi:  $(LD_DEBUG=files nvidia-smi --query-gpu=$fields --format=csv 2>&1 >/dev/null | grep -o 'file=[^ ]*' | sort -u | tr '\n' ' ')"
} > "$out/h200-check.txt" 2>&1
"$bin" gpus --json > "$out/nvdra-gpus.json" 2>&1

# Whole-process timing; the last command is the baseline. Optional extras in $dir: previous/nvdra (an earlier build,
# for history) and nvml-prof (nvml-prof.c: the same NVML calls from C, without nvmlShutdown, as a floor).
variants=("nvdra gpus (native AOT)=$bin gpus")
[ -x "$dir/previous/nvdra" ] && variants+=("nvdra gpus (previous build)=$dir/previous/nvdra gpus")
variants+=("nvdra gpus --simulate h200-vm (no NVML)=$bin gpus --simulate h200-vm")
[ -x "$dir/nvml-prof" ] && variants+=("C, same NVML calls, no shutdown=$dir/nvml-prof 1 0 pci3,uuid,name,mem2,cc,brand,arch,minor,persist,mig")
variants+=("nvidia-smi --query-gpu=$(command -v nvidia-smi) --query-gpu=$fields --format=csv")
python3 "$dir/bench-gpus.py" 100 "${variants[@]}" > "$out/bench.txt" 2>&1
if command -v hyperfine > /dev/null; then
  hyperfine -N --warmup 5 --runs 100 "$bin gpus" "nvidia-smi --query-gpu=$fields --format=csv" >> "$out/bench.txt" 2>&1
else
  echo "(hyperfine is not installed on this machine)" >> "$out/bench.txt"
fi
cat "$out/h200-check.txt" "$out/nvdra-gpus.json" "$out/bench.txt"
