"""Per-call NVML timing on the GPU machine: runs nvml-prof (nvml-prof.c) many times per variant and prints each
call's median, plus the whole-process median of each variant.

Usage: python3 nvml-prof.py <nvml-prof binary> <runs> <name>=<init flags>:<shutdown 0|1>:<call,call,...> ...
Variants run round-robin, so drift on the machine hits each alike. Read-only: nvml-prof only queries.
"""
import statistics
import subprocess
import sys
import time

binary, runs = sys.argv[1], int(sys.argv[2])
variants = {}
for arg in sys.argv[3:]:
    name, spec = arg.split("=", 1)
    flags, shutdown, calls = spec.split(":")
    variants[name] = [binary, flags, shutdown, calls]

calls = {name: {} for name in variants}
wall = {name: [] for name in variants}
for i in range(runs + 2):
    for name, argv in (list(variants.items())[::-1] if i % 2 else variants.items()):
        start = time.perf_counter()
        out = subprocess.run(argv, capture_output=True, text=True, check=True).stdout
        elapsed = time.perf_counter() - start
        if i < 2:
            continue  # warm-up
        wall[name].append(elapsed)
        for line in out.splitlines():
            call, ms, rc = line.split()
            if rc != "0":
                calls[name].setdefault(call + " (rc " + rc + ")", []).append(float(ms))
            else:
                calls[name].setdefault(call, []).append(float(ms))

for name, argv in variants.items():
    print(f"## {name}: nvml-prof {' '.join(argv[1:])}  ({runs} runs)")
    print(f"{'call':<28} {'median ms':>10} {'p10 ms':>8} {'p90 ms':>8}")
    total = 0.0
    for call, values in calls[name].items():
        ordered = sorted(values)
        median = statistics.median(values)
        total += median
        print(f"{call:<28} {median:>10.3f} {ordered[len(ordered) // 10]:>8.3f} {ordered[len(ordered) * 9 // 10]:>8.3f}")
    print(f"{'sum of medians':<28} {total:>10.3f}")
    print(f"{'whole process':<28} {statistics.median(wall[name]) * 1e3:>10.3f}")
    print()
