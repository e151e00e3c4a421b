"""SIGTERM during a send: the platform call in flight finishes (bounded), the rest of the batch is released
for the next replica, the log says so; a call that outlives the grace is cut off and settled as maybe sent."""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from datetime import timedelta

import pytest

from bot.adapters.web import create_web_app
from bot.bootstrap import Container
from bot.clock import ManualClock
from bot.kernel.chat.messages import Address, Message
from tests.faults import ledger
from tests.faults.crashes import LEASE, replica
from tests.faults.rows import drain, seed, statuses
from tests.faults.slack_faults import FaultySlack, slack_chat


class Gated:
    """A real port whose first post waits at a gate (the call in flight when SIGTERM arrives)."""

    def __init__(self, real: object) -> None:
        self.real = real
        self.entered = asyncio.Event()
        self.gate = asyncio.Event()

    async def post(self, to: Address, message: Message, *, key: str) -> str:
        if not self.entered.is_set():
            self.entered.set()
            await self.gate.wait()
        return await self.real.post(to, message, key=key)  # type: ignore[attr-defined,no-any-return]

    def __getattr__(self, name: str) -> object:
        return getattr(self.real, name)


async def _serve_and_stop(app: Container, port: Gated, *, open_gate: bool) -> None:
    """Serve (the wake-up delivers at once), wait for the call in flight, then shut down as on SIGTERM."""
    app.ports["slack"] = port  # type: ignore[assignment]

    async def schema_is_there() -> None:  # the test database was made from the models, not by migrations
        return None

    app.migrate = schema_is_there  # type: ignore[method-assign]
    web = create_web_app(app)
    lifespan = web.router.lifespan_context(web)
    await lifespan.__aenter__()
    await asyncio.wait_for(port.entered.wait(), 20)
    stopping = asyncio.create_task(lifespan.__aexit__(None, None, None))
    await asyncio.sleep(0.05)
    assert not stopping.done()  # the shutdown waits for the call in flight
    if open_gate:
        port.gate.set()
    await asyncio.wait_for(stopping, 30)


async def test_sigterm_during_a_send_lets_it_finish_and_releases_the_rest(
        slack_app: Container, clock: ManualClock, faulty_slack: FaultySlack,
        caplog: pytest.LogCaptureFixture) -> None:
    keys = [f"sigterm:{i}" for i in range(6)]
    await seed(slack_app, "slack", "T1", keys, channels=["C1", "C2"])
    caplog.set_level(logging.INFO)
    await _serve_and_stop(slack_app, Gated(slack_chat(slack_app, clock, faulty_slack)), open_gate=True)
    assert Counter((await statuses(slack_app)).values()) == Counter(sent=1, pending=5)
    assert "the running send finished; 5 unsent claims released" in caplog.text
    ledger.record({"sigterm": 1})


async def test_a_send_that_outlives_the_grace_is_cut_off_and_settled_not_repeated(
        slack_app: Container, clock: ManualClock, faulty_slack: FaultySlack, settings: object,
        caplog: pytest.LogCaptureFixture) -> None:
    keys = [f"sigterm-slow:{i}" for i in range(3)]
    await seed(slack_app, "slack", "T1", keys, channels=["C1"])
    slack_app.settings = slack_app.settings.model_copy(update={"shutdown_grace_seconds": 0.2})
    await _serve_and_stop(slack_app, Gated(slack_chat(slack_app, clock, faulty_slack)), open_gate=False)
    assert "was cut off" in caplog.text
    clock.advance(LEASE + timedelta(seconds=1))
    await drain(slack_app, clock, dispatcher=replica(slack_app, clock, "slack",
                                                     slack_chat(slack_app, clock, faulty_slack), "next"))
    assert faulty_slack.delivered() == Counter(keys)
    ledger.record({"sigterm_past_grace": 1})
