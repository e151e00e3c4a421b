"""Replicas dying on Slack: killed between post and commit, or mid-batch; another replica takes over after the lease."""

from __future__ import annotations

import random
from collections import Counter
from datetime import timedelta

import pytest

from bot.bootstrap import Container
from bot.clock import ManualClock
from tests.faults import ledger
from tests.faults.crashes import LEASE, Crash, CrashingPort, replica
from tests.faults.rows import drain, seed, statuses, tally
from tests.faults.slack_faults import FaultySlack, slack_chat

CHANNELS = ["C1", "C2", "C3"]


def _check(keys: list[str], mock: FaultySlack, final: dict[str, str], crashes: int) -> None:
    result = tally(keys, mock.delivered(), final, expected=set(keys))
    ledger.record({"crash": crashes}, **result)
    print(f"{crashes} crashes; {dict(result)}")
    assert (result["lost"], result["duplicated"], result["uncertain"]) == (0, 0, 0)
    assert set(final.values()) == {"sent"}


@pytest.mark.parametrize("after_send", [True, False], ids=["after-post", "before-post"])
@pytest.mark.parametrize("at", [1, 4, 10], ids=["first", "mid-batch", "last"])
async def test_a_replica_killed_during_a_batch_is_taken_over_and_each_post_arrives_once(
        slack_app: Container, clock: ManualClock, faulty_slack: FaultySlack, at: int, after_send: bool) -> None:
    keys = [f"crash:{i}" for i in range(10)]
    await seed(slack_app, "slack", "T1", keys, channels=CHANNELS, dm_every=4)
    dying = CrashingPort(slack_chat(slack_app, clock, faulty_slack), at=at, after_send=after_send)
    with pytest.raises(Crash):
        await replica(slack_app, clock, "slack", dying, "replica-a").tick()
    assert Counter((await statuses(slack_app)).values()) == Counter(claimed=10)  # committed before any send
    survivor = replica(slack_app, clock, "slack", slack_chat(slack_app, clock, faulty_slack), "replica-b")
    assert (await survivor.tick()).sent == 0  # the dead replica's lease still holds
    clock.advance(LEASE + timedelta(seconds=1))
    await drain(slack_app, clock, dispatcher=survivor)
    _check(keys, faulty_slack, await statuses(slack_app), 1)


@pytest.mark.parametrize("seed_", [11, 12])
async def test_fifty_messages_survive_a_chain_of_random_crashes_and_takeovers(
        slack_app: Container, clock: ManualClock, faulty_slack: FaultySlack, seed_: int) -> None:
    rng = random.Random(seed_)
    keys = [f"chain{seed_}:{i}" for i in range(50)]
    await seed(slack_app, "slack", "T1", keys, channels=CHANNELS, dm_every=6)
    crashes = 0
    for generation in range(12):  # twelve processes, each killed after a random number of sends
        dying = CrashingPort(slack_chat(slack_app, clock, faulty_slack), at=rng.randint(1, 8),
                             after_send=rng.random() < 0.6)
        try:
            await replica(slack_app, clock, "slack", dying, f"gen-{generation}").tick()
        except Crash:
            crashes += 1
        clock.advance(LEASE + timedelta(seconds=rng.randint(1, 90)))
    await drain(slack_app, clock, dispatcher=replica(slack_app, clock, "slack",
                                                     slack_chat(slack_app, clock, faulty_slack), "last"))
    assert crashes >= 6
    _check(keys, faulty_slack, await statuses(slack_app), crashes)


@pytest.mark.parametrize("fault", ["stored_503", "reset_after_store", "timeout_after_store"])
async def test_a_post_slack_stored_before_failing_is_not_repeated_by_another_replica(
        slack_app: Container, clock: ManualClock, faulty_slack: FaultySlack, fault: str) -> None:
    keys = [f"handover:{fault}"]
    faulty_slack.by_key[keys[0]] = [fault]
    await seed(slack_app, "slack", "T1", keys, channels=CHANNELS)
    first = replica(slack_app, clock, "slack", slack_chat(slack_app, clock, faulty_slack), "replica-a")
    await first.tick()
    await first.release()  # replica a stops (a deploy); b, a fresh process, carries on
    clock.advance(timedelta(minutes=2))
    second = replica(slack_app, clock, "slack", slack_chat(slack_app, clock, faulty_slack), "replica-b")
    await drain(slack_app, clock, dispatcher=second)
    ledger.record(faulty_slack.injected)
    _check(keys, faulty_slack, await statuses(slack_app), 0)


async def test_a_post_whose_history_lookup_failed_is_not_repeated_by_another_replica(
        slack_app: Container, clock: ManualClock, faulty_slack: FaultySlack) -> None:
    keys = ["lookup-handover"]
    faulty_slack.by_key[keys[0]] = ["reset_after_store"]
    faulty_slack.fail("conversations.history", times=1, status=500)
    await seed(slack_app, "slack", "T1", keys, channels=CHANNELS)
    first = replica(slack_app, clock, "slack", slack_chat(slack_app, clock, faulty_slack), "replica-a")
    await first.tick()
    clock.advance(timedelta(seconds=1))
    await first.tick()  # the lookup fails: the row stays "maybe sent"
    await first.release()
    clock.advance(timedelta(minutes=2))
    second = replica(slack_app, clock, "slack", slack_chat(slack_app, clock, faulty_slack), "replica-b")
    await drain(slack_app, clock, dispatcher=second)
    ledger.record({**faulty_slack.injected, "history_500": 1})
    _check(keys, faulty_slack, await statuses(slack_app), 0)
