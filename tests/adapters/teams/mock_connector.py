"""A local stand-in for Microsoft's side: Bot Connector, token service, OpenID metadata and JWKS.

Served from a thread (PyJWKClient fetches keys synchronously and would block a server on the test's own
loop). Records every request; `fail` queues error answers for the next matching requests.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

from tests.adapters.teams.card_rules import activity_problems

KID = "samskaping-test-key"
ISSUER = "https://api.botframework.com"


@dataclass
class Recorded:
    """One request the mock received."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: Any

    @property
    def is_targeted(self) -> bool:
        return self.query.get("isTargetedActivity") == ["true"]


@dataclass
class MockConnector:
    """State of the mock; `url` is its base (used as serviceUrl, login endpoint and metadata host)."""

    key: rsa.RSAPrivateKey = field(default_factory=lambda: rsa.generate_private_key(public_exponent=65537,
                                                                                      key_size=2048))
    requests: list[Recorded] = field(default_factory=list)
    failures: list[tuple[str, int, dict[str, str], dict[str, Any]]] = field(default_factory=list)
    members: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    #: host-config rules broken by cards the bot sent (Teams would hide what they break, not refuse it)
    invalid: list[str] = field(default_factory=list)
    url: str = ""
    _ids: Iterator[int] = field(default_factory=lambda: itertools.count(1_700_000_000_001))
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def fail(self, path_contains: str, status: int, headers: dict[str, str] | None = None,
             body: dict[str, Any] | None = None) -> None:
        """The next request whose path contains `path_contains` gets `status` (with `headers` and `body`)."""
        self.failures.append((path_contains, status, headers or {}, body or {"error": {"code": "MockFailure"}}))

    def activities(self, conversation: str | None = None) -> list[Recorded]:
        """Activities successfully posted (optionally to one conversation id, thread suffix included)."""
        return [r for r in self.requests if r.method == "POST" and r.path.endswith("/activities")
                and getattr(r, "ok", True) and (conversation is None or r.path.split("/")[3] == conversation)]

    def token(self, *, aud: str, service_url: str | None = None, expires_in: int = 3600, issuer: str = ISSUER,
              key: rsa.RSAPrivateKey | None = None, kid: str = KID) -> str:
        """An inbound Bot Framework JWT signed with the mock's key (or a forged one)."""
        now = int(time.time())  # PyJWT checks exp against the wall clock, so the token must use it too
        claims: dict[str, Any] = {"iss": issuer, "aud": aud, "iat": now - 10, "nbf": now - 10,
                                  "exp": now + expires_in}
        if service_url is not None:
            claims["serviceurl"] = service_url
        return jwt.encode(claims, key or self.key, algorithm="RS256", headers={"kid": kid})

    def jwks(self) -> dict[str, Any]:
        public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        public.update({"kid": KID, "use": "sig", "alg": "RS256"})
        return {"keys": [public]}

    def next_id(self) -> str:
        with self._lock:
            return str(next(self._ids))

    def take_failure(self, path: str) -> tuple[int, dict[str, str], dict[str, Any]] | None:
        with self._lock:
            for index, (needle, status, headers, body) in enumerate(self.failures):
                if needle in path:
                    del self.failures[index]
                    return status, headers, body
        return None


def _outbound_token() -> str:
    """A JWT-shaped bot token (the SDK decodes it without verifying; Microsoft's would be RS256)."""
    claims = {"aud": "https://api.botframework.com", "iss": "mock-token-service", "exp": 4102444800}
    return jwt.encode(claims, "mock-token-service-signing-key-0123456789", algorithm="HS256")


class _Handler(BaseHTTPRequestHandler):
    mock: MockConnector

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the stdlib's name
        return

    def _send(self, status: int, body: Any = None, headers: dict[str, str] | None = None) -> None:
        data = b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _record(self) -> Recorded:
        parsed = urlparse(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body: Any = json.loads(raw) if raw else None
        except ValueError:
            body = parse_qs(raw.decode())
        item = Recorded(self.command, parsed.path, parse_qs(parsed.query), dict(self.headers.items()), body)
        self.mock.requests.append(item)
        return item

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        item = self._record()
        if item.path.endswith("/openidconfiguration"):
            self._send(200, {"issuer": ISSUER, "jwks_uri": f"{self.mock.url}/v1/.well-known/keys"})
        elif item.path.endswith("/keys"):
            self._send(200, self.mock.jwks())
        elif item.path.endswith("/members"):
            self._send(200, self.mock.members.get(item.path.split("/")[3], []))
        else:
            self._send(404, {"error": "not found"})

    def do_POST(self) -> None:  # noqa: N802 - the stdlib's name
        item = self._record()
        failure = self.mock.take_failure(item.path)
        if failure is not None:
            item.ok = False  # type: ignore[attr-defined]
            self._send(failure[0], failure[2], failure[1])
        elif item.path.endswith("/oauth2/v2.0/token"):
            self._send(200, {"token_type": "Bearer", "expires_in": 3600, "access_token": _outbound_token()})
        elif item.path == "/v3/conversations":
            user = item.body["members"][0]["id"]
            self._send(201, {"id": f"a:personal-{user}"})
        elif item.path.endswith("/activities"):
            self.mock.invalid += activity_problems(item.body)
            self._send(201, {"id": self.mock.next_id()})
        else:
            self._send(404, {"error": "not found"})


def serve(mock: MockConnector) -> tuple[ThreadingHTTPServer, threading.Thread]:
    """Start the mock on 127.0.0.1 (a free port) in a daemon thread."""
    handler = type("Handler", (_Handler,), {"mock": mock})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    mock.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, thread
