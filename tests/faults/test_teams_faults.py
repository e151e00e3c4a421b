"""Teams faults on the wire: retried errors arrive once, maybe-sent activities are reported uncertain, never resent.

Teams has no idempotency key and no read-back; the goal there is 0 duplicated, with uncertain rows counted.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import AsyncIterator
from datetime import timedelta

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from bot.adapters.teams import mount
from bot.adapters.web import create_web_app
from bot.bootstrap import Container, build
from bot.clock import ManualClock
from bot.kernel.storage import queries
from bot.kernel.storage.tables_teams import TeamsConversation
from tests.adapters.teams.conftest import CHANNEL, TENANT, teams_settings_for
from tests.faults import ledger
from tests.faults.crashes import LEASE, Crash, CrashingPort, replica
from tests.faults.rows import drain, seed, statuses, tally
from tests.faults.teams_faults import ALL, MAYBE, FaultyConnector, fast_limits, random_schedule, serve_faulty

CHANNELS = [CHANNEL, "19:second@thread.tacv2", "19:third@thread.tacv2"]
USERS = ["29:1aaa", "29:1bbb"]


@pytest.fixture(scope="module")
def key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture
def connector(key: rsa.RSAPrivateKey) -> AsyncIterator[FaultyConnector]:
    mock = FaultyConnector(key=key)
    server, thread = serve_faulty(mock)
    yield mock
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture
async def teams_app(database_url: str, clock: ManualClock, connector: FaultyConnector) -> AsyncIterator[Container]:
    settings = teams_settings_for(database_url, connector, **fast_limits())
    container = build(settings, clock=clock)
    web = create_web_app(container, run_scheduler=False)
    await mount(web, container, settings).app.initialize()
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=web), base_url="http://testserver"):
        yield container
    await container.close()


async def _run(app: Container, clock: ManualClock, mock: FaultyConnector, keys: list[str], *,
               failing: set[str] = frozenset(), maybe: set[str] = frozenset(), crashes: int = 0) -> Counter[str]:
    await drain(app, clock)
    final = await statuses(app)
    result = tally(keys, mock.delivered(), final, expected=set(keys) - failing)
    ledger.record({**mock.injected, **({"crash": crashes} if crashes else {})}, **result)
    print(f"injected {sum(mock.injected.values())} + {crashes} crashes: {dict(mock.injected)}; {dict(result)}")
    assert (result["lost"], result["duplicated"]) == (0, 0)
    assert {k for k in keys if final[k] == "uncertain"} <= maybe  # only rows that may have gone out
    return result


@pytest.mark.parametrize("fault", ALL)
async def test_each_teams_fault_sends_once_reports_uncertain_or_fails_visibly(
        teams_app: Container, clock: ManualClock, connector: FaultyConnector, fault: str) -> None:
    keys = [f"{fault}-{i}" for i in range(3)]
    for key in keys:
        connector.by_text[key] = [fault]
    await seed(teams_app, "teams", TENANT, keys, channels=CHANNELS, users=USERS, dm_every=3)
    result = await _run(teams_app, clock, connector, keys, failing=set(keys) if fault == "403" else set(),
                        maybe=set(keys) if fault in MAYBE else set())
    if fault in MAYBE:
        assert result["uncertain"] == 3  # counted and listed, for a coordinator to resend
    if fault == "403":
        assert result["failed_visibly"] == 3


@pytest.mark.parametrize("seed_", [5, 6])
async def test_fifty_teams_messages_under_seeded_random_faults_are_never_duplicated(
        teams_app: Container, clock: ManualClock, connector: FaultyConnector, seed_: int) -> None:
    keys = [f"t{seed_}-{i}" for i in range(50)]
    schedule = random_schedule(seed_, keys)
    for key, faults in schedule.items():
        connector.by_text[key] = list(faults)
    await seed(teams_app, "teams", TENANT, keys, channels=CHANNELS, users=USERS, dm_every=5)
    maybe = {k for k, faults in schedule.items() if set(faults) & set(MAYBE)}
    result = await _run(teams_app, clock, connector, keys, maybe=maybe)
    assert sum(connector.injected.values()) >= 30 and result["uncertain"] >= 1


async def test_after_a_403_the_conversation_is_not_asked_again(
        teams_app: Container, clock: ManualClock, connector: FaultyConnector) -> None:
    keys = ["gone-0", "gone-1", "gone-2"]
    connector.by_text["gone-0"] = ["403"]
    await seed(teams_app, "teams", TENANT, keys, channels=[CHANNEL])
    await _seen_inbound(teams_app, connector, CHANNEL)
    await _run(teams_app, clock, connector, keys, failing=set(keys))
    asked = [r for r in connector.requests if r.path.endswith("/activities")]
    assert len(asked) == 1  # the uninstalled channel is marked unreachable: no crash loop


async def _seen_inbound(app: Container, connector: FaultyConnector, channel: str) -> None:
    """The conversation reference an inbound activity from `channel` leaves behind."""
    async with app.ctx.uow() as uow:
        workspace = await queries.workspace_for(uow.session, "teams", TENANT, now=app.ctx.clock.now())
        uow.session.add(TeamsConversation(workspace_id=workspace.id, conversation_id=channel,  # type: ignore[arg-type]
                                          service_url=f"{connector.url}/", updated_at=app.ctx.clock.now()))
        await uow.commit()


@pytest.mark.parametrize("seed_", [21, 22])
async def test_teams_replicas_killed_mid_batch_duplicate_nothing_and_report_uncertain_rows(
        teams_app: Container, clock: ManualClock, connector: FaultyConnector, seed_: int) -> None:
    rng = random.Random(seed_)
    keys = [f"k{seed_}-{i}" for i in range(30)]
    await seed(teams_app, "teams", TENANT, keys, channels=CHANNELS, users=USERS, dm_every=4)
    crashes = 0
    for generation in range(6):
        dying = CrashingPort(teams_app.ports["teams"], at=rng.randint(1, 6), after_send=rng.random() < 0.5)
        try:
            await replica(teams_app, clock, "teams", dying, f"gen-{generation}", batch_size=5).tick()
        except Crash:
            crashes += 1
        clock.advance(LEASE + timedelta(seconds=1))
    final = await statuses(teams_app)
    claimed_in_crashes = {k for k, s in final.items() if s in ("claimed", "uncertain")}
    result = await _run(teams_app, clock, connector, keys, maybe=claimed_in_crashes, crashes=crashes)
    assert crashes >= 4 and result["uncertain"] >= crashes
