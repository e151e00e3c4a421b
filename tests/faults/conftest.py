"""Fixtures for the fault-injection suite: the real dispatcher and SlackChat against a faulty mock Slack."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from bot.bootstrap import Container, build
from bot.clock import ManualClock
from bot.kernel.delivery import tables as tables_delivery  # noqa: F401 - register the tables
from bot.kernel.storage import tables_slack, tables_teams  # noqa: F401 - register the tables
from bot.settings import Settings
from tests.faults import ledger
from tests.faults.slack_faults import FaultySlack, slack_chat


@pytest.fixture
async def faulty_slack(clock: ManualClock) -> AsyncIterator[FaultySlack]:
    mock = FaultySlack(clock)
    await mock.start()
    yield mock
    await mock.stop()


@pytest.fixture
async def slack_app(settings: Settings, clock: ManualClock, faulty_slack: FaultySlack) -> AsyncIterator[Container]:
    """A container whose `slack` port is the real SlackChat talking to the faulty mock."""
    container = build(settings, clock=clock)
    container.ports["slack"] = slack_chat(container, clock, faulty_slack)
    yield container
    await container.close()


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if ledger.INJECTED:
        terminalreporter.write_line(ledger.summary())
