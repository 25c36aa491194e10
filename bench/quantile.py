#!/usr/bin/env python3
"""Reads a Prometheus scrape on stdin; prints quantile Q (ms) of histogram NAME:
quantile.py NAME Q [EARLIER_SCRAPE_FILE]. With an earlier scrape, only the observations made
between the two scrapes count (the warm-up is left out)."""
import re
import sys


def buckets(lines, name):
    counts = {}
    for line in lines:
        m = re.match(rf'{name}_bucket\{{.*le="([^"]+)".*\}} ([0-9.eE+]+)', line)
        if m:
            le = float("inf") if m.group(1) == "+Inf" else float(m.group(1))
            counts[le] = counts.get(le, 0) + float(m.group(2))
    return counts


name, q = sys.argv[1], float(sys.argv[2])
now = buckets(sys.stdin, name)
earlier = buckets(open(sys.argv[3]), name) if len(sys.argv) > 3 else {}
cumulative = sorted((le, count - earlier.get(le, 0)) for le, count in now.items())
total = cumulative[-1][1] if cumulative else 0
if not total:
    print("n/a")
    sys.exit()
for le, count in cumulative:
    if count >= q * total:
        print(f"{le * 1000:.2f}")
        break
