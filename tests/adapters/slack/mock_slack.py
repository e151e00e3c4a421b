"""A mock Slack Web API on 127.0.0.1: records every call, validates every blocks/view payload like Slack
would (with slack_sdk's models), keeps posted messages with their metadata, and fails on request."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import web
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from bot.clock import Clock

TEAM = "T1"
BOT_USER = "UBOT"
BOT_ID = "BBOT"


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    token: str


@dataclass
class Failure:
    error: str = "internal_error"
    status: int = 200
    retry_after: float | None = None
    drop_after_store: bool = False  # store the post, then cut the connection (a "maybe sent")


@dataclass
class MockSlack:
    """State of the fake Slack; `url` is what SLACK_API_URL points at."""

    clock: Clock
    calls: list[Call] = field(default_factory=list)
    messages: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    responses: list[dict[str, Any]] = field(default_factory=list)
    failures: dict[str, list[Failure]] = field(default_factory=lambda: defaultdict(list))
    invalid: list[str] = field(default_factory=list)
    channel_members: dict[str, list[str]] = field(default_factory=dict)
    display_names: dict[str, str] = field(default_factory=dict)  # users.info display_name (default "Person <id>")
    locales: dict[str, str] = field(default_factory=dict)  # users.info locale (default en-US)
    installs: int = 0
    socket_envelopes: list[dict[str, Any]] = field(default_factory=list)  # sent after "hello"
    socket_acks: list[dict[str, Any]] = field(default_factory=list)
    reset_responses: int = 0  # the next n response_url posts get a reset connection (and are not stored)
    _seq: int = 0
    _runner: web.AppRunner | None = None
    root: str = ""

    @property
    def url(self) -> str:
        return f"{self.root}/api/"

    def response_url(self, n: int) -> str:
        return f"{self.root}/response/{n}"

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/api/{method}", self._api)
        app.router.add_get("/api/{method}", self._api)
        app.router.add_post("/response/{n}", self._response)
        app.router.add_get("/link", self._socket)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.root = f"http://127.0.0.1:{port}"

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    def fail(self, method: str, *, times: int = 1, **failure: Any) -> None:
        self.failures[method] += [Failure(**failure) for _ in range(times)]

    def called(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    def posts(self, channel: str | None = None) -> list[dict[str, Any]]:
        return [m for ch, items in self.messages.items() if channel in (None, ch) for m in items]

    # -- server ---------------------------------------------------------------------------------------

    async def _params(self, request: web.Request) -> dict[str, Any]:
        params: dict[str, Any] = dict(request.query)
        raw = await request.read()
        if raw:
            if request.content_type == "application/json":
                params.update(json.loads(raw))
            else:
                params.update(dict(parse_qsl(raw.decode())))
        for name in ("blocks", "view", "metadata"):
            if isinstance(params.get(name), str):
                params[name] = json.loads(params[name])
        return params

    async def _api(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        params = await self._params(request)
        token = request.headers.get("Authorization", "").removeprefix("Bearer ") or str(params.get("token", ""))
        self.calls.append(Call(method, params, token))
        self._validate(method, params)
        failure = self.failures[method].pop(0) if self.failures[method] else None
        if failure is not None and not failure.drop_after_store:
            headers = {"Retry-After": str(failure.retry_after)} if failure.retry_after is not None else {}
            return web.json_response({"ok": False, "error": failure.error}, status=failure.status, headers=headers)
        handler = getattr(self, "_" + method.replace(".", "_"), None)
        body = handler(params) if handler else {"ok": True}
        if failure is not None:  # the work is done, but the answer never arrives
            request.transport.close()  # type: ignore[union-attr]
            raise ConnectionResetError("dropped by the mock")
        return web.json_response(body)

    async def _response(self, request: web.Request) -> web.Response:
        if self.reset_responses:
            self.reset_responses -= 1
            request.transport.close()  # type: ignore[union-attr]
            raise ConnectionResetError("dropped by the mock")
        payload = json.loads(await request.read())
        self._validate("response_url", payload)
        self.responses.append(payload)
        return web.Response(text="ok")

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        """Socket Mode: say hello, deliver the queued envelopes, collect the acks."""
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        await ws.send_json({"type": "hello", "num_connections": 1})
        for envelope in self.socket_envelopes:
            await ws.send_json(envelope)
        async for frame in ws:
            if frame.type == web.WSMsgType.TEXT:
                self.socket_acks.append(json.loads(frame.data))
        return ws

    def _validate(self, method: str, params: dict[str, Any]) -> None:
        try:
            if params.get("blocks"):
                for block in Block.parse_all(params["blocks"]):
                    block.to_dict()
                _require_unique_ids(params["blocks"])
                _require_at_most(params["blocks"], MAX_MESSAGE_BLOCKS, "a message")
            if len(str(params.get("text") or "")) > MAX_TEXT:
                raise ValueError(f"text of {len(params['text'])} characters (Slack truncates at {MAX_TEXT})")
            if isinstance(params.get("view"), dict):
                View(**params["view"]).to_dict()
                _require_unique_ids(params["view"].get("blocks") or [])
                _require_at_most(params["view"].get("blocks") or [], MAX_VIEW_BLOCKS, "a view")
        except Exception as exc:
            self.invalid.append(f"{method}: {exc}")

    def _ts(self) -> str:
        self._seq += 1
        return f"{self.clock.now().timestamp() + self._seq / 1_000_000:.6f}"

    # -- methods --------------------------------------------------------------------------------------

    def _auth_test(self, _: dict[str, Any]) -> dict[str, Any]:
        return {"ok": True, "user_id": BOT_USER, "bot_id": BOT_ID, "team_id": TEAM, "team": "Test", "user": "bot"}

    def _chat_postMessage(self, p: dict[str, Any]) -> dict[str, Any]:
        message = {"type": "message", "user": BOT_USER, "bot_id": BOT_ID, "text": p.get("text", ""),
                   "blocks": p.get("blocks"), "ts": self._ts(), "thread_ts": p.get("thread_ts"),
                   "metadata": p.get("metadata")}
        self.messages[p["channel"]].append(message)
        return {"ok": True, "channel": p["channel"], "ts": message["ts"], "message": message}

    def _chat_postEphemeral(self, _: dict[str, Any]) -> dict[str, Any]:
        return {"ok": True, "message_ts": self._ts()}

    def _listing(self, items: list[dict[str, Any]], p: dict[str, Any]) -> dict[str, Any]:
        oldest = float(p.get("oldest") or 0)
        with_metadata = str(p.get("include_all_metadata", "")).lower() in ("true", "1")
        found = [dict(m) for m in reversed(items) if float(m["ts"]) >= oldest]
        if not with_metadata:
            for m in found:
                m.pop("metadata", None)
        return {"ok": True, "messages": found, "has_more": False}

    def _conversations_history(self, p: dict[str, Any]) -> dict[str, Any]:
        top = [m for m in self.messages[p["channel"]] if m.get("thread_ts") in (None, m["ts"])]
        return self._listing(top, p)

    def _conversations_replies(self, p: dict[str, Any]) -> dict[str, Any]:
        thread = [m for m in self.messages[p["channel"]] if p["ts"] in (m["ts"], m.get("thread_ts"))]
        return self._listing(thread, p)

    def _conversations_open(self, p: dict[str, Any]) -> dict[str, Any]:
        return {"ok": True, "channel": {"id": f"D{p['users']}"}}

    def _conversations_members(self, p: dict[str, Any]) -> dict[str, Any]:
        return {"ok": True, "members": self.channel_members.get(p["channel"], []),
                "response_metadata": {"next_cursor": ""}}

    def _users_info(self, p: dict[str, Any]) -> dict[str, Any]:
        user = p["user"]
        found: dict[str, Any] = {"id": user, "name": user.lower(), "is_bot": user == BOT_USER, "profile": {
            "display_name": self.display_names.get(user, f"Person {user}"), "real_name": f"Person {user}"}}
        if str(p.get("include_locale")).lower() in ("1", "true"):
            found["locale"] = self.locales.get(user, "en-US")
        return {"ok": True, "user": found}

    def _views_open(self, _: dict[str, Any]) -> dict[str, Any]:
        return {"ok": True, "view": {"id": "V1"}}

    def _views_publish(self, _: dict[str, Any]) -> dict[str, Any]:
        return {"ok": True, "view": {"id": "VHOME"}}

    def _apps_connections_open(self, _: dict[str, Any]) -> dict[str, Any]:
        return {"ok": True, "url": self.root.replace("http://", "ws://") + "/link"}

    def _oauth_v2_access(self, _: dict[str, Any]) -> dict[str, Any]:
        self.installs += 1
        return {"ok": True, "access_token": "xoxb-installed-token", "token_type": "bot", "app_id": "A1",
                "scope": "chat:write,commands", "bot_user_id": "UBOT2", "team": {"id": "T2", "name": "Bodø kommune"},
                "enterprise": None, "is_enterprise_install": False, "authed_user": {"id": "U9"}}


#: Slack's documented limits: 50 blocks in a message, 100 in a modal or Home tab, 40,000 characters of text.
MAX_MESSAGE_BLOCKS, MAX_VIEW_BLOCKS, MAX_TEXT = 50, 100, 40_000


def _require_at_most(blocks: list[dict[str, Any]], limit: int, what: str) -> None:
    if len(blocks) > limit:
        raise ValueError(f"{len(blocks)} blocks in {what} (Slack accepts {limit})")


def _require_unique_ids(blocks: list[dict[str, Any]]) -> None:
    """Slack refuses a message or view whose block_ids repeat, or a block whose elements repeat an action_id."""
    block_ids = [b["block_id"] for b in blocks if b.get("block_id")]
    if len(block_ids) != len(set(block_ids)):
        raise ValueError(f"duplicate block_id in {block_ids}")
    for block in blocks:
        action_ids = [e["action_id"] for e in block.get("elements", []) if isinstance(e, dict) and e.get("action_id")]
        if len(action_ids) != len(set(action_ids)):
            raise ValueError(f"duplicate action_id in block {block.get('block_id')}: {action_ids}")
