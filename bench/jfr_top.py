#!/usr/bin/env python3
"""Top frames of a JFR recording's CPU samples (jdk.ExecutionSample), for bench/profile.sh, or of
async-profiler's collapsed stacks (PROFILER=async; several files are added up).

    bench/jfr_top.py RECORDING.jfr [N=25]
    bench/jfr_top.py STACKS.collapsed [MORE.collapsed ...] [N=25]

Prints Markdown: the hottest methods by self samples, the share of samples that pass through
each component of a request (inclusive: a sample in the JDBC driver under the idempotency store
counts for both), and self samples by library."""
import collections
import json
import subprocess
import sys

COMPONENTS = [  # (label, a frame prefix that marks it), checked in this order
    ("idempotency filter (all of the request below it)", "com/acme/payments/idempotency/IdempotencyFilter.doFilterInternal"),
    ("  claim (Postgres)", "com/acme/payments/idempotency/IdempotencyStore.claim"),
    ("  complete (Postgres)", "com/acme/payments/idempotency/IdempotencyStore.complete"),
    ("  Redis cache of answers", "com/acme/payments/idempotency/IdempotencyCache"),
    ("  request fingerprint", "com/acme/payments/idempotency/RequestFingerprint"),
    ("  transaction begin/commit", "org/springframework/jdbc/datasource/DataSourceTransactionManager"),
    ("  charge controller (MVC, JSON, validation)", "org/springframework/web/servlet/DispatcherServlet.doDispatch"),
    ("    processor simulator (Postgres)", "com/acme/payments/processor/simulator/SimulatedProcessor.charge"),
    ("    JSON read", "org/springframework/http/converter/AbstractJacksonHttpMessageConverter.read"),
    ("    JSON write", "org/springframework/http/converter/AbstractJacksonHttpMessageConverter.writeInternal"),
    ("    bean validation", "org/hibernate/validator"),
    ("rate limiter (Bucket4j, Redis)", "com/acme/payments/ratelimit/RateLimiter.tryConsume"),
    ("JWT decode and verify", "org/springframework/security/oauth2/jwt/NimbusJwtDecoder.decode"),
    ("Spring Security filter chain (all of the request below it)", "org/springframework/security/web/FilterChainProxy.doFilter"),
]


LIBRARIES = [  # (label, frame prefixes): who runs the code at the top of a sample's stack
    ("our code (com.acme.payments)", ("com/acme/",)),
    ("Tomcat", ("org/apache/",)),
    ("Spring Security, Nimbus JOSE", ("org/springframework/security/", "com/nimbusds/")),
    ("Spring MVC, core, transactions, JDBC template", ("org/springframework/",)),
    ("Jackson", ("tools/jackson/", "com/fasterxml/")),
    ("Postgres driver, Hikari", ("org/postgresql/", "com/zaxxer/")),
    ("Lettuce, Netty, Reactor, Bucket4j", ("io/lettuce/", "io/netty/", "reactor/", "io/github/bucket4j/")),
    ("Micrometer", ("io/micrometer/",)),
    ("Logback, SLF4J", ("ch/qos/", "org/slf4j/")),
    ("Hibernate Validator", ("org/hibernate/",)),
]


def library(stack):
    """The library of the innermost frame that is not the JDK's own."""
    if stack and stack[0].endswith("_[k]"):
        return "kernel (for the JVM: context switches, sockets)"
    if stack and "/" not in stack[0] and "." not in stack[0]:
        return "JVM itself (JIT compiler, GC, stubs)"
    for frame in stack:
        if frame.startswith(("java/", "javax/", "jdk/", "sun/", "jakarta/")) or "$$Lambda" in frame:
            continue
        for label, prefixes in LIBRARIES:
            if frame.startswith(prefixes):
                return label
        return "other"
    return "JDK only"


def frames(event):
    return [f["method"]["type"]["name"] + "." + f["method"]["name"] for f in event["values"]["stackTrace"]["frames"]]


def jfr_stacks(path):
    out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "512", "--events", "jdk.ExecutionSample", path],
                         check=True, capture_output=True, text=True).stdout
    events = json.loads(out)["recording"]["events"]
    return [(frames(e), 1) for e in events if e["values"].get("stackTrace")]


def collapsed_stacks(paths):
    """async-profiler's collapsed format: root first, frames separated by ';', then a count."""
    stacks = []
    for path in paths:
        with open(path) as lines:
            for line in lines:
                stack, _, count = line.rstrip("\n").rpartition(" ")
                if stack:
                    stacks.append((stack.split(";")[::-1], int(count)))
    return stacks


def main():
    args = sys.argv[1:]
    n = int(args.pop()) if args and args[-1].isdigit() else 25
    if args[0].endswith(".collapsed"):
        stacks, source = collapsed_stacks(args), "async-profiler CPU samples"
    else:
        stacks, source = jfr_stacks(args[0]), "CPU samples (jdk.ExecutionSample)"
    total = sum(count for _, count in stacks)
    if total == 0:
        print("no CPU samples in the recording")
        return
    self_counts = collections.Counter()
    libraries = collections.Counter()
    for stack, count in stacks:
        self_counts[stack[0]] += count
        libraries[library(stack)] += count
    print(f"{total} {source}.\n")
    print("| self % | hottest methods |\n|---:|---|")
    for name, count in self_counts.most_common(n):
        print(f"| {100 * count / total:.1f} | `{name.replace('/', '.')}` |")
    print("\n| inclusive % | component |\n|---:|---|")
    for label, prefix in COMPONENTS:
        count = sum(c for s, c in stacks if any(f.startswith(prefix) for f in s))
        print(f"| {100 * count / total:.1f} | {label.replace('  ', '&nbsp;&nbsp;')} |")
    print("\n| self % | library running at the top of the stack (JDK frames attributed to their caller) |\n|---:|---|")
    for label, count in libraries.most_common():
        print(f"| {100 * count / total:.1f} | {label} |")


if __name__ == "__main__":
    main()
