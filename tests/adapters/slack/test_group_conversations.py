"""Introductions on Slack: one group DM per pair, opened with conversations.open, posted once, found again."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import select

from bot.clock import ManualClock
from bot.kernel.chat.messages import Address, Message
from bot.kernel.storage.tables import Outbox
from tests.adapters.slack.conftest import SlackHarness
from tests.adapters.slack.test_commands import set_up_group
from tests.adapters.slack.test_delivery import keyed


async def test_a_pair_is_introduced_in_one_group_dm(slack: SlackHarness, clock: ManualClock) -> None:
    clock.set(datetime(2026, 12, 7, 10, 0, tzinfo=ZoneInfo("Europe/Oslo")))
    await set_up_group(slack)  # Kari (U1) coordinates, Ola (U2) is in school
    await slack.command("intro av", user="U1", name="kari")
    await slack.command("bli-med barnehage", user="U3", name="siri")
    await slack.command("intro på hver uke", user="U1", name="kari")
    await slack.app.tick()
    [opened] = [c for c in slack.mock.called("conversations.open") if "," in str(c.params.get("users"))]
    assert sorted(str(opened.params["users"]).split(",")) == ["U2", "U3"]
    async with slack.app.ctx.uow() as uow:
        [row] = (await uow.session.exec(select(Outbox).where(Outbox.kind == "introduction"))).all()
    assert row.target == "group" and row.platform_ref
    [posted] = keyed(slack, row.idempotency_key)
    assert posted in slack.mock.posts(f"D{opened.params['users']}") and "20 minutter" in posted["text"]
    for _ in range(3):
        await slack.app.tick()
    assert len(keyed(slack, row.idempotency_key)) == 1


async def test_a_group_message_is_found_again_and_a_group_needs_two(slack: SlackHarness, clock: ManualClock) -> None:
    chat = slack.runtime.chat
    since = clock.now() - timedelta(minutes=1)
    ref = await chat.send_group(Address("T1", users=("U4", "U5")), Message("Hei begge to"), key="intro:9:1:1")
    assert await chat.find_sent(Address("T1", users=("U4", "U5")), "intro:9:1:1", since) == ref
    assert await chat.find_sent(Address("T1", users=("U5", "U4")), "intro:9:1:9", since) is None
    assert len(slack.mock.called("conversations.open")) == 1  # opened once, then remembered
    try:
        await chat.send_group(Address("T1", users=("U4",)), Message("Alene"), key="intro:9:1:2")
    except Exception as exc:  # noqa: BLE001 - the one error class is checked below
        assert getattr(exc, "permanent", False) and getattr(exc, "code", "") == "group_size"
    else:
        raise AssertionError("a group of one was accepted")
