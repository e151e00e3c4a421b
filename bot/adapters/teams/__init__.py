"""Microsoft Teams on the Teams SDK for Python 2.x: mounted on `samskaping serve` when TEAMS_CLIENT_ID is set.

`microsoft_teams` is imported only inside `mount` (importing it loads `.env` into the environment).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI

import bot.kernel.storage.tables_teams  # noqa: F401 - registers the Teams tables on SQLModel.metadata
from bot.bootstrap import Container
from bot.settings import Settings

if TYPE_CHECKING:
    from microsoft_teams.apps import App

    from bot.adapters.teams.chat import TeamsChat
    from bot.adapters.teams.inbound import TeamsInbound


@dataclass
class TeamsMount:
    """What `mount` wired: the SDK app, the chat port and the inbound handler."""

    app: App
    chat: TeamsChat
    inbound: TeamsInbound


def mount(web: FastAPI, container: Container, settings: Settings, *, token: Any = None) -> TeamsMount:
    """Register POST /api/messages on `web`, the "teams" chat port, and `App.initialize()` at startup."""
    from microsoft_teams.apps.http import FastAPIAdapter

    from bot.adapters.teams.chat import TeamsChat
    from bot.adapters.teams.inbound import TeamsInbound
    from bot.adapters.teams.pacing import pacer_from_settings
    from bot.adapters.teams.refs import ConversationStore
    from bot.adapters.teams.sdk import create_app

    # The SDK logs activities (message text) and token responses at DEBUG: never let those through.
    sdk_log = logging.getLogger("microsoft_teams")
    sdk_log.setLevel(max(logging.INFO, sdk_log.getEffectiveLevel()))
    app = create_app(settings, web, provider=token)
    store = ConversationStore(container.ctx)
    chat = TeamsChat(app, store, pacer_from_settings(settings), client_id=settings.teams_client_id,
                     default_service_url=settings.teams_service_url, targeted=settings.teams_targeted_messages)
    container.ports["teams"] = chat
    inbound = TeamsInbound(container.router, container.inbox, container.ctx, chat, store)
    app.use(inbound.on_activity)  # type: ignore[arg-type]  # SDK types use() as -> None; ours returns the invoke body

    @asynccontextmanager
    async def initialize(_: Any) -> AsyncIterator[None]:
        # The SDK registers its route and JWT validator here; proactive sends need it too.
        await app.initialize()
        yield

    adapter = app.server.adapter
    assert isinstance(adapter, FastAPIAdapter)  # create_app always gives the SDK our GuardedFastAPIAdapter
    adapter.lifespans.append(initialize)
    return TeamsMount(app, chat, inbound)
