"""Clock jumps and DST changes while rows are in flight: the outbox works on UTC instants and leases, so
every key still arrives once (NTP steps the clock back, a VM resumes hours later, Oslo changes its clocks)."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.bootstrap import Container
from bot.clock import ManualClock
from tests.faults import ledger
from tests.faults.crashes import Crash, CrashingPort, replica
from tests.faults.rows import drain, seed, statuses, tally
from tests.faults.slack_faults import TRANSIENT, FaultySlack, slack_chat

OSLO = ZoneInfo("Europe/Oslo")
#: a minute before Oslo's clocks jump 02:00 → 03:00 (spring) and 03:00 → 02:00 (autumn), in 2026
STARTS = {"ordinary": None, "dst-spring": datetime(2026, 3, 29, 0, 59, tzinfo=UTC),
          "dst-autumn": datetime(2026, 10, 25, 0, 59, tzinfo=UTC)}
JUMPS = {"back-1h": -3600, "back-31s": -31, "forward-31s": 31, "forward-3h": 3 * 3600, "forward-3d": 3 * 86400}


@pytest.mark.parametrize("jump", list(JUMPS))
@pytest.mark.parametrize("start", list(STARTS))
async def test_a_clock_jump_with_rows_in_flight_loses_and_duplicates_nothing(
        slack_app: Container, clock: ManualClock, faulty_slack: FaultySlack, start: str, jump: str) -> None:
    if STARTS[start] is not None:
        clock.set(STARTS[start])
    rng = random.Random(f"{start}/{jump}")
    keys = [f"{start}:{jump}:{i}" for i in range(10)]
    for key in keys:
        faulty_slack.by_key[key] = [rng.choice(TRANSIENT)]
    await seed(slack_app, "slack", "T1", keys, channels=["C1", "C2"], dm_every=5)
    dying = CrashingPort(slack_chat(slack_app, clock, faulty_slack), at=rng.randint(2, 9), after_send=True)
    with pytest.raises(Crash):
        await replica(slack_app, clock, "slack", dying, "replica-a").tick()
    clock.advance(timedelta(seconds=JUMPS[jump]))  # the jump, with the claims in flight
    survivor = replica(slack_app, clock, "slack", slack_chat(slack_app, clock, faulty_slack), "replica-b")
    await drain(slack_app, clock, dispatcher=survivor, step=timedelta(minutes=11), rounds=40)
    result = tally(keys, faulty_slack.delivered(), await statuses(slack_app), expected=set(keys))
    ledger.record({**faulty_slack.injected, "crash": 1, "clock_jump": 1}, **result)
    assert (result["lost"], result["duplicated"], result["uncertain"]) == (0, 0, 0)


def test_the_dst_starts_really_are_oslo_clock_changes() -> None:
    spring, autumn = STARTS["dst-spring"], STARTS["dst-autumn"]
    assert spring and autumn
    assert [(spring + timedelta(minutes=m)).astimezone(OSLO).hour for m in (0, 2)] == [1, 3]
    assert [(autumn + timedelta(minutes=m)).astimezone(OSLO).hour for m in (0, 2)] == [2, 2]
