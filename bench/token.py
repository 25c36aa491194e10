#!/usr/bin/env python3
"""Prints an HS256 bearer token: token.py SECRET SUBJECT [VALID_SECONDS]."""
import base64, hashlib, hmac, json, sys, time

def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

secret, subject = sys.argv[1], sys.argv[2]
valid = int(sys.argv[3]) if len(sys.argv) > 3 else 3600
now = int(time.time())
header = b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
payload = b64(json.dumps({"sub": subject, "iat": now, "exp": now + valid}).encode())
signature = b64(hmac.new(secret.encode(), f"{header}.{payload}".encode(), hashlib.sha256).digest())
print(f"{header}.{payload}.{signature}")
