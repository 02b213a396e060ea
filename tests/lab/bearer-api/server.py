#!/usr/bin/env python3
"""A Bearer-protected API for the lab (stdlib only): verifies HS256 and RS256
JWTs for real (signature, exp/nbf with leeway, iss, aud, scope) and answers as
RFC 6750 says. Its clock is fixed (--now), and so is its Date header, so the
captures do not depend on when they were recorded."""
import argparse
import base64
import hashlib
import hmac
import json
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LEEWAY = 60
# SHA-256 DigestInfo prefix of an RSASSA-PKCS1-v1_5 signature (RFC 8017 §9.2).
SHA256_PREFIX = bytes.fromhex("3031300d060960864801650304020105000420")
SCOPES = {"/api/orders": "orders:read", "/api/admin": "admin"}


def b64url(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class Refused(Exception):
    def __init__(self, status, error, description, scope=None):
        super().__init__(description)
        self.status, self.error, self.description, self.scope = status, error, description, scope


def rsa_verify(key, signed, signature):
    n = int.from_bytes(b64url(key["n"]), "big")
    e = int.from_bytes(b64url(key["e"]), "big")
    size = (n.bit_length() + 7) // 8
    em = pow(int.from_bytes(signature, "big"), e, n).to_bytes(size, "big")
    digest = SHA256_PREFIX + hashlib.sha256(signed).digest()
    expected = b"\x00\x01" + b"\xff" * (size - len(digest) - 3) + b"\x00" + digest
    return hmac.compare_digest(em, expected)


def verify(config, token, path):
    parts = token.split(".")
    if len(parts) != 3:
        raise Refused(401, "invalid_token", "The access token is malformed")
    try:
        header = json.loads(b64url(parts[0]))
        claims = json.loads(b64url(parts[1]))
        signature = b64url(parts[2])
    except ValueError:
        raise Refused(401, "invalid_token", "The access token is malformed") from None
    signed = f"{parts[0]}.{parts[1]}".encode()
    alg = header.get("alg")
    if alg == "HS256":
        good = hmac.compare_digest(hmac.new(config.secret.encode(), signed, hashlib.sha256).digest(), signature)
    elif alg == "RS256":
        key = next((k for k in config.jwks["keys"] if k.get("kid") == header.get("kid")), None)
        if key is None:
            raise Refused(401, "invalid_token", "The signing key was not found")
        good = rsa_verify(key, signed, signature)
    else:
        raise Refused(401, "invalid_token", f"Algorithm {alg} is not accepted")
    if not good:
        raise Refused(401, "invalid_token", "The signature is invalid")
    now = config.now
    if "exp" in claims and claims["exp"] + LEEWAY < now:
        raise Refused(401, "invalid_token", "The access token expired")
    if "nbf" in claims and claims["nbf"] - LEEWAY > now:
        raise Refused(401, "invalid_token", "The access token is not valid yet")
    if claims.get("iss") != config.issuer:
        raise Refused(401, "invalid_token", "The issuer is invalid")
    aud = claims.get("aud")
    if config.audience not in (aud if isinstance(aud, list) else [aud]):
        raise Refused(401, "invalid_token", "The audience is invalid")
    need = SCOPES.get(path)
    if need and need not in str(claims.get("scope", "")).split():
        raise Refused(403, "insufficient_scope", "The access token lacks the scope this resource needs", need)
    return claims


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "orders-api/1.0"
    sys_version = ""

    def date_time_string(self, timestamp=None):
        return formatdate(self.server.config.now, usegmt=True)

    def log_message(self, *args):
        pass

    def answer(self, status, body, challenge=None):
        data = json.dumps(body).encode()
        self.send_response(status)
        if challenge:
            self.send_header("WWW-Authenticate", challenge)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        config = self.server.config
        realm = f'Bearer realm="{config.realm}"'
        auth = self.headers.get("Authorization")
        if not auth:
            # RFC 6750 §3.1: no error code when the request carried no credentials.
            return self.answer(401, {"error": "unauthorized", "message": "No token"}, realm)
        scheme, _, token = auth.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return self.answer(400, {"error": "invalid_request"}, f'{realm}, error="invalid_request"')
        try:
            claims = verify(config, token.strip(), self.path)
        except Refused as refused:
            challenge = f'{realm}, error="{refused.error}", error_description="{refused.description}"'
            if refused.scope:
                challenge += f', scope="{refused.scope}"'
            return self.answer(refused.status, {"error": refused.error, "error_description": refused.description}, challenge)
        self.answer(200, {"orders": [], "sub": claims.get("sub")})


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--now", type=int, required=True)
    parser.add_argument("--secret", required=True)
    parser.add_argument("--jwks", required=True)
    parser.add_argument("--issuer", required=True)
    parser.add_argument("--audience", required=True)
    parser.add_argument("--realm", default="orders-api")
    config = parser.parse_args()
    with open(config.jwks, encoding="utf-8") as f:
        config.jwks = json.load(f)
    server = ThreadingHTTPServer(("127.0.0.1", config.port), Handler)
    server.config = config
    server.serve_forever()


if __name__ == "__main__":
    main()
