"""Slack faults on the wire: whatever Slack or the network does to a post, each key arrives once or fails visibly.

The real dispatcher and SlackChat send to the mock Web API on 127.0.0.1; the mock misbehaves on schedule
(429 + Retry-After, `ratelimited`, 5xx, reset and timeout after storing, permanent errors) and counts what
it stored per idempotency key (from the message metadata).
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest

from bot.bootstrap import Container
from bot.clock import ManualClock
from tests.faults import ledger
from tests.faults.rows import drain, seed, statuses, tally
from tests.faults.slack_faults import PERMANENT, TRANSIENT, FaultySlack, random_schedule

CHANNELS = ["C1", "C2", "C3", "C4", "C5", "C6", "C7"]


async def _run(app: Container, clock: ManualClock, mock: FaultySlack, keys: list[str], *,
               dm_every: int = 0) -> Counter[str]:
    """Seed `keys`, drain the outbox, check and record what arrived."""
    await seed(app, "slack", "T1", keys, channels=CHANNELS, users=["U4", "U5", "U6"], dm_every=dm_every)
    await drain(app, clock)
    failing = {k for k in keys if any(f in PERMANENT for f in _scheduled(mock, k))}
    result = tally(keys, mock.delivered(), await statuses(app), expected=set(keys) - failing)
    ledger.record(mock.injected, **result)
    print(f"injected {sum(mock.injected.values())}: {dict(mock.injected)}; {dict(result)}")
    assert (result["lost"], result["duplicated"], result["uncertain"]) == (0, 0, 0)
    assert result["failed_visibly"] == len(failing)
    return result


_SCHEDULED: dict[int, dict[str, list[str]]] = {}


def _scheduled(mock: FaultySlack, key: str) -> list[str]:
    return _SCHEDULED.get(id(mock), {}).get(key, [])


def _schedule(mock: FaultySlack, schedule: dict[str, list[str]]) -> None:
    _SCHEDULED[id(mock)] = {k: list(v) for k, v in schedule.items()}
    for key, faults in schedule.items():
        mock.by_key[key] = list(faults)


@pytest.mark.parametrize("fault", TRANSIENT + PERMANENT)
async def test_each_slack_fault_ends_in_exactly_one_post_or_a_visible_failure(
        slack_app: Container, clock: ManualClock, faulty_slack: FaultySlack, fault: str) -> None:
    keys = [f"{fault}:{i}" for i in range(3)]
    _schedule(faulty_slack, {key: [fault] for key in keys})
    await _run(slack_app, clock, faulty_slack, keys, dm_every=3)
    assert faulty_slack.pending_faults() == 0
    if fault in PERMANENT:  # no crash loop: Slack was asked once per row and never again
        assert Counter(s.key for s in faulty_slack.log) == Counter(keys)


@pytest.mark.parametrize("seed_", [7, 2026, 31337])
async def test_fifty_messages_under_seeded_random_faults_arrive_exactly_once(
        slack_app: Container, clock: ManualClock, faulty_slack: FaultySlack, seed_: int) -> None:
    keys = [f"r{seed_}:{i}" for i in range(50)]
    _schedule(faulty_slack, random_schedule(seed_, keys))
    await _run(slack_app, clock, faulty_slack, keys, dm_every=5)
    assert sum(faulty_slack.injected.values()) >= 30


async def test_nothing_is_posted_to_the_workspace_before_retry_after_has_passed(
        slack_app: Container, clock: ManualClock, faulty_slack: FaultySlack) -> None:
    faulty_slack.next_posts += ["429"] * 5  # the next five posts are answered 429 + Retry-After: 1
    keys = [f"burst:{i}" for i in range(12)]
    await _run(slack_app, clock, faulty_slack, keys)
    limited = [s.at for s in faulty_slack.log if s.answer == "429"]
    for at in limited:
        early = [s for s in faulty_slack.log if at < s.at < at + timedelta(seconds=1)]
        assert early == [], f"posted {len(early)} times inside the Retry-After window"


async def test_a_history_lookup_that_fails_is_retried_and_the_post_is_still_found(
        slack_app: Container, clock: ManualClock, faulty_slack: FaultySlack) -> None:
    keys = ["lookup:0", "lookup:1"]
    _schedule(faulty_slack, {key: ["reset_after_store"] for key in keys})
    faulty_slack.fail("conversations.history", times=2, status=500)
    await _run(slack_app, clock, faulty_slack, keys)
    ledger.record({"history_500": 2})
    assert len(faulty_slack.called("conversations.history")) >= 3
