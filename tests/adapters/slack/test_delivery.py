"""Outbox sends through SlackChat: rate limits, permanent errors, and settling "maybe sent" rows."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from bot.clock import ManualClock
from bot.kernel.chat.messages import Address, Message
from bot.kernel.delivery import outbox
from bot.kernel.storage.tables import Outbox
from tests.adapters.slack.conftest import SlackHarness
from tests.adapters.slack.test_commands import set_up_group


def keyed(slack: SlackHarness, key: str) -> list[dict]:
    return [m for m in slack.mock.posts() if (m.get("metadata") or {}).get("event_payload", {}).get("k") == key]


async def queue_prompt(slack: SlackHarness) -> Outbox:
    await set_up_group(slack)
    await slack.command("oppgave send", user="U1")
    async with slack.app.ctx.uow() as uow:
        return (await uow.session.exec(select(Outbox).where(Outbox.kind == "prompt"))).one()


async def row(slack: SlackHarness, row_id: int) -> Outbox:
    async with slack.app.ctx.uow() as uow:
        found = await uow.session.get(Outbox, row_id)
        assert found is not None
        return found


async def test_a_429_waits_for_retry_after_then_sends_once(slack: SlackHarness, clock: ManualClock) -> None:
    queued = await queue_prompt(slack)
    slack.mock.fail("chat.postMessage", status=429, error="ratelimited", retry_after=0.2)
    first = await slack.app.tick()
    assert first.retried == 1 and first.outcomes[("slack", "ratelimited")] == 1
    assert keyed(slack, queued.idempotency_key) == []
    assert (await row(slack, queued.id)).due_at > clock.now()
    clock.advance(timedelta(seconds=1))
    second = await slack.app.tick()
    assert second.sent == 1
    [posted] = keyed(slack, queued.idempotency_key)
    assert (await row(slack, queued.id)).platform_ref == posted["ts"]


async def test_a_channel_the_bot_is_not_in_fails_permanently_without_retries(slack: SlackHarness) -> None:
    queued = await queue_prompt(slack)
    slack.mock.fail("chat.postMessage", error="not_in_channel")
    result = await slack.app.tick()
    assert result.failed == 1
    assert (await row(slack, queued.id)).status == "failed"
    assert (await slack.app.tick()).sent == 0


async def test_a_dropped_connection_after_slack_stored_the_post_is_not_posted_twice(
        slack: SlackHarness, clock: ManualClock) -> None:
    queued = await queue_prompt(slack)
    slack.mock.fail("chat.postMessage", drop_after_store=True)
    first = await slack.app.tick()
    assert first.outcomes[("slack", "maybe_sent")] == 1 and len(keyed(slack, queued.idempotency_key)) == 1
    clock.advance(timedelta(minutes=2))
    await slack.app.tick()
    [posted] = keyed(slack, queued.idempotency_key)
    settled = await row(slack, queued.id)
    assert settled.status == "sent" and settled.platform_ref == posted["ts"]
    assert slack.mock.called("conversations.history")


async def _crash_while_sending(slack: SlackHarness, clock: ManualClock, *, reached_slack: bool) -> Outbox:
    """A replica claims the row, maybe posts, and dies before recording the outcome."""
    await queue_prompt(slack)
    async with slack.app.ctx.sessions() as session:
        [claimed] = await outbox.claim_due(session, now=clock.now(), worker="dead-replica",
                                           lease=timedelta(seconds=30), limit=10)
        await session.commit()
    if reached_slack:
        await slack.runtime.chat.post(Address("T1", "C1"), Message("Oppgave"), key=claimed.idempotency_key)
    clock.advance(timedelta(minutes=1))
    return claimed


async def test_a_maybe_sent_row_found_in_history_is_marked_sent_with_its_ts(
        slack: SlackHarness, clock: ManualClock) -> None:
    claimed = await _crash_while_sending(slack, clock, reached_slack=True)
    await slack.app.tick()
    [posted] = keyed(slack, claimed.idempotency_key)
    settled = await row(slack, claimed.id)
    assert settled.status == "sent" and settled.platform_ref == posted["ts"]
    history = slack.mock.called("conversations.history")[-1].params
    assert history["channel"] == "C1" and str(history["include_all_metadata"]).lower() in ("true", "1")


async def test_a_maybe_sent_row_absent_from_history_is_posted_again(slack: SlackHarness, clock: ManualClock) -> None:
    claimed = await _crash_while_sending(slack, clock, reached_slack=False)
    await slack.app.tick()
    [posted] = keyed(slack, claimed.idempotency_key)
    assert (await row(slack, claimed.id)).platform_ref == posted["ts"]


async def test_dm_channels_are_opened_once_and_reused(slack: SlackHarness) -> None:
    chat = slack.runtime.chat
    await chat.send_dm(Address("T1", None, "U4"), Message("Hei"), key="dm:1")
    await chat.send_dm(Address("T1", None, "U4"), Message("Hei igjen"), key="dm:2")
    assert len(slack.mock.called("conversations.open")) == 1
    assert [m["text"] for m in slack.mock.posts("DU4")] == ["Hei", "Hei igjen"]


async def test_private_messages_are_ephemeral_to_the_user(slack: SlackHarness) -> None:
    ref = await slack.runtime.chat.post_private(Address("T1", "C1", "U2"), Message("Tips"), key="hint:1")
    [call] = slack.mock.called("chat.postEphemeral")
    assert ref and call.params["user"] == "U2" and call.params["channel"] == "C1"


async def test_posting_uses_a_client_without_automatic_retries(slack: SlackHarness) -> None:
    chat = slack.runtime.chat
    assert chat.client("xoxb-test-token").retry_handlers == []
    assert slack.runtime.bolt.client.retry_handlers == []


async def test_members_lists_the_people_in_the_channel(slack: SlackHarness) -> None:
    slack.mock.channel_members["C1"] = ["U1", "U2"]
    people = await slack.runtime.chat.members(Address("T1", "C1"))
    assert [(p.user_id, p.display_name) for p in people] == [("U1", "Person U1"), ("U2", "Person U2")]
