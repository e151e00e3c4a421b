"""Put Slack on the web app: the events endpoint, the OAuth pages and, with an app token, Socket Mode."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, Protocol

from fastapi import FastAPI, Request
from fastapi.responses import Response
from slack_bolt.adapter.starlette.async_handler import to_async_bolt_request, to_starlette_response
from slack_sdk.signature import SignatureVerifier

from bot.adapters.slack.runtime import EVENTS_PATH, INSTALL_PATH, REDIRECT_PATH, SlackRuntime, build_slack, slack_mode
from bot.bootstrap import Container
from bot.settings import Settings

log = logging.getLogger(__name__)


def mount(web: FastAPI, app: Container, settings: Settings) -> bool:
    """Mount Slack when it is configured; registers the `slack` chat port. False when it is not."""
    if slack_mode(settings) is None:
        return False
    # slack_sdk and Bolt log request and response bodies (message text) at DEBUG: never let them.
    for name in ("slack_sdk", "slack_bolt"):
        logging.getLogger(name).setLevel(max(logging.INFO, logging.getLogger(name).getEffectiveLevel()))
    runtime = build_slack(app, settings)
    app.ports["slack"] = runtime.chat
    web.state.slack = runtime
    if settings.slack_signing_secret:
        _routes(web, runtime, SignatureVerifier(settings.slack_signing_secret))
    _keep_connections(web, runtime)
    if settings.slack_app_token:
        _socket_mode(web, runtime, settings)
    log.info("slack mounted (%s%s)", runtime.mode, ", socket mode" if settings.slack_app_token else "")
    return True


def _routes(web: FastAPI, runtime: SlackRuntime, verifier: SignatureVerifier) -> None:
    @web.post(EVENTS_PATH, include_in_schema=False)
    async def slack_events(request: Request) -> Response:
        body = await request.body()
        try:
            bolt_request = to_async_bolt_request(request, body)
        except Exception:  # not form data, not JSON, not UTF-8: nothing a listener could use
            return _malformed(verifier, request, body)
        if not _has_usable_shape(bolt_request.body):  # Bolt's own middleware would raise on these
            return _malformed(verifier, request, body)
        response = await runtime.bolt.async_dispatch(bolt_request)
        if response.status == 404:  # Bolt's "unhandled request": nothing we know, acknowledged all the same
            return Response(status_code=200)
        if response.status >= 500:
            # Slack would retry a 5xx over and over; the failure is logged where it happened.
            log.warning("slack request failed inside the app; answered 200 to stop retries")
            return Response(status_code=200)
        return to_starlette_response(response)

    if runtime.bolt.oauth_flow is not None:
        flow = runtime.bolt.oauth_flow

        @web.get(INSTALL_PATH, include_in_schema=False)
        async def slack_install(request: Request) -> Response:
            return to_starlette_response(await flow.handle_installation(to_async_bolt_request(request, b"")))

        @web.get(REDIRECT_PATH, include_in_schema=False)
        async def slack_oauth_redirect(request: Request) -> Response:
            return to_starlette_response(await flow.handle_callback(to_async_bolt_request(request, b"")))


def _has_usable_shape(body: Any) -> bool:
    """False for bodies Bolt's own middleware would trip over: an `event` that is not an object (found by
    fuzzing), a view submission whose view has no `type`, block actions with no action."""
    if not isinstance(body, dict):
        return True
    if "event" in body and not isinstance(body["event"], dict):
        return False
    kind = body.get("type")
    if kind in ("view_submission", "view_closed"):
        view = body.get("view")
        return isinstance(view, dict) and isinstance(view.get("type"), str)
    if kind == "block_actions":
        actions = body.get("actions")
        return isinstance(actions, list) and bool(actions) and isinstance(actions[0], dict)
    return True


def _malformed(verifier: SignatureVerifier, request: Request, body: bytes) -> Response:
    """Unreadable payloads: 401 when unsigned, else a 200 and a warning (never a 5xx retry loop)."""
    try:
        signed = verifier.is_valid_request(body, dict(request.headers))
    except UnicodeDecodeError:  # found by fuzzing: slack_sdk decodes the body to check it; Slack sends UTF-8
        signed = False
    if not signed:
        return Response(status_code=401)
    log.warning("slack sent a payload we cannot read (%d bytes); acknowledged and dropped", len(body))
    return Response(status_code=200)


def _keep_connections(web: FastAPI, runtime: SlackRuntime) -> None:
    """Open the shared HTTP session when the web app starts, and close it after the app has stopped."""
    outer = web.router.lifespan_context

    @asynccontextmanager
    async def lifespan(app_: Any) -> AsyncIterator[Any]:
        await runtime.connections.open()
        try:
            async with outer(app_) as state:
                yield state
        finally:
            await runtime.connections.close()

    web.router.lifespan_context = lifespan


class _SocketConnection(Protocol):
    """The two calls made on Bolt's AsyncSocketModeHandler, whose methods carry no annotations."""

    async def connect_async(self) -> None: ...

    async def close_async(self) -> None: ...


def _socket_mode(web: FastAPI, runtime: SlackRuntime, settings: Settings) -> None:
    """Connect over Socket Mode when the web app starts, and close the connection when it stops."""
    from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
    from slack_sdk.web.async_client import AsyncWebClient

    handler = AsyncSocketModeHandler(
        runtime.bolt, settings.slack_app_token,
        web_client=AsyncWebClient(token=settings.slack_app_token, base_url=settings.slack_api_url, retry_handlers=[]),
    )
    runtime.socket_mode = handler
    connection: _SocketConnection = handler
    outer = web.router.lifespan_context

    # Wrapping the app's lifespan keeps this adapter self-contained: the database is migrated before
    # the connection opens, and the connection is closed before the database is.
    @asynccontextmanager
    async def lifespan(app_: Any) -> AsyncIterator[Any]:
        async with outer(app_) as state:
            await connection.connect_async()
            log.info("slack socket mode connected")
            try:
                yield state
            finally:
                await connection.close_async()
                await runtime.listeners.tracker.idle()

    web.router.lifespan_context = lifespan
