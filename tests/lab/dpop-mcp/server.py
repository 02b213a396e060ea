#!/usr/bin/env python3
"""A resource server for the lab (stdlib only) with the two newer OAuth
challenges:
  /mcp         an MCP endpoint: without a token it answers 401 with
               `Bearer resource_metadata=...` (RFC 9728, as the MCP
               authorization spec has servers do), and serves that metadata.
  /api/ledger  a DPoP-protected API (RFC 9449): it wants `Authorization: DPoP`
               with a DPoP-bound access token (HS256, verified; cnf.jkt must
               be the proof key's thumbprint) and a proof whose htm/htu match
               and which carries its current nonce (use_dpop_nonce otherwise).
The ES256 signature of the proof itself is not checked (no EC in the
stdlib); everything the challenges are about is. Clock and Date are fixed."""
import argparse
import base64
import hashlib
import hmac
import json
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

NONCE = "eyJ7S_zG.lab-nonce-1"


def b64url_decode(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def jwt_parts(token):
    head, body, sig = token.split(".")
    return json.loads(b64url_decode(head)), json.loads(b64url_decode(body)), sig


def thumbprint(jwk):
    # RFC 7638 for an EC key: the required members, sorted, no spaces.
    canonical = json.dumps({k: jwk[k] for k in ("crv", "kty", "x", "y")}, separators=(",", ":"), sort_keys=True)
    return b64url(hashlib.sha256(canonical.encode()).digest())


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "lab-resource/1.0"
    sys_version = ""

    def date_time_string(self, timestamp=None):
        return formatdate(self.server.config.now, usegmt=True)

    def log_message(self, *args):
        pass

    def answer(self, status, body, headers=()):
        data = json.dumps(body).encode()
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(data)

    @property
    def base(self):
        return f"http://{self.headers.get('Host')}"

    def do_GET(self):
        if self.path == "/.well-known/oauth-protected-resource/mcp":
            return self.answer(200, {
                "resource": f"{self.base}/mcp",
                "authorization_servers": ["https://login.lab.test/"],
                "scopes_supported": ["mcp:tools"],
                "bearer_methods_supported": ["header"],
            })
        if self.path == "/api/ledger":
            return self.ledger()
        self.answer(404, {"error": "not found"})

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        if self.path == "/mcp":
            if not self.headers.get("Authorization"):
                metadata = f"{self.base}/.well-known/oauth-protected-resource/mcp"
                return self.answer(401, {"jsonrpc": "2.0", "error": {"code": -32001, "message": "Unauthorized"}, "id": None},
                                   [("WWW-Authenticate", f'Bearer resource_metadata="{metadata}"')])
            return self.answer(200, {"jsonrpc": "2.0", "result": {}, "id": 1})
        self.answer(404, {"error": "not found"})

    def refuse(self, error, description, scheme="DPoP"):
        challenge = f'{scheme} algs="ES256", error="{error}", error_description="{description}"'
        headers = [("WWW-Authenticate", challenge)]
        if error == "use_dpop_nonce":
            headers.append(("DPoP-Nonce", NONCE))
        return self.answer(401, {"error": error, "error_description": description}, headers)

    def ledger(self):
        config = self.server.config
        scheme, _, token = (self.headers.get("Authorization") or "").partition(" ")
        if not token:
            return self.refuse("invalid_token", "No access token")
        try:
            head, claims, sig = jwt_parts(token)
            signed = token.rsplit(".", 1)[0].encode()
            good = hmac.compare_digest(b64url(hmac.new(config.secret.encode(), signed, hashlib.sha256).digest()), sig)
        except (ValueError, KeyError):
            return self.refuse("invalid_token", "Malformed access token")
        if head.get("alg") != "HS256" or not good or claims.get("exp", 0) < config.now:
            return self.refuse("invalid_token", "Invalid access token")
        jkt = claims.get("cnf", {}).get("jkt")
        if scheme.lower() == "bearer" and jkt:
            return self.refuse("invalid_token", "DPoP-bound access token sent as Bearer")
        proof = self.headers.get("DPoP")
        if not proof:
            return self.refuse("invalid_dpop_proof", "Missing DPoP proof")
        try:
            p_head, p_claims, _ = jwt_parts(proof)
        except (ValueError, KeyError):
            return self.refuse("invalid_dpop_proof", "Malformed DPoP proof")
        if p_head.get("typ") != "dpop+jwt" or thumbprint(p_head.get("jwk", {})) != jkt:
            return self.refuse("invalid_dpop_proof", "Proof key does not match the token binding")
        if p_claims.get("htm") != self.command or p_claims.get("htu") != f"{self.base}{self.path}":
            return self.refuse("invalid_dpop_proof", "htm/htu do not match this request")
        ath = b64url(hashlib.sha256(token.encode()).digest())
        if p_claims.get("ath") != ath:
            return self.refuse("invalid_dpop_proof", "ath does not match the access token")
        if p_claims.get("nonce") != NONCE:
            return self.refuse("use_dpop_nonce", "Resource server requires nonce in DPoP proof")
        self.answer(200, {"entries": []})


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--now", type=int, required=True)
    parser.add_argument("--secret", required=True)
    config = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", config.port), Handler)
    server.config = config
    server.serve_forever()


if __name__ == "__main__":
    main()
