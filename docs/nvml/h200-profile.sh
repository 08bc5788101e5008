#!/usr/bin/env bash
# Runs on the shared H200 machine, read-only: NVML and nvidia-smi are only queried; nothing sets a mode, resets or
# rebinds anything.
# Usage: h200-profile.sh <dir with nvml-prof, nvml-prof.py, bench-gpus.py and nvdra builds in subfolders> <output dir>
# Writes profile.txt (per-call NVML times, which NVML entry points nvidia-smi binds) and bench.txt (whole-process
# timing of each nvdra build against nvidia-smi --query-gpu).
set -u
dir="$1"
out="$2"
mkdir -p "$out"
fields=index,uuid,name,pci.bus_id,memory.total,persistence_mode,driver_version,compute_cap,mig.mode.current
lib=pci3,uuid,name,mem2,cc,brand,arch,minor,persist,mig
rev=mig,persist,minor,arch,brand,cc,mem2,name,uuid,pci3

{
  echo "## host"; uname -r; nvidia-smi --query-gpu=name,driver_version,persistence_mode --format=csv,noheader
  echo "## tools: $(for t in strace ltrace perf hyperfine; do command -v $t > /dev/null && printf '%s ' $t; done)"
  echo "## NVML entry points nvidia-smi --query-gpu=$fields binds, in order (LD_DEBUG=bindings)"
  LD_DEBUG=bindings nvidia-smi --query-gpu=$fields --format=csv 2>&1 > /dev/null \
    | grep -o "normal symbol \`nvml[A-Za-z0-9_]*'" | awk '!seen[$0]++' | sed "s/normal symbol \`//; s/'$//" | tr '\n' ' '
  echo
  echo "## per-call NVML times (C, dlopen; first call of each in the given order, then the same calls again)"
  python3 "$dir/nvml-prof.py" "$dir/nvml-prof" 40 \
    "library order=1:1:$lib" \
    "reversed order=1:1:$rev" \
    "nvmlInit flags 0, memory v1 and v2=0:1:pci3,uuid,name,mem1,mem2,cc,persist,mig" \
    "library order, no nvmlShutdown=1:0:$lib"
  if command -v strace > /dev/null; then
    echo "## syscalls: nvidia-smi --query-gpu"; strace -f -c nvidia-smi --query-gpu=$fields --format=csv 2>&1 > /dev/null | head -12
    echo "## syscalls: nvml-prof library order"; strace -f -c "$dir/nvml-prof" 1 1 $lib 2>&1 > /dev/null | head -12
  fi
} > "$out/profile.txt" 2>&1

{
  for build in "$dir"/build-*; do
    name="${build##*/}"
    echo "## $name: nvdra gpus"; "$build/nvdra" gpus; echo "exit $?"
    echo "## $name: nvdra gpus --verbose, 3 runs (Debug lines dropped)"
    for i in 1 2 3; do "$build/nvdra" gpus --verbose 2>&1 > /dev/null | grep -v Debug; done
    echo "## $name: nvdra gpus --compare-nvidia-smi"; "$build/nvdra" gpus --compare-nvidia-smi | tail -3; echo "exit ${PIPESTATUS[0]}"
  done
} > "$out/builds.txt" 2>&1

variants=()
for build in "$dir"/build-*; do variants+=("nvdra gpus (${build##*/})=$build/nvdra gpus"); done
variants+=("nvml-prof (C, same calls, no shutdown)=$dir/nvml-prof 1 0 $lib")
variants+=("nvidia-smi --query-gpu=$(command -v nvidia-smi) --query-gpu=$fields --format=csv")
python3 "$dir/bench-gpus.py" 100 "${variants[@]}" > "$out/bench.txt" 2>&1
cat "$out/profile.txt" "$out/builds.txt" "$out/bench.txt"
