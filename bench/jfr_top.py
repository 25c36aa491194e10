#!/usr/bin/env python3
"""Top frames of a JFR recording's CPU samples (jdk.ExecutionSample), for bench/profile.sh.

    bench/jfr_top.py RECORDING.jfr [N=25]

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
    ("    charge insert (Postgres)", "com/acme/payments/charge/ChargeRepository.insert"),
    ("    processor simulator (Postgres)", "com/acme/payments/processor/SimulatedProcessor.charge"),
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


def main():
    path, n = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 25
    out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "512", "--events", "jdk.ExecutionSample", path],
                         check=True, capture_output=True, text=True).stdout
    events = json.loads(out)["recording"]["events"]
    stacks = [frames(e) for e in events if e["values"].get("stackTrace")]
    total = len(stacks)
    if total == 0:
        print("no CPU samples in the recording")
        return
    self_counts = collections.Counter(s[0] for s in stacks)
    print(f"{total} CPU samples (jdk.ExecutionSample).\n")
    print("| self % | hottest methods |\n|---:|---|")
    for name, count in self_counts.most_common(n):
        print(f"| {100 * count / total:.1f} | `{name.replace('/', '.')}` |")
    print("\n| inclusive % | component |\n|---:|---|")
    for label, prefix in COMPONENTS:
        count = sum(1 for s in stacks if any(f.startswith(prefix) for f in s))
        print(f"| {100 * count / total:.1f} | {label.replace('  ', '&nbsp;&nbsp;')} |")
    libraries = collections.Counter(library(s) for s in stacks)
    print("\n| self % | library running at the top of the stack (JDK frames attributed to their caller) |\n|---:|---|")
    for label, count in libraries.most_common():
        print(f"| {100 * count / total:.1f} | {label} |")


if __name__ == "__main__":
    main()
