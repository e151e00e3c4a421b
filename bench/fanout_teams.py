"""The Teams half of bench/fanout_rate.py: 10,000 known 1:1 chats over T tenants, sent through the real TeamsChat."""

from __future__ import annotations

import argparse
import functools
import json
from collections.abc import Awaitable, Callable
from typing import Any

import jwt
from fastapi import FastAPI
from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.bootstrap import build
from bot.clock import SystemClock
from bot.kernel.chat.messages import Message
from bot.kernel.chat.port import ChatPort
from bot.kernel.storage.tables import Outbox, Workspace
from bot.kernel.storage.tables_teams import TeamsUser
from bot.settings import Settings

CLIENT_ID = "6f1c2d3e-4a5b-4c6d-8e7f-901a2b3c4d5e"
PROMPT = Message("Ukas refleksjon: hva har dere lært av samarbeidet denne uka?")


@functools.cache
def _token(*_: Any) -> str:
    """A JWT-shaped bot token (the SDK decodes it without verifying), made once: the bot's own provider
    returns its cached token too."""
    claims = {"aud": "https://api.botframework.com", "iss": "bench", "exp": 4102444800}
    return jwt.encode(claims, "bench-token-signing-key-0123456789abcdef", algorithm="HS256")


class TeamsSide:
    """Seeds the Teams fan-out and builds TeamsChat ports (one per replica) against the mock."""

    def __init__(self, args: argparse.Namespace, mock: Any) -> None:
        self.tenants, self.chats, self.url = args.tenants, args.chats, mock.url
        self.containers: list[Any] = []

    def settings(self, base: Settings) -> Settings:
        return base.model_copy(update={
            "teams_client_id": CLIENT_ID, "teams_client_secret": "bench", "teams_service_url": self.url,
            "teams_multi_tenant": True,  # one bot serving the bench's many tenants
            "teams_login_endpoint": self.url, "teams_openid_metadata_url": f"{self.url}/v1/openidconfiguration"})

    async def seed(self, engine: AsyncEngine) -> int:
        now = SystemClock().now()
        payload = json.dumps(PROMPT.to_dict(), ensure_ascii=False)
        users, rows = [], []
        for t in range(self.tenants):
            for u in range(t, self.chats, self.tenants):
                users.append({"workspace_id": t + 1, "user_id": f"29:U{u}", "personal_conversation_id": f"ten{t}~U{u}",
                              "service_url": self.url, "unreachable": False, "updated_at": now})
                rows.append({"workspace_id": t + 1, "idempotency_key": f"prompt:teams:U{u}", "kind": "prompt",
                             "target": "dm", "channel_id": None, "user_id": f"29:U{u}", "payload": payload,
                             "priority": 5, "status": "pending", "due_at": now, "attempts": 0, "created_at": now})
        async with engine.begin() as connection:
            await connection.execute(insert(Workspace), [
                {"id": t + 1, "platform": "teams", "external_id": f"ten{t}", "name": "", "active": True,
                 "created_at": now} for t in range(self.tenants)])
            for start in range(0, len(rows), 5000):
                await connection.execute(insert(TeamsUser), users[start:start + 5000])
                await connection.execute(insert(Outbox), rows[start:start + 5000])
        return len(rows)

    async def ports(self, settings: Settings, engine: AsyncEngine) -> dict[str, ChatPort]:
        from bot.adapters.teams import mount

        settings = self.settings(settings)
        container = build(settings)
        mounted = mount(FastAPI(), container, settings, token=_token)
        await mounted.app.initialize()
        self.containers.append(container)
        return {"teams": mounted.chat}

    async def close(self) -> None:
        for container in self.containers:
            await container.close()
        self.containers.clear()

    def segment(self) -> tuple[Callable[[AsyncEngine], Awaitable[int]], float,
                               Callable[[Settings, AsyncEngine], Awaitable[dict[str, ChatPort]]]]:
        """Seeder, allowed sends per second at K = 1 (the tenant limits bind), and the ports."""
        return self.seed, self.tenants * 50.0, self.ports
