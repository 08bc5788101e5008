"""Whole-process wall time of `nvdra gpus` against `nvidia-smi --query-gpu` for the same fields.

Usage: python3 bench-gpus.py <path to nvdra> <runs>. Runs alternate (A B, B A, ...) after three warm-ups each.
"""
import shutil
import statistics
import subprocess
import sys
import time

nvdra, runs = sys.argv[1], int(sys.argv[2])
fields = "index,uuid,name,pci.bus_id,memory.total,persistence_mode,driver_version,compute_cap,mig.mode.current"
commands = {
    "nvdra gpus (native AOT)": [nvdra, "gpus"],
    "nvidia-smi --query-gpu": [shutil.which("nvidia-smi") or "nvidia-smi", f"--query-gpu={fields}", "--format=csv"],
}


def once(argv):
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


for _ in range(3):
    for argv in commands.values():
        once(argv)

samples = {name: [] for name in commands}
for i in range(runs):
    order = list(commands.items())
    if i % 2:
        order.reverse()
    for name, argv in order:
        samples[name].append(once(argv))

print(f"runs per command: {runs} (alternating, after 3 warm-ups)")
print(f"{'command':<28} {'median ms':>10} {'mean ms':>10} {'p10 ms':>8} {'p90 ms':>8} {'min ms':>8}")
for name, values in samples.items():
    ordered = sorted(values)
    print(f"{name:<28} {statistics.median(values) * 1e3:>10.2f} {statistics.mean(values) * 1e3:>10.2f} "
          f"{ordered[len(ordered) // 10] * 1e3:>8.2f} {ordered[len(ordered) * 9 // 10] * 1e3:>8.2f} {ordered[0] * 1e3:>8.2f}")
a, b = (statistics.median(v) for v in samples.values())
print(f"ratio of medians nvdra / nvidia-smi: {a / b:.3f} (below 1 means nvdra is faster)")
