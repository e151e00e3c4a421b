"""The ASGI app `samskaping serve` runs: health endpoints, and the platforms' endpoints mounted on it."""

from __future__ import annotations

import asyncio
import hmac
import logging
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST
from sqlalchemy import text
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bot.adapters.metrics import Metrics
from bot.bootstrap import Container
from bot.kernel.delivery.scheduler import create_scheduler
from bot.kernel.delivery.wakeup import listen
from bot.kernel.inflight import InFlight
from bot.kernel.storage import migrate
from bot.logs import request_id

log = logging.getLogger(__name__)

Hook = Callable[[], Awaitable[None]]
ACK_PATHS = {"/slack/events": "slack", "/api/messages": "teams"}


def create_web_app(app: Container, *, run_scheduler: bool = True, on_startup: list[Hook] | None = None,
                   on_shutdown: list[Hook] | None = None) -> FastAPI:
    """FastAPI with /healthz and /readyz; the scheduler starts and stops with the app."""
    metrics = Metrics()

    async def tick() -> None:
        metrics.record_tick(await app.tick())

    scheduler = create_scheduler(tick, app.ticks, interval_seconds=app.settings.dispatch_interval_seconds,
                                 timezone=app.settings.timezone)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        await app.migrate()
        for hook in on_startup or []:
            await hook()
        wakers: list[asyncio.Task[None]] = []
        if run_scheduler:
            scheduler.start()
            wakers = [asyncio.create_task(app.wakeup.run()), asyncio.create_task(listen(app.engine, app.wakeup.ring))]
        log.info("samskaping is serving")
        try:
            yield
        finally:
            await _shut_down(app, scheduler if run_scheduler else None, wakers)
            for hook in on_shutdown or []:
                await hook()
            await app.close()
            log.info("samskaping stopped cleanly")

    web = FastAPI(title="Samskaping", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan)

    @web.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    web.state.metrics = metrics

    web.add_middleware(RequestIds, metrics=metrics, acks=app.inbox.acks)
    app.router.observers.append(lambda e: metrics.events.labels(e.actor.platform, type(e).__name__).inc())

    @web.get("/metrics")
    async def metrics_endpoint(request: Request) -> Response:
        if not metrics_allowed(request, app.settings.metrics_token):
            return Response("metrics: send Authorization: Bearer <METRICS_TOKEN>, or scrape from this machine\n",
                            status_code=401, headers={"WWW-Authenticate": "Bearer"}, media_type="text/plain")
        return Response(await metrics.scrape(app), media_type=CONTENT_TYPE_LATEST)

    @web.get("/readyz")
    async def readyz() -> JSONResponse:
        try:
            async with app.engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
            current = await migrate.is_current(app.engine)
        except Exception as exc:
            log.warning("readiness check failed: %s", type(exc).__name__)
            return JSONResponse({"status": "unavailable", "database": "unreachable"}, status_code=503)
        if not current:
            return JSONResponse({"status": "unavailable", "database": "migrations pending"}, status_code=503)
        return JSONResponse({"status": "ok", "database": "ok"})

    return web


class RequestIds:
    """Every log line of a request carries its id (from X-Request-Id, else a new one), and the answer carries it
    back; the time to acknowledge Slack's and Teams' requests is observed (Slack allows 3 s), and the inbox's
    work after earlier acks waits while one is under way (`Inbox.acks`). Plain ASGI: a
    `BaseHTTPMiddleware` would run each request in an extra task group, a cost on every acknowledgement."""

    def __init__(self, app: ASGIApp, metrics: Metrics, acks: InFlight) -> None:
        self._app = app
        self._metrics = metrics
        self._acks = acks

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        given = next((v for k, v in scope["headers"] if k == b"x-request-id"), b"")
        rid = given.decode("latin-1")[:64] or uuid.uuid4().hex[:16]
        platform = ACK_PATHS.get(scope["path"])
        started = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message).append("x-request-id", rid)
                if platform is not None:
                    self._metrics.ack_seconds.labels(platform).observe(time.perf_counter() - started)
            await send(message)

        token = request_id.set(rid)
        try:
            if platform is None:
                await self._app(scope, receive, send_with_id)
            else:
                with self._acks.during():  # the work of earlier requests waits while this one is acknowledged
                    await self._app(scope, receive, send_with_id)
        finally:
            request_id.reset(token)


LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})


def metrics_allowed(request: Request, token: str) -> bool:
    """With METRICS_TOKEN set, only its bearer; without, only this machine (a proxy must not forward /metrics)."""
    if token:
        offered = request.headers.get("authorization", "")
        return hmac.compare_digest(offered.encode(), f"Bearer {token}".encode())
    return request.client is not None and request.client.host in LOOPBACK


async def _shut_down(app: Container, scheduler: AsyncIOScheduler | None, wakers: list[asyncio.Task[None]]) -> None:
    """Finish the inbound work already acknowledged, stop claiming, let the platform call in flight finish
    (bounded), release the rest and say so."""
    if not await app.inbox.idle(app.settings.shutdown_grace_seconds):
        log.warning("shutdown: acknowledged inbound work was still running; another replica recovers it")
    app.dispatcher.stop()
    for task in wakers:
        task.cancel()
    await asyncio.gather(*wakers, return_exceptions=True)
    if scheduler is not None:
        scheduler.shutdown(wait=False)  # its job only awaits the tick; the tick itself is not cancelled
    finished = await app.ticks.finish(app.settings.shutdown_grace_seconds)
    await app.dispatcher.release()
    if finished:
        log.info("shutdown: the running send finished; %d unsent claims released, sender leases handed over",
                 app.dispatcher.released)
    else:
        log.warning("shutdown: a send was still running after %.0f s and was cut off (its row is settled as "
                    "maybe sent); %d unsent claims released", app.settings.shutdown_grace_seconds,
                    app.dispatcher.released)
