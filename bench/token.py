#!/usr/bin/env python3
"""Prints an HS256 bearer token: token.py SECRET SUBJECT [VALID_SECONDS] [--lua N]

With --lua N, prints a Lua table `tokens` of N tokens for SUBJECT-1 .. SUBJECT-N (for wrk)."""
import base64, hashlib, hmac, json, sys, time

def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

def token(secret: str, subject: str, valid: int) -> str:
    now = int(time.time())
    header = b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    payload = b64(json.dumps({"sub": subject, "iat": now, "exp": now + valid}).encode())
    signature = b64(hmac.new(secret.encode(), f"{header}.{payload}".encode(), hashlib.sha256).digest())
    return f"{header}.{payload}.{signature}"

secret, subject = sys.argv[1], sys.argv[2]
valid = int(sys.argv[3]) if len(sys.argv) > 3 and not sys.argv[3].startswith("--") else 3600
if "--lua" in sys.argv:
    n = int(sys.argv[sys.argv.index("--lua") + 1])
    print("tokens = {")
    for i in range(1, n + 1):
        print(f'  "{token(secret, f"{subject}-{i}", valid)}",')
    print("}")
else:
    print(token(secret, subject, valid))
