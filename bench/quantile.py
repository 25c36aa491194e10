#!/usr/bin/env python3
"""Reads a Prometheus scrape on stdin; prints quantile Q (ms) of histogram NAME: quantile.py NAME Q."""
import re, sys
name, q = sys.argv[1], float(sys.argv[2])
buckets = []
for line in sys.stdin:
    m = re.match(rf'{name}_bucket\{{.*le="([^"]+)".*\}} ([0-9.eE+]+)', line)
    if m:
        le = float("inf") if m.group(1) == "+Inf" else float(m.group(1))
        buckets.append((le, float(m.group(2))))
buckets.sort()
total = buckets[-1][1] if buckets else 0
if not total:
    print("n/a"); sys.exit()
for le, count in buckets:
    if count >= q * total:
        print(f"{le * 1000:.2f}"); break
