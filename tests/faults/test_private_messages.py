"""Private (ephemeral) messages on Slack carry no metadata and never appear in history: whatever goes wrong,
each is shown at most once — sent, visibly failed, or `uncertain` (shown to operators), never resent blindly."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.bootstrap import Container
from bot.clock import ManualClock
from bot.kernel.chat.messages import Message
from bot.kernel.delivery.outbox import Envelope, enqueue
from bot.kernel.storage import queries
from tests.faults import ledger
from tests.faults.crashes import LEASE, Crash, CrashingPort, replica
from tests.faults.rows import drain, statuses
from tests.faults.slack_faults import FaultySlack, slack_chat


async def _private(app: Container, keys: list[str]) -> None:
    now = app.ctx.clock.now()
    async with app.ctx.uow() as uow:
        owner = await queries.workspace_for(uow.session, "slack", "T1", now=now)
        for key in keys:
            await enqueue(uow.session, Envelope(owner.id, key, "reminder", "private", Message(key), now,
                                                channel_id="C1", user_id="U4"), now=now)
        await uow.commit()


@pytest.mark.parametrize(("failure", "expected"), [
    ({"status": 500}, "uncertain"),
    ({"status": 503}, "uncertain"),
    ({"drop_after_store": True}, "uncertain"),
    ({"status": 429, "error": "ratelimited", "retry_after": 1}, "sent"),
    ({"error": "user_not_in_channel"}, "failed"),
])
async def test_a_private_message_whose_outcome_is_unclear_is_uncertain_not_resent(
        slack_app: Container, clock: ManualClock, faulty_slack: FaultySlack, failure: dict[str, object],
        expected: str) -> None:
    await _private(slack_app, ["private:1"])
    faulty_slack.fail("chat.postEphemeral", **failure)
    await drain(slack_app, clock)
    shown = len(faulty_slack.called("chat.postEphemeral"))
    ledger.record({f"ephemeral_{failure.get('status') or failure.get('error') or 'reset'}": 1},
                  uncertain=expected == "uncertain", keys=1)
    assert await statuses(slack_app) == {"private:1": expected}
    assert shown == (2 if expected == "sent" else 1)  # a 429 is the one case Slack surely did not show it


async def test_a_replica_killed_after_a_private_send_leaves_it_uncertain(
        slack_app: Container, clock: ManualClock, faulty_slack: FaultySlack) -> None:
    keys = ["private:a", "private:b", "private:c"]
    await _private(slack_app, keys)
    dying = CrashingPort(slack_chat(slack_app, clock, faulty_slack), at=2, after_send=True)
    with pytest.raises(Crash):
        await replica(slack_app, clock, "slack", dying, "replica-a").tick()
    clock.advance(LEASE + timedelta(seconds=1))
    await drain(slack_app, clock, dispatcher=replica(slack_app, clock, "slack",
                                                     slack_chat(slack_app, clock, faulty_slack), "replica-b"))
    ledger.record({"crash": 1}, uncertain=2, keys=3)
    # a and b were shown before the crash and their outcome was never committed; c's call had not begun
    assert await statuses(slack_app) == {"private:a": "uncertain", "private:b": "uncertain", "private:c": "sent"}
    assert len(faulty_slack.called("chat.postEphemeral")) == 3
