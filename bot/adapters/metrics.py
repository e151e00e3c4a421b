"""Prometheus metrics for `GET /metrics`: inbound events, acks, sends, 429s, outbox depth, uncertain rows."""

from __future__ import annotations

from datetime import UTC, datetime

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from sqlalchemy import func
from sqlmodel import col, select

from bot.bootstrap import Container
from bot.kernel.delivery.dispatcher import TickResult
from bot.kernel.storage.tables import Outbox, OutboxStatus

RATE_LIMITED = ("ratelimited", "rate_limited", "429")


class Metrics:
    """One registry per running app (tests build many apps in one process)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.events = Counter("samskaping_events", "Inbound events handled", ["platform", "kind"], registry=r)
        self.ack_seconds = Histogram("samskaping_ack_seconds", "Time from request to acknowledgement",
                                     ["platform"], registry=r,
                                     buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 3, 5))
        self.sends = Counter("samskaping_sends", "Outgoing sends by platform and outcome", ["platform", "outcome"],
                             registry=r)
        self.rate_limited = Counter("samskaping_rate_limited", "Sends answered with 429 / ratelimited",
                                    ["platform"], registry=r)
        self.takeovers = Counter("samskaping_lease_takeovers", "Expired claims taken over from another process",
                                 registry=r)
        self.outbox_rows = Gauge("samskaping_outbox_rows", "Outbox rows by status", ["status"], registry=r)
        self.oldest_pending = Gauge("samskaping_outbox_oldest_pending_seconds",
                                    "Age of the oldest due row not yet sent", registry=r)
        self.digests = Gauge("samskaping_digests_sent", "Weekly digests delivered", registry=r)

    def record_tick(self, result: TickResult) -> None:
        for (platform, outcome), count in result.outcomes.items():
            self.sends.labels(platform, outcome).inc(count)
            if outcome in RATE_LIMITED:
                self.rate_limited.labels(platform).inc(count)
        self.takeovers.inc(result.takeovers)

    async def scrape(self, app: Container) -> bytes:
        """Refresh the database gauges and render the exposition text."""
        now = app.ctx.clock.now()
        async with app.ctx.uow() as uow:
            counts = dict((await uow.session.exec(
                select(Outbox.status, func.count()).group_by(Outbox.status))).all())
            oldest = (await uow.session.exec(select(func.min(Outbox.due_at)).where(
                col(Outbox.status).in_((OutboxStatus.PENDING.value, OutboxStatus.CLAIMED.value)),
                Outbox.due_at <= now))).one()
            digests = (await uow.session.exec(select(func.count()).select_from(Outbox).where(
                Outbox.kind == "digest", Outbox.status == OutboxStatus.SENT.value))).one()
        for status in OutboxStatus:
            self.outbox_rows.labels(status.value).set(counts.get(status.value, 0))
        self.oldest_pending.set(_age(oldest, now))
        self.digests.set(digests)
        return generate_latest(self.registry)


def _age(oldest: datetime | None, now: datetime) -> float:
    if oldest is None:
        return 0.0
    if oldest.tzinfo is None:  # SQLite may hand back naive UTC
        oldest = oldest.replace(tzinfo=UTC)
    return max(0.0, (now - oldest).total_seconds())
