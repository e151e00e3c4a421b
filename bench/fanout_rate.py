"""Benchmark: fan-out of one prompt against mock platforms that enforce the rate limits (issue 10, Performance).

Seeds one prompt to 350 channels and 10,000 DMs (Slack, spread over W workspaces, DM channels already known)
and to 10,000 1:1 chats (Teams, over T tenants), then drains the outbox with the real Dispatcher and the real
SlackChat / TeamsChat. The mock (bench/rate_mocks.py, a subprocess) enforces every limit × K and answers 429
with Retry-After; the bot gets the same limits × K through its settings. Prints delivered/s ÷ allowed/s
(target ≥ 0.95 for one replica), lost, duplicated and the 429 share. Two replicas together must stay within what
the limits admit in the time they took: the rate × the seconds, plus what the limits admit at once at the start
(a full one-second window on Teams, the GCRA bursts on Slack); delivered ÷ allowed alone may read a little over
1.0 in a ten-second run without any limit broken (the mock then refuses nothing).

    .venv/bin/python -m bench.fanout_rate [--k 8] [--workspaces 5] [--tenants 2] [--k1-seconds 60] [--postgres URL]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import os
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import httpx
from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import SQLModel

from bench.fanout_teams import TeamsSide
from bench.rate_mocks import SLACK_WORKSPACE_BURST, TEAMS_WINDOW_SECONDS
from bench.results import Figure, add_results_option, record
from bench.throwaway import throwaway_database
from bot.adapters.slack.chat import Limits, SlackChat
from bot.adapters.slack.pacing import Pacer
from bot.adapters.slack.tokens import BotAuth
from bot.clock import SystemClock
from bot.kernel.chat.messages import Message
from bot.kernel.chat.port import ChatPort
from bot.kernel.delivery.dispatcher import Dispatcher, DispatchPolicy
from bot.kernel.storage import tables, tables_slack  # noqa: F401
from bot.kernel.storage.engine import create_engine, session_factory
from bot.kernel.storage.tables import Outbox, OutboxStatus, Workspace
from bot.kernel.storage.tables_slack import SlackDmChannel
from bot.settings import Settings

PROMPT = Message("Ukas refleksjon: hva har dere lært av samarbeidet denne uka?")
UNFINISHED = (OutboxStatus.PENDING.value, OutboxStatus.CLAIMED.value)


def scaled(settings: Settings, k: float) -> Settings:
    """Every platform limit × K (the only knob the bot needs; nothing in the code changes)."""
    return settings.model_copy(update={
        "slack_channel_interval_seconds": 1.0 / k, "slack_post_per_minute": round(300 * k),
        "slack_open_per_minute": round(50 * k), "slack_tier4_per_minute": round(100 * k),
        "teams_rate_conversation_second": round(7 * k), "teams_rate_conversation_30s": round(60 * k),
        "teams_rate_conversation_hour": round(1800 * k), "teams_rate_tenant_second": round(50 * k),
        "dispatch_interval_seconds": 15.0 / k,
    })


class BenchTokens:
    """One bot token per workspace (the mock reads the workspace from it)."""

    async def bot(self, team_id: str) -> BotAuth:
        return BotAuth(f"xoxb-bench-{team_id}", "UBOT", "BBOT")


# -- the mock ---------------------------------------------------------------------------------------------

class Mock:
    """bench/rate_mocks.py in a subprocess, so it does not share the bot's CPU or event loop."""

    def __init__(self) -> None:
        script = Path(__file__).with_name("rate_mocks.py")
        self.process = subprocess.Popen([sys.executable, str(script), "--k", "1"],  # noqa: S603
                                        stdout=subprocess.PIPE, text=True)
        line = self.process.stdout.readline() if self.process.stdout else ""
        self.url = f"http://127.0.0.1:{int(line.split()[1])}"

    async def reset(self, k: float) -> None:
        async with httpx.AsyncClient() as client:
            (await client.post(f"{self.url}/reset", params={"k": k})).raise_for_status()

    async def stats(self) -> dict[str, object]:
        async with httpx.AsyncClient() as client:
            return (await client.get(f"{self.url}/stats")).json()

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


# -- seeding ----------------------------------------------------------------------------------------------

NOW = SystemClock().now()  # due at once on the real clock the dispatcher reads


async def fresh_schema(engine: AsyncEngine) -> None:
    async with engine.begin() as connection:
        await connection.run_sync(SQLModel.metadata.drop_all)
        await connection.run_sync(SQLModel.metadata.create_all)


def _row(workspace_id: int, key: str, target: str, channel: str | None, user: str | None) -> dict[str, object]:
    return {"workspace_id": workspace_id, "idempotency_key": key, "kind": "prompt", "target": target,
            "channel_id": channel, "user_id": user, "payload": json.dumps(PROMPT.to_dict(), ensure_ascii=False),
            "priority": 5, "status": "pending", "due_at": NOW, "attempts": 0, "created_at": NOW}


async def seed_slack(engine: AsyncEngine, workspaces: int, channels: int, dms: int) -> int:
    """Rows grouped by workspace, as a per-group fan-out enqueues them; DM channels already opened."""
    rows, dm_rows = [], []
    for w in range(workspaces):
        rows += [_row(w + 1, f"prompt:C{c}", "channel", f"C{c}", None) for c in range(w, channels, workspaces)]
        rows += [_row(w + 1, f"prompt:U{u}", "dm", None, f"U{u}") for u in range(w, dms, workspaces)]
        dm_rows += [{"workspace_id": w + 1, "user_id": f"U{u}", "channel_id": f"DU{u}", "opened_at": NOW}
                    for u in range(w, dms, workspaces)]
    async with engine.begin() as connection:
        await connection.execute(insert(Workspace), [
            {"id": w + 1, "platform": "slack", "external_id": f"T{w}", "name": "", "active": True, "created_at": NOW}
            for w in range(workspaces)])
        for start in range(0, len(dm_rows), 5000):
            await connection.execute(insert(SlackDmChannel), dm_rows[start:start + 5000])
        for start in range(0, len(rows), 5000):
            await connection.execute(insert(Outbox), rows[start:start + 5000])
    return len(rows)


# -- running ----------------------------------------------------------------------------------------------

@dataclass
class Replica:
    dispatcher: Dispatcher
    engine: AsyncEngine
    interval: float


def slack_port(settings: Settings, engine: AsyncEngine, api_url: str) -> SlackChat:
    limits = Limits(settings.slack_channel_interval_seconds, settings.slack_post_per_minute,
                    settings.slack_open_per_minute, settings.slack_tier4_per_minute)
    return SlackChat(tokens=BenchTokens(), sessions=session_factory(engine), clock=SystemClock(), api_url=api_url,
                     pacer=Pacer(settings.slack_max_wait_seconds), limits=limits)


Ports = Callable[[Settings, AsyncEngine], Awaitable[dict[str, ChatPort]]]


async def replica(settings: Settings, url: str, ports: Ports, name: str) -> Replica:
    """One `samskaping serve` process as far as sending goes: its own engine, ports, pacers and worker id."""
    engine = create_engine(url)
    policy = DispatchPolicy(batch_size=settings.dispatch_batch_size)
    dispatcher = Dispatcher(session_factory(engine), SystemClock(), await ports(settings, engine), worker=name,
                            policy=policy)
    return Replica(dispatcher, engine, settings.dispatch_interval_seconds)


async def unfinished(engine: AsyncEngine) -> int:
    async with engine.connect() as connection:
        return int((await connection.execute(select(func.count()).select_from(Outbox).where(
            Outbox.status.in_(UNFINISHED)))).scalar_one())  # type: ignore[attr-defined]


async def drive(replicas: list[Replica], stop: asyncio.Event) -> None:
    """Tick like the scheduler does (every DISPATCH_INTERVAL_SECONDS, here ÷ K) until done or told to stop."""
    async def loop(r: Replica) -> None:
        while not stop.is_set():
            await r.dispatcher.tick()
            if not await unfinished(r.engine):
                return
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), r.interval)

    async def stopper() -> None:
        await stop.wait()
        for r in replicas:
            r.dispatcher.stop()

    watch = asyncio.create_task(stopper())
    await asyncio.gather(*(loop(r) for r in replicas))
    watch.cancel()
    for r in replicas:
        await r.dispatcher.release()
        await r.engine.dispose()


@dataclass
class Figures:
    label: str
    k: float
    database: str
    replicas: int
    total: int
    delivered: int
    duplicated: int
    lost: int
    seconds: float
    allowed_per_second: float
    calls: int
    refused: int
    #: what the limits admit at once at the start, on top of the rate (a full one-second window on Teams, the
    #: GCRA bursts on Slack): a short run may average a little over the rate without breaking any limit
    head_start: float = 0.0

    @property
    def ratio(self) -> float:
        return self.delivered / self.seconds / self.allowed_per_second if self.seconds else 0.0

    @property
    def of_admitted(self) -> float:
        """Delivered ÷ the most the limits admit in the segment's time (rate × seconds + head start)."""
        admitted = self.allowed_per_second * self.seconds + self.head_start
        return self.delivered / admitted if admitted else 0.0

    def line(self) -> str:
        share = self.refused / self.calls if self.calls else 0.0
        rate = self.delivered / max(self.seconds, 1e-9)
        return (f"{self.label:<26} {self.database:<10} {self.k:>4g} {self.replicas:>3} {self.delivered:>6}/"
                f"{self.total:<6} {self.seconds:>7.1f} {rate:>8.1f} {self.allowed_per_second:>8.1f}"
                f" {self.ratio:>6.3f} {self.lost:>5} {self.duplicated:>5} {share:>7.2%}")


HEADER = (f"{'segment':<26} {'database':<10} {'K':>4} {'rep':>3} {'delivered':>13} {'seconds':>7} {'sent/s':>8}"
          f" {'allowed':>8} {'ratio':>6} {'lost':>5} {'dup':>5} {'429s':>7}")


async def run_segment(label: str, *, mock: Mock, url: str, database: str, k: float, replicas: int,
                      seed: Callable[[AsyncEngine], Awaitable[int]], allowed_per_second: float,
                      ports: Ports, seconds: float | None = None, head_start: float = 0.0,
                      ) -> Figures:
    settings = scaled(Settings(database_url=url, _env_file=None), k)  # type: ignore[call-arg]
    engine = create_engine(url)
    await fresh_schema(engine)
    total = await seed(engine)
    await mock.reset(k)
    group = [await replica(settings, url, ports, f"bench-{i}") for i in range(replicas)]
    stop = asyncio.Event()
    started = time.monotonic()
    driving = asyncio.create_task(drive(group, stop))
    if seconds:  # a window: count what the mock accepted by its end, then stop
        await asyncio.wait({driving}, timeout=seconds)
        stats = await mock.stats()
        stop.set()
    await driving
    if not seconds:
        stats = await mock.stats()
    await engine.dispose()
    accepted, duplicated = int(stats["accepted"]), int(stats["duplicated"])  # type: ignore[call-overload]
    window = seconds if seconds else float(stats["last"]) - started  # type: ignore[arg-type]
    calls, refused = sum(stats["calls"].values()), sum(stats["refused"].values())  # type: ignore[union-attr]
    lost = 0 if seconds else total - int(stats["distinct"])  # type: ignore[call-overload]  # never reached the mock
    return Figures(label, k, database, replicas, total, accepted - duplicated, duplicated, lost, window,
                   allowed_per_second, calls, refused, head_start)


def slack_segment(args: argparse.Namespace, mock: Mock) -> tuple[Callable[[AsyncEngine], Awaitable[int]], float,
                                                                   Ports]:
    """Seeder, allowed posts per second at K = 1 (the workspace budgets bind), and the ports."""
    async def seed(engine: AsyncEngine) -> int:
        return await seed_slack(engine, args.workspaces, args.channels, args.dms)

    async def ports(settings: Settings, engine: AsyncEngine) -> dict[str, ChatPort]:
        return {"slack": slack_port(settings, engine, f"{mock.url}/api/")}
    return seed, args.workspaces * 300 / 60, ports


async def segments(args: argparse.Namespace, mock: Mock, label: str, url: str, *, replicas: int) -> list[Figures]:
    found = []
    seed, allowed, ports = slack_segment(args, mock)
    found.append(await run_segment(f"Slack {label}", mock=mock, url=url, database=label, k=args.k,
                                   replicas=replicas, seed=seed, allowed_per_second=allowed * args.k, ports=ports,
                                   head_start=args.workspaces * SLACK_WORKSPACE_BURST))
    print(found[-1].line(), flush=True)
    if args.teams:
        teams = TeamsSide(args, mock)
        seed, allowed, ports = teams.segment()
        found.append(await run_segment(f"Teams {label}", mock=mock, url=url, database=label, k=args.teams_k,
                                       replicas=replicas, seed=seed, allowed_per_second=allowed * args.teams_k,
                                       ports=ports, head_start=allowed * args.teams_k * TEAMS_WINDOW_SECONDS))
        await teams.close()
        print(found[-1].line(), flush=True)
    return found


async def k1_segment(args: argparse.Namespace, mock: Mock, url: str) -> None:
    seed, allowed, ports = slack_segment(args, mock)
    figures = await run_segment("Slack K=1 window", mock=mock, url=url, database="SQLite", k=1.0, replicas=1,
                                seed=seed, allowed_per_second=allowed, ports=ports, seconds=args.k1_seconds)
    print(figures.line(), flush=True)


async def postgres(args: argparse.Namespace, mock: Mock) -> list[Figures]:
    async with throwaway_database(args.postgres, "samskaping_fanout") as url:
        return (await segments(args, mock, "PostgreSQL", url, replicas=1)
                + await segments(args, mock, "PostgreSQL", url, replicas=2))


def as_figures(found: list[Figures]) -> list[Figure]:
    """The table's rows: Teams next to Slack of the same run and database as its baseline."""
    slack = {(f.database, f.replicas): f.ratio for f in found if f.label.startswith("Slack")}
    rows = []
    for f in found:
        platform = f.label.split()[0]
        share = f.refused / f.calls if f.calls else 0.0
        two = f.replicas > 1
        baseline = (f"Slack {slack[(f.database, f.replicas)]:.3f} in the same run" if platform == "Teams"
                    and (f.database, f.replicas) in slack else f"{f.lost} lost, {f.duplicated} duplicated")
        ok = f.lost == 0 and f.duplicated == 0 and share <= 0.01 and (
            f.of_admitted <= 1.0 if two else f.ratio >= 0.95)
        figure = (f"{f.ratio:.3f} ({share:.1%} 429s; {f.of_admitted:.3f} of what the limits admit in that time)"
                  if two else f"{f.ratio:.3f} ({share:.1%} 429s)")
        rows.append(Figure("fanout_rate", f"{platform} fan-out, delivered ÷ allowed, {f.total:,} messages, "
                           f"{f.replicas} replica{'s together' if two else ''}", figure,
                           "≤ 1.0 of what the limits admit, 0 lost" if two else "≥ 0.95, 0 lost",
                           baseline, f.database, ok))
    return rows


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--k", type=float, default=8.0, help="Slack limits × K (bot and mock)")
    parser.add_argument("--teams-k", type=float, default=2.0, help="Teams limits × K (bot and mock)")
    parser.add_argument("--workspaces", type=int, default=5)
    parser.add_argument("--tenants", type=int, default=2)
    parser.add_argument("--channels", type=int, default=350)
    parser.add_argument("--dms", type=int, default=10_000)
    parser.add_argument("--chats", type=int, default=10_000)
    parser.add_argument("--no-teams", dest="teams", action="store_false")
    parser.add_argument("--k1-seconds", type=float, default=60.0, help="0 skips the K = 1 segment")
    parser.add_argument("--postgres", default=os.environ.get("TEST_DATABASE_URL", ""))
    add_results_option(parser)
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)  # the bot warns on each 429; the table counts them
    warnings.simplefilter("ignore")  # the Teams SDK's preview notices
    print(f"Fan-out against rate-limited mocks on {os.cpu_count()} CPUs: Slack {args.channels} channels + "
          f"{args.dms} DMs over {args.workspaces} workspaces; Teams {args.chats} 1:1 chats over "
          f"{args.tenants} tenants.")
    print("allowed/s = the binding limits × K (Slack: workspace budgets; Teams: tenant limits); "
          "targets: ratio ≥ 0.95 (one replica), ≤ 1.0 (two), 0 lost, 0 duplicated, 429s ≤ 1 %\n")
    print(HEADER)
    mock = Mock()
    try:
        with tempfile.TemporaryDirectory() as folder:
            found = await segments(args, mock, "SQLite", f"sqlite+aiosqlite:///{folder}/fanout.db", replicas=1)
            if args.k1_seconds:
                await k1_segment(args, mock, f"sqlite+aiosqlite:///{folder}/fanout.db")
        if args.postgres:
            found += await postgres(args, mock)
        else:
            print("PostgreSQL: skipped (set TEST_DATABASE_URL or pass --postgres URL)")
    finally:
        mock.stop()
    record(args.results, as_figures(found))


if __name__ == "__main__":
    asyncio.run(main())
