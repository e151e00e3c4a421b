"""`GET /metrics`: outbox depth, sends by outcome, 429s and inbound events, in Prometheus format."""

from __future__ import annotations

import httpx
from starlette.requests import Request
from starlette.responses import Response

from bot.adapters.memory import MemoryChat
from bot.adapters.web import create_web_app
from bot.bootstrap import Container
from bot.errors import DeliveryError
from bot.kernel.chat.events import CommandEvent
from tests.fakes import Conversation, actor


async def test_metrics_report_outbox_sends_rate_limits_and_events(app: Container, chat: MemoryChat,
                                                                  convo: Conversation) -> None:
    web = create_web_app(app, run_scheduler=False)  # attaches the event observer to the router
    await convo.say("/samskaping oppsett Bodø", as_="kari")
    chat.fail_next.append(DeliveryError("ratelimited", retry_after=60))
    await app.router.handle(CommandEvent(actor("kari"), convo.channel, "/samskaping oppgave send"))
    web.state.metrics.record_tick(await app.tick())  # the send is refused once (429) and waits
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=web), base_url="http://test") as client:
        body = (await client.get("/metrics")).text
    assert 'samskaping_outbox_rows{status="pending"} 1.0' in body
    assert 'samskaping_rate_limited_total{platform="console"} 1.0' in body
    assert 'samskaping_events_total{kind="CommandEvent",platform="console"} 2.0' in body


async def test_the_time_to_acknowledge_platform_requests_is_measured(app: Container) -> None:
    web = create_web_app(app, run_scheduler=False)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=web), base_url="http://test") as client:
        await client.post("/slack/events", content=b"token=x")
        await client.post("/api/messages", json={})
        await client.get("/healthz")
        body = (await client.get("/metrics")).text
    assert 'samskaping_ack_seconds_count{platform="slack"} 1.0' in body
    assert 'samskaping_ack_seconds_count{platform="teams"} 1.0' in body
    assert "x-request-id" not in body


async def test_platform_requests_hold_the_work_after_earlier_acks_back_while_they_are_acknowledged(
        app: Container) -> None:
    web = create_web_app(app, run_scheduler=False)
    seen: list[tuple[str, int]] = []

    async def record(request: Request) -> Response:
        seen.append((request.url.path, app.inbox.acks.count))
        return Response()

    for path in ("/slack/events", "/api/messages", "/elsewhere"):
        web.router.add_route(path, record, methods=["POST"])
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=web), base_url="http://test") as client:
        for path in ("/slack/events", "/api/messages", "/elsewhere"):
            response = await client.post(path)
            assert response.status_code == 200 and response.headers["x-request-id"]
    assert seen == [("/slack/events", 1), ("/api/messages", 1), ("/elsewhere", 0)]
    assert app.inbox.acks.count == 0


async def test_metrics_are_not_public_by_default_and_need_the_token_when_one_is_set(app: Container) -> None:
    web = create_web_app(app, run_scheduler=False)
    outside = httpx.ASGITransport(app=web, client=("203.0.113.7", 40000))
    async with httpx.AsyncClient(transport=outside, base_url="http://test") as client:
        refused = await client.get("/metrics")
        assert refused.status_code == 401 and "samskaping_" not in refused.text
    app.settings.metrics_token = "s3cret-scrape"  # noqa: S105
    async with httpx.AsyncClient(transport=outside, base_url="http://test") as client:
        assert (await client.get("/metrics")).status_code == 401
        assert (await client.get("/metrics", headers={"Authorization": "Bearer wrong"})).status_code == 401
        allowed = await client.get("/metrics", headers={"Authorization": "Bearer s3cret-scrape"})
        assert allowed.status_code == 200 and "samskaping_outbox_rows" in allowed.text
