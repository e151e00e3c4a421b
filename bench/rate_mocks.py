"""Mock Slack Web API and Teams Bot Connector that ENFORCE the platforms' rate limits (for bench/fanout_rate.py).

Every limit is multiplied by K. Past a limit the mock answers 429 with a (fractional) Retry-After and stores
nothing. Slack: chat.postMessage 1/s per channel and a per-workspace budget (300/min), conversations.open
50/min, chat.postEphemeral 100/min, as GCRA (a steady rate; bursts of a few requests, as Slack allows).
Teams: per conversation 7/s, 60/30 s, 1800/h and per tenant 50/s, as sliding windows.
GET /stats returns the counts (accepted per idempotency key or conversation, 429s, first/last accept time).

    .venv/bin/python -m bench.rate_mocks --k 20     # prints "PORT <n>", serves until killed
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from collections import Counter, defaultdict, deque
from typing import Any
from urllib.parse import parse_qsl

import jwt
from aiohttp import web

JITTER = 0.004  # seconds of arrival jitter forgiven on loopback
TEAMS_ISSUER = "https://api.botframework.com"
#: posts a Slack workspace may make at once on top of its steady budget (the GCRA burst)
SLACK_WORKSPACE_BURST = 5
#: the Teams tenant limit's sliding window: its full count is admitted at once at the start
TEAMS_WINDOW_SECONDS = 1.0


class Gcra:
    """A steady rate per key (a token bucket holding `burst` requests): the long-run rate never exceeds it."""

    def __init__(self, per_second: float, burst: int) -> None:
        self.interval = 1.0 / per_second
        self.tolerance = (burst - 1) * self.interval + JITTER
        self._tat: dict[str, float] = {}

    def wait(self, key: str, now: float) -> float:
        return max(0.0, self._tat.get(key, now) - self.tolerance - now)

    def take(self, key: str, now: float) -> None:
        self._tat[key] = max(self._tat.get(key, now), now) + self.interval


class Windows:
    """At most `limit` requests in any `seconds` (several windows per key)."""

    def __init__(self, windows: list[tuple[float, int]]) -> None:
        self.windows = windows
        self._seen: dict[str, deque[float]] = defaultdict(deque)

    def wait(self, key: str, now: float) -> float:
        seen = self._seen[key]
        longest = max(s for s, _ in self.windows)
        while seen and seen[0] <= now - longest:
            seen.popleft()
        wait = 0.0
        for seconds, limit in self.windows:
            if len(seen) >= limit:
                inside = [t for t in seen if t > now - seconds + JITTER]
                if len(inside) >= limit:
                    wait = max(wait, inside[-limit] + seconds - JITTER - now)
        return wait

    def take(self, key: str, now: float) -> None:
        self._seen[key].append(now)


class Limited:
    """Counts and limits shared by both mocks."""

    def __init__(self, k: float, jwk: dict[str, Any] | None = None) -> None:
        self.k = k
        #: the public key of the inbound Teams JWTs the load generator signs (served as the JWKS)
        self.jwk = jwk
        self.calls: Counter[str] = Counter()
        self.refused: Counter[str] = Counter()
        self.accepted: Counter[str] = Counter()
        #: key → wall-clock time it was first accepted (for trigger → platform latency)
        self.accepted_at: dict[str, float] = {}
        self.first = self.last = 0.0
        # Slack documents per-minute tiers that "allow bursts"; 1 s of budget as burst, 2 posts per channel.
        self.post_channel = Gcra(1.0 * k, burst=2)
        self.post_workspace = Gcra(300 / 60 * k, burst=SLACK_WORKSPACE_BURST)
        self.open = Gcra(50 / 60 * k, burst=2)
        self.ephemeral = Gcra(100 / 60 * k, burst=2)
        self.conversation = Windows([(1.0, round(7 * k)), (30.0, round(60 * k)), (3600.0, round(1800 * k))])
        self.tenant = Windows([(TEAMS_WINDOW_SECONDS, round(50 * k))])

    def admit(self, method: str, checks: list[tuple[Any, str]]) -> float:
        """0 when every limit allows the call (and it is counted), else the seconds to wait."""
        now = time.monotonic()
        self.calls[method] += 1
        wait = max(limiter.wait(key, now) for limiter, key in checks)
        if wait > 0:
            self.refused[method] += 1
            return wait
        for limiter, key in checks:
            limiter.take(key, now)
        return 0.0

    def accept(self, key: str) -> None:
        now = time.monotonic()
        self.first = self.first or now
        self.last = now
        self.accepted[key] += 1
        self.accepted_at.setdefault(key, time.time())

    def stats(self) -> dict[str, Any]:
        counts = Counter(self.accepted.values())
        return {"calls": dict(self.calls), "refused": dict(self.refused), "accepted": sum(self.accepted.values()),
                "distinct": len(self.accepted), "duplicated": sum(n - 1 for n in self.accepted.values() if n > 1),
                "histogram": {str(n): c for n, c in counts.items()}, "first": self.first, "last": self.last,
                "accepted_at": self.accepted_at}


def too_many(wait: float) -> web.Response:
    return web.json_response({"ok": False, "error": "ratelimited"}, status=429,
                             headers={"Retry-After": f"{max(wait, 0.001):.3f}"})


async def _body(request: web.Request) -> dict[str, Any]:
    raw = await request.read()
    if request.content_type == "application/json":
        return json.loads(raw or b"{}")
    return dict(parse_qsl(raw.decode()))


def slack_routes(app: web.Application, state: Limited) -> None:
    async def api(request: web.Request) -> web.Response:
        method = request.match_info["method"]
        body = await _body(request)
        team = request.headers.get("Authorization", "").rsplit("-", 1)[-1]  # tokens are xoxb-bench-<team>
        if method == "chat.postMessage":
            wait = state.admit(method, [(state.post_channel, f"{team}:{body.get('channel')}"),
                                        (state.post_workspace, team)])
            if wait:
                return too_many(wait)
            metadata = body.get("metadata") or {}
            if isinstance(metadata, str):
                metadata = json.loads(metadata)
            state.accept((metadata.get("event_payload") or {}).get("k", "?"))
            if metadata:  # the first outbox post per channel (direct replies to commands carry no metadata)
                state.accepted_at.setdefault(f"post:{body.get('channel')}", time.time())
            return web.json_response({"ok": True, "channel": body.get("channel"), "ts": f"{time.time():.6f}"})
        if method == "conversations.open":
            wait = state.admit(method, [(state.open, team)])
            return too_many(wait) if wait else web.json_response(
                {"ok": True, "channel": {"id": f"D{body.get('users')}"}})
        if method == "chat.postEphemeral":
            wait = state.admit(method, [(state.ephemeral, team)])
            if wait:
                return too_many(wait)
            state.accept(f"eph:{body.get('channel')}:{body.get('user')}")
            return web.json_response({"ok": True, "message_ts": f"{time.time():.6f}"})
        if method == "users.info":  # as Slack answers it: the person with a profile and a locale
            user = str(body.get("user") or request.query.get("user") or "")
            return web.json_response({"ok": True, "user": {
                "id": user, "team_id": team, "name": user.lower(), "is_bot": False, "locale": "nb-NO",
                "profile": {"display_name": f"Person {user}", "real_name": f"Person {user}"}}})
        if method in ("conversations.history", "conversations.replies"):
            return web.json_response({"ok": True, "messages": [], "has_more": False})
        return web.json_response({"ok": True, "user_id": "UBOT", "bot_id": "BBOT", "team_id": team})

    async def respond(request: web.Request) -> web.Response:  # response_url answers to slash commands
        await request.read()
        return web.json_response({"ok": True})

    app.router.add_post("/api/{method}", api)
    app.router.add_get("/api/{method}", api)  # slack_sdk reads history with GET
    app.router.add_post("/response/{n}", respond)


def teams_routes(app: web.Application, state: Limited) -> None:
    async def activity(request: web.Request) -> web.Response:
        conversation = request.match_info["conversation"]
        tenant = conversation.split("~")[0]  # bench conversation ids are <tenant>~<user>
        await request.read()
        wait = state.admit("activities", [(state.conversation, conversation), (state.tenant, tenant)])
        if wait:
            return web.json_response({"error": {"code": "TooManyRequests"}}, status=429,
                                     headers={"Retry-After": f"{max(wait, 0.001):.3f}"})
        state.accept(conversation)
        return web.json_response({"id": f"act-{state.accepted[conversation]}"}, status=201)

    async def token(request: web.Request) -> web.Response:  # a JWT, as Entra ID gives (the SDK reads its claims)
        now = int(time.time())
        claims = {"aud": "https://api.botframework.com", "iat": now, "nbf": now, "exp": now + 3600}
        access = jwt.encode(claims, "bench-mock-key-of-32-bytes-or-more!", algorithm="HS256")
        return web.json_response({"access_token": access, "expires_in": 3600, "token_type": "Bearer"})

    async def openid(request: web.Request) -> web.Response:  # where the bot finds the keys of inbound JWTs
        return web.json_response({"issuer": TEAMS_ISSUER, "jwks_uri": f"{request.url.origin()}/v1/.well-known/keys"})

    async def keys(request: web.Request) -> web.Response:
        return web.json_response({"keys": [state.jwk] if state.jwk else []})

    async def conversation(request: web.Request) -> web.Response:  # a 1:1 chat created for a private answer
        body = await request.json()
        members = body.get("members") or [{}]
        return web.json_response({"id": f"a:personal-{members[0].get('id', '')}"}, status=201)

    app.router.add_post("/v3/conversations", conversation)
    app.router.add_post("/v3/conversations/{conversation}/activities", activity)
    app.router.add_post("/{tenant}/oauth2/v2.0/token", token)
    app.router.add_get("/v1/.well-known/openidconfiguration", openid)
    app.router.add_get("/v1/.well-known/keys", keys)


def build_app(k: float, jwk: dict[str, Any] | None = None) -> web.Application:
    app = web.Application(client_max_size=4 * 1024 * 1024)
    holder = {"state": Limited(k, jwk)}

    async def stats(request: web.Request) -> web.Response:
        return web.json_response(holder["state"].stats())

    async def reset(request: web.Request) -> web.Response:
        holder["state"] = Limited(float(request.query.get("k", holder["state"].k)), holder["state"].jwk)
        return web.json_response({"ok": True})

    # The routes read the current state through a small proxy, so /reset can start a new segment.
    class Current:
        def __getattr__(self, name: str) -> Any:
            return getattr(holder["state"], name)

    current: Any = Current()
    slack_routes(app, current)
    teams_routes(app, current)
    app.router.add_get("/stats", stats)
    app.router.add_post("/reset", reset)
    return app


async def serve(k: float, jwk: dict[str, Any] | None) -> None:
    runner = web.AppRunner(build_app(k, jwk), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    print(f"PORT {site._server.sockets[0].getsockname()[1]}", flush=True)  # type: ignore[union-attr]
    await asyncio.Event().wait()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--k", type=float, default=1.0)
    parser.add_argument("--teams-jwk", default="", help="the public key (JWK, JSON) that signs inbound Teams JWTs")
    args = parser.parse_args()
    asyncio.run(serve(args.k, json.loads(args.teams_jwk) if args.teams_jwk else None))
