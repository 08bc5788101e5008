"""Whole-process wall time of `nvdra gpus` against `nvidia-smi --query-gpu` for the same fields.

Usage: python3 bench-gpus.py <runs> <name>=<command> ... ; the LAST command is the baseline the ratios are taken
against. Leading VAR=value words of a command set environment variables for it, as in a shell. Commands run round-robin (the order reversed every other round) after three warm-ups each, with stdout and
stderr discarded, so drift on the machine hits every command alike.
"""
import os
import re
import shlex
import statistics
import subprocess
import sys
import time

runs = int(sys.argv[1])
commands = dict(arg.split("=", 1) for arg in sys.argv[2:])


def parse(command):
    words = shlex.split(command)
    env = dict(os.environ)
    while words and re.match(r"^[A-Za-z_][A-Za-z0-9_]*=", words[0]):
        key, value = words.pop(0).split("=", 1)
        env[key] = value
    return words, env


commands = {name: parse(command) for name, command in commands.items()}


def once(command):
    argv, env = command
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=True)
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

baseline_name = list(commands)[-1]
baseline = statistics.median(samples[baseline_name])
print(f"runs per command: {runs} (round-robin, after 3 warm-ups); baseline: {baseline_name}")
print(f"{'command':<40} {'median ms':>10} {'mean ms':>9} {'p10 ms':>8} {'p90 ms':>8} {'min ms':>8} {'ratio':>7}")
for name, values in samples.items():
    ordered = sorted(values)
    median = statistics.median(values)
    print(f"{name:<40} {median * 1e3:>10.2f} {statistics.mean(values) * 1e3:>9.2f} "
          f"{ordered[len(ordered) // 10] * 1e3:>8.2f} {ordered[len(ordered) * 9 // 10] * 1e3:>8.2f} "
          f"{ordered[0] * 1e3:>8.2f} {median / baseline:>7.3f}")
print("ratio = median / baseline median (below 1: faster than the baseline)")
