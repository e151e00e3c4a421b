"""A faulty Slack for the fault-injection suite: the mock Web API with a fault schedule per idempotency key.

Each fault is one misbehaviour of Slack (or the network) on one `chat.postMessage`; the mock counts what
it injected and what it stored, so a test can check that every key reached Slack exactly once.
"""

from __future__ import annotations

import asyncio
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from aiohttp import web

from bot.adapters.slack.chat import Limits, SlackChat
from bot.adapters.slack.pacing import Pacer
from bot.adapters.slack.tokens import SingleWorkspace
from bot.bootstrap import Container
from bot.clock import ManualClock
from tests.adapters.slack.mock_slack import Call, MockSlack

TOKEN = "xoxb-test-token"  # noqa: S105 - a test value
#: faults after which the message must still arrive exactly once
TRANSIENT = ("429", "ratelimited", "500", "503", "stored_503", "reset", "reset_after_store", "timeout_after_store")
#: faults after which the row fails visibly and nothing is posted
PERMANENT = ("channel_not_found", "not_in_channel", "is_archived", "user_not_found", "token_revoked")
CLIENT_TIMEOUT = 0.25


@dataclass
class Sent:
    """One chat.postMessage that reached the mock, with the simulated time and the answer it got."""

    at: datetime
    key: str | None
    answer: str


@dataclass
class FaultySlack(MockSlack):
    """MockSlack with faults scheduled per idempotency key (`by_key`) or for the next posts (`next_posts`)."""

    by_key: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    next_posts: list[str] = field(default_factory=list)
    injected: Counter[str] = field(default_factory=Counter)
    log: list[Sent] = field(default_factory=list)

    def delivered(self) -> Counter[str]:
        """How many stored posts carry each idempotency key (from the recorded message metadata)."""
        return Counter(_key_of(m) for m in self.posts() if _key_of(m))

    def pending_faults(self) -> int:
        return sum(len(v) for v in self.by_key.values()) + len(self.next_posts)

    async def _api(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        if method != "chat.postMessage":
            return await super()._api(request)
        params = await self._params(request)
        key = _key_of(params)
        self.calls.append(Call(method, params, request.headers.get("Authorization", "")))
        fault = self._next_fault(key)
        self.log.append(Sent(self.clock.now(), key, fault or "ok"))
        if fault is None:
            return web.json_response(self._chat_postMessage(params))
        self.injected[fault] += 1
        return await self._misbehave(fault, request, params)

    def _next_fault(self, key: str | None) -> str | None:
        if key and self.by_key.get(key):
            return self.by_key[key].pop(0)
        return self.next_posts.pop(0) if self.next_posts else None

    async def _misbehave(self, fault: str, request: web.Request, params: dict[str, Any]) -> web.StreamResponse:
        if fault == "429":
            return web.json_response({"ok": False, "error": "ratelimited"}, status=429, headers={"Retry-After": "1"})
        if fault in ("500", "503"):
            return web.json_response({"ok": False, "error": "internal_error"}, status=int(fault))
        if fault == "stored_503":
            self._chat_postMessage(params)
            return web.json_response({"ok": False, "error": "service_unavailable"}, status=503)
        if fault in ("reset", "reset_after_store"):
            if fault == "reset_after_store":
                self._chat_postMessage(params)
            request.transport.close()  # type: ignore[union-attr]
            raise ConnectionResetError("dropped by the mock")
        if fault == "timeout_after_store":
            answer = self._chat_postMessage(params)
            await asyncio.sleep(CLIENT_TIMEOUT * 2)  # the client has given up by now
            return web.json_response(answer)
        return web.json_response({"ok": False, "error": fault})  # "ratelimited" and the permanent codes


def _key_of(item: dict[str, Any]) -> str | None:
    payload = (item.get("metadata") or {}).get("event_payload") or {}
    return payload.get("k")


def slack_chat(app: Container, clock: ManualClock, mock: MockSlack) -> SlackChat:
    """The real SlackChat against the mock; its pacer runs on the simulated clock (Retry-After in test time)."""

    async def sleep(seconds: float) -> None:
        clock.advance(timedelta(seconds=seconds))

    pacer = Pacer(0.5, monotonic=lambda: clock.now().timestamp(), sleep=sleep)
    chat = SlackChat(tokens=SingleWorkspace(TOKEN, mock.url), sessions=app.ctx.sessions, clock=clock,
                     api_url=mock.url, pacer=pacer, limits=Limits(0.0, 60_000, 60_000, 60_000))
    chat.client(TOKEN).timeout = CLIENT_TIMEOUT  # so a "timeout after storing" takes a quarter of a second
    return chat


def random_schedule(seed: int, keys: list[str], *, permanent_share: float = 0.1) -> dict[str, list[str]]:
    """Faults for each key: none, one or two transient ones, or (sometimes) a permanent error."""
    rng = random.Random(seed)
    schedule: dict[str, list[str]] = {}
    for key in keys:
        if rng.random() < permanent_share:
            schedule[key] = [rng.choice(PERMANENT)]
        else:
            schedule[key] = rng.choices(TRANSIENT, k=rng.choice((0, 1, 1, 2)))
    return schedule
