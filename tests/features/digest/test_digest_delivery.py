"""Weekly delivery: Monday 08:00 Oslo, one DM per programme, week and recipient, across restarts and replicas."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlparse

import pytest

from bot.adapters.memory import MemoryChat, Posted
from bot.bootstrap import Container, build
from bot.clock import ManualClock
from bot.features.digest.report import tokens as report_tokens
from bot.settings import Settings
from tests.fakes import Conversation
from tests.features.digest.digest_fixture import seed_programme
from tests.features.digest.test_digest import assert_no_person

SLOT = datetime(2026, 12, 7, 7, 0, tzinfo=UTC)  # Monday 7 December 2026, 08:00 in Oslo


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(database_url=database_url, report_secret_key="test-secret", digest_min_group_size=3,  # type: ignore[call-arg]
                    _env_file=None)


def digests(chat: MemoryChat) -> list[Posted]:
    return [p for p in chat.transcript if p.key.startswith("digest")]


async def _seed(app: Container, clock: ManualClock, at: datetime) -> None:
    clock.set(at)
    async with app.ctx.uow() as uow:
        await seed_programme(uow)


async def test_nothing_is_sent_before_monday_0800(app: Container, chat: MemoryChat, clock: ManualClock) -> None:
    await _seed(app, clock, SLOT - timedelta(minutes=1))
    await app.tick()
    assert digests(chat) == []
    clock.advance(timedelta(minutes=1))
    await app.tick()
    assert sorted((p.address.user, p.key) for p in digests(chat)) == [
        ("kari", "digest-group:1:2026-W49:kari"), ("lena", "digest:1:2026-W49:lena"),
        ("mona", "digest-mentor:1:2026-W49:mona")]
    assert all(p.kind == "dm" for p in digests(chat))


async def test_exactly_one_digest_per_week_across_ticks_restarts_and_replicas(
        app: Container, chat: MemoryChat, clock: ManualClock, settings: Settings) -> None:
    await _seed(app, clock, SLOT)
    await app.tick()
    await app.tick()
    clock.advance(timedelta(hours=3))
    await app.tick()
    replica_chat = MemoryChat(clock)
    replica = build(settings, clock=clock, ports={"console": replica_chat})  # a restart, or a second replica
    try:
        await replica.tick()
        clock.advance(timedelta(days=1))
        await replica.tick()
        await app.tick()
    finally:
        await replica.close()
    assert len(digests(chat)) == 3 and digests(replica_chat) == []
    clock.advance(timedelta(days=6))  # the next Monday: week 50's digest, once more each
    await app.tick()
    await app.tick()
    assert {p.key for p in digests(chat) if "W50" in p.key} == {
        "digest-group:1:2026-W50:kari", "digest:1:2026-W50:lena", "digest-mentor:1:2026-W50:mona"}
    assert len(digests(chat)) == 6


async def test_delivered_digests_name_no_one_and_speak_the_recipients_language(
        app: Container, chat: MemoryChat, clock: ManualClock) -> None:
    await _seed(app, clock, SLOT)
    await app.tick()
    by_user = {p.address.user: p.message for p in digests(chat)}
    lead, mentor, coordinator = by_user["lena"], by_user["mona"], by_user["kari"]
    for message in (lead, mentor, coordinator):
        assert message is not None
        assert_no_person("\n".join([message.title or "", message.text, *(f.value for f in message.fields)]))
    assert lead.title == "Ukesammendrag uke 49 – Fremtidens kulturskole"
    assert mentor.title == "Weekly digest, week 49 – Fremtidens kulturskole"
    assert "Bodø" in mentor.text and "Tromsø" not in mentor.text and "Tromsø" in lead.text  # the mentor's group only
    assert coordinator.title is not None and "Bodø" in coordinator.title and "Tromsø" not in coordinator.text


async def test_the_digest_links_to_a_signed_expiring_report(app: Container, chat: MemoryChat,
                                                            clock: ManualClock) -> None:
    await _seed(app, clock, SLOT)
    await app.tick()
    lead = next(p.message for p in digests(chat) if p.address.user == "lena")
    assert lead is not None
    url = next(word for word in lead.text.split() if word.startswith("http"))
    parsed = urlparse(url)
    assert parsed.path == "/reports/1/2026-W49"
    token = parse_qs(parsed.query)["token"][0]
    assert report_tokens.verify("test-secret", 1, "2026-W49", token, now=SLOT + timedelta(days=13))
    assert not report_tokens.verify("test-secret", 1, "2026-W49", token, now=SLOT + timedelta(days=15))


async def test_a_group_set_up_this_week_gets_no_summary_of_last_week(convo: Conversation, clock: ManualClock) -> None:
    clock.set(SLOT + timedelta(hours=1))
    await convo.say("/samskaping oppsett Bodø", as_="kari")
    await convo.say("/samskaping bli-med skole", as_="ola")
    assert digests(convo.chat) == []
    clock.advance(timedelta(days=7))  # next Monday: this week's summary is due
    await convo.app.tick()
    assert [p.key for p in digests(convo.chat)] == ["digest-group:1:2026-W50:kari"]
