#!/usr/bin/env python3
"""CPU time by program (and by thread group inside the service's JVM), from /proc: where a
scenario's CPU went on this shared machine.

    bench/cpu.py snapshot FILE [JAVA_PID]         # save the CPU seconds used so far
    bench/cpu.py report BEFORE AFTER REQUESTS     # Markdown: CPU seconds and CPU ms per request
    bench/cpu.py row NAME BEFORE AFTER REQUESTS   # one Markdown row: CPU ms per request by program
    bench/cpu.py pid PID BEFORE AFTER REQUESTS    # CPU ms per request of one process (one JVM of two)

Processes that started and ended between the two snapshots are not seen, except Postgres
backends (the postmaster inherits their time; one that existed at the first snapshot counts only
from then): wrk's and pgbench's own CPU is not counted."""
import json
import os
import re
import sys
import time

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(stat_path):
    with open(stat_path) as f:
        stat = f.read()
    name = stat[stat.index("(") + 1:stat.rindex(")")]
    fields = stat[stat.rindex(")") + 2:].split()
    seconds = (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime
    if name == "postgres":
        # + cutime + cstime: the postmaster inherits the CPU time of backends that have exited
        # (pgbench opens a connection per client and closes it at the end)
        seconds += (int(fields[13]) + int(fields[14])) / TICKS
    return name, seconds


def thread_group(name):
    name = re.sub(r"[-#]?\d+$", "", name)  # http-nio-18080-exec-7 -> http-nio-18080-exec
    if name.startswith("http-nio"):
        return "JVM: request threads (Tomcat)"
    if "Compiler" in name:
        return "JVM: JIT compiler"
    if name.startswith("G1") or name in ("VM Thread", "GC Thread"):
        return "JVM: GC and VM"
    if name.startswith("lettuce"):
        return "JVM: Redis client (Lettuce)"
    return "JVM: other threads"


def snapshot(java_pid):
    used = {"_wall": time.monotonic()}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            name, seconds = cpu_seconds(f"/proc/{pid}/stat")
        except OSError:
            continue
        used[f"{pid}:{name.split('/')[0]}"] = seconds
    if java_pid:
        for tid in os.listdir(f"/proc/{java_pid}/task"):
            try:
                name, seconds = cpu_seconds(f"/proc/{java_pid}/task/{tid}/stat")
            except OSError:
                continue
            key = f"t{tid}:{thread_group(name)}"
            used[key] = used.get(key, 0) + seconds
    return used


def row(name, before, after, requests):
    by_program, _ = usage(before, after)
    total = sum(by_program.values())
    cells = [by_program.get(p, 0) for p in ("java", "postgres", "redis-server")]
    ms = " | ".join(f"{1000 * seconds / requests:.2f}" for seconds in cells + [total])
    print(f"| {name} | {ms} | {total / (after['_wall'] - before['_wall']):.2f} |")


def of_process(pid, before, after, requests):
    keys = [key for key in after if key.startswith(f"{pid}:")]
    seconds = sum(after[key] - before.get(key, 0) for key in keys)
    print(f"{1000 * seconds / requests:.3f}")


def usage(before, after):
    by_program, threads = {}, {}
    for key, seconds in after.items():
        if key == "_wall":
            continue
        target = threads if key.startswith("t") else by_program
        name = key.split(":", 1)[1]
        target[name] = target.get(name, 0) + seconds - before.get(key, 0)
    for key, seconds in before.items():
        # A Postgres backend that exited in between (a pool retiring a connection) is in the
        # postmaster's cutime with all its life: take off what the first snapshot already counted.
        if key != "_wall" and not key.startswith("t") and key not in after and key.endswith(":postgres"):
            by_program["postgres"] = by_program.get("postgres", 0) - seconds
    return by_program, threads


def report(before, after, requests):
    by_program, threads = usage(before, after)
    total = sum(by_program.values())
    print("| program | CPU s | CPU ms per request | share |\n|---|---:|---:|---:|")
    for name, seconds in sorted(by_program.items(), key=lambda kv: -kv[1]):
        if seconds >= 0.03 * total or name in ("java", "postgres", "redis-server"):
            print(f"| {name} | {seconds:.1f} | {1000 * seconds / requests:.2f} | {100 * seconds / total:.0f}% |")
    for name, seconds in sorted(threads.items(), key=lambda kv: -kv[1]):
        print(f"| &nbsp;&nbsp;{name} | {seconds:.1f} | {1000 * seconds / requests:.2f} | {100 * seconds / total:.0f}% |")
    print(f"| all | {total:.1f} | {1000 * total / requests:.2f} | 100% |")


if __name__ == "__main__":
    if sys.argv[1] == "snapshot":
        with open(sys.argv[2], "w") as f:
            json.dump(snapshot(sys.argv[3] if len(sys.argv) > 3 else None), f)
    elif sys.argv[1] == "pid":
        of_process(sys.argv[2], json.load(open(sys.argv[3])), json.load(open(sys.argv[4])), int(sys.argv[5]))
    elif sys.argv[1] == "row":
        row(sys.argv[2], json.load(open(sys.argv[3])), json.load(open(sys.argv[4])), int(sys.argv[5]))
    else:
        report(json.load(open(sys.argv[2])), json.load(open(sys.argv[3])), int(sys.argv[4]))
